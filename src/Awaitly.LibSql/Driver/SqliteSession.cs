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

    public int Execute(string sql, ReadOnlySpan<SqlArg> args)
    {
        var statement = Start(sql, args);
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
        var statement = Start(sql, args);
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                value = map(this);
                return true;
            }

            Check(rc, sql);
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
        var statement = Start(sql, args);
        try
        {
            var rows = new List<T>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows.Add(map(this));
            }

            Check(rc, sql);
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
        var statement = Start(sql, args);
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

    private sqlite3_stmt Start(string sql, ReadOnlySpan<SqlArg> args)
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
        return statement;
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
            var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement, out var tail);
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

            prepared = new Prepared(sql, statement, raw.sqlite3_bind_parameter_count(statement));
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

    private sealed record Prepared(string Sql, sqlite3_stmt Statement, int ParameterCount);

    private void Check(int rc, string sql)
    {
        if (rc != raw.SQLITE_DONE)
        {
            throw SqliteErrors.From(_db, rc, sql);
        }
    }
}
