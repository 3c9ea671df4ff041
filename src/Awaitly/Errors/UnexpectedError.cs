namespace Awaitly;

/// <summary>An exception escaped a step or the workflow body. The exception is the cause.</summary>
/// <param name="Cause">The exception that was thrown.</param>
/// <param name="StepKey">The key of the step that threw, or <see langword="null"/> when it was thrown outside any step.</param>
public sealed record UnexpectedError(Exception Cause, string? StepKey) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.UnexpectedError;

    /// <inheritdoc />
    public override string Message => StepKey is null
        ? $"The workflow threw {Cause.GetType().Name}: {Cause.Message}"
        : $"Step '{StepKey}' threw {Cause.GetType().Name}: {Cause.Message}";
}
