namespace Awaitly;

/// <summary>The store operation that failed.</summary>
public enum PersistenceOperation
{
    /// <summary>Reading the state (or taking the lease before it).</summary>
    Load,

    /// <summary>Writing a checkpoint.</summary>
    Save,

    /// <summary>Deleting the state.</summary>
    Delete,
}

/// <summary>The store failed; the stored state was left as it was.</summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="Operation">What the engine was doing.</param>
/// <param name="Cause">The store's exception.</param>
public sealed record PersistenceError(string WorkflowId, PersistenceOperation Operation, Exception Cause) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.PersistenceError;

    /// <inheritdoc />
    public override string Message => Operation switch
    {
        PersistenceOperation.Load => $"Failed to load state for workflow '{WorkflowId}': {Cause.Message}",
        PersistenceOperation.Save => $"Failed to save state for workflow '{WorkflowId}': {Cause.Message}",
        _ => $"Failed to delete state for workflow '{WorkflowId}': {Cause.Message}",
    };
}
