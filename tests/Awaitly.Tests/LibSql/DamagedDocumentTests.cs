using System.Text;
using System.Text.Json;
using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// Hundreds of damaged state documents, as another writer or a bad edit could leave them: every value of a valid document
/// swapped for each other JSON type, and truncations and stray characters at fixed random places. Each is read as a state or
/// refused with a <see cref="WorkflowStateFormatException"/>; a run over it returns (never throws), and a run that cannot load
/// it leaves the row as it was.
/// </summary>
public class DamagedDocumentTests
{
    private const string Valid =
        "{\"version\":1,\"entries\":{\"fetch-user\":{\"result\":{\"ok\":true,\"value\":{\"id\":\"u-7\",\"email\":\"a@example.test\"}}}" +
        ",\"charge-card\":{\"result\":{\"ok\":false,\"error\":{\"type\":\"CARD_DECLINED\",\"code\":\"insufficient_funds\"},\"c" +
        "ause\":{\"type\":\"error\",\"errorName\":\"GatewayError\",\"errorMessage\":\"issuer declined\",\"errorStack\":\"x\"}}" +
        ",\"meta\":{\"origin\":\"result\",\"thrown\":{\"a\":1}}}},\"metadata\":{\"version\":1,\"lastStepKey\":\"charge-card\",\"updatedAt\":\"2026-11-26T06:19:09.052Z\"}}";

    private static readonly string[] OtherValues = ["true", "false", "null", "0", "1.5", "-1", "99999999999999999999", "\"s\"", "[]", "{}", "[1]", """{"a":1}"""];

    private static readonly string[] Stray = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "\\u0000", "\u00ff", "1e999"];

    /// <summary>Each value of <see cref="Valid"/>, at every depth, replaced by each of <see cref="OtherValues"/>.</summary>
    private static IEnumerable<string> TypeSwaps()
    {
        var utf8 = Encoding.UTF8.GetBytes(Valid);
        var values = new List<(int Start, int End)>();
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            reader.Read();
            var end = reader;
            end.Skip();
            values.Add(((int)reader.TokenStartIndex, (int)end.BytesConsumed));
        }

        foreach (var (start, end) in values)
        {
            foreach (var other in OtherValues)
            {
                yield return Encoding.UTF8.GetString(utf8.AsSpan(0, start)) + other + Encoding.UTF8.GetString(utf8.AsSpan(end));
            }
        }
    }

    private static IEnumerable<string> Breakages()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 150; i++)
        {
            var at = random.Next(Valid.Length);
            yield return (i % 3) switch
            {
                0 => Valid[..at],
                1 => Valid[..at] + Stray[random.Next(Stray.Length)] + Valid[(at + 1)..],
                _ => Valid[..at] + Stray[random.Next(Stray.Length)] + Valid[at..],
            };
        }
    }

    [Test]
    public async Task Every_damaged_document_is_a_state_or_a_format_error_and_a_failed_load_leaves_the_row()
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() };
        await using var store = await LibSqlPersistence.OpenAsync(options);
        await using var inspector = await LibSqlInspector.OpenAsync(options);
        var documents = TypeSwaps().Concat(Breakages()).Distinct().ToList();
        var problems = new List<string>();
        var refused = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var id = "damaged-" + i;
            db.WriteState(id, documents[i]);
            var stored = (string)db.Sql($"SELECT value FROM awaitly_workflow_state WHERE key = 'workflow:state:{id}'")!;
            try
            {
                await store.LoadAsync(id);
                (await inspector.GetStateAsync(id))!.ReadState();
            }
            catch (WorkflowStateFormatException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                problems.Add($"{ex.GetType().Name} reading {stored}: {ex.Message}");
            }

            try
            {
                var run = await Awaitly.Durable.RunAsync<int, string>(0, async ctx =>
                {
                    var user = await ctx.Step("fetch-user", () => "fresh");
                    return user + await ctx.Step("charge-card", () => 5);
                }, new DurableOptions { Id = id, Store = store });
                var after = (string?)db.Sql($"SELECT value FROM awaitly_workflow_state WHERE key = 'workflow:state:{id}'");
                if (run.Error is PersistenceError { Operation: PersistenceOperation.Load } && after != stored)
                {
                    problems.Add($"a run that could not load {stored} left {after}");
                }
            }
            catch (Exception ex)
            {
                problems.Add($"the run over {stored} threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        var listed = await inspector.ListStatesAsync(new StateListOptions { Limit = StateListOptions.MaxLimit, IncludeTotal = true });

        await Assert.That(documents.Count).IsGreaterThan(300);
        await Assert.That(problems).IsEmpty().Because(string.Join('\n', problems.Take(5)));
        await Assert.That(refused).IsBetween(100, documents.Count - 100).Because($"{refused} of {documents.Count} refused: damage is found, user values of any type are not");
        await Assert.That(listed.States.Count).IsEqualTo(Convert.ToInt32(db.Sql("SELECT count(*) FROM awaitly_workflow_state"))).Because("the inspector lists every row, damaged or not");
    }
}
