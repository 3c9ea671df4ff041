namespace Awaitly;

/// <summary>
/// Renews a lease on a timer while a workflow runs. A renewal that reports the lease gone stops it at
/// once; renewals that throw are retried until the lease would have lapsed. Stopping waits only for a
/// renewal in flight, so a run that ends between ticks does not wait for the timer.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    // The longest period a timer takes (about 49.7 days); a longer heartbeat (a lease of years) renews at this period instead.
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly WorkflowLease _lease;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action<Exception?> _onLost;
    private readonly RunObserver _observer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private Task _renewing = Task.CompletedTask;
    private DateTimeOffset _expiresAt;
    private bool _stopped;

    public LeaseHeartbeat(WorkflowLease lease, TimeSpan ttl, TimeSpan interval, TimeProvider time, Action<Exception?> onLost, RunObserver observer)
    {
        _lease = lease;
        _ttl = ttl;
        _interval = interval < LongestPeriod ? interval : LongestPeriod;
        _time = time;
        _onLost = onLost;
        _observer = observer;
        _expiresAt = lease.ExpiresAt;
        _timer = time.CreateTimer(static state => ((LeaseHeartbeat)state!).Tick(), this, _interval, _interval);
    }

    public async ValueTask DisposeAsync()
    {
        Task renewing;
        lock (_gate)
        {
            _stopped = true;
            renewing = _renewing;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        if (!renewing.IsCompleted)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private void Tick()
    {
        lock (_gate)
        {
            // One renewal at a time: a tick that finds the previous one still running skips.
            if (!_stopped && _renewing.IsCompleted)
            {
                _renewing = RenewAsync();
            }
        }
    }

    private async Task RenewAsync()
    {
        var attemptedAt = _time.GetUtcNow();
        try
        {
            if (!await _lease.RenewAsync(_ttl, _stop.Token).ConfigureAwait(false))
            {
                Lost(null);
                return;
            }

            _expiresAt = attemptedAt + _ttl;
            _observer.LeaseRenewed();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (_time.GetUtcNow() + _interval >= _expiresAt)
        {
            Lost(ex);
        }
        catch (Exception)
        {
            // Transient: the lease is still ours until it lapses; the next tick tries again.
        }
    }

    private void Lost(Exception? cause)
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _onLost(cause);
    }
}
