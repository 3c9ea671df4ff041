using System.Collections.Concurrent;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// Something queued for whoever sends or commits next (a write for a group commit, a request for a shared pipeline): it is
/// taken by exactly one group, or withdrawn by its caller before any group took it.
/// </summary>
internal abstract class QueuedItem
{
    private const int Pending = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;
    private int _state;

    /// <summary>Claims the item for a group; false when another group has it or its caller gave up.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Pending) == Pending;

    /// <summary>Gives a claimed item back (its group could not start).</summary>
    public void Untake() => Volatile.Write(ref _state, Pending);

    /// <summary>Withdraws the item before any group took it; false when one did, so its outcome must be awaited.</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Pending) == Pending;

    /// <summary>Takes every item waiting in <paramref name="queue"/> that no other group took and no caller withdrew.</summary>
    public static List<T> TakeAll<T>(ConcurrentQueue<T> queue)
        where T : QueuedItem
    {
        var group = new List<T>();
        while (queue.TryDequeue(out var queued))
        {
            if (queued.TryTake())
            {
                group.Add(queued);
            }
        }

        return group;
    }
}
