using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The engine's limit for a 10-step run: the statements the store executes for it, in the same order, through SQLitePCLRaw
/// (prepared once as the store's driver prepares them, see <see cref="RawPrepare"/>; text bound as UTF-8 from a reused
/// buffer), with the step entries already serialized (and bound from their UTF-8 bytes, as the store binds them). Without the lease:
/// get (miss), upsert of the first step's state, a json_set patch per further step, delete. With it, in the store's
/// transactions: the lease row's read, acquire, fence advance and get in one, the fenced upsert and patches, then the fenced
/// delete and the release in one.
/// </summary>
internal sealed class RawWorkflow : IDisposable
{
    private readonly sqlite3 _db;
    private readonly Utf8Binder _text = new();
    private readonly Dictionary<string, sqlite3_stmt> _prepared = new(StringComparer.Ordinal);
    private readonly StoreSql _sql;
    private readonly string _fenceCounter;

    public RawWorkflow(string path, StoreSql sql, Durability durability)
    {
        _sql = sql;
        _fenceCounter = "fence:" + sql.LockTable;
        Check(raw.sqlite3_open_v2(path, out _db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null));
        if (durability != Durability.Memory)
        {
            Check(raw.sqlite3_exec(_db, "PRAGMA journal_mode = WAL"));
            Check(raw.sqlite3_exec(_db, durability == Durability.FileFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"));
        }

        foreach (var ddl in new[] { sql.CreateMeta, sql.CreateTable, sql.CreateExpiresIndex, sql.CreateUpdatedIndex, sql.CreateLockTable, sql.CreateLockIndex })
        {
            if (ddl is not null)
            {
                Check(raw.sqlite3_exec(_db, ddl));
            }
        }

        Step(Bind(sql.InitMeta, _fenceCounter, 0L));
    }

    /// <summary>Runs the statements of one run of <paramref name="entries"/> (key, entry JSON, its UTF-8) for the row <paramref name="key"/>.</summary>
    public void Run(string key, string lockKey, IReadOnlyList<(string Key, string Json, byte[] Utf8)> entries, bool locked)
    {
        string? owner = null;
        long fence = 0;
        var now = NowText.Get();
        if (locked)
        {
            Step(Bind(Begin));
            (owner, fence) = AcquireAndRead(key, lockKey, now);
            Step(Bind(Commit));
        }
        else
        {
            Step(Bind(_sql.Get, key, now));
        }

        var state = FirstState(entries[0], now);
        var upsert = locked ? Bind(_sql.FencedUpsert!, key, state, null, now, lockKey, owner, fence) : Bind(_sql.Upsert, key, state, null, now);
        Step(upsert);
        for (var i = 1; i < entries.Count; i++)
        {
            now = NowText.Get();
            var (stepKey, _, json) = entries[i];
            var path = StepPath(stepKey);
            Step(locked
                ? Bind(_sql.FencedSaveStepWithoutTtl!, key, path, json, Metadata(stepKey, now), now, lockKey, owner, fence)
                : Bind(_sql.SaveStepWithoutTtl, key, path, json, Metadata(stepKey, now), now));
        }

        now = NowText.Get();
        if (locked)
        {
            Step(Bind(Begin));
            DeleteAndRelease(key, lockKey, owner!, fence, now);
            Step(Bind(Commit));
        }
        else
        {
            Step(Bind(_sql.Delete, key, now));
        }
    }

    /// <summary>
    /// The leased statements of <see cref="Run"/> for several runs at once, as the best group commit could schedule them: each
    /// round of writes (every run's acquire and load, then its first save, each patch, then its delete and release) in one
    /// transaction, without savepoints and without the engine. The time per run is what the one writer must spend on it.
    /// </summary>
    public void RunGroupedWithLease(IReadOnlyList<string> keys, IReadOnlyList<string> lockKeys, IReadOnlyList<(string Key, string Json, byte[] Utf8)> entries)
    {
        var owners = new string[keys.Count];
        var fences = new long[keys.Count];
        var now = NowText.Get();
        Step(Bind(Begin));
        for (var run = 0; run < keys.Count; run++)
        {
            (owners[run], fences[run]) = AcquireAndRead(keys[run], lockKeys[run], now);
        }

        Step(Bind(Commit));
        Step(Bind(Begin));
        for (var run = 0; run < keys.Count; run++)
        {
            Step(Bind(_sql.FencedUpsert!, keys[run], FirstState(entries[0], now), null, now, lockKeys[run], owners[run], fences[run]));
            Changed();
        }

        Step(Bind(Commit));
        for (var i = 1; i < entries.Count; i++)
        {
            now = NowText.Get();
            var (stepKey, _, json) = entries[i];
            var path = StepPath(stepKey);
            Step(Bind(Begin));
            for (var run = 0; run < keys.Count; run++)
            {
                Step(Bind(_sql.FencedSaveStepWithoutTtl!, keys[run], path, json, Metadata(stepKey, now), now, lockKeys[run], owners[run], fences[run]));
                Changed();
            }

            Step(Bind(Commit));
        }

        now = NowText.Get();
        Step(Bind(Begin));
        for (var run = 0; run < keys.Count; run++)
        {
            DeleteAndRelease(keys[run], lockKeys[run], owners[run], fences[run], now);
        }

        Step(Bind(Commit));
    }

    // As the store takes a lease, inside the caller's transaction: the holder before it (a takeover is reported), the acquire,
    // the fence advance and the state's read.
    private (string Owner, long Fence) AcquireAndRead(string key, string lockKey, string now)
    {
        var owner = Guid.NewGuid().ToString();
        Step(Bind(_sql.Lease!, lockKey, now));
        var acquire = Bind(_sql.Acquire!, lockKey, owner, "2099-01-01T00:00:00.000Z", now, _fenceCounter);
        Check(raw.sqlite3_step(acquire), raw.SQLITE_ROW);
        var fence = raw.sqlite3_column_int64(acquire, 1);
        raw.sqlite3_reset(acquire);
        Step(Bind(_sql.AdvanceFence!, lockKey, owner, _fenceCounter));
        Step(Bind(_sql.Get, key, now));
        return (owner, fence);
    }

    // As the store finishes a leased run, inside the caller's transaction: the fenced delete, then the release.
    private void DeleteAndRelease(string key, string lockKey, string owner, long fence, string now)
    {
        Step(Bind(_sql.FencedDelete!, key, now, lockKey, owner, fence));
        Changed();
        Step(Bind(_sql.Release!, lockKey, owner));
        Changed();
    }

    private static string FirstState((string Key, string Json, byte[] Utf8) first, string now) =>
        "{\"version\":1,\"entries\":{\"" + first.Key + "\":" + first.Json + "},\"metadata\":" + Metadata(first.Key, now) + "}";

    private static string StepPath(string stepKey) => "$.entries.\"" + stepKey + "\"";

    // A fenced write must have written its row (a refused fence would leave a baseline without its work).
    private void Changed()
    {
        if (raw.sqlite3_changes(_db) != 1)
        {
            throw new InvalidOperationException("A fenced write changed no row.");
        }
    }

    private const string Begin = "BEGIN IMMEDIATE";

    private const string Commit = "COMMIT";

    public void Dispose()
    {
        foreach (var statement in _prepared.Values)
        {
            statement.Dispose();
        }

        _db.Dispose();
    }

    private static string Metadata(string lastStep, string now) => "{\"version\":1,\"lastStepKey\":\"" + lastStep + "\",\"updatedAt\":\"" + now + "\"}";

    private sqlite3_stmt Bind(string sql, params object?[] args)
    {
        if (!_prepared.TryGetValue(sql, out var statement))
        {
            statement = RawPrepare.Statement(_db, sql);
            _prepared[sql] = statement;
        }

        for (var i = 0; i < args.Length; i++)
        {
            Check(args[i] switch
            {
                string text => _text.Bind(statement, i + 1, text),
                byte[] utf8 => raw.sqlite3_bind_text(statement, i + 1, utf8),
                long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                _ => raw.sqlite3_bind_null(statement, i + 1),
            });
        }

        return statement;
    }

    private static void Step(sqlite3_stmt statement)
    {
        int rc;
        while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
        {
        }

        raw.sqlite3_reset(statement);
        Check(rc, raw.SQLITE_DONE);
    }
}
