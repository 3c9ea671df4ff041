using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Driver;

// Writes that find the writer taken or the database busy: queued, and committed together by whoever gets the writer.
internal sealed partial class SqliteDriver
{
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
}
