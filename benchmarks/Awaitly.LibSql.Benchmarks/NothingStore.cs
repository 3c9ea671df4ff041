using System.Text.Json;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>A store that keeps nothing and answers at once: a run against it costs only the engine's own work.</summary>
internal sealed class NothingStore : ICheckpointPersistence
{
    public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default) => default;

    public ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default) => new((WorkflowState?)null);

    public ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default) => new(true);

    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => new((IReadOnlyList<string>)[]);

    public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default) =>
        new(true);

    public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, ReadOnlyMemory<byte> metadataUtf8, LeaseFence? fence = null,
        CancellationToken cancellationToken = default) => new(true);
}
