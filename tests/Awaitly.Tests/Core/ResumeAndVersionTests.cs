using System.Globalization;
using System.Text.Json.Nodes;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G cases 66–75 and 80: resuming from stored state, and workflow versions.</summary>
public class ResumeAndVersionTests
{
    private static async Task<string> TwoSteps(DurableContext<int[]> ctx)
    {
        var r1 = await ctx.Step("step-1", () => { ctx.Deps[0]++; return "fresh-step1"; });
        var r2 = await ctx.Step("step-2", () => { ctx.Deps[1]++; return "step2"; });
        return $"{r1}+{r2}";
    }

    [Test]
    public async Task Case66_resume_returns_the_stored_value_without_calling_the_operation()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c66", States.With(null, ("step-1", "\"cached-step1-result\"")));
        var calls = new int[2];

        var result = await Awaitly.Durable.RunAsync(calls, TwoSteps, States.Options("c66", store));

        await Assert.That(result.Value).IsEqualTo("cached-step1-result+step2");
        await Assert.That(calls[0]).IsEqualTo(0);
        await Assert.That(calls[1]).IsEqualTo(1);
    }

    [Test]
    public async Task Case67_crash_and_restart_lists_the_id_and_skips_completed_steps()
    {
        var store = new InMemoryStatePersistence();
        var deps = new CheckoutDeps { DeclineCard = true };

        var first = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c67", store));
        var pending = await Awaitly.Durable.ListPendingAsync(store);
        var second = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, States.Options("c67", store));

        await Assert.That(first.IsOk).IsFalse();
        await Assert.That(pending).Contains("c67");
        await Assert.That(second.IsOk).IsFalse();
        await Assert.That(deps.FetchUserCalls).IsEqualTo(1);
        await Assert.That(deps.CreateOrderCalls).IsEqualTo(1);
        await Assert.That(deps.ChargeCalls).IsEqualTo(1);
    }

    [Test]
    public async Task Case68_and_75_stored_version_matching_the_run_resumes()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c68", States.With("{\"version\":2}", ("step-1", "\"cached\"")));

        var result = await Awaitly.Durable.RunAsync(new int[2], TwoSteps, States.Options("c68", store) is var o
            ? new DurableOptions { Id = o.Id, Store = o.Store, Version = 2 } : null!);

        await Assert.That(result.Value).IsEqualTo("cached+step2");
    }

    [Test]
    public async Task Case69_state_without_metadata_counts_as_version_1()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c69", States.With(null, ("step-1", "\"cached\"")));

        var result = await Awaitly.Durable.RunAsync(new int[2], TwoSteps, new DurableOptions { Id = "c69", Store = store, Version = 2 });

        var error = (VersionMismatchError)result.Error!;
        await Assert.That(error.StoredVersion).IsEqualTo(1);
        await Assert.That(error.RequestedVersion).IsEqualTo(2);
        await Assert.That(error.WorkflowId).IsEqualTo("c69");
        await Assert.That(error.Message).Contains("Durable.DeleteStateAsync");
    }

    [Test]
    public async Task Case70_a_store_with_only_the_base_contract_still_reports_the_stored_version()
    {
        var store = new FaultyStore();
        await store.SaveAsync("c70", States.With("{\"version\":2}", ("step-1", "\"cached\"")));

        var atTwo = await Awaitly.Durable.RunAsync(new int[2], TwoSteps, new DurableOptions { Id = "c70", Store = store, Version = 2 });

        await Assert.That(atTwo.Value).IsEqualTo("cached+step2");
    }

    [Test]
    public async Task Case71_and_73_stored_version_1_with_run_at_2_fails_without_running()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c71", States.With("{\"version\":1}", ("step-1", "\"cached\"")));
        var calls = new int[2];

        var result = await Awaitly.Durable.RunAsync(calls, TwoSteps, new DurableOptions
        {
            Id = "c71",
            Store = store,
            Version = 2,
            OnVersionMismatch = (_, _) => ValueTask.FromResult(VersionMismatchResolution.Fail),
        });

        var error = (VersionMismatchError)result.Error!;
        await Assert.That(error.RequestedVersion).IsEqualTo(2);
        await Assert.That(calls.Sum()).IsEqualTo(0);
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c71")).IsTrue();
    }

    [Test]
    public async Task Case72_clear_starts_from_scratch_and_success_leaves_no_state()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c72", States.With("{\"version\":1}", ("step-1", "\"cached\"")));
        VersionMismatchContext? seen = null;

        var result = await Awaitly.Durable.RunAsync(new int[2], TwoSteps, new DurableOptions
        {
            Id = "c72",
            Store = store,
            Version = 2,
            OnVersionMismatch = (ctx, _) => { seen = ctx; return ValueTask.FromResult(VersionMismatchResolution.Clear); },
        });

        await Assert.That(result.Value).IsEqualTo("fresh-step1+step2");
        await Assert.That(seen!.StoredVersion).IsEqualTo(1);
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "c72")).IsFalse();
    }

    [Test]
    public async Task Case74_migrated_state_is_used_as_the_resume_state()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c74", States.With("{\"version\":1}", ("old-step", "\"x\"")));
        var calls = new int[2];

        var result = await Awaitly.Durable.RunAsync(calls, TwoSteps, new DurableOptions
        {
            Id = "c74",
            Store = store,
            Version = 2,
            OnVersionMismatch = (_, _) => ValueTask.FromResult(VersionMismatchResolution.Migrate(States.With(null, ("step-1", "\"migrated\"")))),
        });

        await Assert.That(result.Value).IsEqualTo("migrated+step2");
        await Assert.That(calls[0]).IsEqualTo(0);
    }

    [Test]
    public async Task Version_handler_that_throws_is_an_unexpected_error_not_an_exception()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("vh", States.With("{\"version\":1}"));

        var result = await Awaitly.Durable.RunAsync(new int[2], TwoSteps, new DurableOptions
        {
            Id = "vh",
            Store = store,
            Version = 2,
            OnVersionMismatch = (_, _) => throw new InvalidOperationException("handler bug"),
        });

        await Assert.That(((UnexpectedError)result.Error!).Cause.Message).IsEqualTo("handler bug");
    }

    [Test]
    public async Task Case80_stored_metadata_is_kept_and_the_engine_keys_are_updated()
    {
        var store = new FaultyStore();
        await store.Inner.SaveAsync("c80", States.With("{\"version\":1,\"foo\":\"bar\"}", ("step-1", "\"cached\"")));

        await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("step-1", () => "not called");
            await ctx.Step("step-2", () => 2);
            return await ctx.Step("step-3", () => Result<int, CheckoutError>.Failure(new NotFound("stop")));
        }, new DurableOptions { Id = "c80", Store = store, Json = TestJson.Default, Metadata = new JsonObject { ["tenant"] = "acme" } });

        var metadata = (await store.LoadAsync("c80"))!.Metadata!.Value;
        await Assert.That(metadata.GetProperty("foo").GetString()).IsEqualTo("bar");
        await Assert.That(metadata.GetProperty("version").GetInt32()).IsEqualTo(1);
        await Assert.That(metadata.GetProperty("tenant").GetString()).IsEqualTo("acme");
        await Assert.That(metadata.GetProperty("lastStepKey").GetString()).IsEqualTo("step-3");
        await Assert.That(metadata.EnumerateObject().Select(p => p.Name)).IsEquivalentTo(["version", "foo", "tenant", "lastStepKey", "updatedAt"]);
        await Assert.That(IsoTimestamp.TryParse(metadata.GetProperty("updatedAt").GetString(), out _)).IsTrue();
    }

    [Test]
    public async Task Thrown_step_is_recorded_but_runs_again_on_resume()
    {
        var store = new InMemoryStatePersistence();
        var attempts = 0;
        Task<string> Workflow(DurableContext<int> ctx) => ctx.Step("flaky", () =>
        {
            if (++attempts == 1)
            {
                throw new TimeoutException("smtp relay unavailable");
            }

            return "sent";
        }).AsTask();

        var options = new DurableOptions { Id = "thrown", Store = store, RecordThrownSteps = true };
        var first = await Awaitly.Durable.RunAsync(0, Workflow, options);
        var recorded = (await store.LoadAsync("thrown"))!.Steps.Single();
        var second = await Awaitly.Durable.RunAsync(0, Workflow, options);

        await Assert.That(((UnexpectedError)first.Error!).StepKey).IsEqualTo("flaky");
        await Assert.That(recorded.FailureOrigin).IsEqualTo(StepFailureOrigin.Throw);
        await Assert.That(recorded.IsReplayable).IsFalse();
        await Assert.That(recorded.ThrownJson!.Value.GetProperty("errorName").GetString()).IsEqualTo("TimeoutException");
        await Assert.That(second.Value).IsEqualTo("sent");
        await Assert.That(attempts).IsEqualTo(2);
    }

    [Test]
    public async Task Thrown_step_is_not_stored_by_default_and_runs_again_on_resume()
    {
        var store = new FaultyStore();
        var attempts = 0;
        var events = new List<DurableEvent>();
        Task<string> Workflow(DurableContext<int> ctx) => Run(ctx);
        async Task<string> Run(DurableContext<int> ctx)
        {
            await ctx.Step("first", () => "ok");
            return await ctx.Step("flaky", () => ++attempts == 1 ? throw new IOException("smtp relay unavailable") : "sent");
        }

        var first = await Awaitly.Durable.RunAsync(0, Workflow, new DurableOptions { Id = "thrown-default", Store = store, OnEvent = events.Add });
        var stored = await store.LoadAsync("thrown-default");
        var savesOfFirstRun = store.Saves;
        var second = await Awaitly.Durable.RunAsync(0, Workflow, new DurableOptions { Id = "thrown-default", Store = store });

        await Assert.That(first.Error).IsTypeOf<UnexpectedError>();
        await Assert.That(stored!.Steps.Select(s => s.Key)).IsEquivalentTo(["first"]);
        await Assert.That(events.Single(e => e.Kind == DurableEventKind.StepFailed).Exception!.Message).IsEqualTo("smtp relay unavailable");
        await Assert.That(second.Value).IsEqualTo("sent");
        await Assert.That(savesOfFirstRun).IsEqualTo(1);
    }

    [Test]
    public async Task Replayed_steps_alone_save_nothing()
    {
        var store = new FaultyStore();
        await store.Inner.SaveAsync("quiet", States.With(null, ("a", "1")));

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("a", () => 5);
            return await ctx.Step("b", () => Result<int, CheckoutError>.Failure(new NotFound("b")));
        }, new DurableOptions { Id = "quiet", Store = store, Json = TestJson.Default });

        await Assert.That(result.IsOk).IsFalse();
        await Assert.That(store.Saves).IsEqualTo(1);
    }

    [Test]
    public async Task Stored_value_of_the_wrong_shape_is_a_load_persistence_error()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("shape", States.With(null, ("user", "\"not an object\"")));

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
            await ctx.Step("user", () => new User("u", "e")), States.Options("shape", store));

        var error = (PersistenceError)result.Error!;
        await Assert.That(error.Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(error.Cause).IsTypeOf<WorkflowStateFormatException>();
    }

    [Test]
    public async Task Missing_json_metadata_is_an_unexpected_error_that_says_how_to_fix_it()
    {
        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
            await ctx.Step("user", () => new User("u", "e")), new DurableOptions { Id = "nojson", Store = new InMemoryStatePersistence() });

        var error = (UnexpectedError)result.Error!;
        await Assert.That(error.Cause).IsTypeOf<StepSerializationException>();
        await Assert.That(error.Cause.Message).Contains("[JsonSerializable(typeof(User))]");
    }

    [Test]
    public async Task A_stored_version_that_is_not_whole_matches_no_run_and_is_shown_as_stored()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("c-frac", States.With("{\"version\":1.5}", ("step-1", "\"cached\"")));
        var calls = new int[2];
        var culture = CultureInfo.CurrentCulture;
        Result<string, WorkflowError> atOne;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            atOne = await Awaitly.Durable.RunAsync(calls, TwoSteps, new DurableOptions { Id = "c-frac", Store = store, Version = 1 });
            var error = (VersionMismatchError)atOne.Error!;
            await Assert.That(error.StoredVersion).IsEqualTo(1.5);
            await Assert.That(error.Message).Contains("has stored state at version 1.5 but this run requested version 1.");
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        VersionMismatchContext? seen = null;
        var migrated = await Awaitly.Durable.RunAsync(calls, TwoSteps, new DurableOptions
        {
            Id = "c-frac",
            Store = store,
            Version = 2,
            OnVersionMismatch = (ctx, _) => { seen = ctx; return ValueTask.FromResult(VersionMismatchResolution.Migrate(ctx.StoredState)); },
        });

        await Assert.That(calls[0]).IsEqualTo(0);
        await Assert.That(seen!.StoredVersion).IsEqualTo(1.5);
        await Assert.That(migrated.Value).IsEqualTo("cached+step2");
    }
}
