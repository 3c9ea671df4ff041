namespace Awaitly.LibSql;

/// <summary>A result row being read.</summary>
internal interface ISqlRow
{
    bool IsNull(int ordinal);

    string GetString(int ordinal);

    long GetInt64(int ordinal);
}

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
    /// <summary>Runs <paramref name="body"/> in one write transaction; rolls back if it throws.</summary>
    ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="body"/> on one consistent read snapshot.</summary>
    ValueTask<T> ReadSnapshotAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken);
}
