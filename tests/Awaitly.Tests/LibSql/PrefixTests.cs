using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Tenants sharing one table through prefixes (defects 10 and 13).</summary>
public class PrefixTests
{
    private static Task<LibSqlPersistence> Open(TempDatabase db, string prefix, string? lockPrefix = null) =>
        LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Prefix = prefix, Lock = new LibSqlLockOptions { KeyPrefix = lockPrefix } }).AsTask();

    [Test]
    public async Task Tenants_see_and_clear_only_their_own_states()
    {
        using var db = new TempDatabase();
        await using var acme = await Open(db, "tenant:acme:workflow:state:");
        await using var globex = await Open(db, "tenant:globex:workflow:state:");
        await using var upper = await Open(db, "TENANT:ACME:WORKFLOW:STATE:");
        await acme.SaveAsync("order-1", WorkflowState.Empty);
        await globex.SaveAsync("order-1", WorkflowState.Empty);
        await upper.SaveAsync("order-9", WorkflowState.Empty);

        var acmeIds = await acme.ListAsync();
        var acmePage = await acme.ListPageAsync(new StateListOptions { IncludeTotal = true });
        await acme.ClearAsync();

        await Assert.That(acmeIds).IsEquivalentTo(["order-1"]);
        await Assert.That(acmePage.Total).IsEqualTo(1);
        await Assert.That(await acme.ListAsync()).IsEmpty();
        await Assert.That(await globex.ListAsync()).IsEquivalentTo(["order-1"]);
        await Assert.That(await upper.ListAsync()).IsEquivalentTo(["order-9"]);
    }

    [Test]
    public async Task Prefixes_with_glob_and_like_characters_match_exactly()
    {
        using var db = new TempDatabase();
        await using var odd = await Open(db, "t%_*?[x]\\:");
        await using var other = await Open(db, "tXY*?[x]\\:");
        await odd.SaveAsync("a", WorkflowState.Empty);
        await other.SaveAsync("b", WorkflowState.Empty);

        await Assert.That(await odd.ListAsync()).IsEquivalentTo(["a"]);
        await Assert.That(await other.ListAsync()).IsEquivalentTo(["b"]);
        await odd.ClearAsync();
        await Assert.That(await other.ListAsync()).IsEquivalentTo(["b"]);
    }

    [Test]
    public async Task Tenant_leases_are_keyed_by_the_bare_id_unless_a_lock_key_prefix_is_set()
    {
        using var db = new TempDatabase();
        await using var acme = await Open(db, "tenant:acme:");
        await using var globex = await Open(db, "tenant:globex:");
        await using var scoped = await Open(db, "tenant:initech:", lockPrefix: "tenant:initech:");

        var a = await ((IWorkflowLock)acme).TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        var b = await ((IWorkflowLock)globex).TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        var c = await ((IWorkflowLock)scoped).TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        var ids = await acme.KeyValueStore.Driver.ReadAsync("SELECT workflow_id FROM awaitly_workflow_lock ORDER BY workflow_id", [], static r => r.GetString(0), CancellationToken.None);

        await Assert.That(a).IsNotNull();
        await Assert.That(b).IsNull();
        await Assert.That(c).IsNotNull();
        await Assert.That(ids).IsEquivalentTo(["order-1", "tenant:initech:order-1"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Default_prefix_keys_leases_by_the_bare_id_as_the_original_does()
    {
        using var db = new TempDatabase();
        await using var store = await Open(db, LibSqlPersistenceOptions.DefaultPrefix);
        await using var explicitPrefix = await Open(db, LibSqlPersistenceOptions.DefaultPrefix, lockPrefix: "locks:");

        await ((IWorkflowLock)store).TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        await ((IWorkflowLock)explicitPrefix).TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
        var ids = await store.KeyValueStore.Driver.ReadAsync("SELECT workflow_id FROM awaitly_workflow_lock ORDER BY workflow_id", [], static r => r.GetString(0), CancellationToken.None);

        await Assert.That(ids).IsEquivalentTo(["locks:order-1", "order-1"]);
    }
}
