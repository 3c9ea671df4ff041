using System.Text.Json;

namespace Awaitly;

/// <summary>
/// A store that can write one step into the stored document in place, so a checkpoint costs in
/// proportion to the step rather than to the whole state. The document keeps the TypeScript package's shape.
/// </summary>
public interface ICheckpointPersistence : IStatePersistence
{
    /// <summary>
    /// Sets <c>entries[step.Key]</c> (replacing it in place, or appending it) and replaces <c>metadata</c> of
    /// the stored document. Returns false, writing nothing, when there is no live document to patch or the
    /// step key cannot be addressed in place; the caller then saves the whole state with <see cref="IStatePersistence.SaveAsync"/>
    /// (which also reports a lost lease).
    /// </summary>
    ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default);
}
