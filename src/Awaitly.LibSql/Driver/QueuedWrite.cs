namespace Awaitly.LibSql.Driver;

/// <summary>
/// A write (one statement, or a batch that is one transaction) waiting for the writer connection. Whoever takes the writer next runs every waiting write in one
/// transaction (group commit); each write's outcome is handed to its caller only after that transaction committed.
/// </summary>
internal abstract class QueuedWrite(bool ownTransaction) : QueuedItem
{
    /// <summary>True for a batch: it runs in a transaction even when it is the only write waiting.</summary>
    public bool OwnTransaction => ownTransaction;

    public abstract bool IsCompleted { get; }

    /// <summary>The exception the last <see cref="Run"/> kept, if it failed.</summary>
    public abstract Exception? Error { get; }

    /// <summary>Runs the statement; its result or exception is kept until <see cref="Complete"/>.</summary>
    public abstract bool Run(SqliteSession writer);

    /// <summary>Hands the kept outcome to the caller.</summary>
    public abstract void Complete();

    /// <summary>Fails the write (its transaction did not commit).</summary>
    public abstract void Fail(Exception exception);
}

/// <inheritdoc />
internal sealed class QueuedWrite<T>(Func<SqliteSession, T> write, bool ownTransaction) : QueuedWrite(ownTransaction)
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _done.Task;

    public override bool IsCompleted => _done.Task.IsCompleted;

    public override Exception? Error => _error;

    public override bool Run(SqliteSession writer)
    {
        try
        {
            _result = write(writer);
            _error = null;
            return true;
        }
        catch (Exception ex)
        {
            _error = ex;
            return false;
        }
    }

    public override void Complete()
    {
        if (_error is null)
        {
            _done.TrySetResult(_result!);
        }
        else
        {
            _done.TrySetException(_error);
        }
    }

    public override void Fail(Exception exception) => _done.TrySetException(exception);
}
