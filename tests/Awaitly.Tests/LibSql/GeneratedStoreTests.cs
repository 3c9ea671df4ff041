using Awaitly.LibSql;
using Awaitly.Tests.Conformance;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Stores generated from [AwaitlyStore] declarations behave like the options-based store.</summary>
public class GeneratedStoreTests
{
    [Test]
    public async Task Generated_sql_equals_the_runtime_sql_for_the_same_tables()
    {
        await Assert.That(GeneratedCheckoutStore.Statements.Get).IsEqualTo(StoreSql.Create("checkout_state", "checkout_lock").Get);

        await using var locking = await GeneratedCheckoutStore.OpenAsync(":memory:");
        await using var plain = await GeneratedPlainStore.OpenAsync(":memory:");
        await using var nested = await Outer.NestedStore.OpenAsync(":memory:");

        await Assert.That(locking.Sql.ByName()).IsEquivalentTo(StoreSql.Create("checkout_state", "checkout_lock").ByName());
        await Assert.That(plain.Sql.ByName()).IsEquivalentTo(StoreSql.Create("plain_state", null).ByName());
        await Assert.That(nested.Sql.ByName()).IsEquivalentTo(StoreSql.Create("nested_state", null).ByName());
        await Assert.That(locking.Sql.ByName().Count).IsEqualTo(StoreSqlTemplates.StateTable("t").Count + StoreSqlTemplates.Meta().Count + StoreSqlTemplates.LockTable("l", "t").Count);
    }

    [Test]
    public async Task The_declaration_decides_table_prefix_lock_and_json()
    {
        using var db = new TempDatabase();
        await using var store = await GeneratedCheckoutStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TableName = "ignored", Prefix = "ignored:" });
        await store.SaveAsync("order-1", WorkflowState.Empty);

        var keys = await store.KeyValueStore.ListKeysAsync("*");
        await Assert.That(keys).IsEquivalentTo(["tenant:acme:workflow:state:order-1"]);
        await Assert.That(store).IsAssignableTo<IWorkflowLock>();
        await Assert.That(GeneratedCheckoutStore.JsonResolver).IsSameReferenceAs(TestJson.Default);
        await Assert.That(GeneratedPlainStore.JsonResolver).IsNull();
        await Assert.That(store.RunOptions("order-1", version: 3).Version).IsEqualTo(3);
        await Assert.That(await using_(GeneratedPlainStore.OpenAsync(":memory:")) is IWorkflowLock).IsFalse();
    }

    [Test]
    public async Task A_generated_store_runs_the_checkout_workflow_with_its_own_json()
    {
        using var db = new TempDatabase();
        await using var store = await GeneratedCheckoutStore.OpenAsync(db.Url);
        var deps = new CheckoutDeps { DeclineCard = true };

        var failed = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, store.RunOptions("order-9"));

        await Assert.That(((ExpectedError)failed.Error!).Error).IsEqualTo(new CardDeclined("insufficient_funds"));
        await Assert.That((await store.LoadAsync("order-9"))!.Steps.Count).IsEqualTo(3);
    }

    [Test]
    public async Task A_generated_tenant_store_takes_the_lease_row_the_typescript_package_takes()
    {
        using var db = new TempDatabase();
        await using var store = await GeneratedCheckoutStore.OpenAsync(db.Url);
        await using var raw = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        await raw.Driver.ExecuteAsync("INSERT INTO checkout_lock (workflow_id, owner_token, expires_at) VALUES (?1, ?2, ?3)",
            ["order-1", Guid.NewGuid().ToString(), IsoTimestamp.ToText(DateTimeOffset.UtcNow.AddMinutes(1))], CancellationToken.None);

        var refused = await Awaitly.Durable.RunAsync(new CheckoutDeps(), CheckoutDeps.Checkout, store.RunOptions("order-1"));
        var lease = await store.TryAcquireAsync("order-2", TimeSpan.FromSeconds(30));
        var keys = await raw.Driver.ReadAsync("SELECT workflow_id FROM checkout_lock ORDER BY workflow_id", [], static r => r.GetString(0), CancellationToken.None);

        var error = await Assert.That(refused.Error).IsTypeOf<ConcurrentExecutionError>();
        await Assert.That(error!.Reason).IsEqualTo(ConcurrencyConflict.CrossProcess);
        await Assert.That(error.Message).Contains("lease 'order-1' in lock table 'checkout_lock'");
        await Assert.That(lease).IsNotNull();
        await Assert.That(keys).IsEquivalentTo(["order-1", "order-2"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Sql_prepared_for_another_table_is_rejected()
    {
        await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" }, StoreCommands.Create("other_table", null)))
            .Throws<LibSqlConfigurationException>();
    }

    private static async Task<LibSqlPersistence> using_(ValueTask<GeneratedPlainStore> open)
    {
        var store = await open;
        await store.DisposeAsync();
        return store;
    }
}

/// <summary>The conformance suite on a generated store.</summary>
[InheritsTests]
public sealed class GeneratedStoreConformance : StoreConformanceTests
{
    protected override async ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup)
    {
        var database = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = database.Url, StateTtl = setup.StateTtl, TimeProvider = setup.Time };
        return new LibSqlHandle(await GeneratedCheckoutStore.OpenAsync(options), async () => await GeneratedCheckoutStore.OpenAsync(options), database.Dispose);
    }

    protected override ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value) => LibSqlHandle.WriteRawAsync(s, id, value);


    [Test]
    public async Task A_store_declared_with_the_step_journal_layout_checkpoints_into_the_journal()
    {
        using var database = new TempDatabase();
        await using var store = await GeneratedJournalStore.OpenAsync(database.Url);
        var gate = new TaskCompletionSource();
        var atSecond = new TaskCompletionSource();
        var run = Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("a", () => new string('x', 9000));
            await ctx.Step("b", () => 2);
            atSecond.SetResult();
            await gate.Task;
            return 3;
        }, store.RunOptions("j-1"));
        await atSecond.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var (_, raw) = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT value FROM journal_state WHERE key = ?1", [store.Prefix + "j-1"],
            static r => r.GetString(0), CancellationToken.None);
        var (_, rows) = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT COUNT(*) FROM journal_state_steps", [], static r => r.GetInt64(0), CancellationToken.None);
        gate.SetResult();
        await run;

        await Assert.That(store.WantsWholeStateAtRest).IsTrue();
        await Assert.That(raw).StartsWith("{\"awaitly:journal\":");
        await Assert.That(rows).IsEqualTo(2);
    }
}
