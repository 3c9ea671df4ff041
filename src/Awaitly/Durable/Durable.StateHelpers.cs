namespace Awaitly;

/// <summary>Options for <see cref="Durable.DeleteStatesAsync"/>.</summary>
public sealed record DeleteStatesOptions
{
    /// <summary>Deletes in flight at once when the store has no bulk delete. Default 10.</summary>
    public int Concurrency { get; init; } = 10;

    /// <summary>Collect failures instead of throwing the first. Default true.</summary>
    public bool ContinueOnError { get; init; } = true;
}

/// <summary>A delete that failed.</summary>
/// <param name="WorkflowId">The id.</param>
/// <param name="Exception">Why.</param>
public sealed record DeleteStateFailure(string WorkflowId, Exception Exception);

/// <summary>The outcome of <see cref="Durable.DeleteStatesAsync"/>.</summary>
/// <param name="Deleted">How many states existed and were deleted.</param>
/// <param name="Errors">The failures, if any.</param>
public sealed record DeleteStatesResult(int Deleted, IReadOnlyList<DeleteStateFailure> Errors);

public static partial class Durable
{
    /// <summary>
    /// True when the store holds state for <paramref name="workflowId"/> (a stored document that cannot be read counts).
    /// A store that fails throws its exception: an unreachable store is not an absent state.
    /// </summary>
    public static async ValueTask<bool> HasStateAsync(IStatePersistence store, string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return await store.LoadAsync(workflowId, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (WorkflowStateFormatException)
        {
            // The row is there, it just cannot be read.
            return true;
        }
    }

    /// <summary>Deletes the state of <paramref name="workflowId"/>; true when it existed. A store that fails gives false.</summary>
    public static async ValueTask<bool> DeleteStateAsync(IStatePersistence store, string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return await store.DeleteAsync(workflowId, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Deletes many states: in one call when the store supports it, else in parallel batches.</summary>
    public static async ValueTask<DeleteStatesResult> DeleteStatesAsync(
        IStatePersistence store,
        IReadOnlyCollection<string> workflowIds,
        DeleteStatesOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(workflowIds);
        options ??= new DeleteStatesOptions();
        if (options.Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Concurrency, "DeleteStatesOptions.Concurrency must be at least 1.");
        }

        if (workflowIds.Count == 0)
        {
            return new DeleteStatesResult(0, []);
        }

        if (store is IBulkStatePersistence bulk)
        {
            try
            {
                return new DeleteStatesResult(await bulk.DeleteManyAsync(workflowIds, cancellationToken).ConfigureAwait(false), []);
            }
            catch (Exception ex) when (options.ContinueOnError && ex is not OperationCanceledException)
            {
                return new DeleteStatesResult(0, [.. workflowIds.Select(id => new DeleteStateFailure(id, ex))]);
            }
        }

        var deleted = 0;
        var errors = new List<DeleteStateFailure>();
        foreach (var batch in workflowIds.Chunk(options.Concurrency))
        {
            var outcomes = await Task.WhenAll(batch.Select(async id =>
            {
                try
                {
                    return (id, deleted: await store.DeleteAsync(id, null, cancellationToken).ConfigureAwait(false), error: (Exception?)null);
                }
                catch (Exception ex) when (options.ContinueOnError && ex is not OperationCanceledException)
                {
                    return (id, deleted: false, error: ex);
                }
            })).ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                deleted += outcome.deleted ? 1 : 0;
                if (outcome.error is not null)
                {
                    errors.Add(new DeleteStateFailure(outcome.id, outcome.error));
                }
            }
        }

        return new DeleteStatesResult(deleted, errors);
    }

    /// <summary>
    /// Deletes every state of the store (a prefixed store clears only its prefix). Without a bulk clear it
    /// pages and deletes, and stops with an exception when a round deletes nothing, instead of looping.
    /// </summary>
    public static async ValueTask ClearStateAsync(IStatePersistence store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store is IBulkStatePersistence bulk)
        {
            await bulk.ClearAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var page = new StateListOptions { Limit = 100, OrderBy = StateOrderBy.Key, Direction = SortDirection.Ascending };
        while (true)
        {
            var ids = (await ListPendingAsync(store, page, cancellationToken).ConfigureAwait(false)).Ids;
            if (ids.Count == 0)
            {
                return;
            }

            var result = await DeleteStatesAsync(store, ids, new DeleteStatesOptions { ContinueOnError = true }, cancellationToken).ConfigureAwait(false);
            if (result.Deleted == 0)
            {
                throw new AggregateException("ClearStateAsync made no progress: the store failed to delete any of the listed states.",
                    result.Errors.Select(e => e.Exception));
            }
        }
    }

    /// <summary>The ids with stored state (runs that did not complete).</summary>
    public static ValueTask<IReadOnlyList<string>> ListPendingAsync(IStatePersistence store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ListAsync(cancellationToken);
    }

    /// <summary>One page of ids with stored state. Stores without paging are paged here, by id.</summary>
    public static async ValueTask<StatePage> ListPendingAsync(IStatePersistence store, StateListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (store is IPagedStatePersistence paged)
        {
            return await paged.ListPageAsync(options, cancellationToken).ConfigureAwait(false);
        }

        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        IEnumerable<string> ordered = options.Direction == SortDirection.Ascending || options.OrderBy == StateOrderBy.UpdatedAt
            ? all.Order(StringComparer.Ordinal)
            : all.OrderDescending(StringComparer.Ordinal);
        var ids = ordered.Skip(options.Offset).Take(options.Limit).ToList();
        int? next = options.Offset + ids.Count < all.Count ? options.Offset + ids.Count : null;
        return new StatePage(ids, next, options.IncludeTotal ? all.Count : null);
    }
}
