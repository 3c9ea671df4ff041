using System.Collections.Concurrent;
using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// The embedded engine: one writer connection and, for file databases in WAL mode, a pool of reader
/// connections. A <c>:memory:</c> database is one connection for the driver's lifetime.
/// SQLite does its work synchronously, so uncontended calls complete without a thread hop.
/// </summary>
internal sealed class SqliteDriver : ISqlDriver
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

    /// <summary>The most a WAL file keeps on disk after a checkpoint resets it (SQLite truncates it to this).</summary>
    public const long WalSizeLimit = 16 * 1024 * 1024;

    /// <summary>How often the size of a file's WAL is looked at after a write, and how soon a truncation a reader was in the way of is tried again.</summary>
    private const long WalCheckMilliseconds = 500;

    private const long WalRetryMilliseconds = 2;


    /// <summary>Opens the database; <paramref name="inspect"/> opens an existing file as it is (no directory or file created, journal mode left alone).</summary>
    public static async ValueTask<SqliteDriver> OpenAsync(LibSqlUrl url, LibSqlPersistenceOptions options, bool inspect, CancellationToken cancellationToken)
    {
        if (url.Kind == LibSqlUrlKind.Memory)
        {
            return new SqliteDriver(new SqliteSession(":memory:"), null, 0, options.BusyTimeout);
        }

        var path = Path.GetFullPath(url.Path!);
        if (Directory.Exists(path))
        {
            throw new LibSqlConfigurationException(
                $"'{url.Original}' names the directory '{path}', not a database file. Add the file's name, for example 'file:{Path.Combine(path, "awaitly.db")}'.");
        }

        if (inspect && !File.Exists(path))
        {
            throw new LibSqlConfigurationException($"There is no database file at '{path}' (from '{url.Original}'). Check the URL: inspecting never creates a database.");
        }

        if (!inspect && Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new LibSqlConfigurationException(
                    $"The directory '{directory}' of the database in '{url.Original}' cannot be created ({ex.Message}). Use a path in a writable directory.", ex);
            }
        }

        var writer = new SqliteSession(path, create: !inspect);
        try
        {
            writer.Execute("PRAGMA busy_timeout = 0", []);
            writer.Execute($"PRAGMA journal_size_limit = {WalSizeLimit}", []);
            if (!inspect)
            {
                // Switching a fresh file to WAL takes an exclusive lock: another process opening it at the same time makes it busy.
                var busy = new BusyBackoff(options.BusyTimeout);
                while (true)
                {
                    try
                    {
                        writer.Execute("PRAGMA journal_mode = WAL", []);
                        break;
                    }
                    catch (LibSqlException ex) when (ex.IsBusy && busy.ShouldRetry())
                    {
                        await busy.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            writer.Execute(options.Synchronous == SynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", []);
        }
        catch (LibSqlException ex) when (ex.Code == LibSqlErrorCodes.NotADatabase)
        {
            writer.Dispose();
            throw LibSqlException.Sqlite(ex.Code,
                $"{ex.Code}: the file '{path}' (from '{url.Original}') is not a SQLite database (or is encrypted), so it was left as it is. " +
                "Point the URL at the store's database file, or at a path where none exists yet to create one.", ex.SqliteErrorCode ?? 0, ex);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        SqliteSession OpenReader()
        {
            var reader = new SqliteSession(path, create: !inspect);
            reader.Execute("PRAGMA busy_timeout = 0", []);
            return reader;
        }

        var driver = new SqliteDriver(writer, OpenReader, options.MaxReaders, options.BusyTimeout, DatabaseFile.For(path));
        driver._fastReader = OpenReader();
        driver._path = path;
        return driver;
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

    private ValueTask<int> ExecuteContendedAsync(string sql, SqlArg[] args, CancellationToken cancellationToken) =>
        WithWriterAsync(writer => writer.Execute(sql, args), ownTransaction: false, cancellationToken);

    private ValueTask<List<T>> ExecuteReturningContendedAsync<T>(string sql, SqlArg[] args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        WithWriterAsync(writer => writer.ReadAll(sql, args, map), ownTransaction: false, cancellationToken);

    // A write (one statement, or a batch that needs its own transaction) when the writer is taken or the database is busy. The
    // write is queued, then waits for the writer; whoever gets it first runs every queued write in one transaction (group
    // commit), each in its own savepoint so a failing one fails alone, and hands out the outcomes after the commit. While the
    // database is busy it waits (asynchronously) and tries again. A lone statement (nothing else queued) runs by itself, as on
    // the uncontended path.
    private async ValueTask<T> WithWriterAsync<T>(Func<SqliteSession, T> write, bool ownTransaction, CancellationToken cancellationToken)
    {
        var item = new QueuedWrite<T>(write, ownTransaction);
        _queued.Enqueue(item);
        BusyBackoff? busy = null;
        while (true)
        {
            try
            {
                await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (item.TryCancel())
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                // A group has the write: its outcome stands, so it is the answer.
                return await item.Task.ConfigureAwait(false);
            }

            var wasBusy = false;
            try
            {
                if (!item.IsCompleted)
                {
                    ThrowIfDisposed();
                    CommitQueued();
                }
            }
            catch (LibSqlException ex) when (ex.IsBusy && (busy ??= new BusyBackoff(_busyTimeout)).ShouldRetry())
            {
                wasBusy = true;
            }
            catch (Exception) when (item.TryCancel())
            {
                throw;
            }
            finally
            {
                _writerGate.Release();
            }

            if (item.IsCompleted || !wasBusy)
            {
                return await item.Task.ConfigureAwait(false);
            }

            try
            {
                await busy!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (item.TryCancel())
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return await item.Task.ConfigureAwait(false);
            }
        }
    }

    // Under the writer gate: the queued writes, one by itself or many in one transaction. A busy database gives them back.
    private void CommitQueued()
    {
        var group = QueuedItem.TakeAll(_queued);

        if (group.Count == 0)
        {
            return;
        }

        if (group is [{ OwnTransaction: false } only])
        {
            if (!only.Run(_writer) && only.Error is LibSqlException { IsBusy: true } busyError)
            {
                GiveBack(group);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(busyError);
            }

            AfterWrite();
            only.Complete();
            return;
        }

        try
        {
            _writer.Execute("BEGIN IMMEDIATE", []);
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
            GiveBack(group);
            throw;
        }

        try
        {
            foreach (var queued in group)
            {
                _writer.Execute("SAVEPOINT awaitly_write", []);
                if (!queued.Run(_writer))
                {
                    _writer.Execute("ROLLBACK TO awaitly_write", []);
                }

                _writer.Execute("RELEASE awaitly_write", []);
            }

            _writer.Execute("COMMIT", []);
        }
        catch (Exception ex)
        {
            _writer.RollbackIfOpen();
            foreach (var queued in group)
            {
                queued.Fail(ex);
            }

            throw;
        }

        AfterWrite();
        if (group.Count > 1)
        {
            Interlocked.Increment(ref _groupCommits);
        }

        foreach (var queued in group)
        {
            queued.Complete();
        }
    }

    /// <summary>Transactions that committed more than one queued write (for tests and diagnostics).</summary>
    internal long GroupCommits => Interlocked.Read(ref _groupCommits);

    private void GiveBack(List<QueuedWrite> group)
    {
        foreach (var queued in group)
        {
            queued.Untake();
            _queued.Enqueue(queued);
        }
    }

    // Under the writer gate. Auto-checkpoints (PASSIVE) stop short of pages readers still use, so under sustained load the
    // WAL only grows. A write looks at its size now and then (per file, whichever store of the process writes); past
    // WalSizeLimit it checkpoints the WAL fully and truncates it. With busy_timeout 0 that never waits: when a reader is in
    // the way it returns busy, and the next write, a moment later, tries again.
    private void AfterWrite()
    {
        var now = Environment.TickCount64;
        if (_file is null || !_file.TryClaimWalCheck(now, now + WalCheckMilliseconds))
        {
            return;
        }

        try
        {
            if (new FileInfo(_file.WalPath).Length > WalSizeLimit &&
                _writer.ReadValues("PRAGMA wal_checkpoint(TRUNCATE)", []) is [[long busy, ..]] && busy != 0)
            {
                _file.CheckWalAgainAt(now + WalRetryMilliseconds);
            }
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
            _file.CheckWalAgainAt(now + WalRetryMilliseconds);
        }
        catch (IOException)
        {
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
