namespace Awaitly;

/// <summary>
/// Where durable runs keep their state. One document per workflow id; the store owns the key layout.
/// </summary>
public interface IStatePersistence
{
    /// <summary>
    /// Writes the whole state of <paramref name="workflowId"/>. With a <paramref name="fence"/>, the
    /// store refuses the write (with <see cref="LeaseLostException"/>) unless that lease is still the
    /// current holder's, so a process whose lease was taken over cannot overwrite the new owner's checkpoints.
    /// </summary>
    ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the state and its metadata in one read; <see langword="null"/> when there is none (or it expired).
    /// A stored document that cannot be read throws <see cref="WorkflowStateFormatException"/>.
    /// </summary>
    ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the state; true when a row existed. A <paramref name="fence"/> works as for <see cref="SaveAsync"/>.</summary>
    ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default);

    /// <summary>The ids that have state (not expired), in ordinal order.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A store that can page through its ids.</summary>
public interface IPagedStatePersistence : IStatePersistence
{
    /// <summary>One page of ids, with a stable order and an exact <see cref="StatePage.NextOffset"/>.</summary>
    ValueTask<StatePage> ListPageAsync(StateListOptions options, CancellationToken cancellationToken = default);
}

/// <summary>A store that can delete many ids, or all of its ids, at once.</summary>
public interface IBulkStatePersistence : IStatePersistence
{
    /// <summary>Deletes the given ids; returns how many rows existed.</summary>
    ValueTask<int> DeleteManyAsync(IReadOnlyCollection<string> workflowIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes every state of this store (for a prefixed store, only its own prefix).</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);
}
