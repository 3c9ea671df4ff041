using System.Collections.Concurrent;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// The embedded engine: one writer connection and, for file databases in WAL mode, a pool of reader
/// connections. A <c>:memory:</c> database is one connection for the driver's lifetime.
/// SQLite does its work synchronously, so uncontended calls complete without a thread hop.
/// </summary>
internal sealed partial class SqliteDriver : ISqlDriver
{
    private readonly SqliteSession _writer;
    private readonly SemaphoreSlim _writerGate;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private readonly SemaphoreSlim? _readerSlots;
    private readonly Func<SqliteSession>? _openReader;
    private int _disposed;
    private SqliteSession? _fastReader;
    private readonly TimeSpan _busyTimeout;
    private readonly DatabaseFile? _file;
    private readonly ConcurrentQueue<QueuedWrite> _queued = new();
    private long _groupCommits;
    private string? _path;

    static SqliteDriver() => SQLitePCL.Batteries_V2.Init();

    private SqliteDriver(SqliteSession writer, Func<SqliteSession>? openReader, int maxReaders, TimeSpan busyTimeout, DatabaseFile? file = null)
    {
        _file = file;
        _writerGate = file?.WriterGate ?? new SemaphoreSlim(1, 1);
        _busyTimeout = busyTimeout;
        _writer = writer;
        _openReader = openReader;
        _readerSlots = openReader is null ? null : new SemaphoreSlim(maxReaders, maxReaders);
    }

    public ValueTask<int> ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_writerGate.Wait(0))
        {
            return ExecuteContendedAsync(sql, args.ToArray(), cancellationToken);
        }

        try
        {
            ThrowIfDisposed();
            var changed = _writer.Execute(sql, args);
            AfterWrite();
            return new ValueTask<int>(changed);
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
        }
        finally
        {
            _writerGate.Release();
        }

        return ExecuteContendedAsync(sql, args.ToArray(), cancellationToken);
    }

    public ValueTask<int> ExecuteIdempotentAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken) =>
        ExecuteAsync(sql, args, cancellationToken);

    // A batch is one transaction. Uncontended it runs at once; when the writer is taken or the database is busy it queues and
    // is committed with the other waiting writes, in a savepoint of its own, so it lands or fails as a whole and alone.
    public ValueTask<IReadOnlyList<List<object?[]>>> ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, bool idempotent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_writerGate.Wait(0))
        {
            return WithWriterAsync(writer => RunAll(writer, statements), ownTransaction: true, cancellationToken);
        }

        try
        {
            ThrowIfDisposed();
            var results = RunInTransaction(statements);
            AfterWrite();
            return new(results);
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
        }
        finally
        {
            _writerGate.Release();
        }

        return WithWriterAsync(writer => RunAll(writer, statements), ownTransaction: true, cancellationToken);
    }

    private IReadOnlyList<List<object?[]>> RunInTransaction(IReadOnlyList<SqlStatement> statements)
    {
        _writer.Execute("BEGIN IMMEDIATE", []);
        try
        {
            var results = RunAll(_writer, statements);
            _writer.Execute("COMMIT", []);
            return results;
        }
        catch
        {
            _writer.RollbackIfOpen();
            throw;
        }
    }

    public ValueTask<IReadOnlyList<List<object?[]>>> ReadBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) =>
        ReadSnapshotAsync((session, _) => new ValueTask<IReadOnlyList<List<object?[]>>>(RunAll((SqliteSession)session, statements)), cancellationToken);

    public ValueTask<List<T>> ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_writerGate.Wait(0))
        {
            return ExecuteReturningContendedAsync(sql, args.ToArray(), map, cancellationToken);
        }

        try
        {
            ThrowIfDisposed();
            var rows = _writer.ReadAll(sql, args, map);
            AfterWrite();
            return new ValueTask<List<T>>(rows);
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
        }
        finally
        {
            _writerGate.Release();
        }

        return ExecuteReturningContendedAsync(sql, args.ToArray(), map, cancellationToken);
    }

    public ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        if (_readerSlots is null)
        {
            if (!_writerGate.Wait(0))
            {
                return ReadFirstContendedAsync(sql, args.ToArray(), map, cancellationToken);
            }

            try
            {
                ThrowIfDisposed();
                return new((_writer.TryReadFirst(sql, args, map, out var value), value));
            }
            finally
            {
                _writerGate.Release();
            }
        }

        try
        {
            return ReadFirstFromReader(sql, args, map, cancellationToken);
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
            return ReadFirstContendedAsync(sql, args.ToArray(), map, cancellationToken);
        }
    }

    private ValueTask<(bool Found, T Value)> ReadFirstFromReader<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        // Uncontended reads take the reader parked in the fast slot; others use the pool.
        if (Interlocked.Exchange(ref _fastReader, null) is { } fast)
        {
            try
            {
                return new((fast.TryReadFirst(sql, args, map, out var value), value));
            }
            finally
            {
                if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _fastReader, fast, null) is not null)
                {
                    ParkOrDispose(fast);
                }
            }
        }

        if (!_readerSlots!.Wait(0))
        {
            return ReadFirstContendedAsync(sql, args.ToArray(), map, cancellationToken);
        }

        var reader = RentReader();
        try
        {
            return new((reader.TryReadFirst(sql, args, map, out var value), value));
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    public ValueTask ProbeAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken)
    {
        if (_path is null)
        {
            return new(ReadFirstAsync(sql, args, static _ => 0, cancellationToken).AsTask());
        }

        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        if (!File.Exists(_path))
        {
            throw LibSqlException.Client(LibSqlErrorCodes.CantOpen, $"The database file '{_path}' is gone: it was deleted or moved while the store had it open.", "probe");
        }

        using var probe = new SqliteSession(_path, create: false);
        probe.Execute("PRAGMA busy_timeout = 0", []);
        probe.TryReadFirst(sql, args, static _ => 0, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<List<T>> ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        var copy = args.ToArray();
        return ReadSnapshotAsync((session, ct) => session.ReadAsync(sql, copy, map, ct), cancellationToken);
    }

    public async ValueTask<T> WriteTransactionAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        BusyBackoff? busy = null;
        while (true)
        {
            await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ThrowIfDisposed();
                _writer.Execute("BEGIN IMMEDIATE", []);
                try
                {
                    var result = await body(_writer, cancellationToken).ConfigureAwait(false);
                    _writer.Execute("COMMIT", []);
                    AfterWrite();
                    return result;
                }
                catch
                {
                    _writer.RollbackIfOpen();
                    throw;
                }
            }
            catch (LibSqlException ex) when (ex.IsBusy && (busy ??= new BusyBackoff(_busyTimeout)).ShouldRetry())
            {
            }
            finally
            {
                _writerGate.Release();
            }

            await busy!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<T> ReadSnapshotAsync<T>(Func<ISqlSession, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        if (_readerSlots is null)
        {
            await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ThrowIfDisposed();
                return await body(_writer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writerGate.Release();
            }
        }

        BusyBackoff? busy = null;
        while (true)
        {
            await _readerSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _disposed) != 0)
            {
                _readerSlots.Release();
                throw StoreDisposed.Exception();
            }

            var reader = RentReader();
            try
            {
                reader.Execute("BEGIN", []);
                try
                {
                    return await body(reader, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    reader.RollbackIfOpen();
                }
            }
            catch (LibSqlException ex) when (ex.IsBusy && (busy ??= new BusyBackoff(_busyTimeout)).ShouldRetry())
            {
            }
            finally
            {
                ReturnReader(reader);
            }

            await busy!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Waits for the statement or transaction in progress, closes the connections, then lets the callers
        // waiting for the writer through: each finds the driver disposed and throws.
        await _writerGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _writer.Dispose();
            Interlocked.Exchange(ref _fastReader, null)?.Dispose();
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw StoreDisposed.Exception();
        }
    }

    private ValueTask<(bool Found, T Value)> ReadFirstContendedAsync<T>(string sql, SqlArg[] args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        ReadSnapshotAsync((session, _) => new ValueTask<(bool, T)>((((SqliteSession)session).TryReadFirst(sql, args, map, out var value), value)), cancellationToken);

    private static IReadOnlyList<List<object?[]>> RunAll(SqliteSession session, IReadOnlyList<SqlStatement> statements) =>
        [.. statements.Select(statement => session.ReadValues(statement.Sql, statement.Args))];

    private void ParkOrDispose(SqliteSession reader)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            reader.Dispose();
        }
        else
        {
            _idleReaders.Add(reader);
        }
    }

    private SqliteSession RentReader() => _idleReaders.TryTake(out var reader) ? reader : _openReader!();

    private void ReturnReader(SqliteSession reader)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            reader.Dispose();
        }
        else
        {
            _idleReaders.Add(reader);
        }

        _readerSlots!.Release();
    }
}
