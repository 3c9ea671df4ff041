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
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Writes <paramref name="document"/> as the state of <paramref name="workflowId"/> (default prefix, no expiry), as the TypeScript package's upsert does.</summary>
    public void WriteState(string workflowId, string document)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO awaitly_workflow_state (key, value, expires_at, updated_at) VALUES ($key, $value, NULL, '2026-11-26T06:19:09.052Z') " +
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at";
        command.Parameters.AddWithValue("$key", Awaitly.LibSql.LibSqlPersistenceOptions.DefaultPrefix + workflowId);
        command.Parameters.AddWithValue("$value", document);
        command.ExecuteNonQuery();
    }

    private Microsoft.Data.Sqlite.SqliteConnection Open()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path_ + ";Pooling=False");
        connection.Open();
        return connection;
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
