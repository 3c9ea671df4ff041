using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// Runs single statements with bound, positional (<c>?N</c>) arguments. Reads may run on other
/// connections than writes; inside a transaction everything runs on the transaction's connection.
/// </summary>
internal interface ISqlSession
{
    /// <summary>Runs a write; returns the rows it returned (with RETURNING) or the rows it changed.</summary>
    ValueTask<int> ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken);

    /// <summary>Runs a write with RETURNING and maps its rows.</summary>
    ValueTask<List<T>> ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken);

    /// <summary>Reads the first row, if any.</summary>
    ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken);

    /// <summary>Reads every row.</summary>
    ValueTask<List<T>> ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken);
}

/// <summary>A database connection (or set of them) the store runs on: the embedded engine or a remote server.</summary>
internal interface ISqlDriver : ISqlSession, IAsyncDisposable
{
    /// <summary>Runs a write that has the same effect when run twice, so a remote driver may retry it after a transient failure.</summary>
    ValueTask<int> ExecuteIdempotentAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken);

    /// <summary>Runs the statements in one write transaction (one round trip remotely); the rows of each, as values.</summary>
    ValueTask<IReadOnlyList<List<object?[]>>> ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, bool idempotent, CancellationToken cancellationToken);

    /// <summary>Runs the reads on one consistent snapshot (one round trip remotely); the rows of each, as values.</summary>
    ValueTask<IReadOnlyList<List<object?[]>>> ReadBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one read the way a new client would (a file database through a fresh connection to its path, so a file
    /// deleted, replaced or damaged under the store fails here), for health checks.
    /// </summary>
    ValueTask ProbeAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one write transaction; rolls back if it throws (used for migrations).</summary>
    ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken);
}

/// <summary>
/// A row of plain values (<see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[] or null), as a
/// batch or a remote server returns them. A value of another type than the statement's column is a <c>PROTOCOL_ERROR</c>.
/// </summary>
internal sealed class ValuesRow(object?[] values) : ISqlRow
{
    public bool IsNull(int ordinal) => Value(ordinal) is null;

    public string GetString(int ordinal) => Value(ordinal) switch
    {
        string text => text,
        long or double => Convert.ToString(values[ordinal], System.Globalization.CultureInfo.InvariantCulture)!,
        // As SQLite's sqlite3_column_text reads a blob, so a batch reads it as a single statement does.
        byte[] blob => System.Text.Encoding.UTF8.GetString(blob),
        var other => throw Unexpected(ordinal, other, "text"),
    };

    public long GetInt64(int ordinal) => Value(ordinal) switch
    {
        long integer => integer,
        double real when real == Math.Floor(real) && real is >= long.MinValue and <= long.MaxValue => (long)real,
        string text when long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw Unexpected(ordinal, other, "an integer"),
    };

    public byte[] GetBytes(int ordinal) => Value(ordinal) switch
    {
        byte[] blob => blob,
        string text => System.Text.Encoding.UTF8.GetBytes(text),
        long or double => System.Text.Encoding.UTF8.GetBytes(GetString(ordinal)),
        var other => throw Unexpected(ordinal, other, "a blob"),
    };

    private object? Value(int ordinal) => (uint)ordinal < (uint)values.Length
        ? values[ordinal]
        : throw LibSqlException.Client(LibSqlErrorCodes.ProtocolError, $"The database returned {values.Length} column(s); column {ordinal} was expected.", "execute");

    private static LibSqlException Unexpected(int ordinal, object? value, string expected) =>
        LibSqlException.Client(LibSqlErrorCodes.ProtocolError, $"The database returned {Describe(value)} in column {ordinal} where {expected} was expected.", "execute");

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        string => "text",
        long => "an integer",
        double => "a real number",
        byte[] => "a blob",
        _ => "a value of an unknown type",
    };
}
