using System.Diagnostics.CodeAnalysis;

namespace Awaitly;

/// <summary>
/// A step returned an expected error (an error <see cref="Result{T, TError}"/>). The error is the
/// step's own value, live or replayed from the stored state.
/// </summary>
/// <param name="StepKey">The key of the step that failed.</param>
/// <param name="Error">The step's error value.</param>
/// <param name="Cause">The error's cause, when there was one (replayed causes are <see cref="PersistedCauseException"/>).</param>
public sealed record ExpectedError(string StepKey, object Error, Exception? Cause) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.ExpectedError;

    /// <inheritdoc />
    public override string Message => $"Step '{StepKey}' returned an error: {Error}";

    /// <summary>Gets the error as <typeparamref name="TError"/> when it is one.</summary>
    public bool TryGetError<TError>([MaybeNullWhen(false)] out TError error)
    {
        if (Error is TError typed)
        {
            error = typed;
            return true;
        }

        error = default;
        return false;
    }
}
