using Microsoft.Data.Sqlite;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>What a naive adapter does: Microsoft.Data.Sqlite with a new command per call.</summary>
public sealed class NaiveSqlite : IDisposable
{
    private readonly SqliteConnection _connection;

    public NaiveSqlite(string path, Durability durability)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        if (durability != Durability.Memory)
        {
            Run("PRAGMA journal_mode = WAL");
            Run(durability == Durability.FileFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        }

        Run("CREATE TABLE IF NOT EXISTS t (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT, updated_at TEXT)");
        Run("CREATE INDEX IF NOT EXISTS idx_t_expires_at ON t(expires_at)");
        Run("CREATE INDEX IF NOT EXISTS idx_t_updated_at ON t(updated_at)");
    }

    public string? Get(string key, string now)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM t WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteScalar() as string;
    }

    public void Set(string key, string value, string now)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO t (key, value, expires_at, updated_at) VALUES ($key, $value, NULL, $now) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
    }

    public void Clear() => Run("DELETE FROM t WHERE key GLOB 'k*'");

    public void Dispose() => _connection.Dispose();

    private void Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
