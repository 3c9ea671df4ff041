using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.LibSql;

/// <summary>A leased run takes its lease and reads its state in one transaction, and on success deletes it and releases the lease in one (one request each remotely).</summary>
public class LeaseCompletionTests
{
    [Test]
    public async Task A_successful_locked_run_leaves_neither_state_nor_lease_behind()
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() };
        await using var store = await LibSqlPersistence.OpenAsync(options);
        var events = new List<DurableEventKind>();

        var result = await Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 1), new DurableOptions { Id = "done", Store = store, OnEvent = e => events.Add(e.Kind) });

        await using var inspector = await LibSqlInspector.OpenAsync(options);
        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(await store.LoadAsync("done")).IsNull();
        await Assert.That(await inspector.GetLeaseAsync("done")).IsNull();
        await Assert.That(events).DoesNotContain(DurableEventKind.CleanupFailed);
        await Assert.That(events).DoesNotContain(DurableEventKind.LeaseLost);
    }

    [Test]
    public async Task A_taken_over_lease_deletes_nothing_and_leaves_the_new_holders_lease()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions(), TimeProvider = time };
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(options);
        var old = (await store.TryAcquireAsync("x", TimeSpan.FromSeconds(1)))!;
        time.Advance(TimeSpan.FromSeconds(5));
        var current = (await store.TryAcquireAsync("x", TimeSpan.FromMinutes(1)))!;
        await store.SaveAsync("x", States.With(null, ("a", "1")), current.Fence);

        await Assert.That(async () => await store.DeleteAndReleaseAsync(old)).Throws<LeaseLostException>();

        await using var inspector = await LibSqlInspector.OpenAsync(options);
        await Assert.That(await store.LoadAsync("x")).IsNotNull();
        await Assert.That((await inspector.GetLeaseAsync("x"))!.OwnerToken).IsEqualTo(current.OwnerToken);
        await Assert.That(await store.DeleteAndReleaseAsync(current)).IsTrue();
        await Assert.That(await inspector.GetLeaseAsync("x")).IsNull();
    }

    [Test]
    public async Task A_held_lease_with_no_state_releases_and_reports_no_live_state()
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() };
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(options);
        var lease = (await store.TryAcquireAsync("empty", TimeSpan.FromMinutes(1)))!;

        await Assert.That(await store.DeleteAndReleaseAsync(lease)).IsFalse();

        await using var inspector = await LibSqlInspector.OpenAsync(options);
        await Assert.That(await inspector.GetLeaseAsync("empty")).IsNull();
        await Assert.That(await store.TryAcquireAsync("empty", TimeSpan.FromMinutes(1))).IsNotNull();
    }

    [Test]
    public async Task Remotely_the_delete_and_release_are_one_request()
    {
        using var server = new FakeSqld();
        await using var store = await OpenRemoteAsync(server);
        var lease = (await store.TryAcquireAsync("r", TimeSpan.FromMinutes(1)))!;
        await store.SaveAsync("r", States.With(null, ("a", "1")), lease.Fence);
        var before = server.Count;

        var deleted = await store.DeleteAndReleaseAsync(lease);

        await Assert.That(deleted).IsTrue();
        await Assert.That(server.Count - before).IsEqualTo(1);
        await Assert.That(await store.TryAcquireAsync("r", TimeSpan.FromMinutes(1))).IsNotNull();
    }

    [Test]
    public async Task Acquire_and_load_read_the_state_under_the_new_lease_in_one_request()
    {
        using var server = new FakeSqld();
        await using var store = await OpenRemoteAsync(server);
        await store.SaveAsync("s", States.With(null, ("a", "1")));
        var before = server.Count;

        var loaded = await store.TryAcquireAndLoadAsync("s", TimeSpan.FromMinutes(1));
        var refused = await store.TryAcquireAndLoadAsync("s", TimeSpan.FromMinutes(1));
        var empty = await store.TryAcquireAndLoadAsync("nothing-stored", TimeSpan.FromMinutes(1));

        await Assert.That(server.Count - before).IsEqualTo(3);
        await Assert.That(loaded!.State!.Steps[0].Key).IsEqualTo("a");
        await Assert.That(refused).IsNull();
        await Assert.That(empty!.State).IsNull();
        await Assert.That(await store.SaveAsync("s", States.With(null, ("b", "2")), loaded.Lease.Fence).AsTask().ContinueWith(t => t.IsCompletedSuccessfully)).IsTrue();
    }

    [Test]
    public async Task An_unreadable_document_fails_the_load_and_gives_the_lease_back()
    {
        using var db = new TempDatabase();
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() });
        await store.KeyValueStore.SetAsync(store.Prefix + "bad", "{not json");

        await Assert.That(async () => await store.TryAcquireAndLoadAsync("bad", TimeSpan.FromMinutes(5))).Throws<WorkflowStateFormatException>();
        var result = await Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 1), new DurableOptions { Id = "bad", Store = store });

        await Assert.That(result.IsOk).IsFalse();
        await Assert.That(result.Error).IsTypeOf<PersistenceError>();
        await Assert.That(await store.TryAcquireAsync("bad", TimeSpan.FromMinutes(1))).IsNotNull().Because("every failed load released its lease");
        await Assert.That(await store.KeyValueStore.GetAsync(store.Prefix + "bad")).IsEqualTo("{not json");
    }

    private static async Task<LibSqlLockingPersistence> OpenRemoteAsync(FakeSqld server) =>
        (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = FakeSqldConformance.Url,
            AuthToken = "token",
            Remote = new LibSqlRemoteOptions { Handler = server },
            Lock = new LibSqlLockOptions(),
        });
}
