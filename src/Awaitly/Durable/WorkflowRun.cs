using System.Text.Json;

namespace Awaitly;

/// <summary>
/// The state of one durable run: the stored steps it replays, the entries it has completed, its
/// serialized checkpoint writer, and its cancellation (caller or lost lease).
/// </summary>
internal sealed class WorkflowRun : IDisposable
{
    private readonly Lock _entriesGate = new();
    private readonly OrderedDictionary<string, StepEntry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly CancellationTokenSource _cancellation;
    private readonly IStatePersistence _store;
    private readonly LeaseFence? _fence;
    private readonly CancellationToken _storeClosing;
    private WorkflowState _resume = WorkflowState.Empty;
    private JsonElement? _baseMetadata;
    private WorkflowMetadata? _metadata;
    private bool _storedMatchesEntries;
    private Exception? _leaseLossCause;
    private volatile bool _leaseLost;
    private string? _lastStepKey;

    public WorkflowRun(DurableOptions options, IStatePersistence store, LeaseFence? fence, CancellationToken callerToken)
    {
        Options = options;
        _store = store;
        _fence = fence;
        _storeClosing = store is IStoreLifetime lifetime ? lifetime.Closing : CancellationToken.None;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _storeClosing);
    }

    public DurableOptions Options { get; }

    public string WorkflowId => Options.Id;

    public CancellationToken Token => _cancellation.Token;

    public string? LastStepKey => Volatile.Read(ref _lastStepKey);

    private TimeProvider Time => Options.TimeProvider;

    /// <param name="state">The steps to replay.</param>
    /// <param name="metadata">The metadata to build on.</param>
    /// <param name="stored">True when <paramref name="state"/> is exactly what the store holds, so steps can be patched into it.</param>
    public void Resume(WorkflowState state, JsonElement? metadata, bool stored)
    {
        _resume = state;
        _baseMetadata = metadata;
        _metadata = null;
        _storedMatchesEntries = stored;
        lock (_entriesGate)
        {
            foreach (var entry in state.Steps)
            {
                _entries[entry.Key] = entry;
            }
        }
    }

    public WorkflowError StoppedError() =>
        _leaseLost ? new LeaseExpiredError(WorkflowId, _leaseLossCause)
        : _storeClosing.IsCancellationRequested ? new PersistenceError(WorkflowId, PersistenceOperation.Save, StoreDisposed())
        : new WorkflowCancelledError(WorkflowId, "Cancellation was requested.", LastStepKey);

    private ObjectDisposedException StoreDisposed() => new(_store.GetType().Name,
        $"The store was disposed while workflow '{WorkflowId}' was running; its state is kept as of the last checkpoint, and a run on an open store resumes it.");

    public void OnLeaseLost(Exception? cause)
    {
        _leaseLossCause = cause;
        _leaseLost = true;
        Emit(new DurableEvent(DurableEventKind.LeaseLost, WorkflowId, Time.GetUtcNow()) { Exception = cause });
        _cancellation.Cancel();
    }

    public void Emit(DurableEvent durableEvent)
    {
        try
        {
            Options.OnEvent?.Invoke(durableEvent);
        }
        catch (Exception)
        {
            // A listener's failure must not change the outcome of the run.
        }
    }

    public WorkflowExitException Exit(WorkflowError error) => new(this, error);

    public async ValueTask<T> StepAsync<T, TError>(string id, string? key, StepOptions? options, Func<ValueTask<Result<T, TError>>> operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(operation);
        var stepKey = options?.Durable ?? true ? key ?? id : null;
        if (Token.IsCancellationRequested)
        {
            throw Exit(StoppedError());
        }

        if (stepKey is not null && _resume.TryGetStep(stepKey, out var stored) && stored.IsReplayable)
        {
            return Replay<T, TError>(id, stepKey, stored);
        }

        Emit(StepEvent(DurableEventKind.StepStarted, id, stepKey));
        var started = Time.GetTimestamp();
        Result<T, TError> result;
        try
        {
            result = options?.Timeout is { } timeout
                ? await WithTimeoutAsync(operation, timeout)
                : await operation();
        }
        catch (WorkflowExitException)
        {
            throw;
        }
        catch (StepTimedOutException)
        {
            var error = new StepTimeoutError(id, stepKey, options!.Timeout!.Value);
            Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Duration = Time.GetElapsedTime(started) });
            throw Exit(error);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw Exit(StoppedError());
        }
        catch (Exception ex)
        {
            var error = new UnexpectedError(ex, stepKey ?? id);
            Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Exception = ex, Duration = Time.GetElapsedTime(started) });
            if (stepKey is not null && Options.RecordThrownSteps)
            {
                await CheckpointAsync(id, stepKey, StepEntry.Thrown(stepKey, ex));
            }

            throw Exit(error);
        }

        var duration = Time.GetElapsedTime(started);
        if (result.IsOk)
        {
            Emit(StepEvent(DurableEventKind.StepSucceeded, id, stepKey) with { Duration = duration });
            if (stepKey is not null)
            {
                var value = JsonSerializer.SerializeToElement(result.Value, StepJson.Get<T>(Options.Json));
                await CheckpointAsync(id, stepKey, StepEntry.Success(stepKey, value));
            }

            return result.Value;
        }

        var expected = new ExpectedError(stepKey ?? id, result.Error, result.Cause);
        Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = expected, Duration = duration });
        if (stepKey is not null)
        {
            var error = JsonSerializer.SerializeToElement(result.Error, StepJson.Get<TError>(Options.Json));
            await CheckpointAsync(id, stepKey, StepEntry.Failure(stepKey, error, result.Cause));
        }

        throw Exit(expected);
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        _saveGate.Dispose();
    }

    private T Replay<T, TError>(string id, string stepKey, StepEntry stored)
    {
        Volatile.Write(ref _lastStepKey, stepKey);
        Emit(StepEvent(DurableEventKind.StepCacheHit, id, stepKey));
        if (stored.IsOk)
        {
            return ReadStored<T>(stepKey, stored.Payload, "value");
        }

        object error = typeof(TError) == typeof(NoError)
            ? stored.Payload.Clone()
            : ReadStored<TError>(stepKey, stored.Payload, "error")!;
        throw Exit(new ExpectedError(stepKey, error, stored.ReadCause()));
    }

    private T ReadStored<T>(string stepKey, JsonElement payload, string what)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            return default!;
        }

        try
        {
            return payload.Deserialize(StepJson.Get<T>(Options.Json))!;
        }
        catch (JsonException ex)
        {
            var problem = new WorkflowStateFormatException(
                $"The stored {what} of step '{stepKey}' cannot be read as {typeof(T).Name}: {ex.Message}", ex);
            throw Exit(new PersistenceError(WorkflowId, PersistenceOperation.Load, problem));
        }
    }

    private async ValueTask<Result<T, TError>> WithTimeoutAsync<T, TError>(Func<ValueTask<Result<T, TError>>> operation, TimeSpan timeout)
    {
        var running = operation().AsTask();
        try
        {
            return await running.WaitAsync(timeout, Time, Token);
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            throw new StepTimedOutException();
        }
    }

    private async ValueTask CheckpointAsync(string stepId, string stepKey, StepEntry entry)
    {
        lock (_entriesGate)
        {
            _entries[stepKey] = entry;
        }

        Volatile.Write(ref _lastStepKey, stepKey);
        await _saveGate.WaitAsync(CancellationToken.None);
        var started = Time.GetTimestamp();
        try
        {
            // Checkpoints run one at a time (the save gate), so preparing on the first is safe.
            _metadata ??= WorkflowMetadata.Prepare(_baseMetadata, Options.Metadata);
            var metadata = _metadata.Build(Options.Version, stepKey, Time.GetUtcNow());
            var patched = _storedMatchesEntries && _store is ICheckpointPersistence steps &&
                await steps.SaveStepAsync(WorkflowId, entry, metadata, _fence, CancellationToken.None);
            if (!patched)
            {
                StepEntry[] entries;
                lock (_entriesGate)
                {
                    entries = [.. _entries.Values];
                }

                await _store.SaveAsync(WorkflowId, new WorkflowState(entries, metadata), _fence, CancellationToken.None);
                _storedMatchesEntries = true;
            }
            Emit(StepEvent(DurableEventKind.PersistSucceeded, stepId, stepKey) with { Duration = Time.GetElapsedTime(started) });
        }
        catch (LeaseLostException ex)
        {
            Emit(StepEvent(DurableEventKind.PersistFailed, stepId, stepKey) with { Exception = ex });
            OnLeaseLost(ex);
            throw Exit(new LeaseExpiredError(WorkflowId, ex));
        }
        catch (Exception ex)
        {
            Emit(StepEvent(DurableEventKind.PersistFailed, stepId, stepKey) with { Exception = ex });
            if (Options.OnPersistFailure == PersistFailurePolicy.FailRun)
            {
                throw Exit(new PersistenceError(WorkflowId, PersistenceOperation.Save, ex));
            }
        }
        finally
        {
            _saveGate.Release();
        }
    }

    private DurableEvent StepEvent(DurableEventKind kind, string stepId, string? stepKey) =>
        new(kind, WorkflowId, Time.GetUtcNow()) { StepId = stepId, StepKey = stepKey };

    private sealed class StepTimedOutException : Exception;
}

/// <summary>The error type of steps whose operation returns a plain value.</summary>
internal readonly struct NoError;
