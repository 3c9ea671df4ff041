using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>The typed statement helpers: built from the templates at run time, or generated per declaration.</summary>
public partial class StoreCommandsTests
{
    private static readonly MethodInfo[] Helpers = [.. typeof(StoreCommands)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(m => m.IsVirtual)];

    [Test]
    public async Task Every_bind_helper_binds_as_many_values_as_its_statement_has_parameters()
    {
        var all = StoreSqlTemplates.StateTable("t").Concat(StoreSqlTemplates.Meta()).Concat(StoreSqlTemplates.LockTable("l", "t")).ToList();
        foreach (var template in all)
        {
            var highest = ParameterNumber().Matches(template.Sql).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            var declared = template.Parameters?.Count ?? 0;
            await Assert.That(declared).IsEqualTo(highest).Because(template.Name + ": " + template.Sql);
            if (template.Parameters is not null)
            {
                await Assert.That(Helpers.Any(m => m.Name == template.Name && m.ReturnType == typeof(BoundStatement))).IsTrue().Because(template.Name);
            }
        }

        await Assert.That(Helpers.Count(m => m.ReturnType == typeof(BoundStatement))).IsEqualTo(all.Count(t => t.Parameters is not null));
        await Assert.That(Helpers.Count(m => m.Name.EndsWith("Row", StringComparison.Ordinal))).IsEqualTo(all.Count(t => t.Row is not null));
    }

    [Test]
    public async Task Bind_helpers_put_each_value_at_its_position()
    {
        var commands = StoreCommands.Create("orders", "orders_lock");

        var step = commands.FencedSaveStep("k", "$.entries.\"a\"", JsonElement.Parse("{}"), JsonElement.Parse("{\"m\":1}"), null, "now", "lock:k", "owner", 7);

        await Assert.That(step.Sql).IsEqualTo(commands.Sql.FencedSaveStep);
        await Assert.That(step.Args.ToArray()).IsEquivalentTo(new SqlArg[] { "k", "$.entries.\"a\"", "{}", "{\"m\":1}", SqlArg.Null, "now", "lock:k", "owner", 7L }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(commands.Get("k", "now").Args.ToArray()).IsEquivalentTo(new SqlArg[] { "k", "now" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(commands.AcquireRow(new ValuesRow(["owner", 12L]))).IsEqualTo(("owner", 12L));
        await Assert.That(commands.DeleteRow(new ValuesRow([0L]))).IsFalse();
    }

    [Test]
    public async Task A_store_without_a_lock_table_has_no_lock_helpers()
    {
        var commands = StoreCommands.Create("orders", null);

        await Assert.That(() => commands.Release("lock:k", "owner")).Throws<InvalidOperationException>();
        await Assert.That(() => GeneratedPlainStore.GeneratedCommands.Instance.FencedUpsert("k", "v", null, "now", "lock:k", "owner", 1)).Throws<InvalidOperationException>();
    }

    [Test]
    public async Task Generated_helpers_override_every_helper_and_bind_and_read_like_the_runtime_ones()
    {
        await AssertSameHelpersAsync(GeneratedCheckoutStore.GeneratedCommands.Instance, StoreCommands.Create("checkout_state", "checkout_lock"), lockHelpers: true);
        await AssertSameHelpersAsync(GeneratedPlainStore.GeneratedCommands.Instance, StoreCommands.Create("plain_state", null), lockHelpers: false);
        await AssertSameHelpersAsync(Outer.NestedStore.GeneratedCommands.Instance, StoreCommands.Create("nested_state", null), lockHelpers: false);
    }

    [Test]
    public async Task A_generated_store_runs_its_statements_through_its_generated_helpers()
    {
        await using var store = await GeneratedCheckoutStore.OpenAsync(":memory:");

        await Assert.That(store.Commands).IsSameReferenceAs(GeneratedCheckoutStore.GeneratedCommands.Instance);
    }

    private static async Task AssertSameHelpersAsync(StoreCommands generated, StoreCommands runtime, bool lockHelpers)
    {
        var lockOnly = StoreSqlTemplates.LockTable("l", "t").Select(t => t.Name).ToHashSet();
        foreach (var helper in Helpers)
        {
            var statement = helper.Name.EndsWith("Row", StringComparison.Ordinal) ? helper.Name[..^3] : helper.Name;
            var isLock = lockOnly.Contains(statement);
            var overridden = generated.GetType().GetMethod(helper.Name, [.. helper.GetParameters().Select(p => p.ParameterType)])!.DeclaringType == generated.GetType();
            await Assert.That(overridden).IsEqualTo(!isLock || lockHelpers).Because(generated.GetType() + "." + helper.Name);
            if (isLock && !lockHelpers)
            {
                continue;
            }

            var args = helper.GetParameters().Select(Sample).ToArray();
            var expected = helper.Invoke(runtime, args);
            var actual = helper.Invoke(generated, args);
            if (expected is BoundStatement want && actual is BoundStatement got)
            {
                await Assert.That(got.Sql).IsEqualTo(want.Sql).Because(helper.Name);
                await Assert.That(got.Args.ToArray()).IsEquivalentTo(want.Args.ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching).Because(helper.Name);
            }
            else
            {
                await Assert.That(Comparable(actual)).IsEqualTo(Comparable(expected)).Because(helper.Name);
            }
        }
    }

    // A row read as a value whose equality compares contents (a byte array, also inside a tuple, by its bytes).
    private static object? Comparable(object? value) => value switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        System.Runtime.CompilerServices.ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Comparable(tuple[i]) ?? "null")) + ")",
        _ => value,
    };

    private static object? Sample(ParameterInfo parameter, int position) =>
        parameter.ParameterType == typeof(long) ? 100L + position
        : parameter.ParameterType == typeof(ISqlRow) ? new ValuesRow(["1", 2L, "3", 4L])
        : parameter.ParameterType == typeof(SqlJson) ? SqlJson.FromUtf8(System.Text.Encoding.UTF8.GetBytes("{\"" + parameter.Name + "\":" + position + "}"))
        : parameter.Name + "-" + position;

    [GeneratedRegex(@"\?(\d+)")]
    private static partial Regex ParameterNumber();
}
