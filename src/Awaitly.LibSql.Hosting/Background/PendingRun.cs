using System.Text.Json;

namespace Awaitly.LibSql.Hosting;

/// <summary>What the resumer reads from a stored state's metadata: which registered workflow it is and how its last run ended.</summary>
internal readonly record struct PendingRun(string WorkflowId, string? Name, string? Outcome, string? ErrorCode, double StoredVersion)
{
    public bool EndedOnStepError => Outcome == WorkflowMetadataKeys.Failed;

    public static PendingRun Read(string workflowId, WorkflowState state)
    {
        if (state.Metadata is not { ValueKind: JsonValueKind.Object } metadata)
        {
            return new PendingRun(workflowId, null, null, null, state.WorkflowVersion);
        }

        return new PendingRun(workflowId, Text(metadata, WorkflowMetadataKeys.Name), Text(metadata, WorkflowMetadataKeys.Outcome),
            Text(metadata, WorkflowMetadataKeys.Error), state.WorkflowVersion);
    }

    private static string? Text(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
