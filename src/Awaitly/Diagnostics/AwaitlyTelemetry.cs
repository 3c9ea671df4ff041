namespace Awaitly;

/// <summary>
/// The names under which Awaitly reports traces and metrics through <see cref="System.Diagnostics"/>. Subscribe with
/// OpenTelemetry's <c>AddSource(AwaitlyTelemetry.ActivitySourceName)</c> and <c>AddMeter(AwaitlyTelemetry.MeterName)</c>;
/// with no listener nothing is recorded. No span, tag or measurement ever holds a step value or a bound SQL value.
/// </summary>
public static class AwaitlyTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of runs, steps, checkpoints and store operations.</summary>
    public const string ActivitySourceName = "Awaitly";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of run, step, checkpoint, lease and remote measurements.</summary>
    public const string MeterName = "Awaitly";

    /// <summary>The name of the span of one durable run.</summary>
    public const string RunSpan = "awaitly.run";

    /// <summary>The name of the span of one executed step (replayed steps are events of the run span).</summary>
    public const string StepSpan = "awaitly.step";

    /// <summary>The name of the span of one checkpoint save.</summary>
    public const string CheckpointSpan = "awaitly.checkpoint";

    /// <summary>The name of the run-span event of a step answered from the stored state.</summary>
    public const string StepReplayedEvent = "awaitly.step.replayed";
}
