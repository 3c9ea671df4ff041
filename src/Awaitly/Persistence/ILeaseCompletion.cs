namespace Awaitly;

/// <summary>
/// A store with a lease lock that can finish a successful run in one atomic step: delete its state (fenced by the lease)
/// and release the lease together, one commit (and one round trip remotely) instead of two.
/// </summary>
public interface ILeaseCompletion : IStatePersistence, IWorkflowLock
{
    /// <summary>
    /// Deletes the state of <paramref name="lease"/>'s workflow if the lease still holds it, and releases the lease.
    /// Returns whether a live state was deleted.
    /// </summary>
    /// <exception cref="LeaseLostException">The lease no longer holds the id: nothing was deleted.</exception>
    ValueTask<bool> DeleteAndReleaseAsync(WorkflowLease lease, CancellationToken cancellationToken = default);
}
