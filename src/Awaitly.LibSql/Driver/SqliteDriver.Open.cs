using Awaitly.LibSql.Configuration;

namespace Awaitly.LibSql.Driver;

// Opening a database: the URL checked against the file system, the writer's pragmas, and the readers it will open.
internal sealed partial class SqliteDriver
{
    /// <summary>Opens the database; <paramref name="inspect"/> opens an existing file as it is (no directory or file created, journal mode left alone).</summary>
    public static async ValueTask<SqliteDriver> OpenAsync(LibSqlUrl url, LibSqlPersistenceOptions options, bool inspect, CancellationToken cancellationToken)
    {
        if (url.Kind == LibSqlUrlKind.Memory)
        {
            return new SqliteDriver(new SqliteSession(":memory:"), null, 0, options.BusyTimeout);
        }

        var path = Path.GetFullPath(url.Path!);
        if (Directory.Exists(path))
        {
            throw new LibSqlConfigurationException(
                $"'{url.Original}' names the directory '{path}', not a database file. Add the file's name, for example 'file:{Path.Combine(path, "awaitly.db")}'.");
        }

        if (inspect && !File.Exists(path))
        {
            throw new LibSqlConfigurationException($"There is no database file at '{path}' (from '{url.Original}'). Check the URL: inspecting never creates a database.");
        }

        if (!inspect && Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new LibSqlConfigurationException(
                    $"The directory '{directory}' of the database in '{url.Original}' cannot be created ({ex.Message}). Use a path in a writable directory.", ex);
            }
        }

        var writer = new SqliteSession(path, create: !inspect);
        try
        {
            writer.Execute("PRAGMA busy_timeout = 0", []);
            writer.Execute($"PRAGMA journal_size_limit = {WalSizeLimit}", []);
            if (!inspect)
            {
                // Switching a fresh file to WAL takes an exclusive lock: another process opening it at the same time makes it busy.
                var busy = new BusyBackoff(options.BusyTimeout);
                while (true)
                {
                    try
                    {
                        writer.Execute("PRAGMA journal_mode = WAL", []);
                        break;
                    }
                    catch (LibSqlException ex) when (ex.IsBusy && busy.ShouldRetry())
                    {
                        await busy.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            writer.Execute(options.Synchronous == SynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", []);
        }
        catch (LibSqlException ex) when (ex.Code == LibSqlErrorCodes.NotADatabase)
        {
            writer.Dispose();
            throw LibSqlException.Sqlite(ex.Code,
                $"{ex.Code}: the file '{path}' (from '{url.Original}') is not a SQLite database (or is encrypted), so it was left as it is. " +
                "Point the URL at the store's database file, or at a path where none exists yet to create one.", ex.SqliteErrorCode ?? 0, ex);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        SqliteSession OpenReader()
        {
            var reader = new SqliteSession(path, create: !inspect);
            reader.Execute("PRAGMA busy_timeout = 0", []);
            return reader;
        }

        var driver = new SqliteDriver(writer, OpenReader, options.MaxReaders, options.BusyTimeout, DatabaseFile.For(path));
        driver._fastReader = OpenReader();
        driver._path = path;
        return driver;
    }
}
