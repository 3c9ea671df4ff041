namespace Awaitly;

/// <summary>
/// A store with a lease lock that can take the lease and read the state it guards in one step: one transaction (and one
/// round trip remotely) at the start of a run instead of two.
/// </summary>
public interface ILeasedLoad : IStatePersistence, IWorkflowLock
{
    /// <summary>
    /// Takes the lease of <paramref name="workflowId"/> for <paramref name="ttl"/> and reads its stored state.
    /// Returns <see langword="null"/> when another holder's lease is live (nothing is read or changed).
    /// </summary>
    /// <exception cref="WorkflowStateFormatException">The stored document cannot be read; the lease taken is released again.</exception>
    ValueTask<LeasedState?> TryAcquireAndLoadAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default);
}

/// <summary>A lease just taken, and the state it guards (<see langword="null"/> when none is stored).</summary>
/// <param name="Lease">The lease.</param>
/// <param name="State">The stored state, or <see langword="null"/>.</param>
public sealed record LeasedState(WorkflowLease Lease, WorkflowState? State);
