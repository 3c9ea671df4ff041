using System.Text.Json;

namespace Awaitly;

/// <summary>
/// A store that can write one step into the stored state in place, so a checkpoint costs in
/// proportion to the step rather than to the whole state.
/// </summary>
public interface ICheckpointPersistence : IStatePersistence
{
    /// <summary>
    /// True when <see cref="SaveStepAsync(string, StepEntry, JsonElement, LeaseFence?, CancellationToken)"/> keeps steps in a
    /// form other readers of the database may not understand (a step journal): the engine then saves the whole state once
    /// more, with <see cref="IStatePersistence.SaveAsync"/>, when a run that checkpointed ends without success. Default false.
    /// </summary>
    bool WantsWholeStateAtRest => false;

    /// <summary>
    /// Sets <c>entries[step.Key]</c> (replacing it in place, or appending it) and replaces <c>metadata</c> of
    /// the stored state. Returns false, writing nothing, when there is no live state to patch or the
    /// step key cannot be addressed in place; the caller then saves the whole state with <see cref="IStatePersistence.SaveAsync"/>
    /// (which also reports a lost lease).
    /// </summary>
    ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="SaveStepAsync(string, StepEntry, JsonElement, LeaseFence?, CancellationToken)"/> with the metadata as the
    /// UTF-8 JSON the engine wrote (what it calls). The default parses it and calls that overload; a store that writes JSON as
    /// text overrides it to write the bytes as they are (and <see cref="StepEntry.Utf8Json"/> for the step).
    /// </summary>
    ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, ReadOnlyMemory<byte> metadataUtf8, LeaseFence? fence = null,
        CancellationToken cancellationToken = default) =>
        SaveStepAsync(workflowId, step, JsonElement.Parse(metadataUtf8.Span, StateJsonWriting.ReaderOptions), fence, cancellationToken);
}
