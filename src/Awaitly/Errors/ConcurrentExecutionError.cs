namespace Awaitly;

/// <summary>Where the other run of the same id was found.</summary>
public enum ConcurrencyConflict
{
    /// <summary>Another run in this process, on the same store.</summary>
    InProcess,

    /// <summary>Another holder of the store's lease (usually another process).</summary>
    CrossProcess,
}

/// <summary>Another run with the same id is in progress; nothing was executed.</summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="Reason">Where the other run was found.</param>
public sealed record ConcurrentExecutionError(string WorkflowId, ConcurrencyConflict Reason) : WorkflowError
{
    /// <summary>
    /// For <see cref="ConcurrencyConflict.CrossProcess"/>: which lease is held, as the store names it (for a libSQL store,
    /// its lock table and key, and who else shares that key); <see langword="null"/> when the store does not say.
    /// </summary>
    public string? Lease { get; init; }

    /// <inheritdoc />
    public override string Code => ErrorCodes.ConcurrentExecution;

    /// <inheritdoc />
    public override string Message => Reason == ConcurrencyConflict.InProcess
        ? $"Workflow '{WorkflowId}' is already running in this process. Set AllowConcurrent = true to allow parallel executions."
        : $"Workflow '{WorkflowId}' is already running: {Lease ?? "its lease is held by another process"}. Set AllowConcurrent = true to allow parallel executions.";
}
