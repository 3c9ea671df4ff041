using System.Collections.Concurrent;
using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// The remote driver: each statement is one HTTP round trip (<c>[execute, close]</c>), an atomic batch is
/// one <c>batch</c> request guarded by BEGIN/COMMIT/ROLLBACK conditions, and a migration runs as an
/// interactive transaction on a kept stream. On a server without streams (one shared connection), calls
/// are serialized so that no statement joins another caller's open transaction; there, the requests that may be
/// sent again (reads and idempotent writes, checkpoints among them) which arrive while another call is in flight
/// share the next pipeline: one round trip for all of them, each with its own result.
/// </summary>
internal sealed class HranaDriver : ISqlDriver
{
    private readonly HranaClient _client;
    private readonly SemaphoreSlim _sharedConnectionGate = new(1, 1);
    private readonly ConcurrentQueue<QueuedRequest> _queued = new();
    private long _sharedPipelines;
    private volatile bool _disposed;

    private HranaDriver(HranaClient client)
    {
        _client = client;
    }

    public static async ValueTask<ISqlDriver> OpenAsync(LibSqlUrl url, LibSqlPersistenceOptions options, CancellationToken cancellationToken)
    {
        var remote = options.Remote ?? new LibSqlRemoteOptions();
        remote.Validate();
        var client = new HranaClient(RemoteUrl.Parse(url.Original), options.AuthToken, remote, options.LoggerFactory?.CreateLogger(Diagnostics.StoreLog.Category));
        try
        {
            // Reaches the server once (failing fast on a wrong URL or token) and learns whether it has streams.
            await client.SendAsync(new HranaPipeline(null, null, [new HranaExecute(new HranaStatement("SELECT 1", []))], Close: true), "connect",
                retryable: true, cancellationToken).ConfigureAwait(false);
            return new HranaDriver(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>True when the server has no streams (the tursodb test server), learned when it connected.</summary>
    public bool StreamsUnsupported => _client.StreamsUnsupported;

    public ValueTask<int> ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        CountAsync(Statement(sql, args), retryable: false, cancellationToken);

    public ValueTask<int> ExecuteIdempotentAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        CountAsync(Statement(sql, args), retryable: true, cancellationToken);

    public ValueTask<List<T>> ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        MapAsync(Statement(sql, args), map, retryable: false, cancellationToken);

    public ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        FirstAsync(Statement(sql, args), map, cancellationToken);

    public ValueTask ProbeAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        new(ReadFirstAsync(sql, args, static _ => 0, cancellationToken).AsTask());

    public ValueTask<List<T>> ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        MapAsync(Statement(sql, args), map, retryable: true, cancellationToken);

    public ValueTask<IReadOnlyList<List<object?[]>>> ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, bool idempotent, CancellationToken cancellationToken) =>
        BatchAsync(statements, "BEGIN IMMEDIATE", idempotent, cancellationToken);

    public ValueTask<IReadOnlyList<List<object?[]>>> ReadBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) =>
        BatchAsync(statements, "BEGIN", retryable: true, cancellationToken);

    public async ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        await _sharedConnectionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var stream = new HranaStream(_client);
            await stream.BeginAsync(cancellationToken).ConfigureAwait(false);
            T result;
            try
            {
                result = await body(stream, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await stream.RollbackAsync().ConfigureAwait(false);
                throw;
            }

            await stream.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _sharedConnectionGate.Release();
        }
    }

    /// <summary>Cancels the requests in flight; callers waiting for the shared connection then find the driver disposed.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw StoreDisposed.Exception();
        }
    }

    internal static HranaStatement Statement(string sql, ReadOnlySpan<SqlArg> args)
    {
        SqlParameterScanner.Check(sql, args.Length);
        return new HranaStatement(sql, args.ToArray());
    }

    internal static HranaRows Rows(HranaResult result, string what) =>
        result.Error is { } error ? throw Failure(error, what) : result.Execute!;

    private static LibSqlException Failure(HranaError error, string what) =>
        LibSqlException.Remote(error.Code ?? LibSqlErrorCodes.ServerError, $"{error.Code ?? LibSqlErrorCodes.ServerError}: {error.Message}", what);

    private async ValueTask<int> CountAsync(HranaStatement statement, bool retryable, CancellationToken cancellationToken) =>
        (await RunAsync(statement, retryable, cancellationToken).ConfigureAwait(false)).Count;

    private async ValueTask<List<T>> MapAsync<T>(HranaStatement statement, Func<ISqlRow, T> map, bool retryable, CancellationToken cancellationToken) =>
        (await RunAsync(statement, retryable, cancellationToken).ConfigureAwait(false)).All(map);

    private async ValueTask<(bool, T)> FirstAsync<T>(HranaStatement statement, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        (await RunAsync(statement, retryable: true, cancellationToken).ConfigureAwait(false)).First(map);

    private async Task<HranaRows> RunAsync(HranaStatement statement, bool retryable, CancellationToken cancellationToken) =>
        Rows(await SendAsync(new HranaExecute(statement), "execute", retryable, cancellationToken).ConfigureAwait(false), "execute");

    private async ValueTask<IReadOnlyList<List<object?[]>>> BatchAsync(IReadOnlyList<SqlStatement> statements, string begin, bool retryable, CancellationToken cancellationToken)
    {
        // BEGIN; each statement if the previous step succeeded; COMMIT if the last did; ROLLBACK unless COMMIT succeeded.
        var steps = new List<HranaStep> { new(new HranaStatement(begin, []), null) };
        foreach (var statement in statements)
        {
            SqlParameterScanner.Check(statement.Sql, statement.Args.Length);
            steps.Add(new HranaStep(new HranaStatement(statement.Sql, statement.Args), new HranaCondition(steps.Count - 1, Negate: false)));
        }

        var commit = steps.Count;
        steps.Add(new HranaStep(new HranaStatement("COMMIT", []), new HranaCondition(commit - 1, Negate: false)));
        steps.Add(new HranaStep(new HranaStatement("ROLLBACK", []), new HranaCondition(commit, Negate: true)));
        var result = await SendAsync(new HranaBatch(steps), "batch", retryable, cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw Failure(error, "batch");
        }

        for (var i = 0; i <= commit; i++)
        {
            if (result.StepErrors![i] is { } stepError)
            {
                throw Failure(stepError, "batch");
            }

            if (result.StepResults![i] is null)
            {
                throw LibSqlException.Remote(LibSqlErrorCodes.ProtocolError, $"The libSQL server skipped step {i} of a batch without reporting an error.", "batch");
            }
        }

        return [.. Enumerable.Range(1, statements.Count).Select(i => result.StepResults![i]!.Rows)];
    }

    /// <summary>Pipelines that carried more than one caller's request (for tests and diagnostics).</summary>
    internal long SharedPipelines => Interlocked.Read(ref _sharedPipelines);

    private async Task<HranaResult> SendAsync(HranaRequest request, string what, bool retryable, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (!_client.StreamsUnsupported)
        {
            return await SendAloneAsync(request, what, retryable, cancellationToken).ConfigureAwait(false);
        }

        if (retryable)
        {
            return await SendSharedAsync(request, what, cancellationToken).ConfigureAwait(false);
        }

        // Sent alone: a pipeline that failed on the way may be sent again only when every request in it may.
        await _sharedConnectionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            return await SendAloneAsync(request, what, retryable, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sharedConnectionGate.Release();
        }
    }

    private async Task<HranaResult> SendAloneAsync(HranaRequest request, string what, bool retryable, CancellationToken cancellationToken) =>
        (await _client.SendAsync(new HranaPipeline(null, null, [request], Close: true), what, retryable, cancellationToken).ConfigureAwait(false)).Results[0];

    // On the shared connection: the request waits in the queue, and whoever takes the connection next sends every waiting one.
    private async Task<HranaResult> SendSharedAsync(HranaRequest request, string what, CancellationToken cancellationToken)
    {
        var item = new QueuedRequest(request);
        _queued.Enqueue(item);
        try
        {
            await _sharedConnectionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (item.TryCancel())
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // A pipeline has the request: its result stands, so it is the answer.
            return await item.Result.ConfigureAwait(false);
        }

        try
        {
            if (!item.Result.IsCompleted)
            {
                ThrowIfDisposed();
                await SendQueuedAsync(what).ConfigureAwait(false);
            }
        }
        catch (Exception) when (item.TryCancel())
        {
            throw;
        }
        finally
        {
            _sharedConnectionGate.Release();
        }

        return await item.Result.ConfigureAwait(false);
    }

    // Under the gate: every waiting request in one pipeline. It is sent without a caller's cancellation (one caller giving up
    // must not cancel the others' requests); the client's request timeout and disposal still end it.
    private async Task SendQueuedAsync(string what)
    {
        var group = QueuedItem.TakeAll(_queued);

        if (group.Count == 0)
        {
            return;
        }

        HranaResponse response;
        try
        {
            response = await _client.SendAsync(new HranaPipeline(null, null, [.. group.Select(q => q.Request)], Close: true),
                group.Count == 1 ? what : $"pipeline of {group.Count} requests", retryable: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var queued in group)
            {
                queued.Fail(ex);
            }

            return;
        }

        if (group.Count > 1)
        {
            Interlocked.Increment(ref _sharedPipelines);
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(response.Results[i]);
        }
    }
}
