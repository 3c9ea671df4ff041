using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql;

/// <summary>
/// A <see cref="LibSqlPersistence"/> with the lease lock: one row per leased id in the lock table, taken
/// over only once expired (compared as ISO text against a bound "now" from the store's clock), with a
/// fencing token that grows with every acquisition and is checked by the store's own state writes.
/// </summary>
public class LibSqlLockingPersistence : LibSqlPersistence, IWorkflowLock, ILeaseCompletion, ILeasedLoad
{
    /// <summary>Builds the store over a database opened for it (see <see cref="LibSqlPersistence.OpenAsync{TStore}"/>).</summary>
    protected internal LibSqlLockingPersistence(OpenedStore opened)
        : base(opened)
    {
    }

    /// <summary>The lock table name.</summary>
    public string LockTable => Sql.LockTable!;

    /// <inheritdoc />
    public async ValueTask<WorkflowLease?> TryAcquireAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        (await AcquireAsync(workflowId, ttl, readState: null, cancellationToken).ConfigureAwait(false)).Lease;

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(string workflowId, string ownerToken, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var lockKey = LockKeyOf(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(ownerToken);
        LeaseTtl.Validate(ttl);
        var expires = IsoTimestamp.ToText(Options.TimeProvider.GetUtcNow() + ttl);
        return await Driver.ExecuteIdempotentAsync(Commands.Renew(lockKey, ownerToken, expires), cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask<LeasedState?> TryAcquireAndLoadAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        var (lease, stateRow) = await AcquireAsync(workflowId, ttl, key, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        try
        {
            var document = stateRow is null ? null : KeyValueStore.ReadValue(new ValuesRow(stateRow));
            if (document is not null)
            {
                NoteLoaded(key, document);
            }

            var state = document is null ? null
                : StepJournal.IsJournaled(document) ? await ReadJournaledAsync(key, cancellationToken).ConfigureAwait(false)
                : ReadDocument(key, document);
            return new LeasedState(lease, state);
        }
        catch
        {
            await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAndReleaseAsync(WorkflowLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var key = KeyOf(lease.WorkflowId);
        var lockKey = LockKeyOf(lease.WorkflowId);
        NoteDeleted(key);
        // One transaction: the fenced delete, then the release. An owner token belongs to one acquisition (its fence is the
        // lease's), so a release that found the token says the lease still held the id when the delete ran.
        var results = await Driver.ExecuteBatchAsync(
        [
            Commands.FencedDelete(key, KeyValueStore.Now(), lockKey, lease.OwnerToken, lease.FencingToken).ToStatement(),
            Commands.Release(lockKey, lease.OwnerToken).ToStatement(),
        ], idempotent: true, cancellationToken).ConfigureAwait(false);
        if (results[0] is [var deleted])
        {
            return Commands.FencedDeleteRow(new ValuesRow(deleted));
        }

        return results[1].Count > 0 ? false : throw new LeaseLostException(lease.WorkflowId);
    }

    // One atomic batch, safe to retry: a repeated acquire with the same owner token re-grants the lease. With readState,
    // the state row of that key is read in the same transaction (its row, or null when none is stored).
    private async ValueTask<(WorkflowLease? Lease, object?[]? StateRow)> AcquireAsync(string workflowId, TimeSpan ttl, string? readState, CancellationToken cancellationToken)
    {
        var lockKey = LockKeyOf(workflowId);
        LeaseTtl.Validate(ttl);
        var token = Guid.NewGuid().ToString();
        var now = Options.TimeProvider.GetUtcNow();
        var expiresAt = now + ttl;
        var nowText = KeyValueStore.TextOf(now);
        var fenceName = SchemaMigrator.FenceCounterName(LockTable);
        // The holder before this acquisition, if any: a row that is still there was never released, so taking it is a takeover.
        List<SqlStatement> batch =
        [
            Commands.Lease(lockKey, nowText).ToStatement(),
            Commands.Acquire(lockKey, token, IsoTimestamp.ToText(expiresAt), nowText, fenceName).ToStatement(),
            Commands.AdvanceFence(lockKey, token, fenceName).ToStatement(),
        ];
        if (readState is not null)
        {
            batch.Add(Commands.Get(readState, nowText).ToStatement());
        }

        var results = await Driver.ExecuteBatchAsync(batch, idempotent: true, cancellationToken).ConfigureAwait(false);
        if (results[1] is not [var row])
        {
            return (null, null);
        }

        var (owner, fence) = Commands.AcquireRow(new ValuesRow(row));
        if (owner != token)
        {
            return (null, null);
        }

        var lease = new WorkflowLease(this, workflowId, token, fence, expiresAt) { TakenOver = results[0].Count > 0 };
        return (lease, readState is not null && results[3] is [var stateRow] ? stateRow : null);
    }

    /// <inheritdoc />
    public string DescribeLease(string workflowId)
    {
        var lockKey = LockKeyOf(workflowId);
        var shared = Options.Lock?.KeyPrefix is null
            ? " Leases are keyed by the bare workflow id, as the TypeScript package awaitly-libsql keys them, so this key is shared by " +
              "every process, state table and prefix that uses this lock table (a TypeScript process included): if another table or tenant " +
              "runs the same id, give each state table its own LockTableName, or set Lock.KeyPrefix to scope leases (the TypeScript package then cannot see them)."
            : "";
        return $"the lease '{lockKey}' in lock table '{LockTable}' is held by another run (usually another process) until it is released or expires " +
            $"(awaitly leases shows its expiry and owner).{shared}";
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseAsync(string workflowId, string ownerToken, CancellationToken cancellationToken = default)
    {
        var lockKey = LockKeyOf(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(ownerToken);
        // A busy database did not run the delete, so trying again is safe, for up to another BusyTimeout (wall-clock time,
        // like SQLite's own): a lease left behind would block the id until its TTL.
        long? firstBusy = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await Driver.ExecuteAsync(Commands.Release(lockKey, ownerToken), cancellationToken).ConfigureAwait(false) > 0;
            }
            catch (LibSqlException ex) when (ex.IsBusy &&
                System.Diagnostics.Stopwatch.GetElapsedTime(firstBusy ??= System.Diagnostics.Stopwatch.GetTimestamp()) < Options.BusyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5 << Math.Min(attempt, 6), 250)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
