namespace Awaitly;

/// <summary>
/// A held lease. Disposing it releases it (once); <see cref="RenewAsync"/> extends it.
/// </summary>
public sealed class WorkflowLease : IAsyncDisposable
{
    private readonly IWorkflowLock _lock;
    private readonly CancellationTokenSource _lost = new();
    private int _released;

    /// <summary>Creates a handle for a lease a lock implementation has granted.</summary>
    public WorkflowLease(IWorkflowLock owner, string workflowId, string ownerToken, long fencingToken, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(ownerToken);
        _lock = owner;
        WorkflowId = workflowId;
        OwnerToken = ownerToken;
        FencingToken = fencingToken;
        ExpiresAt = expiresAt;
    }

    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>The holder's random token.</summary>
    public string OwnerToken { get; }

    /// <summary>The acquisition's number; larger for every later acquisition of the same id.</summary>
    public long FencingToken { get; }

    /// <summary>When the lease expires unless renewed (as of acquisition).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// Cancelled when the lease is no longer held: a renewal found it taken over or expired, the run that holds it lost it
    /// (heartbeat or a refused checkpoint), or it was released. Pass it to work that must stop with the lease.
    /// </summary>
    public CancellationToken LostToken => _lost.Token;

    /// <summary>True when this acquisition took the id over from an earlier holder whose lease had expired (a run that crashed or stalled).</summary>
    public bool TakenOver { get; init; }

    /// <summary>The fence that stores check on writes.</summary>
    public LeaseFence Fence => new(OwnerToken, FencingToken);

    /// <summary>Extends the lease; false when it was lost (and <see cref="LostToken"/> is then cancelled).</summary>
    public async ValueTask<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var renewed = await _lock.RenewAsync(WorkflowId, OwnerToken, ttl, cancellationToken).ConfigureAwait(false);
        if (!renewed)
        {
            MarkLost();
        }

        return renewed;
    }

    /// <summary>Releases the lease; false when it was no longer held. Only the first call does anything.</summary>
    public async ValueTask<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return false;
        }

        try
        {
            return await _lock.ReleaseAsync(WorkflowId, OwnerToken, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            MarkLost();
        }
    }

    /// <summary>Records that the lease is gone (cancels <see cref="LostToken"/>); called by the run that holds it.</summary>
    /// <summary>Records that the store released the lease itself (with <see cref="ILeaseCompletion.DeleteAndReleaseAsync"/>): a later release does nothing.</summary>
    /// <returns>False when the lease was already released.</returns>
    internal bool MarkReleased()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return false;
        }

        MarkLost();
        return true;
    }

    internal void MarkLost()
    {
        try
        {
            _lost.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered on LostToken threw; the lease is lost all the same.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);
}
