using Microsoft.Extensions.Logging;

namespace Awaitly.LibSql.Hosting;

/// <summary>The hosted services' log messages (ids in <see cref="AwaitlyEventIds"/>).</summary>
internal static partial class HostingLog
{
    public const string Category = "Awaitly.Hosting";

    [LoggerMessage(AwaitlyEventIds.PurgeCompleted, LogLevel.Information, "Purged {Count} expired row(s) from {Table}")]
    public static partial void Purged(ILogger logger, int count, string table);

    [LoggerMessage(AwaitlyEventIds.PurgeCompleted, LogLevel.Debug, "No expired rows in {Table}")]
    public static partial void NothingPurged(ILogger logger, string table);

    [LoggerMessage(AwaitlyEventIds.PurgeFailed, LogLevel.Error, "Purging the expired rows of {Table} failed; the next interval tries again")]
    public static partial void PurgeFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(AwaitlyEventIds.PendingRunsResumed, LogLevel.Information,
        "Pending runs of {Store}: {Resumed} resumed ({Completed} completed), {Skipped} skipped (lease held), {Left} left for the application")]
    public static partial void ScanCompleted(ILogger logger, string store, int resumed, int completed, int skipped, int left);

    [LoggerMessage(AwaitlyEventIds.PendingRunsResumed, LogLevel.Debug, "Pending runs of {Store}: {Skipped} skipped (lease held)")]
    public static partial void OnlySkipped(ILogger logger, string store, int skipped);

    [LoggerMessage(AwaitlyEventIds.PendingRunResumed, LogLevel.Debug, "Resuming workflow {WorkflowId} ({Workflow}, stored version {StoredVersion}) unless its lease is held")]
    public static partial void Resuming(ILogger logger, string workflowId, string workflow, double storedVersion);

    [LoggerMessage(AwaitlyEventIds.PendingRunLeft, LogLevel.Warning,
        "Workflow {WorkflowId} ({Workflow}) ended on a step's error ({ErrorCode}); running it again would repeat it, so it is left for the application")]
    public static partial void Left(ILogger logger, string workflowId, string workflow, string? errorCode);

    [LoggerMessage(AwaitlyEventIds.PendingRunSkipped, LogLevel.Debug, "Workflow {WorkflowId} is running elsewhere (its lease is held); skipped")]
    public static partial void Skipped(ILogger logger, string workflowId);

    [LoggerMessage(AwaitlyEventIds.ResumeScanFailed, LogLevel.Error, "Looking for pending runs of {Store} failed; the next interval tries again")]
    public static partial void ScanFailed(ILogger logger, string store, Exception exception);
}
