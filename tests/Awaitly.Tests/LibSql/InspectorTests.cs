using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.LibSql;

/// <summary><see cref="LibSqlInspector"/>, the library API under the awaitly tool, on each driver.</summary>
public abstract class InspectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract LibSqlPersistenceOptions Database { get; }

    private LibSqlPersistenceOptions Options(TimeProvider time) => Database with { Lock = new LibSqlLockOptions(), TimeProvider = time };

    [Test]
    public async Task States_come_with_their_documents_and_row_timestamps_in_the_stores_page_order()
    {
        var time = new FakeTimeProvider(Start);
        await using var store = await LibSqlPersistence.OpenAsync(Options(time) with { StateTtl = TimeSpan.FromDays(1) });
        await store.SaveAsync("a", States.With(null, ("s", "\"é\"")));
        time.Advance(TimeSpan.FromSeconds(1));
        await store.SaveAsync("b", States.With(null, ("s", "1")));
        await using var inspector = await LibSqlInspector.OpenAsync(Options(time));

        var first = await inspector.ListStatesAsync(new StateListOptions { Limit = 1, IncludeTotal = true });
        var second = await inspector.ListStatesAsync(new StateListOptions { Limit = 1, Offset = 1 });
        var a = await inspector.GetStateAsync("a");

        await Assert.That(first.States.Select(s => s.WorkflowId)).IsEquivalentTo(["b"]);
        await Assert.That(first.NextOffset).IsEqualTo(1);
        await Assert.That(first.Total).IsEqualTo(2);
        await Assert.That(second.States.Select(s => s.WorkflowId)).IsEquivalentTo(["a"]);
        await Assert.That(a!.UpdatedAt).IsEqualTo(Start);
        await Assert.That(a.ExpiresAt).IsEqualTo(Start.AddDays(1));
        await Assert.That(a.SizeInBytes).IsEqualTo(System.Text.Encoding.UTF8.GetByteCount(a.Document));
        await Assert.That(a.ReadState().Steps[0].Payload.GetString()).IsEqualTo("é");
        await Assert.That(await inspector.GetStateAsync("missing")).IsNull();
    }

    [Test]
    public async Task Delete_and_clear_honour_live_leases_unless_forced_and_force_release_frees_the_id()
    {
        var time = new FakeTimeProvider(Start);
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(Options(time));
        foreach (var id in new[] { "held", "free", "expired-lease" })
        {
            await store.SaveAsync(id, States.With(null, ("s", "1")));
        }

        var held = await store.TryAcquireAsync("held", TimeSpan.FromMinutes(10));
        await store.TryAcquireAsync("expired-lease", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(5));
        await using var inspector = await LibSqlInspector.OpenAsync(Options(time));

        var leases = await inspector.ListLeasesAsync();
        await Assert.That(leases.Select(l => (l.WorkflowId, l.IsLive))).IsEquivalentTo([("expired-lease", false), ("held", true)]);
        await Assert.That((await inspector.GetLeaseAsync("held"))!.OwnerToken).IsEqualTo(held!.OwnerToken);
        await Assert.That(await inspector.DeleteAsync("held")).IsEqualTo(StateDeletion.Leased);
        await Assert.That(await inspector.DeleteAsync("expired-lease")).IsEqualTo(StateDeletion.Deleted);
        await Assert.That(await inspector.DeleteAsync("nobody")).IsEqualTo(StateDeletion.NotFound);
        await Assert.That(await inspector.ClearAsync()).IsEqualTo((1, 1L));
        await Assert.That(await store.ListAsync()).IsEquivalentTo(["held"]);

        await Assert.That(await inspector.ForceReleaseAsync("held")).IsTrue();
        await Assert.That(await inspector.ForceReleaseAsync("held")).IsFalse();
        await Assert.That(await store.TryAcquireAsync("held", TimeSpan.FromMinutes(1))).IsNotNull();
        await Assert.That(async () => await store.SaveAsync("held", States.With(null, ("s", "2")), held.Fence)).Throws<LeaseLostException>();
    }

    [Test]
    public async Task A_missing_table_is_a_clear_error_for_reads_and_a_problem_for_the_diagnosis()
    {
        await (await LibSqlPersistence.OpenAsync(Database)).DisposeAsync();
        await using var inspector = await LibSqlInspector.OpenAsync(Database with { TableName = "no_such_table" });

        var read = await Assert.That(async () => await inspector.ListStatesAsync(new StateListOptions())).Throws<LibSqlConfigurationException>();
        var diagnosis = await inspector.DiagnoseAsync();

        await Assert.That(read!.Message).Contains("no table 'no_such_table'");
        await Assert.That(diagnosis.IsHealthy).IsFalse();
        await Assert.That(diagnosis.TableExists).IsFalse();
        await Assert.That(diagnosis.PendingMigrations).Contains("create table no_such_table");
        await Assert.That(await inspector.GetStatisticsAsync()).IsEqualTo(new StoreStatistics(0, 0, 0));
    }

    [Test]
    public async Task Inspecting_registers_no_prefix_and_changes_no_schema()
    {
        await (await LibSqlPersistence.OpenAsync(Database)).DisposeAsync();
        await using (var inspector = await LibSqlInspector.OpenAsync(Database with { Prefix = "", TableName = "never_created" }))
        {
            await inspector.DiagnoseAsync();
            await inspector.ListLeasesAsync();
        }

        await using var store = await LibSqlPersistence.OpenAsync(Database);
        await using var check = await LibSqlInspector.OpenAsync(Database with { TableName = "never_created" });
        await Assert.That((await check.DiagnoseAsync()).TableExists).IsFalse();
    }
}

[InheritsTests]
public sealed class FileInspectorTests : InspectorTests, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override LibSqlPersistenceOptions Database => new() { Url = _db.Url };

    [Test]
    public async Task Opening_a_missing_file_fails_and_creates_nothing()
    {
        var missing = Path.Combine(_db.Directory, "sub", "typo.db");

        var error = await Assert.That(async () => await LibSqlInspector.OpenAsync(new LibSqlPersistenceOptions { Url = "file:" + missing }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).Contains("There is no database file");
        await Assert.That(Directory.Exists(Path.Combine(_db.Directory, "sub"))).IsFalse();
    }

    public void Dispose() => _db.Dispose();
}

[InheritsTests]
public sealed class RemoteInspectorTests : InspectorTests, IDisposable
{
    private readonly FakeSqld _server = new();

    protected override LibSqlPersistenceOptions Database => new()
    {
        Url = FakeSqldConformance.Url,
        AuthToken = "token",
        Remote = new LibSqlRemoteOptions { Handler = _server },
    };

    public void Dispose() => _server.Dispose();
}
