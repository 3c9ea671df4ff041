namespace Awaitly;

/// <summary>
/// Lets a run's checkpoints write one at a time. Entering and leaving when nobody else wants it is one atomic exchange each,
/// with no lock and no allocation (a sequential run never waits); a step that runs in parallel with another waits for its
/// turn, in order.
/// </summary>
internal sealed class CheckpointGate
{
    private const int Free = 0;
    private const int Held = 1;
    private const int HeldWithWaiters = 2;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _state;

    public ValueTask EnterAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Held, Free) == Free)
        {
            return ValueTask.CompletedTask;
        }

        lock (_lock)
        {
            // Only an exit's fast path changes the state without the lock (held to free), so a holder seen marked as having
            // waiters takes the lock on its way out and hands the gate to the queue.
            for (; ; )
            {
                var state = Volatile.Read(ref _state);
                if (state == Free)
                {
                    if (Interlocked.CompareExchange(ref _state, Held, Free) == Free)
                    {
                        return ValueTask.CompletedTask;
                    }
                }
                else if (state == HeldWithWaiters || Interlocked.CompareExchange(ref _state, HeldWithWaiters, Held) == Held)
                {
                    var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiting.Enqueue(turn);
                    return new ValueTask(turn.Task);
                }
            }
        }
    }

    /// <summary>Hands the gate to the next waiter, or frees it.</summary>
    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _state, Free, Held) == Held)
        {
            return;
        }

        TaskCompletionSource? next = null;
        lock (_lock)
        {
            if (_waiting.TryDequeue(out next))
            {
                // The gate stays held, now by the waiter; with nobody else queued its exit can take the fast path.
                Volatile.Write(ref _state, _waiting.Count > 0 ? HeldWithWaiters : Held);
            }
            else
            {
                Volatile.Write(ref _state, Free);
            }
        }

        next?.SetResult();
    }
}
