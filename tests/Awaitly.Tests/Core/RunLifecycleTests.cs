using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G: a run's outcome and what it leaves in the store.</summary>
public class RunLifecycleTests
{
    [Test]
    public async Task Case61_successful_three_step_run_returns_value_and_deletes_state()
    {
        var store = new InMemoryStatePersistence();
        var deps = new CheckoutDeps();

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c61", store));

        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(result.Value).IsEqualTo("charged-order-123");
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c61")).IsFalse();
    }

    [Test]
    public async Task Case62_run_without_store_uses_the_shared_in_memory_store()
    {
        var deps = new CheckoutDeps();
        var id = $"c62-{Guid.NewGuid()}";

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, new DurableOptions { Id = id, Json = TestJson.Default });

        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(await Awaitly.Durable.HasStateAsync(InMemoryStatePersistence.Shared, id)).IsFalse();
    }

    [Test]
    public async Task Case63_default_store_replays_side_effect_and_failure_on_second_run()
    {
        var id = $"c63-{Guid.NewGuid()}";
        var sideEffects = 0;
        var options = new DurableOptions { Id = id, Json = TestJson.Default };
        Task<string> Workflow(DurableContext<int> ctx) => Run(ctx);
        async Task<string> Run(DurableContext<int> ctx)
        {
            await ctx.Step("effect", () => ++sideEffects, key: "effect");
            return await ctx.Step("fail", () => Result<string, CheckoutError>.Failure(new NotFound("x")), key: "fail");
        }

        var first = await Awaitly.Durable.RunAsync(0, Workflow, options);
        var second = await Awaitly.Durable.RunAsync(0, Workflow, options);

        await Assert.That(first.IsOk).IsFalse();
        await Assert.That(second.IsOk).IsFalse();
        await Assert.That(second.Error).IsTypeOf<ExpectedError>();
        await Assert.That(sideEffects).IsEqualTo(1);
        await Awaitly.Durable.DeleteStateAsync(InMemoryStatePersistence.Shared, id);
    }

    [Test]
    public async Task Case64_two_keyed_steps_emit_two_persist_successes()
    {
        var events = new List<DurableEvent>();
        var options = States.Options("c64", new InMemoryStatePersistence()) is var o
            ? new DurableOptions { Id = o.Id, Store = o.Store, Json = o.Json, OnEvent = events.Add }
            : null!;

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var a = await ctx.Step("a", () => 1);
            var b = await ctx.Step("b", () => 2);
            return a + b;
        }, options);

        await Assert.That(result.Value).IsEqualTo(3);
        await Assert.That(events.Count(e => e.Kind == DurableEventKind.PersistSucceeded)).IsEqualTo(2);
        await Assert.That(events.Where(e => e.Kind == DurableEventKind.PersistSucceeded).All(e => e.WorkflowId == "c64")).IsTrue();
        await Assert.That(events.Where(e => e.Kind is DurableEventKind.PersistSucceeded or DurableEventKind.StepSucceeded)
            .All(e => e.Duration is { } took && took >= TimeSpan.Zero && took < TimeSpan.FromMinutes(1))).IsTrue();
    }

    [Test]
    public async Task Case65_and_85_failed_run_keeps_its_state()
    {
        var store = new InMemoryStatePersistence();
        var deps = new CheckoutDeps { DeclineCard = true };

        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c65")).IsFalse();
        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c65", store));

        await Assert.That(result.IsOk).IsFalse();
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c65")).IsTrue();
        var state = await store.LoadAsync("c65");
        await Assert.That(state!.Steps.Select(s => s.Key)).IsEquivalentTo(["fetch-user", "create-order", "charge"]);
    }

    [Test]
    public async Task Expected_error_carries_the_step_error_and_cause()
    {
        var deps = new CheckoutDeps { DeclineCard = true };

        var result = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("typed", new InMemoryStatePersistence()));

        var error = (ExpectedError)result.Error!;
        await Assert.That(error.StepKey).IsEqualTo("charge");
        await Assert.That(error.TryGetError<CardDeclined>(out var declined)).IsTrue();
        await Assert.That(declined!.Code).IsEqualTo("insufficient_funds");
        await Assert.That(error.Cause!.Message).IsEqualTo("402 from PSP");
    }

    [Test]
    public async Task Throw_outside_any_step_is_an_unexpected_error_not_an_exception()
    {
        var result = await Awaitly.Durable.RunAsync<int, int>(0, _ => throw new InvalidOperationException("boom"),
            States.Options("throws", new InMemoryStatePersistence()));

        var error = (UnexpectedError)result.Error!;
        await Assert.That(error.Code).IsEqualTo("UNEXPECTED_ERROR");
        await Assert.That(error.StepKey).IsNull();
        await Assert.That(error.Cause.Message).IsEqualTo("boom");
    }

    [Test]
    public async Task Not_durable_step_runs_every_time_and_is_not_stored()
    {
        var store = new InMemoryStatePersistence();
        var calls = 0;
        var options = States.Options("nd", store);
        Task<int> Workflow(DurableContext<int> ctx) => Run(ctx);
        async Task<int> Run(DurableContext<int> ctx)
        {
            await ctx.Step("volatile", () => ++calls, options: StepOptions.NotDurable);
            return await ctx.Step("fail", () => Result<int, CheckoutError>.Failure(new NotFound("x")));
        }

        await Awaitly.Durable.RunAsync(0, Workflow, options);
        await Awaitly.Durable.RunAsync(0, Workflow, options);

        await Assert.That(calls).IsEqualTo(2);
        var state = await store.LoadAsync("nd");
        await Assert.That(state!.Steps.Select(s => s.Key)).IsEquivalentTo(["fail"]);
    }

    [Test]
    public async Task Step_timeout_ends_the_run_with_step_timeout()
    {
        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
            await ctx.Step("slow", async () => { await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken); return 1; },
                options: new StepOptions { Timeout = TimeSpan.FromMilliseconds(50) }),
            States.Options("timeout", new InMemoryStatePersistence()));

        var error = (StepTimeoutError)result.Error!;
        await Assert.That(error.Code).IsEqualTo("STEP_TIMEOUT");
        await Assert.That(error.StepId).IsEqualTo("slow");
    }

    [Test]
    public async Task Case103_error_kinds_are_distinct_types_with_the_original_codes()
    {
        WorkflowError[] errors =
        [
            new VersionMismatchError("w", 1, 2),
            new ConcurrentExecutionError("w", ConcurrencyConflict.InProcess),
            new PersistenceError("w", PersistenceOperation.Save, new IOException("disk")),
            new WorkflowCancelledError("w", null, null),
            new LeaseExpiredError("w", null),
            new StepTimeoutError("s", "s", TimeSpan.FromSeconds(1)),
            new UnexpectedError(new InvalidOperationException(), null),
        ];

        await Assert.That(errors.Select(e => e.Code)).IsEquivalentTo(
            ["VERSION_MISMATCH", "CONCURRENT_EXECUTION", "PERSISTENCE_ERROR", "WORKFLOW_CANCELLED", "LEASE_EXPIRED", "STEP_TIMEOUT", "UNEXPECTED_ERROR"]);
        await Assert.That(errors.Count(e => e is VersionMismatchError)).IsEqualTo(1);
        await Assert.That(errors.Count(e => e is ConcurrentExecutionError)).IsEqualTo(1);
        await Assert.That(errors[2].Message).IsEqualTo("Failed to save state for workflow 'w': disk");
    }
}
