namespace Awaitly;

/// <summary>
/// Runs workflows durably: every completed step is checkpointed to a store, and a re-run with the same
/// id skips the steps that already completed. A run never throws for a workflow-level failure; it
/// returns a <see cref="WorkflowError"/>.
/// </summary>
public static partial class Durable
{
    /// <summary>Runs <paramref name="workflow"/> durably under <see cref="DurableOptions.Id"/>.</summary>
    /// <returns>The workflow's value, or why it did not produce one. On success the stored state is deleted.</returns>
    public static async Task<Result<T, WorkflowError>> RunAsync<TDeps, T>(
        TDeps deps,
        Func<DurableContext<TDeps>, Task<T>> workflow,
        DurableOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var observer = new RunObserver(options);
        var result = await RunObservedAsync(deps, workflow, options, observer, cancellationToken).ConfigureAwait(false);
        observer.Ended(result.Error);
        return result;
    }

    private static async Task<Result<T, WorkflowError>> RunObservedAsync<TDeps, T>(
        TDeps deps,
        Func<DurableContext<TDeps>, Task<T>> workflow,
        DurableOptions options,
        RunObserver observer,
        CancellationToken cancellationToken)
    {
        var store = options.Store ?? InMemoryStatePersistence.Shared;
        var id = options.Id;
        if (cancellationToken.IsCancellationRequested)
        {
            return Fail<T>(new WorkflowCancelledError(id, "Cancellation was requested before the run started.", null));
        }

        // Claimed before the first await, so a same-process duplicate is always reported as in-process.
        var exclusive = !options.AllowConcurrent;
        if (exclusive && !ActiveWorkflows.TryClaim(store, id))
        {
            return Fail<T>(new ConcurrentExecutionError(id, ConcurrencyConflict.InProcess));
        }

        try
        {
            return await RunExclusiveAsync(deps, workflow, options, store, observer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (exclusive)
            {
                ActiveWorkflows.Release(store, id);
            }
        }
    }

    private static async Task<Result<T, WorkflowError>> RunExclusiveAsync<TDeps, T>(
        TDeps deps,
        Func<DurableContext<TDeps>, Task<T>> workflow,
        DurableOptions options,
        IStatePersistence store,
        RunObserver observer,
        CancellationToken cancellationToken)
    {
        WorkflowLease? lease = null;
        LeasedState? loaded = null;
        if (!options.AllowConcurrent && store is IWorkflowLock locks)
        {
            try
            {
                if (store is ILeasedLoad leasedLoad)
                {
                    loaded = await leasedLoad.TryAcquireAndLoadAsync(options.Id, options.LockTtl, cancellationToken).ConfigureAwait(false);
                    lease = loaded?.Lease;
                }
                else
                {
                    lease = await locks.TryAcquireAsync(options.Id, options.LockTtl, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail<T>(new WorkflowCancelledError(options.Id, "Cancellation was requested while taking the lease.", null));
            }
            catch (Exception ex)
            {
                return Fail<T>(new PersistenceError(options.Id, PersistenceOperation.Load, ex));
            }

            if (lease is null)
            {
                return Fail<T>(new ConcurrentExecutionError(options.Id, ConcurrencyConflict.CrossProcess) { Lease = locks.DescribeLease(options.Id) });
            }

            observer.LeaseAcquired(lease);
        }

        using var run = new WorkflowRun(options, store, lease, observer, cancellationToken);
        var heartbeat = lease is null
            ? null
            : new LeaseHeartbeat(lease, options.LockTtl, options.EffectiveHeartbeat, options.TimeProvider, run.OnLeaseLost, observer);
        try
        {
            return await ExecuteAsync(deps, workflow, run, store, lease, heartbeat, loaded).ConfigureAwait(false);
        }
        finally
        {
            if (heartbeat is not null)
            {
                await heartbeat.DisposeAsync().ConfigureAwait(false);
            }

            if (lease is not null)
            {
                try
                {
                    await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The lease expires on its own; a failed release must not change the run's outcome.
                }
            }
        }
    }

    private static async Task<Result<T, WorkflowError>> ExecuteAsync<TDeps, T>(
        TDeps deps,
        Func<DurableContext<TDeps>, Task<T>> workflow,
        WorkflowRun run,
        IStatePersistence store,
        WorkflowLease? lease,
        LeaseHeartbeat? heartbeat,
        LeasedState? loaded)
    {
        var options = run.Options;
        WorkflowState? existing;
        try
        {
            existing = loaded is not null ? loaded.State : await store.LoadAsync(options.Id, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            return Fail<T>(run.StoppedError());
        }
        catch (Exception ex)
        {
            return Fail<T>(new PersistenceError(options.Id, PersistenceOperation.Load, ex));
        }

        var resume = existing ?? WorkflowState.Empty;
        var metadata = existing?.Metadata;
        var stored = existing is not null;
        if (existing is not null && existing.WorkflowVersion != options.Version)
        {
            VersionMismatchResolution decision;
            try
            {
                decision = options.OnVersionMismatch is { } handler
                    ? await handler(new VersionMismatchContext(options.Id, existing.WorkflowVersion, options.Version, existing), run.Token).ConfigureAwait(false)
                    : VersionMismatchResolution.Fail;
            }
            catch (Exception ex)
            {
                return Fail<T>(new UnexpectedError(ex, null));
            }

            switch (decision)
            {
                case VersionMismatchResolution.ClearResolution:
                    await TryDeleteAsync(run, store, lease).ConfigureAwait(false);
                    resume = WorkflowState.Empty;
                    metadata = null;
                    stored = false;
                    break;
                case VersionMismatchResolution.MigrateResolution migrate:
                    resume = migrate.State;
                    stored = false;
                    break;
                default:
                    return Fail<T>(new VersionMismatchError(options.Id, existing.WorkflowVersion, options.Version));
            }
        }

        run.Resume(resume, metadata, stored);
        T value;
        try
        {
            value = await workflow(new DurableContext<TDeps>(deps, run)).ConfigureAwait(false);
        }
        catch (WorkflowExitException exit) when (ReferenceEquals(exit.Run, run))
        {
            if (options.RecordOutcome && WorkflowRun.EndsOnStepError(exit.Error))
            {
                await run.RecordFailureAsync(exit.Error).ConfigureAwait(false);
            }

            await run.SaveAtRestAsync().ConfigureAwait(false);
            return Fail<T>(exit.Error);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            await run.SaveAtRestAsync().ConfigureAwait(false);
            return Fail<T>(run.StoppedError());
        }
        catch (Exception ex)
        {
            var error = new UnexpectedError(ex, null);
            if (options.RecordOutcome)
            {
                await run.RecordFailureAsync(error).ConfigureAwait(false);
            }

            await run.SaveAtRestAsync().ConfigureAwait(false);
            return Fail<T>(error);
        }

        if (run.Token.IsCancellationRequested)
        {
            await run.SaveAtRestAsync().ConfigureAwait(false);
            return Fail<T>(run.StoppedError());
        }

        await TryDeleteAsync(run, store, lease, finished: true, heartbeat).ConfigureAwait(false);
        return Result<T, WorkflowError>.Success(value);
    }

    // A finished run's store that can also release the lease does both in one step; the heartbeat stops first, so no
    // renewal races the release.
    private static async ValueTask TryDeleteAsync(WorkflowRun run, IStatePersistence store, WorkflowLease? lease, bool finished = false, LeaseHeartbeat? heartbeat = null)
    {
        try
        {
            if (finished && lease is not null && store is ILeaseCompletion completion)
            {
                if (heartbeat is not null)
                {
                    await heartbeat.DisposeAsync().ConfigureAwait(false);
                }

                await completion.DeleteAndReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
                lease.MarkReleased();
            }
            else
            {
                await store.DeleteAsync(run.WorkflowId, lease?.Fence, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            run.Observer.CleanupFailed(ex);
            run.Emit(new DurableEvent(DurableEventKind.CleanupFailed, run.WorkflowId, run.Options.TimeProvider.GetUtcNow()) { Exception = ex });
        }
    }

    private static Result<T, WorkflowError> Fail<T>(WorkflowError error) => Result<T, WorkflowError>.Failure(error);
}
