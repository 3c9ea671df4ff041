namespace Awaitly;

/// <summary>Options of one step.</summary>
public sealed record StepOptions
{
    /// <summary>A step that is executed on every run and never stored.</summary>
    public static StepOptions NotDurable { get; } = new() { Durable = false };

    /// <summary>Whether the step's outcome is stored and replayed. Default true.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Fail an attempt of the step with <see cref="StepTimeoutError"/> when it takes longer than this.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Run a failed attempt again (see <see cref="StepRetry"/>). Default: no retry.</summary>
    public StepRetry? Retry { get; init; }

    internal void Validate()
    {
        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "StepOptions.Timeout must be positive and at most 1 day.");
        }

        Retry?.Validate();
    }
}
