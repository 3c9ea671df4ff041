using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G cases 81–84 and the defects of §5.15: what a failing store does to a run.</summary>
public class PersistenceFailureTests
{
    [Test]
    public async Task Case81_delete_failure_after_success_still_returns_the_value_and_reports_cleanup()
    {
        var store = new FaultyStore { DeleteFault = _ => new IOException("delete failed") };
        var events = new List<DurableEvent>();

        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout,
            new DurableOptions { Id = "c81", Store = store, Json = TestJson.Default, OnEvent = events.Add });

        await Assert.That(result.Value).IsEqualTo("charged-order-123");
        var cleanup = events.Single(e => e.Kind == DurableEventKind.CleanupFailed);
        await Assert.That(cleanup.Exception!.Message).IsEqualTo("delete failed");
    }

    [Test]
    public async Task Case82_and_84_save_failure_with_continue_policy_reports_and_carries_on()
    {
        var store = new FaultyStore { SaveFault = _ => new IOException("disk full") };
        var events = new List<DurableEvent>();

        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, new DurableOptions
        {
            Id = "c82",
            Store = store,
            Json = TestJson.Default,
            OnPersistFailure = PersistFailurePolicy.Continue,
            OnEvent = events.Add,
        });

        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(events.Count(e => e.Kind == DurableEventKind.PersistFailed)).IsEqualTo(3);
    }

    [Test]
    public async Task Save_failure_fails_the_run_by_default()
    {
        var store = new FaultyStore { SaveFault = _ => new IOException("disk full") };
        var deps = new CheckoutDeps();

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, new DurableOptions { Id = "save-fails", Store = store, Json = TestJson.Default });

        var error = (PersistenceError)result.Error!;
        await Assert.That(error.Operation).IsEqualTo(PersistenceOperation.Save);
        await Assert.That(error.Cause.Message).IsEqualTo("disk full");
        await Assert.That(deps.CreateOrderCalls).IsEqualTo(0);
    }

    [Test]
    public async Task Case83_load_failure_is_a_persistence_error_not_an_exception()
    {
        var store = new FaultyStore { LoadFault = _ => new IOException("db locked") };

        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, new DurableOptions { Id = "c83", Store = store });

        var error = (PersistenceError)result.Error!;
        await Assert.That(error.Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(error.Message).IsEqualTo("Failed to load state for workflow 'c83': db locked");
    }

    [Test]
    public async Task Corrupt_stored_state_is_a_load_error_and_is_never_overwritten()
    {
        var store = new FaultyStore { LoadFault = _ => SafeParse("{\"version\":1,\"entries\":[]}") };
        var deps = new CheckoutDeps();

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, new DurableOptions { Id = "corrupt", Store = store });

        var error = (PersistenceError)result.Error!;
        await Assert.That(error.Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(error.Cause).IsTypeOf<WorkflowStateFormatException>();
        await Assert.That(store.Saves).IsEqualTo(0);
        await Assert.That(deps.FetchUserCalls).IsEqualTo(0);
    }

    [Test]
    public async Task Parallel_steps_never_lose_a_checkpoint()
    {
        var store = new FaultyStore();
        var firstSaveMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeSave = number => number == 1 ? firstSaveMayFinish.Task : Task.CompletedTask;

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var a = ctx.Step("a", async () => { await Task.Yield(); return 1; }).AsTask();
            var b = ctx.Step("b", async () => { await Task.Delay(30); firstSaveMayFinish.SetResult(); return 2; }).AsTask();
            await Task.WhenAll(a, b);
            return await ctx.Step("crash", () => Result<int, CheckoutError>.Failure(new NotFound("crash after both")));
        }, new DurableOptions { Id = "parallel", Store = store, Json = TestJson.Default });

        await Assert.That(result.IsOk).IsFalse();
        var stored = await store.LoadAsync("parallel");
        await Assert.That(stored!.Steps.Select(s => s.Key)).IsEquivalentTo(["a", "b", "crash"]);
        await Assert.That(store.Saved.Last().Steps.Count).IsEqualTo(3);
        await Assert.That(store.Saved.Select(s => s.Steps.Count)).IsEquivalentTo([1, 2, 3]);
    }

    [Test]
    public async Task Event_listener_that_throws_does_not_change_the_run()
    {
        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, new DurableOptions
        {
            Id = "noisy",
            Store = new InMemoryStatePersistence(),
            Json = TestJson.Default,
            OnEvent = _ => throw new InvalidOperationException("listener bug"),
        });

        await Assert.That(result.IsOk).IsTrue();
    }

    private static Exception SafeParse(string json)
    {
        try
        {
            WorkflowStateSerializer.Deserialize(json);
            return new InvalidOperationException("expected a format error");
        }
        catch (WorkflowStateFormatException ex)
        {
            return ex;
        }
    }
}
