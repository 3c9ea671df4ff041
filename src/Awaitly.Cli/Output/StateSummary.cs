using System.Text.Json;
using Awaitly.LibSql;

namespace Awaitly.Cli.Output;

/// <summary>What an operator reads first about a stored state: its version, steps, last step and whether that step failed.</summary>
internal sealed record StateSummary(StoredState Row, WorkflowState? State, string? Invalid, int Version, int StepCount, string? LastStep, bool Failed, string? ErrorCode)
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

        var failed = last is { IsOk: false };
        return new StateSummary(row, state, null, state.WorkflowVersion, state.Steps.Count, last?.Key ?? lastKey, failed, failed ? ErrorCodeOf(last!) : null);
    }

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
