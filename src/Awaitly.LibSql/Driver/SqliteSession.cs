using Awaitly.LibSql.Infrastructure;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// One SQLite connection with its prepared statements, reused for every call (bind, step, reset).
/// Opened through Microsoft.Data.Sqlite; statements run on the raw handle. Text is bound as UTF-8 (the database's
/// encoding) from a buffer the session reuses, so SQLite neither transcodes it nor the caller allocates for it.
/// Not thread-safe: the driver hands it to one caller at a time.
/// </summary>
/// <remarks>
/// The shared statement text ends in <c>RETURNING 1</c> where all a write reports is how many rows it changed (the remote
/// server reports no affected-row count, so it gets a row per changed row). SQLite collects RETURNING rows in a temporary
/// table whose page cache it allocates and frees on every execution, so this session prepares such a statement without the
/// clause and reports <c>sqlite3_changes()</c> as that many rows holding 1: the same result, without the temporary table.
/// </remarks>
internal sealed class SqliteSession : ISqlSession, IDisposable, ISqlRow
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly Dictionary<string, Prepared> _statements = new(StringComparer.Ordinal);

    // The store's statements are the same string instances on every call, so they are found by reference without hashing
    // their text; other text (built per call) is found by value and never fills this map past its bound.
    private readonly Dictionary<string, Prepared> _byInstance = new(ReferenceEqualityComparer.Instance);
    private const int InstancesKept = 512;
    private sqlite3_stmt? _current;
    private byte[] _utf8 = new byte[1024];

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How a statement asks for one row per changed row (see the remarks).</summary>
    internal const string ChangedRowsClause = " RETURNING 1";

    private static readonly object?[] ChangedRowValues = [1L];

    public SqliteSession(string dataSource, bool create = true)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = dataSource,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            Cache = SqliteCacheMode.Private,
        };
        _connection = new SqliteConnection(builder.ToString());
        try
        {
            _connection.Open();
        }
        catch (SqliteException ex)
        {
            _connection.Dispose();
            throw LibSqlException.Sqlite(SqliteErrors.Name(ex.SqliteExtendedErrorCode), $"Cannot open the database '{dataSource}': {ex.Message}", ex.SqliteExtendedErrorCode, ex);
        }

        _db = _connection.Handle!;
    }

    public bool InTransaction => raw.sqlite3_get_autocommit(_db) == 0;

    /// <summary>How many statements are prepared, and how many of them are also known by instance (bounded).</summary>
    internal (int Prepared, int ByInstance) CachedStatements => (_statements.Count, _byInstance.Count);

    /// <summary>The text SQLite prepared for <paramref name="sql"/> (prepared now if it was not).</summary>
    internal string PreparedText(string sql) => raw.sqlite3_sql(Find(sql).Statement).utf8_to_string();

    /// <summary>The connection's lookaside slots in use now, and how many allocations found none free since it opened.</summary>
    internal (int InUse, int MissedFull) Lookaside
    {
        get
        {
            raw.sqlite3_db_status(_db, raw.SQLITE_DBSTATUS_LOOKASIDE_USED, out var used, out _, 0);
            raw.sqlite3_db_status(_db, raw.SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL, out _, out var missed, 0);
            return (used, missed);
        }
    }

    public int Execute(string sql, ReadOnlySpan<SqlArg> args)
    {
        var statement = Start(sql, args).Statement;
        try
        {
            var rows = 0;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows++;
            }

            Check(rc, sql);
            return raw.sqlite3_column_count(statement) > 0 ? rows : raw.sqlite3_changes(_db);
        }
        finally
        {
            Finish(statement);
        }
    }

    public bool TryReadFirst<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, out T value)
    {
        var prepared = Start(sql, args);
        var statement = prepared.Statement;
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                value = map(this);
                return true;
            }

            Check(rc, sql);
            if (prepared.CountsChanges && raw.sqlite3_changes(_db) > 0)
            {
                value = map(ChangedRow.Instance);
                return true;
            }

            value = default!;
            return false;
        }
        finally
        {
            Finish(statement);
        }
    }

    public List<T> ReadAll<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map)
    {
        var prepared = Start(sql, args);
        var statement = prepared.Statement;
        try
        {
            var rows = new List<T>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows.Add(map(this));
            }

            Check(rc, sql);
            if (prepared.CountsChanges)
            {
                for (var changed = raw.sqlite3_changes(_db); changed > 0; changed--)
                {
                    rows.Add(map(ChangedRow.Instance));
                }
            }

            return rows;
        }
        finally
        {
            Finish(statement);
        }
    }

    public List<object?[]> ReadValues(string sql, ReadOnlySpan<SqlArg> args) => ReadValues(sql, args, out _, out _);

    public List<object?[]> ReadValues(string sql, ReadOnlySpan<SqlArg> args, out int columns, out int changes)
    {
        var prepared = Start(sql, args);
        var statement = prepared.Statement;
        try
        {
            var rows = new List<object?[]>();
            columns = raw.sqlite3_column_count(statement);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var row = new object?[columns];
                for (var i = 0; i < columns; i++)
                {
                    row[i] = raw.sqlite3_column_type(statement, i) switch
                    {
                        raw.SQLITE_NULL => null,
                        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i),
                        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, i),
                        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, i).ToArray(),
                        _ => raw.sqlite3_column_text(statement, i).utf8_to_string(),
                    };
                }

                rows.Add(row);
            }

            Check(rc, sql);
            changes = raw.sqlite3_changes(_db);
            if (prepared.CountsChanges)
            {
                columns = 1;
                for (var changed = changes; changed > 0; changed--)
                {
                    rows.Add(ChangedRowValues);
                }
            }

            return rows;
        }
        finally
        {
            Finish(statement);
        }
    }

    public void RollbackIfOpen()
    {
        if (InTransaction)
        {
            Execute("ROLLBACK", []);
        }
    }

    ValueTask<int> ISqlSession.ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        new(Execute(sql, args));

    ValueTask<List<T>> ISqlSession.ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        new(ReadAll(sql, args, map));

    ValueTask<(bool Found, T Value)> ISqlSession.ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        new((TryReadFirst(sql, args, map, out var value), value));

    ValueTask<List<T>> ISqlSession.ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        new(ReadAll(sql, args, map));

    bool ISqlRow.IsNull(int ordinal) => raw.sqlite3_column_type(_current, ordinal) == raw.SQLITE_NULL;

    string ISqlRow.GetString(int ordinal) => raw.sqlite3_column_text(_current, ordinal).utf8_to_string();

    long ISqlRow.GetInt64(int ordinal) => raw.sqlite3_column_int64(_current, ordinal);

    byte[] ISqlRow.GetBytes(int ordinal) => raw.sqlite3_column_blob(_current, ordinal).ToArray();

    public void Dispose()
    {
        foreach (var prepared in _statements.Values)
        {
            prepared.Statement.Dispose();
        }

        _statements.Clear();
        _byInstance.Clear();
        _connection.Dispose();
    }

    private Prepared Start(string sql, ReadOnlySpan<SqlArg> args)
    {
        var prepared = Find(sql);
        if (prepared.ParameterCount != args.Length)
        {
            throw LibSqlException.Client(LibSqlErrorCodes.ArgsInvalid, $"The statement takes {prepared.ParameterCount} arguments but {args.Length} were given: {sql}", "execute");
        }

        var statement = prepared.Statement;
        for (var i = 0; i < args.Length; i++)
        {
            var rc = args[i].Kind switch
            {
                SqlArgKind.Text when args[i].TryGetUtf8(out var utf8) => raw.sqlite3_bind_text(statement, i + 1, utf8),
                SqlArgKind.Text => BindText(statement, i + 1, args[i].Text ?? "", sql),
                SqlArgKind.Integer => raw.sqlite3_bind_int64(statement, i + 1, args[i].Integer),
                _ => raw.sqlite3_bind_null(statement, i + 1),
            };
            if (rc != raw.SQLITE_OK)
            {
                raw.sqlite3_clear_bindings(statement);
                throw SqliteErrors.From(_db, rc, sql);
            }
        }

        _current = statement;
        return prepared;
    }

    // SQLitePCLRaw binds a span with SQLITE_TRANSIENT (SQLite copies it), so the buffer is free again at once.
    private int BindText(sqlite3_stmt statement, int index, string text, string sql)
    {
        if (text.Length > _utf8.Length / 3)
        {
            var needed = Utf8.GetMaxByteCount(text.Length);
            if (_utf8.Length < needed)
            {
                _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
            }
        }

        int length;
        try
        {
            length = Utf8.GetBytes(text, _utf8);
        }
        catch (System.Text.EncoderFallbackException ex)
        {
            raw.sqlite3_clear_bindings(statement);
            throw LibSqlException.Client(LibSqlErrorCodes.ArgsInvalid,
                $"Text value {index} is not valid UTF-16 (it has an unpaired surrogate at index {ex.Index}), so it cannot be stored as text: {sql}", "execute");
        }

        return raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length));
    }

    /// <summary>The prepared statement for <paramref name="sql"/>: the store's SQL strings are the same instances on every call,
    /// so they are found by reference without hashing the text; other strings by their text.</summary>
    private Prepared Find(string sql)
    {
        if (_byInstance.TryGetValue(sql, out var known))
        {
            return known;
        }

        if (!_statements.TryGetValue(sql, out var prepared))
        {
            var countsChanges = sql.EndsWith(ChangedRowsClause, StringComparison.Ordinal);
            // Kept for the session's lifetime: PERSISTENT keeps the statement's own memory out of the connection's lookaside
            // slots, which the statements' executions then have to themselves (held by two dozen cached statements, they
            // ran out and every small allocation of an execution went to malloc).
            var rc = raw.sqlite3_prepare_v3(_db, countsChanges ? sql[..^ChangedRowsClause.Length] : sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out var tail);
            if (rc != raw.SQLITE_OK)
            {
                statement?.Dispose();
                throw SqliteErrors.From(_db, rc, sql);
            }

            if (!string.IsNullOrWhiteSpace(tail))
            {
                // SQLite would run the first statement and silently drop the rest; the remote server refuses the text.
                statement.Dispose();
                throw LibSqlException.Client(LibSqlErrorCodes.ManyStatements, $"The text holds more than one statement; send one statement at a time: {sql}", "execute");
            }

            prepared = new Prepared(sql, statement, raw.sqlite3_bind_parameter_count(statement), countsChanges);
            _statements[sql] = prepared;
        }

        if (_byInstance.Count < InstancesKept)
        {
            _byInstance[sql] = prepared;
        }

        return prepared;
    }

    private void Finish(sqlite3_stmt statement)
    {
        // Every parameter is bound again on the next call, so clearing the bindings is not needed.
        raw.sqlite3_reset(statement);
        _current = null;
    }

    private sealed record Prepared(string Sql, sqlite3_stmt Statement, int ParameterCount, bool CountsChanges);

    /// <summary>The row a statement prepared without its <c>RETURNING 1</c> reports for each row it changed: one column, 1.</summary>
    private sealed class ChangedRow : ISqlRow
    {
        public static readonly ChangedRow Instance = new();

        public bool IsNull(int ordinal)
        {
            _ = Column(ordinal);
            return false;
        }

        public string GetString(int ordinal) => Column(ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public long GetInt64(int ordinal) => Column(ordinal);

        public byte[] GetBytes(int ordinal) => System.Text.Encoding.UTF8.GetBytes(GetString(ordinal));

        private static long Column(int ordinal) => ordinal == 0
            ? 1
            : throw LibSqlException.Client(LibSqlErrorCodes.ProtocolError, $"The statement returns one column; column {ordinal} was read.", "execute");
    }

    private void Check(int rc, string sql)
    {
        if (rc != raw.SQLITE_DONE)
        {
            throw SqliteErrors.From(_db, rc, sql);
        }
    }
}
