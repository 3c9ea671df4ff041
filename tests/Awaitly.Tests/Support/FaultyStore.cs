namespace Awaitly.Tests.Support;

/// <summary>
/// A real <see cref="InMemoryStatePersistence"/> behind switches that make chosen operations fail or
/// wait, for testing how the engine reacts to a failing store. Only implements the base contract
/// (no paging, no bulk, no lock) unless wrapped by the subclasses below.
/// </summary>
public class FaultyStore(InMemoryStatePersistence? inner = null) : IStatePersistence
{
    public InMemoryStatePersistence Inner { get; } = inner ?? new InMemoryStatePersistence();

    public Func<string, Exception?> SaveFault { get; set; } = _ => null;

    public Func<string, Exception?> LoadFault { get; set; } = _ => null;

    public Func<string, Exception?> DeleteFault { get; set; } = _ => null;

    public Func<int, Task>? BeforeSave { get; set; }

    public int Saves { get; private set; }

    public List<WorkflowState> Saved { get; } = [];

    public virtual async ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default)
    {
        var number = ++Saves;
        if (BeforeSave is { } wait)
        {
            await wait(number);
        }

        if (SaveFault(workflowId) is { } fault)
        {
            throw fault;
        }

        lock (Saved)
        {
            Saved.Add(state);
        }

        await Inner.SaveAsync(workflowId, state, fence, cancellationToken);
    }

    public virtual ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default) =>
        LoadFault(workflowId) is { } fault ? ValueTask.FromException<WorkflowState?>(fault) : Inner.LoadAsync(workflowId, cancellationToken);

    public virtual ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default) =>
        DeleteFault(workflowId) is { } fault ? ValueTask.FromException<bool>(fault) : Inner.DeleteAsync(workflowId, fence, cancellationToken);

    public virtual ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => Inner.ListAsync(cancellationToken);
}

/// <summary>A faulty store that also exposes the inner store's lease lock, with switchable renew and release.</summary>
public sealed class FaultyLockingStore(InMemoryStatePersistence? inner = null) : FaultyStore(inner), IWorkflowLock
{
    public Func<bool>? RenewOverride { get; set; }

    public Exception? ReleaseFault { get; set; }

    public bool AcquireReturnsNull { get; set; }

    public int Acquisitions { get; private set; }

    public WorkflowLease? LastLease { get; private set; }

    public async ValueTask<WorkflowLease?> TryAcquireAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Acquisitions++;
        if (AcquireReturnsNull)
        {
            return null;
        }

        var lease = await Inner.TryAcquireAsync(workflowId, ttl, cancellationToken);
        LastLease = lease is null ? null : new WorkflowLease(this, workflowId, lease.OwnerToken, lease.FencingToken, lease.ExpiresAt);
        return LastLease;
    }

    public ValueTask<bool> RenewAsync(string workflowId, string ownerToken, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        RenewOverride is { } renew ? ValueTask.FromResult(renew()) : Inner.RenewAsync(workflowId, ownerToken, ttl, cancellationToken);

    public ValueTask<bool> ReleaseAsync(string workflowId, string ownerToken, CancellationToken cancellationToken = default) =>
        ReleaseFault is { } fault ? ValueTask.FromException<bool>(fault) : Inner.ReleaseAsync(workflowId, ownerToken, cancellationToken);
}
