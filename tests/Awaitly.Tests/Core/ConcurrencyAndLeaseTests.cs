using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G cases 76–79, 104, 105 and the lease defects: in-process reason, heartbeat, fencing.</summary>
public class ConcurrencyAndLeaseTests
{
    private static async Task<(Task<Result<string, WorkflowError>> First, TaskCompletionSource Gate)> StartBlockedRun(IStatePersistence store, string id, bool allowConcurrent = false)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deps = new CheckoutDeps { BeforeCreateOrder = () => { entered.TrySetResult(); return gate.Task; } };
        var first = Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout,
            new DurableOptions { Id = id, Store = store, Json = TestJson.Default, AllowConcurrent = allowConcurrent });
        await entered.Task;
        return (first, gate);
    }

    [Test]
    public async Task Case76_and_104_second_run_in_flight_is_rejected_in_process()
    {
        var store = new InMemoryStatePersistence();
        var (first, gate) = await StartBlockedRun(store, "c76");

        var second = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, States.Options("c76", store));
        gate.SetResult();

        var error = (ConcurrentExecutionError)second.Error!;
        await Assert.That(error.WorkflowId).IsEqualTo("c76");
        await Assert.That(error.Reason).IsEqualTo(ConcurrencyConflict.InProcess);
        await Assert.That((await first).IsOk).IsTrue();
    }

    [Test]
    public async Task In_process_reason_is_reported_even_when_the_store_has_a_lease_lock()
    {
        var store = new InMemoryStatePersistence();
        var a = Awaitly.Durable.RunAsync(0, async ctx => { await Task.Delay(50); return await ctx.Step("s", () => 1); }, States.Options("same-tick", store));
        var b = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("s", () => 1), States.Options("same-tick", store));

        var results = await Task.WhenAll(a, b);

        await Assert.That(results[0].IsOk).IsTrue();
        await Assert.That(((ConcurrentExecutionError)results[1].Error!).Reason).IsEqualTo(ConcurrencyConflict.InProcess);
    }

    [Test]
    public async Task Same_id_on_two_different_stores_does_not_block()
    {
        var (first, gate) = await StartBlockedRun(new InMemoryStatePersistence(), "per-store");

        var other = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, States.Options("per-store", new InMemoryStatePersistence()));
        gate.SetResult();

        await Assert.That(other.IsOk).IsTrue();
        await Assert.That((await first).IsOk).IsTrue();
    }

    [Test]
    public async Task Case77_allow_concurrent_runs_both()
    {
        var store = new InMemoryStatePersistence();
        var (first, gate) = await StartBlockedRun(store, "c77", allowConcurrent: true);
        var deps = new CheckoutDeps();

        var second = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout,
            new DurableOptions { Id = "c77", Store = store, Json = TestJson.Default, AllowConcurrent = true });
        gate.SetResult();

        await Assert.That(second.IsOk).IsTrue();
        await Assert.That((await first).IsOk).IsTrue();
        await Assert.That(deps.CreateOrderCalls).IsEqualTo(1);
    }

    [Test]
    public async Task Case78_release_that_throws_does_not_change_a_successful_run()
    {
        var store = new FaultyLockingStore { ReleaseFault = new IOException("release failed") };

        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, States.Options("c78", store));

        await Assert.That(result.IsOk).IsTrue();
    }

    [Test]
    public async Task Case79_cancellation_mid_run_returns_cancelled_and_keeps_state()
    {
        var store = new InMemoryStatePersistence();
        using var cts = new CancellationTokenSource();
        var deps = new CheckoutDeps { BeforeCreateOrder = () => { cts.Cancel(); return Task.CompletedTask; } };

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c79", store), cts.Token);

        var error = (WorkflowCancelledError)result.Error!;
        await Assert.That(error.Code).IsEqualTo("WORKFLOW_CANCELLED");
        await Assert.That(error.LastStepKey).IsEqualTo("create-order");
        await Assert.That(deps.ChargeCalls).IsEqualTo(0);
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c79")).IsTrue();
    }

    [Test]
    public async Task Pre_cancelled_token_runs_nothing()
    {
        var deps = new CheckoutDeps();

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("pre", new InMemoryStatePersistence()), new CancellationToken(true));

        await Assert.That(result.Error).IsTypeOf<WorkflowCancelledError>();
        await Assert.That(deps.FetchUserCalls).IsEqualTo(0);
    }

    [Test]
    public async Task Case105_store_whose_lease_is_held_elsewhere_reports_cross_process()
    {
        var store = new FaultyLockingStore { AcquireReturnsNull = true };
        var deps = new CheckoutDeps();

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c105", store));

        await Assert.That(((ConcurrentExecutionError)result.Error!).Reason).IsEqualTo(ConcurrencyConflict.CrossProcess);
        await Assert.That(deps.FetchUserCalls).IsEqualTo(0);
    }

    [Test]
    public async Task Lease_is_taken_for_the_run_and_released_after()
    {
        var store = new InMemoryStatePersistence();
        var (first, gate) = await StartBlockedRun(store, "leased");

        var heldDuringRun = await store.TryAcquireAsync("leased", TimeSpan.FromSeconds(5));
        gate.SetResult();
        await first;
        var afterRun = await store.TryAcquireAsync("leased", TimeSpan.FromSeconds(5));

        await Assert.That(heldDuringRun).IsNull();
        await Assert.That(afterRun).IsNotNull();
    }

    [Test]
    public async Task Heartbeat_renews_the_lease_while_the_workflow_runs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var store = new FaultyLockingStore(new InMemoryStatePersistence(timeProvider: time));
        var renewals = 0;
        store.RenewOverride = () => { renewals++; return true; };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("wait", async () => { entered.SetResult(); await gate.Task; return 1; }),
            new DurableOptions { Id = "hb", Store = store, LockTtl = TimeSpan.FromSeconds(30), TimeProvider = time });
        await entered.Task;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }

        gate.SetResult();
        await Assert.That((await run).IsOk).IsTrue();
        await Assert.That(renewals).IsEqualTo(3);
    }

    [Test]
    public async Task Heartbeat_loss_cancels_the_run_with_lease_expired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var store = new FaultyLockingStore(new InMemoryStatePersistence(timeProvider: time)) { RenewOverride = () => false };
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<DurableEvent>();

        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("wait", async () =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return 1;
        }), new DurableOptions { Id = "hb-lost", Store = store, LockTtl = TimeSpan.FromSeconds(30), TimeProvider = time, OnEvent = e => { lock (events) { events.Add(e); } } });
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(10));

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.That(result.Error).IsTypeOf<LeaseExpiredError>();
        await Assert.That(events.Any(e => e.Kind == DurableEventKind.LeaseLost)).IsTrue();
    }

    [Test]
    public async Task A_lost_lease_is_reported_once_even_when_a_checkpoint_is_refused_after_the_heartbeat_lost_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var store = new FaultyLockingStore(new InMemoryStatePersistence(timeProvider: time))
        {
            RenewOverride = () => false,
            SaveFault = id => new LeaseLostException(id),
        };
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<DurableEvent>();

        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("ignores-the-token", async () => { entered.SetResult(); await gate.Task; return 1; }),
            new DurableOptions { Id = "lost-once", Store = store, LockTtl = TimeSpan.FromSeconds(30), TimeProvider = time, OnEvent = e => { lock (events) { events.Add(e); } } });
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100 && !events.Any(e => e.Kind == DurableEventKind.LeaseLost); i++)
        {
            await Task.Delay(10);
        }

        gate.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(result.Error).IsTypeOf<LeaseExpiredError>();
        await Assert.That(events.Count(e => e.Kind == DurableEventKind.LeaseLost)).IsEqualTo(1);
    }

    [Test]
    public async Task A_lease_handle_exposes_a_token_cancelled_when_the_lease_is_lost_or_released()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var store = new InMemoryStatePersistence(timeProvider: time);
        var released = await store.TryAcquireAsync("a", TimeSpan.FromSeconds(10));
        var takenOver = await store.TryAcquireAsync("b", TimeSpan.FromSeconds(10));

        var beforeRelease = released!.LostToken.IsCancellationRequested;
        await released.ReleaseAsync();
        time.Advance(TimeSpan.FromSeconds(11));
        await store.ReleaseAsync("b", takenOver!.OwnerToken);
        await store.TryAcquireAsync("b", TimeSpan.FromSeconds(10));
        var renewed = await takenOver.RenewAsync(TimeSpan.FromSeconds(10));

        await Assert.That(beforeRelease).IsFalse();
        await Assert.That(released.LostToken.IsCancellationRequested).IsTrue();
        await Assert.That(renewed).IsFalse();
        await Assert.That(takenOver.LostToken.IsCancellationRequested).IsTrue();
    }

    [Test]
    public async Task A_run_that_loses_its_lease_cancels_the_leases_token()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var store = new FaultyLockingStore(new InMemoryStatePersistence(timeProvider: time)) { RenewOverride = () => false };
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("wait", async () =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return 1;
        }), new DurableOptions
        {
            Id = "lost-token",
            Store = store,
            LockTtl = TimeSpan.FromSeconds(30),
            TimeProvider = time,
        });
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(result.Error).IsTypeOf<LeaseExpiredError>();
        await Assert.That(store.LastLease!.LostToken.IsCancellationRequested).IsTrue();
    }

    [Test]
    public async Task Stale_holder_cannot_overwrite_the_new_owners_checkpoint()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
        var inner = new InMemoryStatePersistence(timeProvider: time);
        var store = new FaultyLockingStore(inner) { RenewOverride = () => true };
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var stale = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("work", async () => { entered.SetResult(); await gate.Task; return "stale"; }),
            new DurableOptions { Id = "fenced", Store = store, LockTtl = TimeSpan.FromSeconds(3), HeartbeatInterval = TimeSpan.FromSeconds(2), TimeProvider = time });
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(4));
        await using var takeover = await inner.TryAcquireAsync("fenced", TimeSpan.FromSeconds(60));
        await inner.SaveAsync("fenced", States.With(null, ("work", "\"new owner\"")), takeover!.Fence);
        gate.SetResult();

        var result = await stale;
        await Assert.That(takeover.FencingToken).IsGreaterThan(1);
        await Assert.That(result.Error).IsTypeOf<LeaseExpiredError>();
        var kept = (await inner.LoadAsync("fenced"))!.Steps.Single();
        await Assert.That(kept.Payload.GetString()).IsEqualTo("new owner");
    }
}
