namespace Awaitly;

/// <summary>How the delay between attempts grows.</summary>
public enum RetryBackoff
{
    /// <summary>Every delay is <see cref="StepRetry.InitialDelay"/>.</summary>
    Fixed,

    /// <summary>The n-th delay is n × <see cref="StepRetry.InitialDelay"/>.</summary>
    Linear,

    /// <summary>The n-th delay is 2ⁿ⁻¹ × <see cref="StepRetry.InitialDelay"/>.</summary>
    Exponential,
}

/// <summary>One failed attempt of a step, as <see cref="StepRetry.RetryOn"/> sees it.</summary>
/// <param name="Attempt">The attempt that failed (1 for the first).</param>
/// <param name="Error">The typed error the operation returned, or <see langword="null"/> when it threw or timed out.</param>
/// <param name="Exception">The exception it threw, or <see langword="null"/>.</param>
/// <param name="TimedOut">True when the attempt exceeded <see cref="StepOptions.Timeout"/>.</param>
public sealed record StepAttemptFailure(int Attempt, object? Error, Exception? Exception, bool TimedOut);

/// <summary>
/// Retries of a step (the TypeScript package's <c>StepOptions.retry</c>): a failed attempt (a typed error, an exception
/// or a timeout) runs again after a delay, up to <see cref="Attempts"/> attempts; only the final outcome is checkpointed.
/// Cancellation of the run is never retried. Delays use the run's <see cref="DurableOptions.TimeProvider"/> and end early
/// when the run is cancelled.
/// </summary>
public sealed record StepRetry
{
    /// <summary>The most attempts, the first included. Default 3.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>How the delay grows. Default <see cref="RetryBackoff.Exponential"/>.</summary>
    public RetryBackoff Backoff { get; init; } = RetryBackoff.Exponential;

    /// <summary>The delay before the second attempt. Default 100 ms.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread each delay at random over [delay / 2, delay], so that many runs do not retry in step. Default false.</summary>
    public bool Jitter { get; init; }

    /// <summary>Decides whether a failed attempt is retried. Default: every typed error, exception and timeout.</summary>
    public Func<StepAttemptFailure, bool>? RetryOn { get; init; }

    internal bool ShouldRetry(StepAttemptFailure failure) =>
        failure.Attempt < Attempts && (RetryOn?.Invoke(failure) ?? true);

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    internal TimeSpan DelayAfter(int attempt)
    {
        var factor = Backoff switch
        {
            RetryBackoff.Fixed => 1d,
            RetryBackoff.Linear => attempt,
            _ => Math.Pow(2, attempt - 1),
        };
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks));
        return Jitter ? delay / 2 + delay / 2 * Random.Shared.NextDouble() : delay;
    }

    internal void Validate()
    {
        if (Attempts is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Attempts), Attempts, "StepRetry.Attempts must be between 1 and 1000 (1 means no retry).");
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || InitialDelay > MaxDelay || MaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay,
                $"StepRetry delays must satisfy 0 <= InitialDelay <= MaxDelay <= 1 day (got InitialDelay {InitialDelay}, MaxDelay {MaxDelay}).");
        }

        if (!Enum.IsDefined(Backoff))
        {
            throw new ArgumentOutOfRangeException(nameof(Backoff), Backoff, "StepRetry.Backoff must be Fixed, Linear or Exponential.");
        }
    }
}
