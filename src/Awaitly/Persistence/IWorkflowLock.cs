namespace Awaitly;

/// <summary>
/// A lease lock over workflow ids, so that one process at a time runs a given id. A lease expires on
/// its own unless renewed; an expired lease can be taken over at once.
/// </summary>
public interface IWorkflowLock
{
    /// <summary>Takes the lease for <paramref name="ttl"/>; <see langword="null"/> while another holder's lease is live.</summary>
    ValueTask<WorkflowLease?> TryAcquireAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends the holder's lease to now + <paramref name="ttl"/>; false when the lease is no longer the holder's.</summary>
    ValueTask<bool> RenewAsync(string workflowId, string ownerToken, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Releases the holder's lease; false (and nothing deleted) when it is not the holder's.</summary>
    ValueTask<bool> ReleaseAsync(string workflowId, string ownerToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Names the lease that a run of <paramref name="workflowId"/> takes (for example its table and key), for the
    /// message of a refused run's <see cref="ConcurrentExecutionError"/>.
    /// </summary>
    string DescribeLease(string workflowId) => $"the lease of '{workflowId}' is held by another process";
}
