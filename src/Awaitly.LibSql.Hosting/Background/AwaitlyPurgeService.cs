using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awaitly.LibSql.Hosting;

/// <summary>Deletes the store's expired rows every <see cref="AwaitlyLibSqlOptions.PurgeInterval"/> (nothing when it is unset); stops with the host.</summary>
internal sealed class AwaitlyPurgeService(AwaitlyStoreHost host, ILoggerFactory? loggerFactory) : BackgroundService
{
    private readonly ILogger _log = loggerFactory?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (host.Options.PurgeInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, host.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var store = host.Store;
        try
        {
            var purged = await store.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
            if (purged > 0)
            {
                HostingLog.Purged(_log, purged, store.Sql.Table);
            }
            else
            {
                HostingLog.NothingPurged(_log, store.Sql.Table);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Expired rows are already invisible to reads; the next tick tries again.
            HostingLog.PurgeFailed(_log, store.Sql.Table, ex);
        }
    }
}
