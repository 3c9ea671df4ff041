using System.Globalization;
using Awaitly.LibSql;
using Awaitly.Tests.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Journal;

/// <summary>
/// A process running a step-journal workflow is killed (SIGKILL) after a random number of checkpoints; another store, of
/// either layout, finds every checkpointed step with its value, resumes the run without executing them again, and its
/// success leaves neither the row nor journal rows behind.
/// </summary>
public class JournalCrashTests
{
    private const int Steps = 12;

    [Test]
    [Arguments(StateLayout.StepJournal, 1)]
    [Arguments(StateLayout.Document, 2)]
    [Arguments(StateLayout.StepJournal, 3)]
    public async Task A_run_killed_mid_journal_resumes_from_its_last_checkpoint(StateLayout resumeWith, int seed)
    {
        using var db = new TempDatabase();
        var killAfter = new Random(seed).Next(2, Steps - 2);
        var checkpointed = await RunAndKillAsync(db.Url, "crash-" + seed, killAfter);
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = db.Url,
            Lock = new LibSqlLockOptions(),
            Layout = resumeWith,
        });

        var stored = await store.LoadAsync("crash-" + seed);
        var executed = new List<int>();
        Result<int, WorkflowError> result;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            // The dead process's lease (2 s) must expire first.
            await Task.Delay(200);
            result = await Awaitly.Durable.RunAsync(0, async ctx =>
            {
                var length = 0;
                for (var n = 1; n <= Steps; n++)
                {
                    var step = n;
                    length += (await ctx.Step(Key(step), () => { executed.Add(step); return Value(step); })).Length;
                }

                return length;
            }, States.Options("crash-" + seed, store));
        }
        while (result.Error is ConcurrentExecutionError && waited.Elapsed < TimeSpan.FromSeconds(30));

        var storedKeys = stored!.Steps.Select(s => s.Key).ToList();
        // The child may have checkpointed more steps than the test had read when it was killed, never fewer.
        await Assert.That(storedKeys.Count).IsGreaterThanOrEqualTo(checkpointed);
        await Assert.That(storedKeys).IsEquivalentTo(Enumerable.Range(1, storedKeys.Count).Select(Key), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(stored.Steps.All(s => s.Payload.GetString() == Value(int.Parse(s.Key[1..], CultureInfo.InvariantCulture)))).IsTrue();
        await Assert.That(result.IsOk).IsTrue().Because(result.IsOk ? "" : result.Error.ToString());
        await Assert.That(result.Value).IsEqualTo(Enumerable.Range(1, Steps).Sum(n => Value(n).Length));
        await Assert.That(executed).IsEquivalentTo(Enumerable.Range(storedKeys.Count + 1, Steps - storedKeys.Count), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var (_, journalRows) = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT COUNT(*) FROM awaitly_workflow_state_steps", [], static r => r.GetInt64(0),
            CancellationToken.None);
        await Assert.That(journalRows).IsEqualTo(0);
        await Assert.That(await store.ListAsync()).IsEmpty();
    }

    // The child's JournalSteps (tests/Awaitly.LockHolder): 3 KB values, so the state passes the patch limit after three steps.
    private static string Key(int step) => "s" + step.ToString("000", CultureInfo.InvariantCulture);

    private static string Value(int step) => step.ToString(CultureInfo.InvariantCulture) + ":" + new string((char)('a' + step % 26), 3000);

    // Runs the workflow in a child process and kills it once it has reported `killAfter` checkpoints; returns how many it reported.
    private static async Task<int> RunAndKillAsync(string url, string id, int killAfter)
    {
        using var child = CrossProcessLockTests.Start("journal", url, id, Steps.ToString(CultureInfo.InvariantCulture));
        var reported = 0;
        try
        {
            while (reported < killAfter)
            {
                var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException("The child ended early: " + await child.StandardError.ReadToEndAsync());
                if (line.StartsWith("step ", StringComparison.Ordinal))
                {
                    reported = int.Parse(line["step ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        return reported;
    }
}
