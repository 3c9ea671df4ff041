using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Remote;

namespace Awaitly.LibSql.Store;

/// <summary>Picks the driver for a store URL.</summary>
internal static class LibSqlDrivers
{
    public static ValueTask<ISqlDriver> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken, bool inspect = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var url = LibSqlUrl.Parse(options.Url);
        return url.Kind switch
        {
            LibSqlUrlKind.Remote => HranaDriver.OpenAsync(url, options, cancellationToken),
            _ => OpenEmbeddedAsync(url, options, inspect, cancellationToken),
        };
    }

    private static async ValueTask<ISqlDriver> OpenEmbeddedAsync(LibSqlUrl url, LibSqlPersistenceOptions options, bool inspect, CancellationToken cancellationToken) =>
        await SqliteDriver.OpenAsync(url, options, inspect, cancellationToken).ConfigureAwait(false);
}
