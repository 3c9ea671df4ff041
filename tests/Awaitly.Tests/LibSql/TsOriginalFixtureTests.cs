using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// The database written by the TypeScript original (Fixtures/ts-original, see its README): every row
/// is resumed, listed and leased as a faithful port must, on a copy of the file.
/// </summary>
public class TsOriginalFixtureTests
{
    private const string Checkout42Value = """{"version":1,"entries":{"fetch-user":{"result":{"ok":true,"value":{"id":"u-7","email":"a@example.test"}}},"charge-card":{"result":{"ok":false,"error":{"type":"CARD_DECLINED","code":"insufficient_funds"},"cause":{"type":"error","errorName":"GatewayError","errorMessage":"issuer declined the charge","errorStack":"GatewayError: issuer declined the charge\n    at chargeCard (payments/gateway.ts:42:13)\n    at async checkout (checkout.ts:17:20)"}},"meta":{"origin":"result","resultCause":{"type":"error","errorName":"GatewayError","errorMessage":"issuer declined the charge","errorStack":"GatewayError: issuer declined the charge\n    at chargeCard (payments/gateway.ts:42:13)\n    at async checkout (checkout.ts:17:20)"}}}},"metadata":{"version":1,"lastStepKey":"charge-card","updatedAt":"2026-11-26T06:19:09.052Z"}}""";

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly TempDatabase _db = new();

        private Fixture()
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ts-original", "awaitly-6114dd9.db"), _db.Path_);
        }

        public LibSqlLockingPersistence Store { get; private set; } = null!;

        public static async Task<Fixture> OpenAsync()
        {
            var fixture = new Fixture();
            fixture.Store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = fixture._db.Url, Lock = new LibSqlLockOptions() });
            return fixture;
        }

        public async Task<(string Value, string? ExpiresAt, string? UpdatedAt)?> StateRowAsync(string key)
        {
            var (found, row) = await Store.KeyValueStore.Driver.ReadFirstAsync(
                "SELECT value, expires_at, updated_at FROM awaitly_workflow_state WHERE key = ?1", [key],
                static r => (r.GetString(0), r.IsNull(1) ? null : r.GetString(1), r.IsNull(2) ? null : r.GetString(2)), CancellationToken.None);
            return found ? row : null;
        }

        public async Task<(string Owner, string ExpiresAt)?> LockRowAsync(string id)
        {
            var (found, row) = await Store.KeyValueStore.Driver.ReadFirstAsync(
                "SELECT owner_token, expires_at FROM awaitly_workflow_lock WHERE workflow_id = ?1", [id],
                static r => (r.GetString(0), r.GetString(1)), CancellationToken.None);
            return found ? row : null;
        }

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            _db.Dispose();
        }
    }

    private sealed class Calls
    {
        public Dictionary<string, int> Count { get; } = [];

        public T Record<T>(string step, T value)
        {
            Count[step] = Count.GetValueOrDefault(step) + 1;
            return value;
        }

        public int this[string step] => Count.GetValueOrDefault(step);
    }

    private static DurableOptions Options(Fixture f, string id, int version = 1, bool allowConcurrent = false) =>
        new() { Id = id, Store = f.Store, Version = version, Json = TestJson.Default, AllowConcurrent = allowConcurrent };

    private static async Task<string> Checkout(DurableContext<Calls> ctx)
    {
        var user = await ctx.Step("fetchUser", () => ctx.Deps.Record("fetch-user", new User("fresh", "fresh@example.test")), key: "fetch-user");
        await ctx.Step("chargeCard", () => ctx.Deps.Record("charge-card", Result<string, CheckoutError>.Success("charged")), key: "charge-card");
        return await ctx.Step("sendReceipt", () => ctx.Deps.Record("send-receipt", "receipt-sent"), key: "send-receipt") + user.Email;
    }

    [Test]
    public async Task Checkout_42_replays_both_steps_through_the_expired_lease_and_leaves_the_row()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        var result = await Awaitly.Durable.RunAsync(calls, Checkout, Options(f, "checkout-42"));

        var error = (ExpectedError)result.Error!;
        await Assert.That(error.TryGetError<CardDeclined>(out var declined)).IsTrue();
        await Assert.That(declined).IsEqualTo(new CardDeclined("insufficient_funds"));
        var cause = (PersistedCauseException)error.Cause!;
        await Assert.That((cause.ErrorName, cause.Message)).IsEqualTo(("GatewayError", "issuer declined the charge"));
        await Assert.That(cause.StackTrace).IsEqualTo("GatewayError: issuer declined the charge\n    at chargeCard (payments/gateway.ts:42:13)\n    at async checkout (checkout.ts:17:20)");
        await Assert.That(calls.Count).IsEmpty();
        await Assert.That(await f.StateRowAsync("workflow:state:checkout-42")).IsEqualTo((Checkout42Value, (string?)null, (string?)"2026-11-26T06:19:09.052Z"));
        await Assert.That(await f.LockRowAsync("checkout-42")).IsNull();
    }

    [Test]
    public async Task Checkout_42_at_version_2_is_a_version_mismatch_and_runs_nothing()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        var result = await Awaitly.Durable.RunAsync(calls, Checkout, Options(f, "checkout-42", version: 2));

        var error = (VersionMismatchError)result.Error!;
        await Assert.That((error.StoredVersion, error.RequestedVersion)).IsEqualTo((1, 2));
        await Assert.That(calls.Count).IsEmpty();
        await Assert.That((await f.StateRowAsync("workflow:state:checkout-42"))!.Value.Value).IsEqualTo(Checkout42Value);
    }

    [Test]
    public async Task Checkout_42_with_only_the_first_step_succeeds_from_storage_and_deletes_the_row()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        var result = await Awaitly.Durable.RunAsync(calls, async ctx =>
            await ctx.Step("fetchUser", () => ctx.Deps.Record("fetch-user", new User("fresh", "x")), key: "fetch-user"), Options(f, "checkout-42"));

        await Assert.That(result.Value).IsEqualTo(new User("u-7", "a@example.test"));
        await Assert.That(calls.Count).IsEmpty();
        await Assert.That(await f.StateRowAsync("workflow:state:checkout-42")).IsNull();
    }

    [Test]
    public async Task Checkout_42_expired_lease_is_taken_over_at_once()
    {
        await using var f = await Fixture.OpenAsync();

        var lease = await f.Store.TryAcquireAsync("checkout-42", TimeSpan.FromSeconds(60));

        var row = await f.LockRowAsync("checkout-42");
        await Assert.That(lease).IsNotNull();
        await Assert.That(row!.Value.Owner).IsEqualTo(lease!.OwnerToken);
        await Assert.That(row.Value.Owner).IsNotEqualTo("a8359ebf-22da-4fc4-b53e-141d8a1f0dd8");
        await Assert.That(row.Value.ExpiresAt).IsEqualTo(IsoTimestamp.ToText(lease.ExpiresAt));
    }

    private static async Task<object> Onboarding(DurableContext<(Calls Calls, bool Throw)> ctx)
    {
        var acct = await ctx.Step("createAccount", () => ctx.Deps.Calls.Record("create-account", "acct-new"), key: "create-account");
        var seats = await ctx.Step("assignSeats", () => ctx.Deps.Calls.Record("assign-seats", 1), key: "assign-seats");
        var welcome = await ctx.Step("sendWelcome", () =>
            ctx.Deps.Throw ? throw new IOException("smtp relay unavailable") : ctx.Deps.Calls.Record("send-welcome", $"welcome {acct} x{seats}"), key: "send-welcome");
        return new { acct, seats, welcome };
    }

    [Test]
    public async Task Onboarding_7_at_version_2_runs_only_the_third_step_and_deletes_the_row()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        var result = await Awaitly.Durable.RunAsync((calls, false), Onboarding, Options(f, "onboarding-7", version: 2));

        await Assert.That(result.Value.ToString()).IsEqualTo("{ acct = acct-9f3c, seats = 25, welcome = welcome acct-9f3c x25 }");
        await Assert.That(calls.Count.Keys).IsEquivalentTo(["send-welcome"]);
        await Assert.That(calls["send-welcome"]).IsEqualTo(1);
        await Assert.That(await f.StateRowAsync("workflow:state:onboarding-7")).IsNull();
    }

    [Test]
    public async Task Onboarding_7_that_throws_again_leaves_the_row_unchanged()
    {
        await using var f = await Fixture.OpenAsync();
        var before = await f.StateRowAsync("workflow:state:onboarding-7");

        var result = await Awaitly.Durable.RunAsync((new Calls(), true), Onboarding, Options(f, "onboarding-7", version: 2));

        await Assert.That(((UnexpectedError)result.Error!).Cause.Message).IsEqualTo("smtp relay unavailable");
        await Assert.That(await f.StateRowAsync("workflow:state:onboarding-7")).IsEqualTo(before);
    }

    [Test]
    [Arguments(3, 3)]
    [Arguments(null, 1)]
    public async Task Onboarding_7_at_another_version_is_a_mismatch(int? version, int requested)
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();
        var options = version is { } v ? Options(f, "onboarding-7", v) : new DurableOptions { Id = "onboarding-7", Store = f.Store };

        var result = await Awaitly.Durable.RunAsync((calls, false), Onboarding, options);

        var error = (VersionMismatchError)result.Error!;
        await Assert.That((error.StoredVersion, error.RequestedVersion)).IsEqualTo((2, requested));
        await Assert.That(calls.Count).IsEmpty();
    }

    [Test]
    public async Task Unicode_id_replays_the_stored_string_and_the_error_without_a_cause()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();
        string? greeting = null;
        var before = await f.StateRowAsync("workflow:state:unicode-ключ-✓");

        var result = await Awaitly.Durable.RunAsync(calls, async ctx =>
        {
            greeting = await ctx.Step("schritt-ü-1", () => ctx.Deps.Record("1", "fresh"));
            return await ctx.Step("поиск-2", () => ctx.Deps.Record("2", Result<string, CheckoutError>.Success("found")));
        }, Options(f, "unicode-ключ-✓"));

        var error = (ExpectedError)result.Error!;
        await Assert.That(greeting).IsEqualTo("привет ✓ — «grüß dich» 👋");
        await Assert.That(error.Error).IsEqualTo(new NotFound("ключ ✓"));
        await Assert.That(error.Cause).IsNull();
        await Assert.That(calls.Count).IsEmpty();
        await Assert.That(await f.StateRowAsync("workflow:state:unicode-ключ-✓")).IsEqualTo(before);
        await Assert.That(Convert.ToHexString("workflow:state:unicode-ключ-✓"u8)).IsEqualTo("776F726B666C6F773A73746174653A756E69636F64652DD0BAD0BBD18ED1872DE29C93");
    }

    [Test]
    public async Task Ttl_short_is_absent_and_a_run_overwrites_its_physical_row()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        await Assert.That(await f.Store.LoadAsync("ttl-short")).IsNull();
        await Assert.That(await Awaitly.Durable.HasStateAsync(f.Store, "ttl-short")).IsFalse();
        await Assert.That(await f.Store.ListAsync()).DoesNotContain("ttl-short");
        var failed = await Awaitly.Durable.RunAsync(calls, async ctx =>
        {
            await ctx.Step("a", () => ctx.Deps.Record("a", 1));
            return await ctx.Step("b", () => Result<int, CheckoutError>.Failure(new NotFound("stop")));
        }, Options(f, "ttl-short", version: 7));
        var row = await f.StateRowAsync("workflow:state:ttl-short");
        var succeeded = await Awaitly.Durable.RunAsync(calls, async ctx => await ctx.Step("a", () => ctx.Deps.Record("a", 1)),
            new DurableOptions { Id = "ttl-short", Store = f.Store, Version = 7, OnVersionMismatch = (_, _) => ValueTask.FromResult(VersionMismatchResolution.Clear) });

        await Assert.That(failed.Error).IsTypeOf<ExpectedError>();
        await Assert.That(calls["a"]).IsEqualTo(1);
        await Assert.That(row!.Value.ExpiresAt).IsNull();
        await Assert.That(WorkflowStateSerializer.Deserialize(row.Value.Value).WorkflowVersion).IsEqualTo(7);
        await Assert.That(succeeded.Value).IsEqualTo(1);
        await Assert.That(await f.StateRowAsync("workflow:state:ttl-short")).IsNull();
    }

    [Test]
    public async Task Ttl_long_is_a_live_empty_state_at_version_1()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();

        var loaded = await f.Store.LoadAsync("ttl-long");
        var mismatch = await Awaitly.Durable.RunAsync(calls, async ctx => await ctx.Step("a", () => ctx.Deps.Record("a", 1)), Options(f, "ttl-long", version: 2));
        var ran = await Awaitly.Durable.RunAsync(calls, async ctx => await ctx.Step("a", () => ctx.Deps.Record("a", 1)), Options(f, "ttl-long"));

        await Assert.That(loaded!.Steps).IsEmpty();
        await Assert.That(loaded.Metadata).IsNull();
        await Assert.That(loaded.WorkflowVersion).IsEqualTo(1);
        await Assert.That(((VersionMismatchError)mismatch.Error!).RequestedVersion).IsEqualTo(2);
        await Assert.That(ran.Value).IsEqualTo(1);
        await Assert.That(calls["a"]).IsEqualTo(1);
        await Assert.That(await f.StateRowAsync("workflow:state:ttl-long")).IsNull();
    }

    [Test]
    public async Task Locked_forever_blocks_runs_until_its_owner_releases_it()
    {
        await using var f = await Fixture.OpenAsync();
        var calls = new Calls();
        const string owner = "bc107df9-a306-4540-857e-4d712b3b4741";

        var acquire = await f.Store.TryAcquireAsync("locked-forever", TimeSpan.FromSeconds(60));
        var blocked = await Awaitly.Durable.RunAsync(calls, async ctx => await ctx.Step("a", () => ctx.Deps.Record("a", 1)), Options(f, "locked-forever"));
        var concurrent = await Awaitly.Durable.RunAsync(calls, async ctx => await ctx.Step("a", () => ctx.Deps.Record("a", 1)), Options(f, "locked-forever", allowConcurrent: true));
        var wrongRelease = await f.Store.ReleaseAsync("locked-forever", Guid.NewGuid().ToString());
        var rowAfterWrongRelease = await f.LockRowAsync("locked-forever");
        var rightRelease = await f.Store.ReleaseAsync("locked-forever", owner);

        await Assert.That(acquire).IsNull();
        await Assert.That(((ConcurrentExecutionError)blocked.Error!).Reason).IsEqualTo(ConcurrencyConflict.CrossProcess);
        await Assert.That(concurrent.Value).IsEqualTo(1);
        await Assert.That(calls["a"]).IsEqualTo(1);
        await Assert.That(await Awaitly.Durable.HasStateAsync(f.Store, "locked-forever")).IsFalse();
        await Assert.That(wrongRelease).IsFalse();
        await Assert.That(rowAfterWrongRelease).IsEqualTo((owner, "2036-11-23T06:19:09.066Z"));
        await Assert.That(rightRelease).IsTrue();
        await Assert.That(await f.LockRowAsync("locked-forever")).IsNull();
    }

    [Test]
    public async Task Listing_shows_the_four_live_states_in_binary_and_time_order()
    {
        await using var f = await Fixture.OpenAsync();

        var all = await f.Store.ListAsync();
        var byKey = await f.Store.ListPageAsync(new StateListOptions { OrderBy = StateOrderBy.Key, Direction = SortDirection.Ascending, IncludeTotal = true });
        var byTime = await f.Store.ListPageAsync(new StateListOptions());
        var lastPage = await f.Store.ListPageAsync(new StateListOptions { Limit = 2, Offset = 2, OrderBy = StateOrderBy.Key, Direction = SortDirection.Ascending, IncludeTotal = true });

        string[] binary = ["checkout-42", "onboarding-7", "ttl-long", "unicode-ключ-✓"];
        await Assert.That(all).IsEquivalentTo(binary, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(byKey.Ids).IsEquivalentTo(binary, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(byKey.Total).IsEqualTo(4);
        await Assert.That(byKey.NextOffset).IsNull();
        await Assert.That(byTime.Ids).IsEquivalentTo(new[] { "ttl-long", "unicode-ключ-✓", "onboarding-7", "checkout-42" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(lastPage.Ids).IsEquivalentTo(new[] { "ttl-long", "unicode-ключ-✓" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(lastPage.Total).IsEqualTo(4);
        await Assert.That(lastPage.NextOffset).IsNull();
    }

    [Test]
    public async Task What_the_port_writes_keeps_the_originals_layout()
    {
        await using var f = await Fixture.OpenAsync();

        await Awaitly.Durable.RunAsync(new Calls(), async ctx =>
        {
            await ctx.Step("create-account", () => "acct-new");
            return await ctx.Step("assign-seats", () => Result<int, CheckoutError>.Failure(new NotFound("seats"), new InvalidOperationException("quota")));
        }, new DurableOptions { Id = "written-here", Store = f.Store, Json = TestJson.Default, Metadata = new System.Text.Json.Nodes.JsonObject { ["tenant"] = "acme" } });

        var row = (await f.StateRowAsync("workflow:state:written-here"))!.Value;
        var state = WorkflowStateSerializer.Deserialize(row.Value);
        await Assert.That(row.Value).StartsWith("""{"version":1,"entries":{"create-account":{"result":{"ok":true,"value":"acct-new"}},"assign-seats":{"result":{"ok":false,"error":{"type":"NOT_FOUND","what":"seats"},"cause":{"type":"error","errorName":"InvalidOperationException","errorMessage":"quota","errorStack":""");
        await Assert.That(row.Value).Contains(""","metadata":{"tenant":"acme","version":1,"lastStepKey":"assign-seats","updatedAt":" """.TrimEnd());
        await Assert.That(row.ExpiresAt).IsNull();
        await Assert.That(row.UpdatedAt).Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        IsoTimestamp.TryParse(state.Metadata!.Value.GetProperty("updatedAt").GetString(), out var metadataTime);
        IsoTimestamp.TryParse(row.UpdatedAt, out var rowTime);
        await Assert.That((rowTime - metadataTime).Duration()).IsLessThan(TimeSpan.FromSeconds(5));
    }
}
