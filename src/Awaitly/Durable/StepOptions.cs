namespace Awaitly;

/// <summary>Options of one step.</summary>
public sealed record StepOptions
{
    /// <summary>A step that is executed on every run and never stored.</summary>
    public static StepOptions NotDurable { get; } = new() { Durable = false };

    /// <summary>Whether the step's outcome is stored and replayed. Default true.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Fail the step with <see cref="StepTimeoutError"/> when it takes longer than this.</summary>
    public TimeSpan? Timeout { get; init; }
}
