namespace Awaitly;

/// <summary>
/// A process-local store that keeps each state as its serialized document (so it checks the same
/// format as the database stores), with optional TTL, paging, bulk delete and a lease lock with fencing.
/// Thread-safe. <see cref="Shared"/> is the store <see cref="Durable.RunAsync{TDeps, T}"/> uses when none is given.
/// </summary>
public sealed class InMemoryStatePersistence : IPagedStatePersistence, IBulkStatePersistence, IWorkflowLock, IStoreLifetime, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseRow> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan? _ttl;
    private readonly CancellationTokenSource _closing = new();
    private long _lastFence;
    private int _disposed;

    /// <summary>Creates a store.</summary>
    /// <param name="ttl">How long a state lives after its last save; <see langword="null"/> for ever.</param>
    /// <param name="timeProvider">The clock (a fake one in tests).</param>
    public InMemoryStatePersistence(TimeSpan? ttl = null, TimeProvider? timeProvider = null)
    {
        if (ttl is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A TTL must be positive; pass null for no expiry.");
        }

        _ttl = ttl;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The process-wide default store.</summary>
    public static InMemoryStatePersistence Shared { get; } = new();

    /// <inheritdoc />
    public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var document = WorkflowStateSerializer.Serialize(state);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            CheckFence(workflowId, fence);
            _rows[workflowId] = new StoredRow(document, now, now + _ttl);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        string? document;
        lock (_gate)
        {
            document = TryGetLive(workflowId, _time.GetUtcNow(), out var row) ? row.Document : null;
        }

        return ValueTask.FromResult(document is null ? null : WorkflowStateSerializer.Deserialize(document));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        lock (_gate)
        {
            CheckFence(workflowId, fence);
            return ValueTask.FromResult(_rows.Remove(workflowId, out var removed) && IsLive(removed, _time.GetUtcNow()));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            IReadOnlyList<string> ids = [.. _rows.Where(r => IsLive(r.Value, now)).Select(r => r.Key).Order(StringComparer.Ordinal)];
            return ValueTask.FromResult(ids);
        }
    }

    /// <inheritdoc />
    public ValueTask<StatePage> ListPageAsync(StateListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        List<KeyValuePair<string, StoredRow>> matching;
        lock (_gate)
        {
            matching = [.. _rows.Where(r => IsLive(r.Value, now)
                && (options.UpdatedBefore is not { } before || r.Value.UpdatedAt < before)
                && (options.UpdatedAfter is not { } after || r.Value.UpdatedAt > after))];
        }

        IEnumerable<KeyValuePair<string, StoredRow>> ordered = (options.OrderBy, options.Direction) switch
        {
            (StateOrderBy.Key, SortDirection.Ascending) => matching.OrderBy(r => r.Key, StringComparer.Ordinal),
            (StateOrderBy.Key, _) => matching.OrderByDescending(r => r.Key, StringComparer.Ordinal),
            (_, SortDirection.Ascending) => matching.OrderBy(r => r.Value.UpdatedAt).ThenBy(r => r.Key, StringComparer.Ordinal),
            _ => matching.OrderByDescending(r => r.Value.UpdatedAt).ThenByDescending(r => r.Key, StringComparer.Ordinal),
        };
        var window = ordered.Skip(options.Offset).Take(options.Limit + 1).Select(r => r.Key).ToList();
        int? next = window.Count > options.Limit ? options.Offset + options.Limit : null;
        if (next is not null)
        {
            window.RemoveAt(window.Count - 1);
        }

        return ValueTask.FromResult(new StatePage(window, next, options.IncludeTotal ? matching.Count : null));
    }

    /// <inheritdoc />
    public ValueTask<int> DeleteManyAsync(IReadOnlyCollection<string> workflowIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowIds);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return ValueTask.FromResult(workflowIds.Distinct(StringComparer.Ordinal).Count(id => _rows.Remove(id, out var removed) && IsLive(removed, now)));
        }
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        lock (_gate)
        {
            _rows.Clear();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Removes expired states; returns how many.</summary>
    public int PurgeExpired()
    {
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var expired = _rows.Where(r => !IsLive(r.Value, now)).Select(r => r.Key).ToList();
            expired.ForEach(id => _rows.Remove(id));
            return expired.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<WorkflowLease?> TryAcquireAsync(string workflowId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        LeaseTtl.Validate(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_leases.TryGetValue(workflowId, out var held) && held.ExpiresAt > now)
            {
                return ValueTask.FromResult<WorkflowLease?>(null);
            }

            var row = new LeaseRow(Guid.NewGuid().ToString(), now + ttl, ++_lastFence);
            _leases[workflowId] = row;
            return ValueTask.FromResult<WorkflowLease?>(new WorkflowLease(this, workflowId, row.OwnerToken, row.Fence, row.ExpiresAt) { TakenOver = held is not null });
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(string workflowId, string ownerToken, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(ownerToken);
        LeaseTtl.Validate(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        lock (_gate)
        {
            if (!_leases.TryGetValue(workflowId, out var held) || held.OwnerToken != ownerToken)
            {
                return ValueTask.FromResult(false);
            }

            _leases[workflowId] = held with { ExpiresAt = _time.GetUtcNow() + ttl };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(string workflowId, string ownerToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(ownerToken);
        ThrowIfDisposed();
        lock (_gate)
        {
            return ValueTask.FromResult(_leases.TryGetValue(workflowId, out var held) && held.OwnerToken == ownerToken && _leases.Remove(workflowId));
        }
    }

    /// <inheritdoc />
    public CancellationToken Closing => _closing.Token;

    /// <summary>
    /// Drops every state and lease; later calls throw <see cref="ObjectDisposedException"/> and runs in flight end with
    /// <see cref="PersistenceError"/>. A second call does nothing; <see cref="Shared"/> cannot be disposed (the call does nothing).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (ReferenceEquals(this, Shared) || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _rows.Clear();
            _leases.Clear();
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(InMemoryStatePersistence), "The store has been disposed.");
        }
    }

    private void CheckFence(string workflowId, LeaseFence? fence)
    {
        if (fence is { } expected &&
            (!_leases.TryGetValue(workflowId, out var held) || held.OwnerToken != expected.OwnerToken || held.Fence != expected.FencingToken))
        {
            throw new LeaseLostException(workflowId);
        }
    }

    private bool TryGetLive(string workflowId, DateTimeOffset now, out StoredRow row) =>
        _rows.TryGetValue(workflowId, out row!) && IsLive(row, now);

    private static bool IsLive(StoredRow row, DateTimeOffset now) => row.ExpiresAt is not { } expires || expires > now;

    private sealed record StoredRow(string Document, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiresAt);

    private sealed record LeaseRow(string OwnerToken, DateTimeOffset ExpiresAt, long Fence);
}
