using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G cases 85–97: the state helpers.</summary>
public class StateHelperTests
{
    private sealed class CountingBulkStore : FaultyStore, IBulkStatePersistence, IPagedStatePersistence
    {
        public List<IReadOnlyCollection<string>> DeleteManyCalls { get; } = [];

        public int ClearCalls { get; private set; }

        public ValueTask<int> DeleteManyAsync(IReadOnlyCollection<string> workflowIds, CancellationToken cancellationToken = default)
        {
            DeleteManyCalls.Add(workflowIds);
            return Inner.DeleteManyAsync(workflowIds, cancellationToken);
        }

        public ValueTask ClearAsync(CancellationToken cancellationToken = default)
        {
            ClearCalls++;
            return Inner.ClearAsync(cancellationToken);
        }

        public ValueTask<StatePage> ListPageAsync(StateListOptions options, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new StatePage(["x", "y"], 2, 42));
    }

    private sealed class PagedOnlyStore : FaultyStore, IPagedStatePersistence
    {
        public ValueTask<StatePage> ListPageAsync(StateListOptions options, CancellationToken cancellationToken = default) =>
            Inner.ListPageAsync(options, cancellationToken);
    }

    private static async Task Seed(IStatePersistence store, params string[] ids)
    {
        foreach (var id in ids)
        {
            await store.SaveAsync(id, WorkflowState.Empty);
        }
    }

    [Test]
    public async Task Case86_delete_state_returns_true_and_removes_it()
    {
        var store = new InMemoryStatePersistence();
        await Seed(store, "a");

        await Assert.That(await Awaitly.Durable.DeleteStateAsync(store, "a")).IsTrue();
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "a")).IsFalse();
        await Assert.That(await Awaitly.Durable.DeleteStateAsync(store, "a")).IsFalse();
    }

    [Test]
    public async Task Case87_delete_state_is_false_when_the_store_throws()
    {
        var store = new FaultyStore { DeleteFault = _ => new IOException("db error") };
        await Seed(store, "a");

        await Assert.That(await Awaitly.Durable.DeleteStateAsync(store, "a")).IsFalse();
    }

    [Test]
    public async Task Case88_delete_states_of_nothing_is_zero()
    {
        var result = await Awaitly.Durable.DeleteStatesAsync(new InMemoryStatePersistence(), []);

        await Assert.That(result.Deleted).IsEqualTo(0);
        await Assert.That(result.Errors).IsEmpty();
    }

    [Test]
    public async Task Case89_delete_states_without_bulk_deletes_each()
    {
        var store = new FaultyStore();
        await Seed(store, "a", "b");

        var result = await Awaitly.Durable.DeleteStatesAsync(store, ["a", "b", "missing"]);

        await Assert.That(result.Deleted).IsEqualTo(2);
        await Assert.That(await store.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Case90_delete_states_with_bulk_calls_it_once()
    {
        var store = new CountingBulkStore();
        await Seed(store, "a", "b");

        var result = await Awaitly.Durable.DeleteStatesAsync(store, ["a", "b"]);

        await Assert.That(result.Deleted).IsEqualTo(2);
        await Assert.That(store.DeleteManyCalls.Count).IsEqualTo(1);
        await Assert.That(store.DeleteManyCalls[0]).IsEquivalentTo(["a", "b"]);
    }

    [Test]
    public async Task Case91_clear_state_calls_clear_once()
    {
        var store = new CountingBulkStore();
        await Seed(store, "a");

        await Awaitly.Durable.ClearStateAsync(store);

        await Assert.That(store.ClearCalls).IsEqualTo(1);
        await Assert.That(await store.Inner.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Case92_and_93_clear_state_without_clear_pages_and_deletes_everything()
    {
        var plain = new FaultyStore();
        var paged = new PagedOnlyStore();
        await Seed(plain, "a", "b");
        await Seed(paged, [.. Enumerable.Range(0, 250).Select(i => $"id-{i}")]);

        await Awaitly.Durable.ClearStateAsync(plain);
        await Awaitly.Durable.ClearStateAsync(paged);

        await Assert.That(await plain.ListAsync()).IsEmpty();
        await Assert.That(await paged.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Clear_state_stops_instead_of_looping_when_deletes_keep_failing()
    {
        var store = new FaultyStore { DeleteFault = _ => new IOException("db error") };
        await Seed(store, "a");

        await Assert.That(async () => await Awaitly.Durable.ClearStateAsync(store)).Throws<AggregateException>();
    }

    [Test]
    public async Task Case94_delete_states_continues_on_error_and_reports_the_failed_id()
    {
        var store = new FaultyStore { DeleteFault = id => id == "bad" ? new IOException("db error") : null };
        await Seed(store, "good", "bad");

        var result = await Awaitly.Durable.DeleteStatesAsync(store, ["good", "bad"]);

        await Assert.That(result.Deleted).IsEqualTo(1);
        await Assert.That(result.Errors[0].WorkflowId).IsEqualTo("bad");
        await Assert.That(result.Errors[0].Exception.Message).IsEqualTo("db error");
    }

    [Test]
    public async Task Case95_list_pending_has_every_failed_run()
    {
        var store = new InMemoryStatePersistence();
        foreach (var id in new[] { "f1", "f2", "f3" })
        {
            await Awaitly.Durable.RunAsync(new CheckoutDeps { DeclineCard = true }, CheckoutDeps.Checkout, States.Options(id, store));
        }

        await Assert.That(await Awaitly.Durable.ListPendingAsync(store)).IsEquivalentTo(["f1", "f2", "f3"]);
    }

    [Test]
    public async Task Case96_list_pending_pages_a_store_without_paging()
    {
        var store = new FaultyStore();
        await Seed(store, "c", "a", "b");

        var all = await Awaitly.Durable.ListPendingAsync(store, new StateListOptions { Limit = 10 });
        var firstTwo = await Awaitly.Durable.ListPendingAsync(store, new StateListOptions { Limit = 2, IncludeTotal = true });
        var last = await Awaitly.Durable.ListPendingAsync(store, new StateListOptions { Limit = 2, Offset = 2 });

        await Assert.That(all.Ids).IsEquivalentTo(["a", "b", "c"]);
        await Assert.That(all.NextOffset).IsNull();
        await Assert.That(firstTwo.Ids).IsEquivalentTo(["a", "b"]);
        await Assert.That(firstTwo.NextOffset).IsEqualTo(2);
        await Assert.That(firstTwo.Total).IsEqualTo(3);
        await Assert.That(last.Ids).IsEquivalentTo(["c"]);
        await Assert.That(last.NextOffset).IsNull();
    }

    [Test]
    public async Task Case97_list_pending_returns_the_stores_page()
    {
        var page = await Awaitly.Durable.ListPendingAsync(new CountingBulkStore(), new StateListOptions { Limit = 2 });

        await Assert.That(page.Ids).IsEquivalentTo(["x", "y"]);
        await Assert.That(page.Total).IsEqualTo(42);
    }

    [Test]
    public async Task List_limit_below_one_is_rejected()
    {
        await Assert.That(async () => await Awaitly.Durable.ListPendingAsync(new InMemoryStatePersistence(), new StateListOptions { Limit = 0 }))
            .Throws<ArgumentOutOfRangeException>();
    }
}
