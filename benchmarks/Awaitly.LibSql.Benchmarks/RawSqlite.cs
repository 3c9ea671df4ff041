using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>The engine's limit: SQLitePCLRaw with the store's statements prepared once (as the store prepares them, see <see cref="RawPrepare"/>); bind (text as UTF-8 from a reused buffer), step, reset per call.</summary>
public sealed class RawSqlite : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _get;
    private readonly sqlite3_stmt _upsert;
    private readonly sqlite3_stmt _exists;
    private readonly Utf8Binder _text = new();

    static RawSqlite() => Batteries_V2.Init();

    public RawSqlite(string path, Durability durability)
    {
        Check(raw.sqlite3_open_v2(path, out _db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null));
        if (durability != Durability.Memory)
        {
            Exec("PRAGMA journal_mode = WAL");
            Exec(durability == Durability.FileFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        }

        Exec("CREATE TABLE IF NOT EXISTS t (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT, updated_at TEXT)");
        Exec("CREATE INDEX IF NOT EXISTS idx_t_expires_at ON t(expires_at)");
        Exec("CREATE INDEX IF NOT EXISTS idx_t_updated_at ON t(updated_at)");
        _get = RawPrepare.Statement(_db, "SELECT value FROM t WHERE key = ?1 AND (expires_at IS NULL OR expires_at > ?2)");
        _upsert = RawPrepare.Statement(_db, "INSERT INTO t (key, value, expires_at, updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at");
        _exists = RawPrepare.Statement(_db, "SELECT 1 FROM t WHERE key = ?1 AND (expires_at IS NULL OR expires_at > ?2)");
    }

    public string? Get(string key, string now)
    {
        _text.Bind(_get, 1, key);
        _text.Bind(_get, 2, now);
        var value = raw.sqlite3_step(_get) == raw.SQLITE_ROW ? raw.sqlite3_column_text(_get, 0).utf8_to_string() : null;
        raw.sqlite3_reset(_get);
        return value;
    }

    public bool Exists(string key, string now)
    {
        _text.Bind(_exists, 1, key);
        _text.Bind(_exists, 2, now);
        var found = raw.sqlite3_step(_exists) == raw.SQLITE_ROW;
        raw.sqlite3_reset(_exists);
        return found;
    }

    public void Set(string key, string value, string now)
    {
        _text.Bind(_upsert, 1, key);
        _text.Bind(_upsert, 2, value);
        raw.sqlite3_bind_null(_upsert, 3);
        _text.Bind(_upsert, 4, now);
        var rc = raw.sqlite3_step(_upsert);
        raw.sqlite3_reset(_upsert);
        if (rc != raw.SQLITE_DONE)
        {
            throw new InvalidOperationException("step failed: " + rc);
        }
    }

    public void Clear() => Exec("DELETE FROM t WHERE key GLOB 'k*'");

    public void Dispose()
    {
        _get.Dispose();
        _upsert.Dispose();
        _exists.Dispose();
        _db.Dispose();
    }

    private void Exec(string sql) => Check(raw.sqlite3_exec(_db, sql));
}
