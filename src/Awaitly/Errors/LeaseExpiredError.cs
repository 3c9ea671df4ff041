namespace Awaitly;

/// <summary>
/// The run lost its lease: a renewal failed, or another holder took the lease over. The run was
/// stopped so that two processes never execute the same workflow at once.
/// </summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="Cause">The renewal's exception, if it threw.</param>
public sealed record LeaseExpiredError(string WorkflowId, Exception? Cause) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.LeaseExpired;

    /// <inheritdoc />
    public override string Message =>
        $"Workflow '{WorkflowId}' lost its lease{(Cause is null ? "" : $" ({Cause.Message})")}; the run was stopped. " +
        "Re-run it to resume from the last checkpoint, or raise DurableOptions.LockTtl.";
}
