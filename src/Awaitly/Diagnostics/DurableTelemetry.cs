using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Awaitly;

/// <summary>The engine's activity source and instruments. Every recording is guarded, so with no listener a run pays a few field reads.</summary>
internal static class DurableTelemetry
{
    public static readonly ActivitySource Source = new(AwaitlyTelemetry.ActivitySourceName);

    public static readonly Meter Meter = new(AwaitlyTelemetry.MeterName);

    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("awaitly.runs", "{run}", "Durable runs that ended, by outcome and error code.");

    public static readonly Counter<long> StepsExecuted = Meter.CreateCounter<long>("awaitly.steps.executed", "{step}", "Steps whose operation ran.");

    public static readonly Counter<long> StepsReplayed = Meter.CreateCounter<long>("awaitly.steps.replayed", "{step}", "Steps answered from the stored state.");

    public static readonly Counter<long> CheckpointFailures = Meter.CreateCounter<long>("awaitly.checkpoint.failures", "{checkpoint}", "Checkpoints that could not be saved.");

    public static readonly Counter<long> LeaseLosses = Meter.CreateCounter<long>("awaitly.lease.losses", "{lease}", "Runs stopped because their lease was lost.");

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("awaitly.run.duration", "s", "Duration of durable runs.");

    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("awaitly.step.duration", "s", "Duration of executed steps, retries included.");

    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>("awaitly.checkpoint.duration", "s", "Duration of checkpoint saves.");

    public const string WorkflowId = "awaitly.workflow.id";
    public const string WorkflowName = "awaitly.workflow.name";
    public const string WorkflowVersion = "awaitly.workflow.version";
    public const string Outcome = "awaitly.run.outcome";
    public const string ReplayedSteps = "awaitly.run.replayed_steps";
    public const string StepId = "awaitly.step.id";
    public const string StepKey = "awaitly.step.key";
    public const string Attempts = "awaitly.step.attempts";
    public const string ErrorType = "error.type";

    public static TagList NameTag(string? name)
    {
        var tags = new TagList();
        if (name is not null)
        {
            tags.Add(WorkflowName, name);
        }

        return tags;
    }

    public static void Failed(Activity? activity, string code)
    {
        if (activity is not null)
        {
            activity.SetTag(ErrorType, code);
            activity.SetStatus(ActivityStatusCode.Error, code);
        }
    }
}
