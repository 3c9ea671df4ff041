using System.Text.Json;

namespace Awaitly;

/// <summary>
/// A store that can write one step into the stored state in place, so a checkpoint costs in
/// proportion to the step rather than to the whole state.
/// </summary>
public interface ICheckpointPersistence : IStatePersistence
{
    /// <summary>
    /// True when <see cref="SaveStepAsync"/> keeps steps in a form other readers of the database may not understand (a step
    /// journal): the engine then saves the whole state once more, with <see cref="IStatePersistence.SaveAsync"/>, when a
    /// run that checkpointed ends without success. Default false.
    /// </summary>
    bool WantsWholeStateAtRest => false;

    /// <summary>
    /// Sets <c>entries[step.Key]</c> (replacing it in place, or appending it) and replaces <c>metadata</c> of
    /// the stored state. Returns false, writing nothing, when there is no live state to patch or the
    /// step key cannot be addressed in place; the caller then saves the whole state with <see cref="IStatePersistence.SaveAsync"/>
    /// (which also reports a lost lease).
    /// </summary>
    ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default);
}
