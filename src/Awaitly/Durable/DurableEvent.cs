namespace Awaitly;

/// <summary>What happened.</summary>
public enum DurableEventKind
{
    /// <summary>A step started executing.</summary>
    StepStarted,

    /// <summary>A step produced a value.</summary>
    StepSucceeded,

    /// <summary>A step returned an error or threw.</summary>
    StepFailed,

    /// <summary>A step was answered from the stored state without executing.</summary>
    StepCacheHit,

    /// <summary>A checkpoint was saved.</summary>
    PersistSucceeded,

    /// <summary>A checkpoint could not be saved.</summary>
    PersistFailed,

    /// <summary>The state could not be deleted after the run succeeded (the value is still returned).</summary>
    CleanupFailed,

    /// <summary>The lease could not be renewed; the run is being stopped.</summary>
    LeaseLost,

    /// <summary>An attempt of a step with <see cref="StepOptions.Retry"/> failed; the step runs again after <see cref="DurableEvent.Delay"/>.</summary>
    StepRetrying,
}

/// <summary>An event of a durable run.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="WorkflowId">The durable id of the run.</param>
/// <param name="Timestamp">When it happened, by the run's clock.</param>
public sealed record DurableEvent(DurableEventKind Kind, string WorkflowId, DateTimeOffset Timestamp)
{
    /// <summary>The step id, for step and persistence events.</summary>
    public string? StepId { get; init; }

    /// <summary>The step key, for step and persistence events.</summary>
    public string? StepKey { get; init; }

    /// <summary>The step's error, for <see cref="DurableEventKind.StepFailed"/>.</summary>
    public WorkflowError? Error { get; init; }

    /// <summary>The exception, for failures.</summary>
    public Exception? Exception { get; init; }

    /// <summary>How long the step or save took.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The attempt, for step events of a step with retries (1 for the first).</summary>
    public int? Attempt { get; init; }

    /// <summary>The wait before the next attempt, for <see cref="DurableEventKind.StepRetrying"/>.</summary>
    public TimeSpan? Delay { get; init; }
}
