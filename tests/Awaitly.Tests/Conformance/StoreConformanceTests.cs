using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Conformance;

/// <summary>
/// One set of behaviours every store must have (spec §4 A, F, G and the §5 defect fixes), run against
/// each backend by the subclasses: the in-memory store, libSQL <c>:memory:</c>, libSQL file, and later the
/// remote server.
/// </summary>
public abstract class StoreConformanceTests
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-26T06:00:00Z");

    protected abstract ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup);

    protected ValueTask<IStoreUnderTest> OpenAsync(FakeTimeProvider? time = null, TimeSpan? ttl = null) =>
        OpenAsync(new StoreSetup(time ?? new FakeTimeProvider(Start), ttl));

    [Test]
    public async Task Save_then_load_returns_the_state_with_its_metadata()
    {
        await using var s = await OpenAsync();
        await s.Store.SaveAsync("run-1", States.With("{\"version\":2,\"tenant\":\"acme\"}", ("a", "{\"x\":1}"), ("b", "\"two\"")));

        var loaded = await s.Store.LoadAsync("run-1");

        await Assert.That(WorkflowStateSerializer.Serialize(loaded!)).IsEqualTo(
            """{"version":1,"entries":{"a":{"result":{"ok":true,"value":{"x":1}}},"b":{"result":{"ok":true,"value":"two"}}},"metadata":{"version":2,"tenant":"acme"}}""");
        await Assert.That(loaded!.WorkflowVersion).IsEqualTo(2);
    }

    [Test]
    public async Task Load_of_a_missing_id_is_null_and_delete_reports_existence()
    {
        await using var s = await OpenAsync();
        await s.Store.SaveAsync("run-1", WorkflowState.Empty);

        await Assert.That(await s.Store.LoadAsync("nope")).IsNull();
        await Assert.That(await s.Store.DeleteAsync("run-1")).IsTrue();
        await Assert.That(await s.Store.LoadAsync("run-1")).IsNull();
        await Assert.That(await s.Store.DeleteAsync("run-1")).IsFalse();
        await Assert.That(await s.Store.DeleteAsync("never-existed")).IsFalse();
    }

    [Test]
    [Arguments("charge-\ud800")]
    [Arguments("\udc00charge")]
    public async Task A_step_key_no_store_can_keep_is_refused_before_the_step_runs_so_a_re_run_cannot_repeat_it(string key)
    {
        await using var s = await OpenAsync();
        var charged = 0;
        var events = new List<DurableEvent>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var result = await Awaitly.Durable.RunAsync(0, async ctx =>
            {
                await ctx.Step("reserve", () => 1);
                return await ctx.Step("charge", () => ++charged, key: key);
            }, States.Options("order-1", s.Store) with { OnEvent = events.Add });

            var error = await Assert.That(result.Error).IsTypeOf<UnexpectedError>();
            await Assert.That(error!.StepKey).IsEqualTo(key);
            await Assert.That(error.Cause).IsTypeOf<ArgumentException>();
            await Assert.That(error.Cause.Message).Contains("unpaired UTF-16 surrogate");
        }

        await Assert.That(charged).IsEqualTo(0).Because("the step never ran, so no re-run can run it again");
        await Assert.That((await s.Store.LoadAsync("order-1"))!.Steps.Select(step => step.Key)).IsEquivalentTo(["reserve"]);
        await Assert.That(events.Count(e => e.Kind == DurableEventKind.StepFailed && e.StepKey == key)).IsEqualTo(2);
    }

    [Test]
    public async Task Save_overwrites()
    {
        await using var s = await OpenAsync();
        await s.Store.SaveAsync("run-1", States.With(null, ("a", "1")));
        await s.Store.SaveAsync("run-1", States.With(null, ("a", "2")));

        await Assert.That((await s.Store.LoadAsync("run-1"))!.Steps.Single().Payload.GetInt32()).IsEqualTo(2);
    }

    [Test]
    public async Task List_returns_ids_in_ordinal_order()
    {
        await using var s = await OpenAsync();
        foreach (var id in new[] { "run-2", "Run-1", "run-1", "ключ-✓" })
        {
            await s.Store.SaveAsync(id, WorkflowState.Empty);
        }

        await Assert.That(await s.Store.ListAsync()).IsEquivalentTo(new[] { "Run-1", "run-1", "run-2", "ключ-✓" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Pages_have_exact_next_offsets_and_no_phantom_page()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);
        foreach (var id in new[] { "run-1", "run-2", "run-3" })
        {
            await s.Store.SaveAsync(id, WorkflowState.Empty);
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        var first = await s.Paged.ListPageAsync(new StateListOptions { Limit = 2 });
        var second = await s.Paged.ListPageAsync(new StateListOptions { Limit = 2, Offset = 2 });
        var exact = await s.Paged.ListPageAsync(new StateListOptions { Limit = 3, IncludeTotal = true });
        var byKey = await s.Paged.ListPageAsync(new StateListOptions { Limit = 1, Offset = 2, OrderBy = StateOrderBy.Key, Direction = SortDirection.Ascending });

        await Assert.That(first.Ids).IsEquivalentTo(new[] { "run-3", "run-2" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(first.NextOffset).IsEqualTo(2);
        await Assert.That(second.Ids).IsEquivalentTo(["run-1"]);
        await Assert.That(second.NextOffset).IsNull();
        await Assert.That(exact.NextOffset).IsNull();
        await Assert.That(exact.Total).IsEqualTo(3);
        await Assert.That(first.Total).IsNull();
        await Assert.That(byKey.Ids).IsEquivalentTo(["run-3"]);
        await Assert.That(byKey.NextOffset).IsNull();
    }

    [Test]
    public async Task Paging_is_stable_when_update_times_are_equal()
    {
        await using var s = await OpenAsync();
        var ids = Enumerable.Range(0, 25).Select(i => $"same-{i:00}").ToArray();
        foreach (var id in ids.Reverse())
        {
            await s.Store.SaveAsync(id, WorkflowState.Empty);
        }

        var seen = new List<string>();
        int? offset = 0;
        while (offset is { } at)
        {
            var page = await s.Paged.ListPageAsync(new StateListOptions { Limit = 7, Offset = at, Direction = SortDirection.Ascending });
            seen.AddRange(page.Ids);
            offset = page.NextOffset;
        }

        await Assert.That(seen).IsEquivalentTo(ids, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Updated_before_and_after_filter_strictly()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);
        await s.Store.SaveAsync("old", WorkflowState.Empty);
        time.Advance(TimeSpan.FromSeconds(10));
        var middle = time.GetUtcNow();
        await s.Store.SaveAsync("mid", WorkflowState.Empty);
        time.Advance(TimeSpan.FromSeconds(10));
        await s.Store.SaveAsync("new", WorkflowState.Empty);

        var before = await s.Paged.ListPageAsync(new StateListOptions { UpdatedBefore = middle });
        var after = await s.Paged.ListPageAsync(new StateListOptions { UpdatedAfter = middle, IncludeTotal = true });

        await Assert.That(before.Ids).IsEquivalentTo(["old"]);
        await Assert.That(after.Ids).IsEquivalentTo(["new"]);
        await Assert.That(after.Total).IsEqualTo(1);
    }

    [Test]
    [Arguments(0)]
    [Arguments(-1)]
    [Arguments(10_001)]
    public async Task Page_limits_out_of_range_are_rejected(int limit)
    {
        await using var s = await OpenAsync();

        await Assert.That(async () => await s.Paged.ListPageAsync(new StateListOptions { Limit = limit })).Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task Delete_many_counts_existing_rows_and_handles_more_than_one_chunk()
    {
        await using var s = await OpenAsync();
        var ids = Enumerable.Range(0, 1_203).Select(i => $"bulk-{i}").ToArray();
        foreach (var id in ids)
        {
            await s.Store.SaveAsync(id, WorkflowState.Empty);
        }

        var deleted = await s.Bulk.DeleteManyAsync([.. ids, "missing-1", "missing-2", ids[0]]);

        await Assert.That(deleted).IsEqualTo(1_203);
        await Assert.That(await s.Store.ListAsync()).IsEmpty();
        await Assert.That(await s.Bulk.DeleteManyAsync([])).IsEqualTo(0);
    }

    [Test]
    public async Task Clear_removes_every_state()
    {
        await using var s = await OpenAsync();
        await s.Store.SaveAsync("a", WorkflowState.Empty);
        await s.Store.SaveAsync("b", WorkflowState.Empty);

        await s.Bulk.ClearAsync();

        await Assert.That(await s.Store.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task State_ttl_hides_expired_states_from_every_read()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time, TimeSpan.FromSeconds(1));
        await s.Store.SaveAsync("short", WorkflowState.Empty);

        var fresh = await s.Store.LoadAsync("short");
        time.Advance(TimeSpan.FromMilliseconds(1_200));

        await Assert.That(fresh).IsNotNull();
        await Assert.That(await s.Store.LoadAsync("short")).IsNull();
        await Assert.That(await s.Store.ListAsync()).IsEmpty();
        var page = await s.Paged.ListPageAsync(new StateListOptions { IncludeTotal = true });
        await Assert.That(page.Total).IsEqualTo(0);
        await Assert.That(await s.Store.DeleteAsync("short")).IsFalse();
    }

    [Test]
    public async Task Invalid_ids_are_rejected_with_argument_errors()
    {
        await using var s = await OpenAsync();

        await Assert.That(async () => await s.Store.SaveAsync("", WorkflowState.Empty)).Throws<ArgumentException>();
        await Assert.That(async () => await s.Store.LoadAsync(null!)).Throws<ArgumentException>();
        await Assert.That(async () => await s.Lock.TryAcquireAsync("", TimeSpan.FromSeconds(1))).Throws<ArgumentException>();
        await Assert.That(async () => await s.Lock.TryAcquireAsync("x", TimeSpan.Zero)).Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task Lease_is_exclusive_until_released()
    {
        await using var s = await OpenAsync();
        var second = await s.OpenSecondAsync();
        var other = (IWorkflowLock)second;

        var first = await s.Lock.TryAcquireAsync("order-1", TimeSpan.FromSeconds(60));
        var blocked = await other.TryAcquireAsync("order-1", TimeSpan.FromSeconds(60));
        var released = await first!.ReleaseAsync();
        var again = await other.TryAcquireAsync("order-1", TimeSpan.FromSeconds(60));

        await Assert.That(blocked).IsNull();
        await Assert.That(released).IsTrue();
        await Assert.That(again).IsNotNull();
        await Assert.That(again!.FencingToken).IsGreaterThan(first.FencingToken);
    }

    [Test]
    public async Task Lease_that_expired_a_second_ago_is_taken_over_at_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);
        var other = (IWorkflowLock)await s.OpenSecondAsync();

        var crashed = await s.Lock.TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(31));
        var takeover = await other.TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));

        await Assert.That(takeover).IsNotNull();
        await Assert.That(takeover!.TakenOver).IsTrue();
        await Assert.That(crashed!.TakenOver).IsFalse();
        await Assert.That(takeover.FencingToken).IsGreaterThan(crashed.FencingToken);
        await Assert.That(await crashed.RenewAsync(TimeSpan.FromSeconds(30))).IsFalse();
        await Assert.That(await crashed.ReleaseAsync()).IsFalse();
        await Assert.That(await other.TryAcquireAsync("order-1", TimeSpan.FromSeconds(30))).IsNull();
    }

    [Test]
    public async Task Lease_expiring_exactly_now_counts_as_expired_and_renewal_extends_it()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);

        var lease = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(8));
        var renewed = await lease!.RenewAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9));
        var whileRenewed = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(10));

        await Assert.That(renewed).IsTrue();
        await Assert.That(whileRenewed).IsNull();
        await Assert.That(atExpiry).IsNotNull();
    }

    [Test]
    public async Task Release_by_another_owner_is_refused()
    {
        await using var s = await OpenAsync();

        var lease = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(10));

        await Assert.That(await s.Lock.ReleaseAsync("w", Guid.NewGuid().ToString())).IsFalse();
        await Assert.That(await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(10))).IsNull();
        await Assert.That(await s.Lock.ReleaseAsync("w", lease!.OwnerToken)).IsTrue();
    }

    [Test]
    public async Task Fenced_writes_of_a_taken_over_holder_are_refused_and_change_nothing()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);
        var stale = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(5));
        await s.Store.SaveAsync("w", States.With(null, ("a", "\"stale-1\"")), stale!.Fence);
        time.Advance(TimeSpan.FromSeconds(6));
        var owner = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(5));
        await s.Store.SaveAsync("w", States.With(null, ("a", "\"owner\"")), owner!.Fence);

        await Assert.That(async () => await s.Store.SaveAsync("w", States.With(null, ("a", "\"stale-2\"")), stale.Fence)).Throws<LeaseLostException>();
        await Assert.That(async () => await s.Store.DeleteAsync("w", stale.Fence)).Throws<LeaseLostException>();
        await Assert.That((await s.Store.LoadAsync("w"))!.Steps.Single().Payload.GetString()).IsEqualTo("owner");
        await Assert.That(await s.Store.DeleteAsync("w", owner.Fence)).IsTrue();
        await Assert.That(await s.Store.DeleteAsync("w", owner.Fence)).IsFalse();
    }

    [Test]
    public async Task Checkout_workflow_runs_resumes_and_cleans_up_on_this_store()
    {
        await using var s = await OpenAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var deps = new CheckoutDeps { DeclineCard = true };

        var failed = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("checkout-1", s.Store));
        var pending = await Awaitly.Durable.ListPendingAsync(s.Store);
        deps.DeclineCard = false;
        await s.Store.SaveAsync("checkout-1", (await s.Store.LoadAsync("checkout-1"))!.WithoutStep("charge"));
        var resumed = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("checkout-1", s.Store));

        await Assert.That(failed.IsOk).IsFalse();
        await Assert.That(pending).IsEquivalentTo(["checkout-1"]);
        await Assert.That(resumed.Value).IsEqualTo("charged-order-123");
        await Assert.That(deps.FetchUserCalls).IsEqualTo(1);
        await Assert.That(deps.CreateOrderCalls).IsEqualTo(1);
        await Assert.That(deps.ChargeCalls).IsEqualTo(2);
        await Assert.That(await Awaitly.Durable.HasStateAsync(s.Store, "checkout-1")).IsFalse();
        await Assert.That(await s.Lock.TryAcquireAsync("checkout-1", TimeSpan.FromSeconds(5))).IsNotNull();
    }

    [Test]
    public async Task Corrupt_row_is_a_format_error_on_load_and_is_kept()
    {
        await using var s = await OpenAsync();
        if (!await WriteRawAsync(s, "broken", "{\"version\":1,\"entries\":"))
        {
            return;
        }

        await Assert.That(async () => await s.Store.LoadAsync("broken")).Throws<WorkflowStateFormatException>();
        var result = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, States.Options("broken", s.Store));
        await Assert.That(((PersistenceError)result.Error!).Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(await s.Store.ListAsync()).Contains("broken");
    }

    /// <summary>Whether the backend patches single steps in place (<see cref="ICheckpointPersistence"/>).</summary>
    protected virtual bool PatchesSteps => true;

    /// <summary>Whether a step key that is not a plain JSON path label (a double quote, a backslash) is patched too (the step journal).</summary>
    protected virtual bool PatchesAnyStepKey => false;

    [Test]
    public async Task Step_patches_write_the_same_document_as_full_saves()
    {
        await using var s = await OpenAsync();
        await Assert.That(s.Store is ICheckpointPersistence).IsEqualTo(PatchesSteps);
        if (s.Store is not ICheckpointPersistence steps)
        {
            return;
        }

        var metadata1 = States.Json("{\"tenant\":\"acme\",\"version\":1,\"lastStepKey\":\"a\"}");
        var metadata2 = States.Json("{\"tenant\":\"acme\",\"version\":1,\"lastStepKey\":\"schritt-ü.[2]\"}");
        var a = StepEntry.Success("a", States.Json("{\"id\":\"u-7\"}"));
        var a2 = StepEntry.Success("a", States.Json("\"replaced\""));
        var b = StepEntry.Failure("schritt-ü.[2]", States.Json("{\"type\":\"NOT_FOUND\",\"what\":\"ключ ✓ 👋\"}"), null);

        var noRow = await steps.SaveStepAsync("p", a, metadata1);
        await s.Store.SaveAsync("p", new WorkflowState([a], metadata1));
        var patchedB = await steps.SaveStepAsync("p", b, metadata2);
        var patchedA = await steps.SaveStepAsync("p", a2, metadata2);
        var quoted = await steps.SaveStepAsync("p", StepEntry.Success("has\"quote", States.Json("1")), metadata2);

        await Assert.That((noRow, patchedB, patchedA, quoted)).IsEqualTo((false, true, true, PatchesAnyStepKey));
        var expected = WorkflowStateSerializer.Serialize(new WorkflowState(
            PatchesAnyStepKey ? [a2, b, StepEntry.Success("has\"quote", States.Json("1"))] : [a2, b], metadata2));
        await Assert.That(WorkflowStateSerializer.Serialize((await s.Store.LoadAsync("p"))!)).IsEqualTo(expected);
    }

    [Test]
    public async Task Step_patches_of_a_taken_over_holder_write_nothing()
    {
        var time = new FakeTimeProvider(Start);
        await using var s = await OpenAsync(time);
        if (s.Store is not ICheckpointPersistence steps)
        {
            await Assert.That(PatchesSteps).IsFalse();
            return;
        }

        var stale = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(5));
        await s.Store.SaveAsync("w", States.With(null, ("a", "1")), stale!.Fence);
        time.Advance(TimeSpan.FromSeconds(6));
        var owner = await s.Lock.TryAcquireAsync("w", TimeSpan.FromSeconds(5));

        var patched = await steps.SaveStepAsync("w", StepEntry.Success("b", States.Json("2")), States.Json("{}"), stale.Fence);
        var byOwner = await steps.SaveStepAsync("w", StepEntry.Success("c", States.Json("3")), States.Json("{}"), owner!.Fence);

        await Assert.That(patched).IsFalse();
        await Assert.That(byOwner).IsTrue();
        await Assert.That((await s.Store.LoadAsync("w"))!.Steps.Select(e => e.Key)).IsEquivalentTo(["a", "c"]);
    }

    [Test]
    public async Task A_long_workflow_checkpoints_every_step_and_resumes_from_them()
    {
        await using var s = await OpenAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var calls = 0;
        Task<int> Workflow(DurableContext<int> ctx, int failAt) => Run(ctx, failAt);
        async Task<int> Run(DurableContext<int> ctx, int failAt)
        {
            var sum = 0;
            for (var i = 0; i < 30; i++)
            {
                var step = i;
                sum += await ctx.Step($"step-{step}", () => step == failAt ? Result<int, string>.Failure("boom") : Result<int, string>.Success(++calls));
            }

            return sum;
        }

        var first = await Awaitly.Durable.RunAsync(0, ctx => Workflow(ctx, 20), new DurableOptions { Id = "long", Store = s.Store, AllowConcurrent = true });
        var stored = await s.Store.LoadAsync("long");
        await s.Store.SaveAsync("long", stored!.WithoutStep("step-20"));
        var second = await Awaitly.Durable.RunAsync(0, ctx => Workflow(ctx, -1), new DurableOptions { Id = "long", Store = s.Store, AllowConcurrent = true });

        await Assert.That(first.Error).IsTypeOf<ExpectedError>();
        await Assert.That(stored.Steps.Count).IsEqualTo(21);
        await Assert.That(stored.Metadata!.Value.GetProperty("lastStepKey").GetString()).IsEqualTo("step-20");
        await Assert.That(second.Value).IsEqualTo(Enumerable.Range(1, 30).Sum());
        await Assert.That(calls).IsEqualTo(30);
    }

    [Test]
    public async Task Every_member_of_a_disposed_store_throws_at_once_and_a_second_dispose_is_a_no_op()
    {
        await using var s = await OpenAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var lease = await s.Lock.TryAcquireAsync("held", TimeSpan.FromSeconds(30));
        await s.Store.SaveAsync("kept", WorkflowState.Empty);
        await ((IAsyncDisposable)s.Store).DisposeAsync();
        await ((IAsyncDisposable)s.Store).DisposeAsync();

        var calls = new (string Name, Func<Task> Call)[]
        {
            ("SaveAsync", async () => await s.Store.SaveAsync("kept", WorkflowState.Empty)),
            ("LoadAsync", async () => await s.Store.LoadAsync("kept")),
            ("DeleteAsync", async () => await s.Store.DeleteAsync("kept")),
            ("ListAsync", async () => await s.Store.ListAsync()),
            ("ListPageAsync", async () => await s.Paged.ListPageAsync(new StateListOptions())),
            ("DeleteManyAsync", async () => await s.Bulk.DeleteManyAsync(["kept"])),
            ("ClearAsync", async () => await s.Bulk.ClearAsync()),
            ("TryAcquireAsync", async () => await s.Lock.TryAcquireAsync("other", TimeSpan.FromSeconds(5))),
            ("RenewAsync", async () => await s.Lock.RenewAsync("held", lease!.OwnerToken, TimeSpan.FromSeconds(5))),
            ("ReleaseAsync", async () => await s.Lock.ReleaseAsync("held", lease!.OwnerToken)),
            ("HasStateAsync", async () => await Awaitly.Durable.HasStateAsync(s.Store, "kept")),
        };
        foreach (var (name, call) in calls)
        {
            var thrown = await Assert.That(async () => await call().WaitAsync(TimeSpan.FromSeconds(10))).Throws<ObjectDisposedException>().Because(name);
            await Assert.That(thrown).IsNotNull().Because(name);
        }

        var run = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, States.Options("kept", s.Store)).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.That(run.Error).IsTypeOf<PersistenceError>();
        await Assert.That(((PersistenceError)run.Error!).Cause).IsTypeOf<ObjectDisposedException>();
    }

    [Test]
    public async Task A_run_in_flight_when_the_store_is_disposed_ends_with_a_persistence_error()
    {
        await using var s = await OpenAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblocked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("first", () => 1);
            var observing = await ctx.Step("observes-the-token", async () =>
            {
                waiting.SetResult();
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                return 2;
            });
            return observing;
        }, States.Options("in-flight", s.Store));
        var blind = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("ignores-the-token", () => unblocked.Task), States.Options("blind", s.Store));

        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await ((IAsyncDisposable)s.Store).DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        unblocked.SetResult(3);
        var results = await Task.WhenAll(run, blind).WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var result in results)
        {
            await Assert.That(result.Error).IsTypeOf<PersistenceError>();
            await Assert.That(((PersistenceError)result.Error!).Cause).IsTypeOf<ObjectDisposedException>();
        }
    }

    [Test]
    public async Task Calls_racing_a_dispose_complete_or_throw_object_disposed_and_none_hangs()
    {
        await using var s = await OpenAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var calls = Enumerable.Range(0, 60).Select(async i =>
        {
            await Task.Yield();
            if (i % 2 == 0)
            {
                await s.Store.SaveAsync($"race-{i}", WorkflowState.Empty);
            }
            else
            {
                await s.Store.LoadAsync($"race-{i - 1}");
            }
        }).ToList();
        await ((IAsyncDisposable)s.Store).DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call.WaitAsync(TimeSpan.FromSeconds(10));
                return "done";
            }
            catch (ObjectDisposedException)
            {
                return "disposed";
            }
        }));

        await Assert.That(outcomes.All(o => o is "done" or "disposed")).IsTrue();
    }

    /// <summary>Writes a raw value under an id; false when the backend cannot hold raw text.</summary>
    protected virtual ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value) => ValueTask.FromResult(false);
}
