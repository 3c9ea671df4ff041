using System.Text.Json;
using System.Text.Json.Nodes;

namespace Awaitly;

// Writing the run to its store: a checkpoint per step, the state marked failed, and the whole state at rest.
internal sealed partial class WorkflowRun
{
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

        await SaveWholeStateAsync(failure: error).ConfigureAwait(false);
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

        await SaveWholeStateAsync(failure: null).ConfigureAwait(false);
    }

    // The whole state once more after the run's last step: marked failed with the run's error, or as its last checkpoint left it.
    // A failure here is only logged.
    private async ValueTask SaveWholeStateAsync(WorkflowError? failure)
    {
        await _saveGate.EnterAsync().ConfigureAwait(false);
        try
        {
            var metadata = failure is null
                ? _metadata!
                : WorkflowMetadata.Prepare(_baseMetadata, MetadataOverlay(outcome: WorkflowMetadataKeys.Failed, errorCode: failure.Code));
            var built = metadata.Build(Options.Version, LastStepKey ?? "", Time.GetUtcNow());
            await _store.SaveAsync(WorkflowId, new WorkflowState(Entries(), built), _fence, CancellationToken.None).ConfigureAwait(false);
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
}
