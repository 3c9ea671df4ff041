using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Awaitly;

// A step: its key claimed, its stored outcome replayed or its operation run under retry and timeout, and what it returned checkpointed.
internal sealed partial class WorkflowRun
{
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
            RefuseUnstorableKey(id, stepKey);
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

    // UTF-8 (every store's text, and JSON) cannot hold an unpaired surrogate: the key would be stored as another one, so a re-run
    // would not find the step and would run it again. Refused before the operation runs.
    private void RefuseUnstorableKey(string id, string stepKey)
    {
        if (!Utf16.HasUnpairedSurrogate(stepKey))
        {
            return;
        }

        var error = new UnexpectedError(new ArgumentException(
            $"The key of step '{id}' contains an unpaired UTF-16 surrogate, which a store would keep as another key (a re-run would not find the " +
            "step and would run it again), so the step was not run. Use valid Unicode text for step ids and keys.", "key"), stepKey);
        Emit(StepEvent(DurableEventKind.StepFailed, id, stepKey) with { Error = error, Exception = error.Cause });
        throw Exit(error);
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
}

/// <summary>The error type of steps whose operation returns a plain value.</summary>
internal readonly struct NoError;

/// <summary>The value type of steps whose operation returns nothing (stored without a <c>value</c>).</summary>
internal readonly struct NoValue;

/// <summary>The JSON metadata of a step's value and error; <see langword="null"/> for <see cref="NoValue"/> and <see cref="NoError"/>.</summary>
internal readonly record struct StepTypes<T, TError>(JsonTypeInfo<T>? Value, JsonTypeInfo<TError>? Error);
