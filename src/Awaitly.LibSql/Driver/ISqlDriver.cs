namespace Awaitly.LibSql;

/// <summary>A statement with its bound arguments, for batches.</summary>
internal readonly record struct SqlStatement(string Sql, SqlArg[] Args);

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

    /// <summary>Runs <paramref name="body"/> in one write transaction; rolls back if it throws (used for migrations).</summary>
    ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken);
}

/// <summary>A row of plain values (<see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[] or null).</summary>
internal sealed class ValuesRow(object?[] values) : ISqlRow
{
    public bool IsNull(int ordinal) => values[ordinal] is null;

    public string GetString(int ordinal) => values[ordinal] switch
    {
        string text => text,
        null => throw new InvalidCastException($"Column {ordinal} is NULL."),
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    public long GetInt64(int ordinal) => values[ordinal] switch
    {
        long integer => integer,
        double real => (long)real,
        string text => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Column {ordinal} is not an integer."),
    };
}
