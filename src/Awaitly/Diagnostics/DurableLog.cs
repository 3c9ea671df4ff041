using Microsoft.Extensions.Logging;

namespace Awaitly;

/// <summary>The engine's log messages (ids in <see cref="AwaitlyEventIds"/>). Values are never logged.</summary>
internal static partial class DurableLog
{
    public const string Category = "Awaitly.Durable";

    [LoggerMessage(AwaitlyEventIds.RunStarted, LogLevel.Debug, "Workflow {WorkflowId} (version {Version}) started")]
    public static partial void RunStarted(ILogger logger, string workflowId, int version);

    [LoggerMessage(AwaitlyEventIds.RunCompleted, LogLevel.Information, "Workflow {WorkflowId} completed in {ElapsedMs:0.0} ms ({Replayed} step(s) replayed)")]
    public static partial void RunCompleted(ILogger logger, string workflowId, double elapsedMs, int replayed);

    [LoggerMessage(AwaitlyEventIds.RunFailed, LogLevel.Warning, "Workflow {WorkflowId} failed with {ErrorCode} after {ElapsedMs:0.0} ms")]
    public static partial void RunFailed(ILogger logger, string workflowId, string errorCode, double elapsedMs);

    [LoggerMessage(AwaitlyEventIds.StepReplayed, LogLevel.Debug, "Workflow {WorkflowId}: step {StepKey} replayed from the stored state")]
    public static partial void StepReplayed(ILogger logger, string workflowId, string stepKey);

    [LoggerMessage(AwaitlyEventIds.StepFailed, LogLevel.Warning, "Workflow {WorkflowId}: step {StepId} (key {StepKey}) failed with {ErrorCode}")]
    public static partial void StepFailed(ILogger logger, string workflowId, string stepId, string? stepKey, string errorCode, Exception? exception);

    [LoggerMessage(AwaitlyEventIds.CheckpointFailed, LogLevel.Error, "Workflow {WorkflowId}: the checkpoint of step {StepKey} could not be saved")]
    public static partial void CheckpointFailed(ILogger logger, string workflowId, string stepKey, Exception exception);

    [LoggerMessage(AwaitlyEventIds.LeaseAcquired, LogLevel.Debug, "Workflow {WorkflowId}: lease acquired (fence {Fence}, expires {ExpiresAt:O})")]
    public static partial void LeaseAcquired(ILogger logger, string workflowId, long fence, DateTimeOffset expiresAt);

    [LoggerMessage(AwaitlyEventIds.LeaseTakenOver, LogLevel.Information, "Workflow {WorkflowId}: took over the expired lease of an earlier run (it crashed or stalled)")]
    public static partial void LeaseTakenOver(ILogger logger, string workflowId);

    [LoggerMessage(AwaitlyEventIds.LeaseRenewed, LogLevel.Trace, "Workflow {WorkflowId}: lease renewed")]
    public static partial void LeaseRenewed(ILogger logger, string workflowId);

    [LoggerMessage(AwaitlyEventIds.LeaseLost, LogLevel.Warning, "Workflow {WorkflowId}: the lease was lost; the run stops and keeps its last checkpoint")]
    public static partial void LeaseLost(ILogger logger, string workflowId, Exception? exception);

    [LoggerMessage(AwaitlyEventIds.LeaseHeld, LogLevel.Information, "Workflow {WorkflowId} did not start: its lease is held by another run ({Conflict})")]
    public static partial void LeaseHeld(ILogger logger, string workflowId, string conflict);

    [LoggerMessage(AwaitlyEventIds.CleanupFailed, LogLevel.Warning, "Workflow {WorkflowId}: the state of the finished run could not be deleted")]
    public static partial void CleanupFailed(ILogger logger, string workflowId, Exception exception);
}
