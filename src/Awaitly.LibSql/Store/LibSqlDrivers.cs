using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Diagnostics;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Remote;

namespace Awaitly.LibSql.Store;

/// <summary>Picks the driver for a store URL.</summary>
internal static class LibSqlDrivers
{
    public static async ValueTask<ISqlDriver> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken, bool inspect = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var url = LibSqlUrl.Parse(options.Url);
        if (url.Kind == LibSqlUrlKind.Remote)
        {
            var server = RemoteUrl.Parse(url.Original).BaseUri;
            var remote = await HranaDriver.OpenAsync(url, options, cancellationToken).ConfigureAwait(false);
            return new TracingDriver(remote, "sqlite", server.Host, server.Port);
        }

        return new TracingDriver(await OpenEmbeddedAsync(url, options, inspect, cancellationToken).ConfigureAwait(false), "sqlite", null, null);
    }

    private static async ValueTask<ISqlDriver> OpenEmbeddedAsync(LibSqlUrl url, LibSqlPersistenceOptions options, bool inspect, CancellationToken cancellationToken) =>
        await SqliteDriver.OpenAsync(url, options, inspect, cancellationToken).ConfigureAwait(false);
}
