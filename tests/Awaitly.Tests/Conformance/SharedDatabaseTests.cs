using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Conformance;

/// <summary>
/// Several stores, and the TypeScript package awaitly-libsql, on one database: leases are the TypeScript
/// package's rows whatever the prefix, and tenants on one table cannot alias each other's rows. Run against
/// every libSQL backend that can be shared (file, remote fake, tursodb) by the subclasses.
/// </summary>
public abstract class SharedDatabaseTests : IAsyncDisposable
{
    private const string Tenant = "tenant:acme:workflow:state:";
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>The options of this test's database (the same database for every store a test opens).</summary>
    protected abstract LibSqlPersistenceOptions Database { get; }

    /// <summary>A table name unique to this test where the backend's database outlives it.</summary>
    protected virtual string Table(string name) => name;

    private string LockTable => Database.Lock?.LockTableName ?? new LibSqlLockOptions().LockTableName;

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            await opened.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Test]
    public async Task A_live_lease_row_written_as_the_typescript_package_writes_it_refuses_a_tenant_prefixed_run()
    {
        var store = await OpenAsync(o => o with { Prefix = Tenant });
        var raw = await RawAsync();
        // The three columns the TypeScript package writes: bare id, random owner, ISO expiry a minute ahead.
        await raw.Driver.ExecuteAsync($"INSERT INTO \"{LockTable}\" (workflow_id, owner_token, expires_at) VALUES (?1, ?2, ?3)",
            ["order-1", Guid.NewGuid().ToString(), IsoTimestamp.ToText(DateTimeOffset.UtcNow.AddMinutes(1))], CancellationToken.None);
        var executed = 0;

        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("charge", () => ++executed), States.Options("order-1", store));

        var error = await Assert.That(result.Error).IsTypeOf<ConcurrentExecutionError>();
        await Assert.That(error!.Reason).IsEqualTo(ConcurrencyConflict.CrossProcess);
        await Assert.That(error.Code).IsEqualTo("CONCURRENT_EXECUTION");
        await Assert.That(error.Message).Contains($"lease 'order-1' in lock table '{LockTable}'");
        await Assert.That(executed).IsEqualTo(0);
        await Assert.That(await store.LoadAsync("order-1")).IsNull();
    }

    [Test]
    public async Task While_a_tenant_prefixed_run_holds_the_lease_the_typescript_acquire_statement_does_not_take_it()
    {
        var store = await OpenAsync(o => o with { Prefix = Tenant });
        var raw = await RawAsync();
        var (finish, run) = await HoldAsync(store, "order-1");

        var whileHeld = await TypeScriptAcquireAsync(raw, "order-1");
        var leaseKeys = await raw.Driver.ReadAsync($"SELECT workflow_id FROM \"{LockTable}\"", [], static r => r.GetString(0), CancellationToken.None);
        finish.SetResult(1);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        var afterRelease = await TypeScriptAcquireAsync(raw, "order-1");

        await Assert.That(whileHeld).IsEmpty();
        await Assert.That(leaseKeys).IsEquivalentTo(["order-1"]);
        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(afterRelease.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Two_state_tables_sharing_a_lock_table_refuse_the_same_id_and_the_error_says_where()
    {
        var orders = await OpenAsync(o => o with { TableName = Table("orders_state") });
        var invoices = await OpenAsync(o => o with { TableName = Table("invoices_state") });
        var (finish, holding) = await HoldAsync(orders, "42");

        var refused = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("b", () => 2), States.Options("42", invoices));
        finish.SetResult(1);
        await holding.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.That(refused.Error).IsTypeOf<ConcurrentExecutionError>();
        await Assert.That(error!.Message).Contains($"lock table '{LockTable}'");
        await Assert.That(error.Message).Contains("give each state table its own LockTableName");
        await Assert.That(error.Lease).Contains("'42'");
    }

    [Test]
    public async Task Overlapping_prefixes_on_one_table_are_refused_naming_both()
    {
        await OpenAsync(o => o with { Prefix = "t:1" });

        var longer = await Assert.That(async () => await OpenAsync(o => o with { Prefix = "t:10" })).Throws<LibSqlConfigurationException>();
        var shorter = await Assert.That(async () => await OpenAsync(o => o with { Prefix = "t:" })).Throws<LibSqlConfigurationException>();
        var empty = await Assert.That(async () => await OpenAsync(o => o with { Prefix = "" })).Throws<LibSqlConfigurationException>();

        await Assert.That(longer!.Message).Contains("Prefix 't:10' overlaps the prefix 't:1'");
        await Assert.That(longer.Message).Contains("AllowOverlappingPrefixes");
        await Assert.That(shorter!.Message).Contains("Prefix 't:' overlaps the prefix 't:1'");
        await Assert.That(empty!.Message).Contains("Prefix '' overlaps the prefix 't:1'");
        await OpenAsync(o => o with { Prefix = "t:1" });
        await OpenAsync(o => o with { Prefix = "t:2" });
        await OpenAsync(o => o with { Prefix = "T:10" });
        await OpenAsync(o => o with { Prefix = "t:10", TableName = Table("other_state") });
    }

    [Test]
    public async Task A_shorter_prefix_opened_after_a_longer_one_is_refused_and_leaves_its_rows_alone()
    {
        var tenant10 = await OpenAsync(o => o with { Prefix = "t:10" });
        await tenant10.SaveAsync("x", WorkflowState.Empty);

        var refused = await Assert.That(async () => await OpenAsync(o => o with { Prefix = "t:1" })).Throws<LibSqlConfigurationException>();

        await Assert.That(refused!.Message).Contains("'t:10x' is id '0x' of the store with prefix 't:1' and id 'x' of the store with prefix 't:10'");
        await Assert.That(await tenant10.ListAsync()).IsEquivalentTo(["x"]);
        await Assert.That(await tenant10.LoadAsync("x")).IsNotNull();
    }

    [Test]
    public async Task The_default_prefix_and_a_prefix_inside_it_cannot_share_a_row()
    {
        var defaults = await OpenAsync(o => o);
        await defaults.SaveAsync("x1", WorkflowState.Empty);

        await Assert.That(async () => await OpenAsync(o => o with { Prefix = "workflow:state:x" })).Throws<LibSqlConfigurationException>();
        await Assert.That(await Awaitly.Durable.HasStateAsync(defaults, "x1")).IsTrue();
    }

    [Test]
    public async Task The_empty_prefix_alone_on_a_table_owns_it_and_keeps_every_other_prefix_out()
    {
        var whole = await OpenAsync(o => o with { Prefix = "" });
        await whole.SaveAsync("a", WorkflowState.Empty);

        await Assert.That(async () => await OpenAsync(o => o with { Prefix = "tenant:" })).Throws<LibSqlConfigurationException>();
        await Assert.That(async () => await OpenAsync(o => o)).Throws<LibSqlConfigurationException>();
        await Assert.That(await whole.ListAsync()).IsEquivalentTo(["a"]);
    }

    [Test]
    public async Task Overlapping_prefixes_can_be_allowed_explicitly_and_then_share_rows()
    {
        var tenant1 = await OpenAsync(o => o with { Prefix = "t:1" });
        var tenant10 = await OpenAsync(o => o with { Prefix = "t:10", AllowOverlappingPrefixes = true });
        await tenant10.SaveAsync("x", WorkflowState.Empty);

        await Assert.That(await tenant1.ListAsync()).IsEquivalentTo(["0x"]);
    }

    /// <summary>Starts a run of <paramref name="id"/> that holds its lease inside a step until <c>finish</c> is completed.</summary>
    private static async Task<(TaskCompletionSource<int> Finish, Task<Result<int, WorkflowError>> Run)> HoldAsync(LibSqlPersistence store, string id)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("hold", () =>
        {
            inside.SetResult();
            return finish.Task;
        }), States.Options(id, store));
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (finish, run);
    }

    /// <summary>The TypeScript package's acquire (awaitly-contract §3.11), verbatim but for the quoted table name.</summary>
    private async Task<List<string>> TypeScriptAcquireAsync(LibSqlKeyValueStore raw, string workflowId)
    {
        var table = $"\"{LockTable}\"";
        return await raw.Driver.ExecuteReturningAsync(
            $"INSERT INTO {table} (workflow_id, owner_token, expires_at) VALUES (?, ?, ?) ON CONFLICT(workflow_id) DO UPDATE SET " +
            $"owner_token=excluded.owner_token, expires_at=excluded.expires_at WHERE {table}.expires_at < datetime('now') RETURNING owner_token",
            [workflowId, Guid.NewGuid().ToString(), IsoTimestamp.ToText(DateTimeOffset.UtcNow.AddMinutes(1))], static r => r.GetString(0), CancellationToken.None);
    }

    private async Task<LibSqlPersistence> OpenAsync(Func<LibSqlPersistenceOptions, LibSqlPersistenceOptions> configure)
    {
        var store = await LibSqlPersistence.OpenAsync(configure(Database with { Lock = Database.Lock ?? new LibSqlLockOptions() }));
        _opened.Add(store);
        return store;
    }

    /// <summary>Another connection to the same database, for statements another client (the TypeScript package) runs.</summary>
    private async Task<LibSqlKeyValueStore> RawAsync()
    {
        var raw = await LibSqlKeyValueStore.OpenAsync(Database);
        _opened.Add(raw);
        return raw;
    }
}
