using System.Text.Json;
using Awaitly.LibSql;

namespace Awaitly.Cli.Output;

/// <summary>What an operator reads first about a stored state: its version, steps, last step and whether that step (or the run, as recorded in its metadata) failed.</summary>
internal sealed record StateSummary(StoredState Row, WorkflowState? State, string? Invalid, double Version, int StepCount, string? LastStep, bool Failed, string? ErrorCode)
{
    public static StateSummary Of(StoredState row)
    {
        WorkflowState state;
        try
        {
            state = row.ReadState();
        }
        catch (WorkflowStateFormatException ex)
        {
            return new StateSummary(row, null, ex.Message, 1, 0, null, false, null);
        }

        var lastKey = state.Metadata is { } metadata && metadata.TryGetProperty("lastStepKey"u8, out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()
            : null;
        StepEntry? last = null;
        if (lastKey is null || !state.TryGetStep(lastKey, out last))
        {
            last = state.Steps.Count > 0 ? state.Steps[^1] : null;
        }

        // A run recorded as failed (DurableOptions.RecordOutcome, set by hosted workflows) counts too: a step that threw leaves no failed entry.
        var stepFailed = last is { IsOk: false };
        var recorded = state.Metadata is { ValueKind: JsonValueKind.Object } meta && Text(meta, WorkflowMetadataKeys.Outcome) == WorkflowMetadataKeys.Failed
            ? Text(meta, WorkflowMetadataKeys.Error) ?? "(failed)"
            : null;
        return new StateSummary(row, state, null, state.WorkflowVersion, state.Steps.Count, last?.Key ?? lastKey, stepFailed || recorded is not null,
            stepFailed ? ErrorCodeOf(last!) : recorded);
    }

    private static string? Text(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The error's code: a string error itself, else its <c>type</c> or <c>code</c> property, else its JSON kind.</summary>
    public static string ErrorCodeOf(StepEntry step)
    {
        var error = step.Payload;
        return error.ValueKind switch
        {
            JsonValueKind.String => error.GetString()!,
            JsonValueKind.Object when error.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String => type.GetString()!,
            JsonValueKind.Object when error.TryGetProperty("code"u8, out var code) && code.ValueKind == JsonValueKind.String => code.GetString()!,
            JsonValueKind.Undefined => "(no error value)",
            var kind => "(" + kind.ToString().ToLowerInvariant() + ")",
        };
    }
}
