namespace Awaitly;

/// <summary>The run was cancelled. Its stored state is kept, so a later run resumes it.</summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="Reason">Why, when known.</param>
/// <param name="LastStepKey">The last step that completed (including replayed steps), if any.</param>
public sealed record WorkflowCancelledError(string WorkflowId, string? Reason, string? LastStepKey) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.WorkflowCancelled;

    /// <inheritdoc />
    public override string Message => $"Workflow '{WorkflowId}' was cancelled{(Reason is null ? "" : $": {Reason}")}.";
}
