using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awaitly;

/// <summary>Reports one run to logs, traces and metrics: the run span, a span per executed step and checkpoint, and the measurements.</summary>
internal sealed class RunObserver
{
    private readonly DurableOptions _options;
    private readonly ILogger _log;
    private readonly Activity? _activity;
    private readonly long _started;
    private int _replayed;

    public RunObserver(DurableOptions options)
    {
        _options = options;
        _log = options.LoggerFactory?.CreateLogger(DurableLog.Category) ?? NullLogger.Instance;
        _started = Stopwatch.GetTimestamp();
        _activity = DurableTelemetry.Source.StartActivity(AwaitlyTelemetry.RunSpan, ActivityKind.Internal);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(DurableTelemetry.WorkflowId, options.Id);
            _activity.SetTag(DurableTelemetry.WorkflowVersion, options.Version);
            if (options.Name is not null)
            {
                _activity.SetTag(DurableTelemetry.WorkflowName, options.Name);
            }
        }

        DurableLog.RunStarted(_log, options.Id, options.Version);
    }

    private string Id => _options.Id;

    public void LeaseAcquired(WorkflowLease lease)
    {
        DurableLog.LeaseAcquired(_log, Id, lease.FencingToken, lease.ExpiresAt);
        if (lease.TakenOver)
        {
            DurableLog.LeaseTakenOver(_log, Id);
        }
    }

    public void LeaseRenewed() => DurableLog.LeaseRenewed(_log, Id);

    public void LeaseLost(Exception? cause)
    {
        DurableLog.LeaseLost(_log, Id, cause);
        if (DurableTelemetry.LeaseLosses.Enabled)
        {
            DurableTelemetry.LeaseLosses.Add(1, DurableTelemetry.NameTag(_options.Name));
        }
    }

    public void StepReplayed(string stepId, string stepKey)
    {
        Interlocked.Increment(ref _replayed);
        DurableLog.StepReplayed(_log, Id, stepKey);
        if (DurableTelemetry.StepsReplayed.Enabled)
        {
            DurableTelemetry.StepsReplayed.Add(1, DurableTelemetry.NameTag(_options.Name));
        }

        if (_activity is { IsAllDataRequested: true })
        {
            _activity.AddEvent(new ActivityEvent(AwaitlyTelemetry.StepReplayedEvent, tags: new ActivityTagsCollection
            {
                [DurableTelemetry.StepId] = stepId,
                [DurableTelemetry.StepKey] = stepKey,
            }));
        }
    }

    public Activity? StepStarted(string stepId, string? stepKey)
    {
        var activity = DurableTelemetry.Source.StartActivity(AwaitlyTelemetry.StepSpan, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(DurableTelemetry.WorkflowId, Id);
            activity.SetTag(DurableTelemetry.StepId, stepId);
            if (stepKey is not null)
            {
                activity.SetTag(DurableTelemetry.StepKey, stepKey);
            }
        }

        return activity;
    }

    /// <summary>Whether a step's duration is recorded (someone listens to the metric), so the run reads the clock for it.</summary>
    public static bool TimesSteps => DurableTelemetry.StepDuration.Enabled;

    /// <summary>Whether a checkpoint's duration is recorded.</summary>
    public static bool TimesCheckpoints => DurableTelemetry.CheckpointDuration.Enabled;

    // A duration is null when nobody listened as the step or checkpoint started, so it was not timed.
    public void StepEnded(Activity? activity, string stepId, string? stepKey, TimeSpan? duration, int attempts, WorkflowError? error, Exception? exception)
    {
        if (error is not null)
        {
            DurableLog.StepFailed(_log, Id, stepId, stepKey, error.Code, exception);
        }

        if (DurableTelemetry.StepsExecuted.Enabled)
        {
            DurableTelemetry.StepsExecuted.Add(1, DurableTelemetry.NameTag(_options.Name));
        }

        if (duration is { } took && DurableTelemetry.StepDuration.Enabled)
        {
            DurableTelemetry.StepDuration.Record(took.TotalSeconds, DurableTelemetry.NameTag(_options.Name));
        }

        if (activity is not null)
        {
            if (attempts > 1)
            {
                activity.SetTag(DurableTelemetry.Attempts, attempts);
            }

            if (error is not null)
            {
                DurableTelemetry.Failed(activity, error.Code);
            }

            activity.Dispose();
        }
    }

    public static Activity? CheckpointStarted(string workflowId, string stepKey)
    {
        var activity = DurableTelemetry.Source.StartActivity(AwaitlyTelemetry.CheckpointSpan, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(DurableTelemetry.WorkflowId, workflowId);
            activity.SetTag(DurableTelemetry.StepKey, stepKey);
        }

        return activity;
    }

    public void CheckpointEnded(Activity? activity, string stepKey, TimeSpan? duration, Exception? failure)
    {
        if (failure is not null)
        {
            DurableLog.CheckpointFailed(_log, Id, stepKey, failure);
            if (DurableTelemetry.CheckpointFailures.Enabled)
            {
                DurableTelemetry.CheckpointFailures.Add(1, DurableTelemetry.NameTag(_options.Name));
            }
        }

        if (duration is { } took && DurableTelemetry.CheckpointDuration.Enabled)
        {
            DurableTelemetry.CheckpointDuration.Record(took.TotalSeconds, DurableTelemetry.NameTag(_options.Name));
        }

        if (activity is not null)
        {
            if (failure is not null)
            {
                DurableTelemetry.Failed(activity, failure is LeaseLostException ? ErrorCodes.LeaseExpired : ErrorCodes.PersistenceError);
            }

            activity.Dispose();
        }
    }

    public void CleanupFailed(Exception exception) => DurableLog.CleanupFailed(_log, Id, exception);

    public void Ended(WorkflowError? error)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (error is null)
        {
            DurableLog.RunCompleted(_log, Id, elapsed.TotalMilliseconds, _replayed);
        }
        else if (error is ConcurrentExecutionError conflict)
        {
            DurableLog.LeaseHeld(_log, Id, conflict.Reason == ConcurrencyConflict.InProcess ? "in this process" : "another process");
        }
        else
        {
            DurableLog.RunFailed(_log, Id, error.Code, elapsed.TotalMilliseconds);
        }

        if (DurableTelemetry.Runs.Enabled || DurableTelemetry.RunDuration.Enabled)
        {
            var tags = DurableTelemetry.NameTag(_options.Name);
            tags.Add(DurableTelemetry.Outcome, error is null ? "succeeded" : "failed");
            if (error is not null)
            {
                tags.Add(DurableTelemetry.ErrorType, error.Code);
            }

            DurableTelemetry.Runs.Add(1, tags);
            DurableTelemetry.RunDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (_activity is not null)
        {
            _activity.SetTag(DurableTelemetry.Outcome, error is null ? "succeeded" : "failed");
            _activity.SetTag(DurableTelemetry.ReplayedSteps, _replayed);
            if (error is not null)
            {
                DurableTelemetry.Failed(_activity, error.Code);
            }

            _activity.Dispose();
        }
    }
}
