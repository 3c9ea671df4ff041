using Microsoft.Extensions.Logging;

namespace Awaitly.LibSql.Diagnostics;

/// <summary>The store's log messages (ids in <see cref="AwaitlyEventIds"/>). Bound values and auth tokens are never logged.</summary>
internal static partial class StoreLog
{
    public const string Category = "Awaitly.LibSql";

    [LoggerMessage(AwaitlyEventIds.StoreOpened, LogLevel.Information, "Opened the Awaitly store at {Url} (table {Table}, lock table {LockTable})")]
    public static partial void StoreOpened(ILogger logger, string url, string table, string? lockTable);

    [LoggerMessage(AwaitlyEventIds.RemoteRequestRetried, LogLevel.Warning, "The {Request} request to {Url} failed ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void RemoteRequestRetried(ILogger logger, string request, string url, string reason, int attempt, double delayMs);

    [LoggerMessage(AwaitlyEventIds.RemoteRequestFailed, LogLevel.Error, "The {Request} request to {Url} failed with {ErrorCode}")]
    public static partial void RemoteRequestFailed(ILogger logger, string request, string url, string errorCode, Exception exception);

    [LoggerMessage(AwaitlyEventIds.PurgeCompleted, LogLevel.Information, "Purged {Count} expired row(s) from {Table}")]
    public static partial void Purged(ILogger logger, int count, string table);

    [LoggerMessage(AwaitlyEventIds.PurgeCompleted, LogLevel.Debug, "No expired rows in {Table}")]
    public static partial void NothingPurged(ILogger logger, string table);

    [LoggerMessage(AwaitlyEventIds.PurgeFailed, LogLevel.Error, "Purging the expired rows of {Table} failed")]
    public static partial void PurgeFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(AwaitlyEventIds.JournalFoldFailed, LogLevel.Warning, "Folding the step journal of a state of {Table} back into its document failed; it is kept in the journal")]
    public static partial void JournalFoldFailed(ILogger logger, string table, Exception exception);
}
