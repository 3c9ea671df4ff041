using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Core;

/// <summary>No-value steps, duplicate keys, JSON metadata checked before a step runs, retries and token-taking operations.</summary>
public class StepFeatureTests
{
    private sealed record Unlisted(string Name);

    [Test]
    public async Task A_step_without_a_value_is_stored_as_the_typescript_package_stores_undefined_and_replayed_as_done()
    {
        var store = new InMemoryStatePersistence();
        var sent = 0;
        var emailed = 0;
        async Task<int> Workflow(DurableContext<bool> ctx)
        {
            await ctx.Step("send-email", async () =>
            {
                await Task.Yield();
                sent++;
            });
            await ctx.Step("log", () => { emailed++; });
            return await ctx.Step("fail", () => ctx.Deps ? Result<int, string>.Failure("stop") : Result<int, string>.Success(7));
        }

        var first = await Awaitly.Durable.RunAsync(true, Workflow, States.Options("nv", store));
        var stored = WorkflowStateSerializer.Serialize((await store.LoadAsync("nv"))!);
        await store.SaveAsync("nv", (await store.LoadAsync("nv"))!.WithoutStep("fail"));
        var second = await Awaitly.Durable.RunAsync(false, Workflow, States.Options("nv", store));

        await Assert.That(first.Error).IsTypeOf<ExpectedError>();
        await Assert.That(stored).Contains("\"send-email\":{\"result\":{\"ok\":true}}");
        await Assert.That(stored).Contains("\"log\":{\"result\":{\"ok\":true}}");
        await Assert.That(second.Value).IsEqualTo(7);
        await Assert.That((sent, emailed)).IsEqualTo((1, 1));
    }

    [Test]
    public async Task A_step_key_used_twice_in_one_run_is_a_typed_error_before_the_second_operation_runs()
    {
        var store = new InMemoryStatePersistence();
        var calls = 0;

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var a = await ctx.Step("first", () => ++calls, key: "same");
            var b = await ctx.Step("second", () => ++calls, key: "same");
            return a + b;
        }, States.Options("dup", store));

        var error = await Assert.That(result.Error).IsTypeOf<DuplicateStepKeyError>();
        await Assert.That(error!.StepKey).IsEqualTo("same");
        await Assert.That(error.StepId).IsEqualTo("second");
        await Assert.That(error.Code).IsEqualTo("DUPLICATE_STEP_KEY");
        await Assert.That(calls).IsEqualTo(1);
    }

    [Test]
    public async Task A_replayed_key_counts_as_used()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("dup-replay", States.With(null, ("same", "1")));
        var calls = 0;

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var a = await ctx.Step("first", () => ++calls, key: "same");
            return a + await ctx.Step("second", () => ++calls, key: "same");
        }, States.Options("dup-replay", store));

        await Assert.That(result.Error).IsTypeOf<DuplicateStepKeyError>();
        await Assert.That(calls).IsEqualTo(0);
    }

    [Test]
    public async Task A_value_type_missing_from_the_json_context_fails_the_step_before_its_side_effect()
    {
        var store = new InMemoryStatePersistence();
        var charged = 0;

        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("charge", () =>
        {
            charged++;
            return new Unlisted("receipt");
        }), States.Options("no-json", store));

        var error = await Assert.That(result.Error).IsTypeOf<UnexpectedError>();
        await Assert.That(error!.StepKey).IsEqualTo("charge");
        await Assert.That(error.Cause).IsTypeOf<StepSerializationException>();
        await Assert.That(error.Cause.Message).Contains("Step 'charge'");
        await Assert.That(error.Cause.Message).Contains(nameof(Unlisted));
        await Assert.That(charged).IsEqualTo(0);
    }

    [Test]
    public async Task A_failing_step_is_retried_with_exponential_backoff_and_only_its_final_outcome_is_stored()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var store = new CountingStore();
        var events = new List<DurableEvent>();
        var attempts = 0;
        var options = States.Options("retry", store) with { TimeProvider = time, OnEvent = events.Add };
        var retry = new StepRetry { Attempts = 4, InitialDelay = TimeSpan.FromSeconds(1), Backoff = RetryBackoff.Exponential };

        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("flaky", () =>
        {
            attempts++;
            return attempts switch
            {
                < 3 => throw new IOException("transient"),
                3 => Result<int, string>.Failure("busy"),
                _ => Result<int, string>.Success(attempts),
            };
        }, options: new StepOptions { Retry = retry }), options);
        for (var i = 0; i < 3 && !run.IsCompleted; i++)
        {
            await WaitForAsync(() => events.Count(e => e.Kind == DurableEventKind.StepRetrying) > i);
            time.Advance(TimeSpan.FromSeconds(8));
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        var retries = events.Where(e => e.Kind == DurableEventKind.StepRetrying).ToList();

        await Assert.That(result.Value).IsEqualTo(4);
        await Assert.That(attempts).IsEqualTo(4);
        await Assert.That(retries.Select(e => e.Attempt)).IsEquivalentTo(new int?[] { 1, 2, 3 }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(retries.Select(e => e.Delay)).IsEquivalentTo(new TimeSpan?[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(store.Saves).IsEqualTo(1);
    }

    [Test]
    public async Task The_retry_predicate_decides_and_a_typed_error_it_refuses_is_final()
    {
        var store = new InMemoryStatePersistence();
        var attempts = 0;
        var retry = new StepRetry { Attempts = 5, InitialDelay = TimeSpan.Zero, RetryOn = f => f.Exception is IOException };

        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("pay", () =>
        {
            attempts++;
            return attempts == 1 ? throw new IOException("reset") : Result<int, string>.Failure("declined");
        }, options: new StepOptions { Retry = retry }), States.Options("pred", store));

        await Assert.That(((ExpectedError)result.Error!).Error).IsEqualTo("declined");
        await Assert.That(attempts).IsEqualTo(2);
        await Assert.That((await store.LoadAsync("pred"))!.Steps.Single().IsOk).IsFalse();
    }

    [Test]
    public async Task A_timeout_applies_per_attempt_and_the_error_carries_the_attempt()
    {
        var attempts = 0;
        var retry = new StepRetry { Attempts = 2, InitialDelay = TimeSpan.Zero };

        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("slow", async token =>
        {
            attempts++;
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }, options: new StepOptions { Timeout = TimeSpan.FromMilliseconds(50), Retry = retry }), States.Options("slow", new InMemoryStatePersistence()));

        var error = await Assert.That(result.Error).IsTypeOf<StepTimeoutError>();
        await Assert.That(error!.Attempt).IsEqualTo(2);
        await Assert.That(attempts).IsEqualTo(2);
    }

    [Test]
    public async Task Cancellation_during_a_retry_delay_ends_the_run_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var retry = new StepRetry { Attempts = 3, InitialDelay = TimeSpan.FromMinutes(10), MaxDelay = TimeSpan.FromMinutes(10) };

        static int Down() => throw new IOException("down");
        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("x", Down,
            options: new StepOptions { Retry = retry }), States.Options("cancel-retry", new InMemoryStatePersistence()), cancel.Token);
        await Task.Delay(50);
        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(result.Error).IsTypeOf<WorkflowCancelledError>().Because(result.Error?.ToString() ?? "");
    }

    [Test]
    [Arguments(0)]
    [Arguments(1001)]
    public async Task Retry_options_out_of_range_are_argument_errors(int attempts)
    {
        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("x", () => 1, options: new StepOptions { Retry = new StepRetry { Attempts = attempts } }),
            States.Options("bad-retry", new InMemoryStatePersistence()));

        await Assert.That(((UnexpectedError)result.Error!).Cause).IsTypeOf<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task An_operation_taking_the_token_gets_the_runs_token()
    {
        using var cancel = new CancellationTokenSource();
        CancellationToken seen = default;

        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("wait", async token =>
        {
            seen = token;
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }), States.Options("token", new InMemoryStatePersistence()), cancel.Token);
        await WaitForAsync(() => seen.CanBeCanceled);
        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(result.Error).IsTypeOf<WorkflowCancelledError>();
        await Assert.That(seen.IsCancellationRequested).IsTrue();
    }

    [Test]
    public async Task Run_options_support_with()
    {
        var options = States.Options("w", new InMemoryStatePersistence());

        var changed = options with { LockTtl = TimeSpan.FromSeconds(5) };

        await Assert.That(changed.LockTtl).IsEqualTo(TimeSpan.FromSeconds(5));
        await Assert.That(changed.Id).IsEqualTo("w");
        await Assert.That(options.LockTtl).IsEqualTo(TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task Has_state_reports_a_failing_store_instead_of_false()
    {
        var store = new FaultyStore { LoadFault = _ => new IOException("disk gone") };

        await Assert.That(async () => await Awaitly.Durable.HasStateAsync(store, "x")).Throws<IOException>();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    private sealed class CountingStore : IStatePersistence
    {
        private readonly InMemoryStatePersistence _inner = new();

        public int Saves { get; private set; }

        public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default)
        {
            Saves++;
            return _inner.SaveAsync(workflowId, state, fence, cancellationToken);
        }

        public ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default) => _inner.LoadAsync(workflowId, cancellationToken);

        public ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default) => _inner.DeleteAsync(workflowId, fence, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);
    }
}
