using System.Diagnostics;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// Waiting for a database another connection has locked, without blocking a thread: connections run with SQLite's busy
/// timeout at 0 (its busy handler sleeps the calling thread), and a statement refused with <c>SQLITE_BUSY</c>, which
/// changed nothing, is tried again after an asynchronous, jittered, growing delay until <c>BusyTimeout</c> has passed.
/// Like SQLite's own timeout it is wall-clock time, whatever <c>TimeProvider</c> the store uses.
/// </summary>
internal sealed class BusyBackoff(TimeSpan limit)
{
    private long? _since;
    private int _attempt;

    /// <summary>Whether to wait and try again after a busy refusal (false once the limit has passed: the caller rethrows).</summary>
    public bool ShouldRetry()
    {
        _since ??= Stopwatch.GetTimestamp();
        return Stopwatch.GetElapsedTime(_since.Value) < limit;
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(1 << Math.Min(_attempt++, 5), 32);
        var milliseconds = 0.5 * ceiling + (Random.Shared.NextDouble() * ceiling);
        return Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken);
    }
}
