using System.Text.Json.Serialization;
using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// Values nested deeper than System.Text.Json's default reading depth (64): a state document wraps a step's value in four
/// levels of its own, so a value the serializer writes at its default limit, or one the TypeScript package wrote, must still
/// read back.
/// </summary>
public class DeepJsonTests
{
    [Test]
    [Arguments(StateLayout.Document)]
    [Arguments(StateLayout.StepJournal)]
    public async Task A_value_as_deep_as_the_serializer_writes_by_default_is_replayed_on_resume(StateLayout layout)
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Layout = layout });
        var options = new DurableOptions { Id = "deep", Store = store, Json = DeepJson.Default };
        var built = 0;
        var crash = true;
        async Task<int> Workflow(DurableContext<int> ctx)
        {
            var tree = await ctx.Step("build", () => { built++; return Nested.Of(61); });
            await ctx.Step("next", () => crash ? throw new InvalidOperationException("crash") : 1);
            return Nested.DepthOf(tree);
        }

        var first = await Awaitly.Durable.RunAsync(0, Workflow, options);
        crash = false;
        var second = await Awaitly.Durable.RunAsync(0, Workflow, options);

        await Assert.That(first.IsOk).IsFalse();
        await Assert.That(second.IsOk).IsTrue().Because(second.IsOk ? "" : second.Error.ToString());
        await Assert.That(second.Value).IsEqualTo(61);
        await Assert.That(built).IsEqualTo(1).Because("the second run replays the stored value");
    }

    [Test]
    public async Task A_document_the_typescript_package_wrote_with_a_value_nested_300_deep_loads_and_keeps_its_bytes_through_a_checkpoint()
    {
        using var db = new TempDatabase();
        var deep = new string('[', 300) + "1" + new string(']', 300);
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        db.WriteState("ts", $"{{\"version\":1,\"entries\":{{\"deep\":{{\"result\":{{\"ok\":true,\"value\":{deep}}}}}}},\"metadata\":{{\"version\":1,\"lastStepKey\":\"deep\"}}}}");

        var loaded = await store.LoadAsync("ts");
        var run = await Awaitly.Durable.RunAsync<int, int>(0, async ctx =>
        {
            await ctx.Step("next", () => 2);
            throw new InvalidOperationException("keep the state");
        }, new DurableOptions { Id = "ts", Store = store });

        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["deep"]);
        await Assert.That(run.IsOk).IsFalse();
        var stored = (string)db.Sql("SELECT value FROM awaitly_workflow_state WHERE key = 'workflow:state:ts'")!;
        await Assert.That(stored).Contains("\"deep\":{\"result\":{\"ok\":true,\"value\":" + deep + "}}");
        await Assert.That(stored).Contains("\"next\":");
    }

    [Test]
    public async Task A_document_nested_deeper_than_sqlite_allows_is_unreadable_state_named_as_such()
    {
        using var db = new TempDatabase();
        var tooDeep = new string('[', 1200) + new string(']', 1200);
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        db.WriteState("abyss", $"{{\"version\":1,\"entries\":{{\"a\":{{\"result\":{{\"ok\":true,\"value\":{tooDeep}}}}}}}}}");

        var error = await Assert.That(async () => await store.LoadAsync("abyss")).Throws<WorkflowStateFormatException>();

        await Assert.That(error!.Message).Contains("workflow:state:abyss").And.Contains("depth of 1000");
    }
}

public sealed record Nested(int Level, Nested? Inner)
{
    public static Nested Of(int depth)
    {
        Nested? tree = null;
        for (var level = depth; level >= 1; level--)
        {
            tree = new Nested(level, tree);
        }

        return tree!;
    }

    public static int DepthOf(Nested tree)
    {
        var depth = 1;
        for (var node = tree.Inner; node is not null; node = node.Inner)
        {
            depth++;
        }

        return depth;
    }
}

[JsonSerializable(typeof(Nested))]
[JsonSerializable(typeof(int))]
internal sealed partial class DeepJson : JsonSerializerContext;
