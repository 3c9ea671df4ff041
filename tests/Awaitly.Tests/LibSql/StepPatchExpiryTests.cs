using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Step patches keep the row's expiry right whether or not the store has a TTL.</summary>
public class StepPatchExpiryTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-26T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Without_a_ttl_a_patch_leaves_no_expiry_and_moves_updated_at()
    {
        using var db = new TempDatabase();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TimeProvider = time });
        await store.SaveAsync("w", States.With(null, ("a", "1")));
        time.Advance(TimeSpan.FromMinutes(1));

        var patched = await store.SaveStepAsync("w", StepEntry.Success("b", States.Json("2")), States.Json("{}"));

        await Assert.That(patched).IsTrue();
        await Assert.That(await RowAsync(store)).IsEqualTo(((string?)null, "2026-11-26T06:01:00.000Z"));
    }

    [Test]
    public async Task Without_a_ttl_a_row_that_has_an_expiry_is_saved_whole_and_loses_it()
    {
        using var db = new TempDatabase();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using (var withTtl = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TimeProvider = time, StateTtl = TimeSpan.FromHours(1) }))
        {
            await withTtl.SaveAsync("w", States.With(null, ("a", "1")));
        }

        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TimeProvider = time });
        var patched = await store.SaveStepAsync("w", StepEntry.Success("b", States.Json("2")), States.Json("{}"));
        await Assert.That(patched).IsFalse();
        await Assert.That((await RowAsync(store)).ExpiresAt).IsEqualTo("2026-11-26T07:00:00.000Z");

        var run = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("b", () => 2) + await ctx.Step("c", () => 3),
            new DurableOptions { Id = "w", Store = new FailingDelete(store) });

        await Assert.That(run.IsOk).IsTrue();
        await Assert.That(await RowAsync(store)).IsEqualTo(((string?)null, "2026-11-26T06:00:00.000Z"));
        await Assert.That((await store.LoadAsync("w"))!.Steps.Select(s => s.Key)).IsEquivalentTo(["a", "b", "c"]);
    }

    [Test]
    public async Task With_a_ttl_a_patch_extends_the_expiry()
    {
        using var db = new TempDatabase();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TimeProvider = time, StateTtl = TimeSpan.FromHours(1) });
        await store.SaveAsync("w", States.With(null, ("a", "1")));
        time.Advance(TimeSpan.FromMinutes(1));

        var patched = await store.SaveStepAsync("w", StepEntry.Success("b", States.Json("2")), States.Json("{}"));

        await Assert.That(patched).IsTrue();
        await Assert.That(await RowAsync(store)).IsEqualTo(("2026-11-26T07:01:00.000Z", "2026-11-26T06:01:00.000Z"));
    }

    private static async Task<(string? ExpiresAt, string? UpdatedAt)> RowAsync(LibSqlPersistence store)
    {
        var (_, row) = await store.KeyValueStore.Driver.ReadFirstAsync(
            "SELECT expires_at, updated_at FROM awaitly_workflow_state WHERE key = ?1", [store.Prefix + "w"],
            static r => (r.IsNull(0) ? null : r.GetString(0), r.IsNull(1) ? null : r.GetString(1)), CancellationToken.None);
        return row;
    }

    /// <summary>Keeps the finished run's row so the test can read it.</summary>
    private sealed class FailingDelete(LibSqlPersistence inner) : IStatePersistence, ICheckpointPersistence
    {
        public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default) => inner.SaveAsync(workflowId, state, fence, cancellationToken);

        public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, System.Text.Json.JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default) =>
            inner.SaveStepAsync(workflowId, step, metadata, fence, cancellationToken);

        public ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default) => inner.LoadAsync(workflowId, cancellationToken);

        public ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    }
}
