namespace Awaitly;

/// <summary>
/// Lets a run's checkpoints write one at a time. Entering when nobody holds it costs one uncontended lock and no
/// allocation (a sequential run never waits); a step that runs in parallel with another waits for its turn, in order.
/// </summary>
internal sealed class CheckpointGate
{
    private readonly Lock _lock = new();
    private Queue<TaskCompletionSource>? _waiting;
    private bool _held;

    public ValueTask EnterAsync()
    {
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return ValueTask.CompletedTask;
            }

            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiting ??= new Queue<TaskCompletionSource>()).Enqueue(turn);
            return new ValueTask(turn.Task);
        }
    }

    /// <summary>Hands the gate to the next waiter, or frees it.</summary>
    public void Exit()
    {
        TaskCompletionSource? next = null;
        lock (_lock)
        {
            if (_waiting is { Count: > 0 } waiting)
            {
                next = waiting.Dequeue();
            }
            else
            {
                _held = false;
            }
        }

        next?.SetResult();
    }
}
