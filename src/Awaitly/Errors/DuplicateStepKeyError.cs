namespace Awaitly;

/// <summary>
/// A step key was used a second time in one run. Nothing of the second step ran: on a resume, both steps would
/// replay the one stored outcome, so the workflow would compute something else than it did live.
/// </summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="StepId">The id of the second step.</param>
/// <param name="StepKey">The key both steps use.</param>
public sealed record DuplicateStepKeyError(string WorkflowId, string StepId, string StepKey) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.DuplicateStepKey;

    /// <inheritdoc />
    public override string Message =>
        $"Step '{StepId}' of workflow '{WorkflowId}' uses the key '{StepKey}', which an earlier step of this run already used. " +
        "Give each step its own key (for a loop, include the index: key: $\"charge-{i}\").";
}
