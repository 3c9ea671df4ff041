namespace Awaitly.LibSql;

/// <summary>Picks the driver for a store URL.</summary>
internal static class LibSqlDrivers
{
    public static ValueTask<ISqlDriver> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var url = LibSqlUrl.Parse(options.Url);
        return url.Kind switch
        {
            LibSqlUrlKind.Remote => throw new LibSqlConfigurationException(
                $"'{options.Url}' is a remote libSQL URL, and the remote driver is not available in this version. Use a file: or :memory: URL."),
            _ => new ValueTask<ISqlDriver>(SqliteDriver.Open(url, options)),
        };
    }
}
