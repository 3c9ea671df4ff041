namespace Awaitly;

/// <summary>
/// Renews a lease on a timer while a workflow runs. A renewal that reports the lease gone stops it at
/// once; renewals that throw are retried until the lease would have lapsed.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(WorkflowLease lease, TimeSpan ttl, TimeSpan interval, TimeProvider time, Action<Exception?> onLost)
    {
        _loop = RenewUntilStoppedAsync(lease, ttl, interval, time, onLost);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RenewUntilStoppedAsync(WorkflowLease lease, TimeSpan ttl, TimeSpan interval, TimeProvider time, Action<Exception?> onLost)
    {
        var expiresAt = lease.ExpiresAt;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var attemptedAt = time.GetUtcNow();
                try
                {
                    if (!await lease.RenewAsync(ttl, _stop.Token))
                    {
                        onLost(null);
                        return;
                    }

                    expiresAt = attemptedAt + ttl;
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (time.GetUtcNow() + interval >= expiresAt)
                {
                    onLost(ex);
                    return;
                }
                catch (Exception)
                {
                    // Transient: the lease is still ours until it lapses; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
