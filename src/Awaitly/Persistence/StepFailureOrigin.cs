namespace Awaitly;

/// <summary>How a stored failed step failed (the stored <c>meta.origin</c>).</summary>
public enum StepFailureOrigin
{
    /// <summary>The step returned an expected error. Replayed on resume.</summary>
    Result,

    /// <summary>The step threw. Kept for diagnosis; the step runs again on resume.</summary>
    Throw,
}
