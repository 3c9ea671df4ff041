using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Store;

/// <summary>
/// The one way a store's database is opened: connect, create or migrate the tables, and record the state store's key
/// prefix (none for the key/value layer alone).
/// </summary>
internal static class StoreOpener
{
    public static async ValueTask<ISqlDriver> OpenAsync(LibSqlPersistenceOptions options, StoreCommands commands, string? prefix, CancellationToken cancellationToken)
    {
        var driver = await LibSqlDrivers.OpenAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await SchemaMigrator.EnsureAsync(driver, commands, options.Layout, cancellationToken).ConfigureAwait(false);
            if (prefix is not null)
            {
                await PrefixRegistry.RegisterAsync(driver, commands, prefix, options.AllowOverlappingPrefixes, cancellationToken).ConfigureAwait(false);
            }

            return driver;
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
