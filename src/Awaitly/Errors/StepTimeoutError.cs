namespace Awaitly;

/// <summary>A step did not complete within the timeout set in its <see cref="StepOptions"/>.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="StepKey">The step's persistence key, if it has one.</param>
/// <param name="Timeout">The timeout that elapsed.</param>
public sealed record StepTimeoutError(string StepId, string? StepKey, TimeSpan Timeout) : WorkflowError
{
    /// <summary>The attempt that timed out (1 unless the step has <see cref="StepOptions.Retry"/>).</summary>
    public int Attempt { get; init; } = 1;

    /// <inheritdoc />
    public override string Code => ErrorCodes.StepTimeout;

    /// <inheritdoc />
    public override string Message => Attempt == 1
        ? $"Step '{StepId}' did not complete within {Timeout.TotalMilliseconds:0} ms."
        : $"Step '{StepId}' did not complete within {Timeout.TotalMilliseconds:0} ms on attempt {Attempt}.";
}
