namespace Awaitly.Tests.Support;

/// <summary>A fresh directory for database files, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "awaitly-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path_ => System.IO.Path.Combine(Directory, "test.db");

    public string Url => "file:" + Path_;

    /// <summary>Runs <paramref name="sql"/> on the file as another application would (its own connection, no store): the first value it returns.</summary>
    public object? Sql(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path_ + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
