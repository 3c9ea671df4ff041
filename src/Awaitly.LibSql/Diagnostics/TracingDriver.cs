using System.Diagnostics;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Diagnostics;

/// <summary>
/// Reports every statement a store runs as a client span (OpenTelemetry database conventions: system, operation, table,
/// server; never a value). With no listener each call is passed straight through.
/// </summary>
internal sealed class TracingDriver(ISqlDriver inner, string system, string? serverAddress, int? serverPort) : ISqlDriver
{
    public ISqlDriver Inner => inner;

    public ValueTask<int> ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedAsync(sql, args.ToArray(), static (d, s, a, c) => d.ExecuteAsync(s, a, c), cancellationToken)
        : inner.ExecuteAsync(sql, args, cancellationToken);

    public ValueTask<int> ExecuteIdempotentAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedAsync(sql, args.ToArray(), static (d, s, a, c) => d.ExecuteIdempotentAsync(s, a, c), cancellationToken)
        : inner.ExecuteIdempotentAsync(sql, args, cancellationToken);

    public ValueTask<List<T>> ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedReturningAsync(sql, args.ToArray(), map, cancellationToken) : inner.ExecuteReturningAsync(sql, args, map, cancellationToken);

    public ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedReadFirstAsync(sql, args.ToArray(), map, cancellationToken) : inner.ReadFirstAsync(sql, args, map, cancellationToken);

    public ValueTask<List<T>> ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedReadAsync(sql, args.ToArray(), map, cancellationToken) : inner.ReadAsync(sql, args, map, cancellationToken);

    public ValueTask<IReadOnlyList<List<object?[]>>> ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, bool idempotent, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedExecuteBatchAsync(statements, idempotent, cancellationToken)
        : inner.ExecuteBatchAsync(statements, idempotent, cancellationToken);

    public ValueTask<IReadOnlyList<List<object?[]>>> ReadBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? TracedReadBatchAsync(statements, cancellationToken) : inner.ReadBatchAsync(statements, cancellationToken);

    public async ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        using var activity = Start("TRANSACTION", null);
        try
        {
            return await inner.WriteTransactionAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    public ValueTask ProbeAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        StoreTelemetry.Source.HasListeners() ? new(TracedAsync(sql, args.ToArray(), static async (d, s, a, c) =>
        {
            await d.ProbeAsync(s, a, c).ConfigureAwait(false);
            return 0;
        }, cancellationToken).AsTask())
        : inner.ProbeAsync(sql, args, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    // The traced paths live in their own methods: a lambda that captures a parameter allocates its closure when the method
    // that declares it starts, so declaring it in the pass-through methods would cost every untraced call.
    private ValueTask<List<T>> TracedReturningAsync<T>(string sql, SqlArg[] args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        TracedAsync(sql, args, (d, s, a, c) => d.ExecuteReturningAsync(s, a, map, c), cancellationToken);

    private ValueTask<(bool Found, T Value)> TracedReadFirstAsync<T>(string sql, SqlArg[] args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        TracedAsync(sql, args, (d, s, a, c) => d.ReadFirstAsync(s, a, map, c), cancellationToken);

    private ValueTask<List<T>> TracedReadAsync<T>(string sql, SqlArg[] args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        TracedAsync(sql, args, (d, s, a, c) => d.ReadAsync(s, a, map, c), cancellationToken);

    private ValueTask<IReadOnlyList<List<object?[]>>> TracedExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, bool idempotent, CancellationToken cancellationToken) =>
        TracedBatchAsync(statements, () => inner.ExecuteBatchAsync(statements, idempotent, cancellationToken));

    private ValueTask<IReadOnlyList<List<object?[]>>> TracedReadBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) =>
        TracedBatchAsync(statements, () => inner.ReadBatchAsync(statements, cancellationToken));

    private async ValueTask<TResult> TracedAsync<TResult>(string sql, SqlArg[] args, Func<ISqlDriver, string, SqlArg[], CancellationToken, ValueTask<TResult>> run,
        CancellationToken cancellationToken)
    {
        var (operation, collection) = StatementNames.Of(sql);
        using var activity = Start(operation, collection);
        try
        {
            return await run(inner, sql, args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    private async ValueTask<IReadOnlyList<List<object?[]>>> TracedBatchAsync(IReadOnlyList<SqlStatement> statements, Func<ValueTask<IReadOnlyList<List<object?[]>>>> run)
    {
        string? collection = null;
        foreach (var statement in statements)
        {
            collection ??= StatementNames.Of(statement.Sql).Collection;
        }

        using var activity = Start("BATCH", collection);
        activity?.SetTag(StoreTelemetry.BatchSize, statements.Count);
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    private Activity? Start(string operation, string? collection)
    {
        var activity = StoreTelemetry.Source.StartActivity(collection is null ? operation : operation + " " + collection, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(StoreTelemetry.DbSystem, system);
            activity.SetTag(StoreTelemetry.DbOperation, operation);
            if (collection is not null)
            {
                activity.SetTag(StoreTelemetry.DbCollection, collection);
            }

            if (serverAddress is not null)
            {
                activity.SetTag(StoreTelemetry.ServerAddress, serverAddress);
                activity.SetTag(StoreTelemetry.ServerPort, serverPort);
            }
        }

        return activity;
    }

    // Marks the span failed without catching the exception (an exception filter that never matches).
    private static bool Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetTag("error.type", exception is LibSqlException sql ? sql.Code : exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception is LibSqlException libSql ? libSql.Code : exception.GetType().Name);
        }

        return false;
    }
}
