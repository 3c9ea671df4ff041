using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Awaitly;

/// <summary>
/// The state of one durable run: the stored steps it replays, the entries it has completed, its
/// serialized checkpoint writer, and its cancellation (caller or lost lease).
/// </summary>
internal sealed class WorkflowRun : IDisposable
{
    private readonly Lock _entriesGate = new();
    private readonly OrderedDictionary<string, StepEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal);
    private readonly CheckpointGate _saveGate = new();
    private readonly CancellationTokenSource _cancellation;
    private readonly IStatePersistence _store;
    private readonly WorkflowLease? _lease;
    private readonly LeaseFence? _fence;
    private readonly CancellationToken _storeClosing;
    private WorkflowState _resume = WorkflowState.Empty;
    private JsonElement? _baseMetadata;
    private WorkflowMetadata? _metadata;
    private bool _storedMatchesEntries;
    private Exception? _leaseLossCause;
    private volatile bool _leaseLost;
    private int _leaseLossReported;
    private string? _lastStepKey;
    private bool _hasStoredState;

    // A step went to a store that keeps checkpoints in its own form since the last whole-state save (see SaveAtRestAsync).
    private bool _patchedSinceWholeSave;

    public WorkflowRun(DurableOptions options, IStatePersistence store, WorkflowLease? lease, RunObserver observer, CancellationToken callerToken)
    {
        Options = options;
        Observer = observer;
        _store = store;
        _lease = lease;
        _fence = lease?.Fence;
        _storeClosing = store is IStoreLifetime lifetime ? lifetime.Closing : CancellationToken.None;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _storeClosing);
    }

    public DurableOptions Options { get; }

    public RunObserver Observer { get; }

    public string WorkflowId => Options.Id;

    public CancellationToken Token => _cancellation.Token;

    public string? LastStepKey => Volatile.Read(ref _lastStepKey);

    private TimeProvider Time => Options.TimeProvider;

    // Events are built only for a listener (each one reads the clock).
    private bool Listening => Options.OnEvent is not null;

    /// <param name="state">The steps to replay.</param>
    /// <param name="metadata">The metadata to build on.</param>
    /// <param name="stored">True when <paramref name="state"/> is exactly what the store holds, so steps can be patched into it.</param>
    public void Resume(WorkflowState state, JsonElement? metadata, bool stored)
    {
        _resume = state;
        _baseMetadata = metadata;
        _metadata = null;
        _storedMatchesEntries = stored;
        _hasStoredState = stored;
        lock (_entriesGate)
        {
            // A resumed run claims each stored key again; sized once rather than grown step by step.
            _entries.EnsureCapacity(state.Steps.Count + 1);
            _usedKeys.EnsureCapacity(state.Steps.Count + 1);
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
        // The heartbeat and a refused checkpoint can both report the same loss; it is one event.
        if (Interlocked.Exchange(ref _leaseLossReported, 1) != 0)
        {
            return;
        }

        _leaseLossCause = cause;
        _leaseLost = true;
        _lease?.MarkLost();
        Observer.LeaseLost(cause);
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

    /// <summary>Runs one step: replays its stored outcome, or runs <paramref name="operation"/> (with <paramref name="state"/>, the caller's own
    /// delegate, so no closure is allocated per step) under the step's retry and timeout, and checkpoints what it returns.</summary>
    public async ValueTask<T> StepAsync<T, TError>(string id, string? key, StepOptions? options, object state,
        Func<object, CancellationToken, ValueTask<Result<T, TError>>> operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(operation);
        options?.Validate();
        var stepKey = options?.Durable ?? true ? key ?? id : null;
        if (Token.IsCancellationRequested)
        {
            throw Exit(StoppedError());
        }

        StepTypes<T, TError> types = default;
        if (stepKey is not null)
        {
            ClaimKey(id, stepKey);
            types = ResolveTypes<T, TError>(id, stepKey);
            if (_resume.TryGetStep(stepKey, out var stored) && stored.IsReplayable)
            {
                return Replay(id, stepKey, stored, types);
            }
        }

        if (Listening)
        {
            Emit(StepEvent(DurableEventKind.StepStarted, id, stepKey));
        }

        // The clock is read only for someone who takes the duration: the run's events or the step-duration metric.
        long? started = Listening || RunObserver.TimesSteps ? Time.GetTimestamp() : null;
        var activity = Observer.StepStarted(id, stepKey);
        var attempt = 1;
        WorkflowError? failure = null;
        try
        {
            var retry = options?.Retry;
            for (; ; attempt++)
            {
                Result<T, TError> result;
                try
                {
                    result = options?.Timeout is { } timeout
                        ? await WithTimeoutAsync(state, operation, timeout).ConfigureAwait(false)
                        : await operation(state, Token).ConfigureAwait(false);
                }
                catch (WorkflowExitException)
                {
                    throw;
                }
                catch (StepTimedOutException)
                {
                    if (await RetriesAsync(retry, new StepAttemptFailure(attempt, null, null, TimedOut: true), id, stepKey).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var error = new StepTimeoutError(id, stepKey, options!.Timeout!.Value) { Attempt = attempt };
                    Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Duration = Since(started), Attempt = attempt });
                    throw Exit(error);
                }
                catch (OperationCanceledException) when (Token.IsCancellationRequested)
                {
                    throw Exit(StoppedError());
                }
                catch (Exception ex)
                {
                    if (await RetriesAsync(retry, new StepAttemptFailure(attempt, null, ex, TimedOut: false), id, stepKey).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var error = new UnexpectedError(ex, stepKey ?? id);
                    Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Exception = ex, Duration = Since(started), Attempt = attempt });
                    if (stepKey is not null && Options.RecordThrownSteps)
                    {
                        await CheckpointAsync(id, stepKey, StepEntry.Thrown(stepKey, ex)).ConfigureAwait(false);
                    }

                    throw Exit(error);
                }

                if (!result.IsOk && await RetriesAsync(retry, new StepAttemptFailure(attempt, result.Error, null, TimedOut: false), id, stepKey).ConfigureAwait(false))
                {
                    continue;
                }

                return await CompleteAsync(id, stepKey, result, types, Since(started), attempt).ConfigureAwait(false);
            }
        }
        catch (WorkflowExitException exit) when (ReferenceEquals(exit.Run, this) && Failed(exit, out failure))
        {
            throw;
        }
        finally
        {
            Observer.StepEnded(activity, id, stepKey, Since(started), attempt, failure, (failure as UnexpectedError)?.Cause);
        }
    }

    // Records the error a step ends with without catching it (an exception filter that never matches).
    private static bool Failed(WorkflowExitException exit, out WorkflowError error)
    {
        error = exit.Error;
        return false;
    }

    public void Dispose()
    {
        _cancellation.Dispose();
    }

    private async ValueTask<T> CompleteAsync<T, TError>(string id, string? stepKey, Result<T, TError> result, StepTypes<T, TError> types, TimeSpan? duration, int attempt)
    {
        var attemptShown = attempt == 1 ? (int?)null : attempt;
        if (result.IsOk)
        {
            if (Listening)
            {
                Emit(StepEvent(DurableEventKind.StepSucceeded, id, stepKey) with { Duration = duration, Attempt = attemptShown });
            }

            if (stepKey is not null)
            {
                var entry = types.Value is null
                    ? StepEntry.SuccessWithoutValue(stepKey)
                    : SuccessEntry(id, stepKey, result.Value, types.Value);
                await CheckpointAsync(id, stepKey, entry).ConfigureAwait(false);
            }

            return result.Value;
        }

        var expected = new ExpectedError(stepKey ?? id, result.Error, result.Cause);
        Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = expected, Duration = duration, Attempt = attemptShown });
        if (stepKey is not null)
        {
            // Only steps with a typed error return one, so its metadata was resolved.
            var error = Serialize(id, stepKey, result.Error, types.Error!);
            await CheckpointAsync(id, stepKey, StepEntry.Failure(stepKey, error, result.Cause)).ConfigureAwait(false);
        }

        throw Exit(expected);
    }

    /// <summary>Whether a failed attempt runs again; waits out the delay first.</summary>
    private async ValueTask<bool> RetriesAsync(StepRetry? retry, StepAttemptFailure failure, string id, string? stepKey)
    {
        bool again;
        try
        {
            again = retry is not null && retry.ShouldRetry(failure);
        }
        catch (Exception ex)
        {
            throw Exit(new UnexpectedError(new InvalidOperationException($"StepRetry.RetryOn of step '{id}' threw: {ex.Message}", ex), stepKey ?? id));
        }

        if (!again)
        {
            return false;
        }

        var delay = retry!.DelayAfter(failure.Attempt);
        Emit(StepEvent(DurableEventKind.StepRetrying, id, stepKey) with { Attempt = failure.Attempt, Exception = failure.Exception, Delay = delay });
        try
        {
            await Task.Delay(delay, Time, Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw Exit(StoppedError());
        }

        return true;
    }

    private void ClaimKey(string id, string stepKey)
    {
        bool claimed;
        lock (_entriesGate)
        {
            claimed = _usedKeys.Add(stepKey);
        }

        if (!claimed)
        {
            var error = new DuplicateStepKeyError(WorkflowId, id, stepKey);
            Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error });
            throw Exit(error);
        }
    }

    /// <summary>The JSON metadata of the step's value and error, found before the operation runs so nothing executes that cannot be stored.</summary>
    private StepTypes<T, TError> ResolveTypes<T, TError>(string id, string stepKey)
    {
        try
        {
            return new StepTypes<T, TError>(
                typeof(T) == typeof(NoValue) ? null : StepJson.Get<T>(Options.Json),
                typeof(TError) == typeof(NoError) ? null : StepJson.Get<TError>(Options.Json));
        }
        catch (StepSerializationException ex)
        {
            var error = new UnexpectedError(new StepSerializationException($"Step '{id}' cannot be checkpointed, so it was not run: {ex.Message}", ex.InnerException), stepKey);
            Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Exception = error.Cause });
            throw Exit(error);
        }
    }

    private JsonElement Serialize<TValue>(string id, string stepKey, TValue value, JsonTypeInfo<TValue> type)
    {
        try
        {
            return JsonSerializer.SerializeToElement(value, type);
        }
        catch (Exception ex) when (CannotWrite(ex))
        {
            throw Exit(NotWritable(id, ex, typeof(TValue)));
        }
    }

    private StepEntry SuccessEntry<TValue>(string id, string stepKey, TValue value, JsonTypeInfo<TValue> type)
    {
        try
        {
            return StepEntry.Success(stepKey, value, type);
        }
        catch (Exception ex) when (CannotWrite(ex))
        {
            throw Exit(NotWritable(id, ex, typeof(TValue)));
        }
    }

    // What System.Text.Json throws for a value it cannot write (ArgumentException: a NaN or infinite number).
    private static bool CannotWrite(Exception ex) => ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException;

    private PersistenceError NotWritable(string id, Exception ex, Type type) => new(WorkflowId, PersistenceOperation.Save,
        new StepSerializationException($"The outcome of step '{id}' could not be written as JSON ({type.Name}): {ex.Message}", ex));

    private T Replay<T, TError>(string id, string stepKey, StepEntry stored, StepTypes<T, TError> types)
    {
        Volatile.Write(ref _lastStepKey, stepKey);
        Observer.StepReplayed(id, stepKey);
        if (Listening)
        {
            Emit(StepEvent(DurableEventKind.StepCacheHit, id, stepKey));
        }

        if (stored.IsOk)
        {
            return types.Value is null ? default! : ReadStored(stepKey, stored.Payload, "value", types.Value);
        }

        object error = types.Error is null
            ? stored.Payload.Clone()
            : ReadStored(stepKey, stored.Payload, "error", types.Error)!;
        throw Exit(new ExpectedError(stepKey, error, stored.ReadCause()));
    }

    private TValue ReadStored<TValue>(string stepKey, JsonElement payload, string what, JsonTypeInfo<TValue> type)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            return default!;
        }

        try
        {
            return payload.Deserialize(type)!;
        }
        catch (JsonException ex)
        {
            var problem = new WorkflowStateFormatException(
                $"The stored {what} of step '{stepKey}' cannot be read as {typeof(TValue).Name}: {ex.Message}", ex);
            throw Exit(new PersistenceError(WorkflowId, PersistenceOperation.Load, problem));
        }
    }

    private async ValueTask<Result<T, TError>> WithTimeoutAsync<T, TError>(object state, Func<object, CancellationToken, ValueTask<Result<T, TError>>> operation,
        TimeSpan timeout)
    {
        var running = operation(state, Token).AsTask();
        try
        {
            return await running.WaitAsync(timeout, Time, Token).ConfigureAwait(false);
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
        await _saveGate.EnterAsync().ConfigureAwait(false);
        long? started = Listening || RunObserver.TimesCheckpoints ? Time.GetTimestamp() : null;
        var activity = RunObserver.CheckpointStarted(WorkflowId, stepKey);
        Exception? failure = null;
        try
        {
            // Checkpoints run one at a time (the save gate), so preparing on the first is safe.
            _metadata ??= WorkflowMetadata.Prepare(_baseMetadata, MetadataOverlay(outcome: WorkflowMetadataKeys.Running, errorCode: null));
            var metadata = _metadata.BuildUtf8(Options.Version, stepKey, Time.GetUtcNow());
            var patched = _storedMatchesEntries && _store is ICheckpointPersistence steps &&
                await steps.SaveStepAsync(WorkflowId, entry, new ReadOnlyMemory<byte>(metadata), _fence, CancellationToken.None).ConfigureAwait(false);
            if (!patched)
            {
                var whole = new WorkflowState(Entries(), JsonElement.Parse(metadata, StateJsonWriting.ReaderOptions));
                await _store.SaveAsync(WorkflowId, whole, _fence, CancellationToken.None).ConfigureAwait(false);
                _storedMatchesEntries = true;
            }

            _patchedSinceWholeSave = patched;

            _hasStoredState = true;
            if (Listening)
            {
                Emit(StepEvent(DurableEventKind.PersistSucceeded, stepId, stepKey) with { Duration = Since(started) });
            }
        }
        catch (LeaseLostException ex)
        {
            failure = ex;
            Emit(StepEvent(DurableEventKind.PersistFailed, stepId, stepKey) with { Exception = ex });
            OnLeaseLost(ex);
            throw Exit(new LeaseExpiredError(WorkflowId, ex));
        }
        catch (Exception ex)
        {
            failure = ex;
            Emit(StepEvent(DurableEventKind.PersistFailed, stepId, stepKey) with { Exception = ex });
            if (Options.OnPersistFailure == PersistFailurePolicy.FailRun)
            {
                throw Exit(new PersistenceError(WorkflowId, PersistenceOperation.Save, ex));
            }
        }
        finally
        {
            Observer.CheckpointEnded(activity, stepKey, Since(started), failure);
            _saveGate.Exit();
        }
    }

    /// <summary>True for the errors a run ends with when a step failed (rather than the run being interrupted).</summary>
    public static bool EndsOnStepError(WorkflowError error) => error is ExpectedError or UnexpectedError or StepTimeoutError or DuplicateStepKeyError;

    /// <summary>
    /// With <see cref="DurableOptions.RecordOutcome"/>: saves the stored state once more marked as failed, so a resumer
    /// leaves it to the application. Nothing is written when the run stored nothing; a failure here is only logged.
    /// </summary>
    public async ValueTask RecordFailureAsync(WorkflowError error)
    {
        if (!_hasStoredState || _leaseLost)
        {
            return;
        }

        await _saveGate.EnterAsync().ConfigureAwait(false);
        try
        {
            var metadata = WorkflowMetadata.Prepare(_baseMetadata, MetadataOverlay(outcome: WorkflowMetadataKeys.Failed, errorCode: error.Code))
                .Build(Options.Version, LastStepKey ?? "", Time.GetUtcNow());
            await _store.SaveAsync(WorkflowId, new WorkflowState(Entries(), metadata), _fence, CancellationToken.None).ConfigureAwait(false);
            _patchedSinceWholeSave = false;
        }
        catch (Exception ex)
        {
            Observer.CheckpointEnded(null, LastStepKey ?? "", duration: null, ex);
        }
        finally
        {
            _saveGate.Exit();
        }
    }

    /// <summary>
    /// For a store that keeps checkpoints in its own form (<see cref="ICheckpointPersistence.WantsWholeStateAtRest"/>): when
    /// the run ends without success, saves the whole state once, as its last checkpoint left it, so the state at rest is the
    /// plain document. Nothing is written when no step went to the store that way; a failure here is only logged (the store
    /// still reads its own form).
    /// </summary>
    public async ValueTask SaveAtRestAsync()
    {
        if (!_patchedSinceWholeSave || _leaseLost || _metadata is null || _store is not ICheckpointPersistence { WantsWholeStateAtRest: true })
        {
            return;
        }

        await _saveGate.EnterAsync().ConfigureAwait(false);
        try
        {
            var metadata = _metadata.Build(Options.Version, LastStepKey ?? "", Time.GetUtcNow());
            await _store.SaveAsync(WorkflowId, new WorkflowState(Entries(), metadata), _fence, CancellationToken.None).ConfigureAwait(false);
            _patchedSinceWholeSave = false;
        }
        catch (Exception ex)
        {
            Observer.CheckpointEnded(null, LastStepKey ?? "", duration: null, ex);
        }
        finally
        {
            _saveGate.Exit();
        }
    }

    private StepEntry[] Entries()
    {
        lock (_entriesGate)
        {
            return [.. _entries.Values];
        }
    }

    // The run's own metadata, with the engine's name and outcome keys over it when they are asked for.
    private JsonObject? MetadataOverlay(string outcome, string? errorCode)
    {
        if (Options.Name is null && !Options.RecordOutcome)
        {
            return Options.Metadata;
        }

        var overlay = Options.Metadata?.DeepClone().AsObject() ?? [];
        if (Options.Name is not null)
        {
            overlay[WorkflowMetadataKeys.Name] = Options.Name;
        }

        if (Options.RecordOutcome)
        {
            overlay[WorkflowMetadataKeys.Outcome] = outcome;
            if (errorCode is not null)
            {
                overlay[WorkflowMetadataKeys.Error] = errorCode;
            }
            else if (_baseMetadata is { ValueKind: JsonValueKind.Object } stored && stored.TryGetProperty(WorkflowMetadataKeys.Error, out _))
            {
                overlay[WorkflowMetadataKeys.Error] = null;
            }
        }

        return overlay;
    }

    private TimeSpan? Since(long? started) => started is { } timestamp ? Time.GetElapsedTime(timestamp) : null;

    private DurableEvent StepEvent(DurableEventKind kind, string stepId, string? stepKey) =>
        new(kind, WorkflowId, Time.GetUtcNow()) { StepId = stepId, StepKey = stepKey };

    private sealed class StepTimedOutException : Exception;
}

/// <summary>The error type of steps whose operation returns a plain value.</summary>
internal readonly struct NoError;

/// <summary>The value type of steps whose operation returns nothing (stored without a <c>value</c>).</summary>
internal readonly struct NoValue;

/// <summary>The JSON metadata of a step's value and error; <see langword="null"/> for <see cref="NoValue"/> and <see cref="NoError"/>.</summary>
internal readonly record struct StepTypes<T, TError>(JsonTypeInfo<T>? Value, JsonTypeInfo<TError>? Error);
