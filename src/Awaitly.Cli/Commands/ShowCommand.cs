using System.CommandLine;
using System.Text.Json;
using Awaitly.Cli.Output;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly show &lt;id&gt;</c>: a state's metadata, every step in order, and its lease.</summary>
internal static class ShowCommand
{
    private const int ShortValue = 400;

    public static Command Create(StoreConnection connection)
    {
        var id = new Argument<string>("id") { Description = "The workflow id." }.NotEmpty("A workflow id");
        var full = new Option<bool>("--full") { Description = $"Print long values in full (by default values over {ShortValue} characters are shortened)." };
        var json = Shared.Json();
        var command = new Command("show", "Show one state: metadata, every step (key, ok or error, value and cause) and the lease.") { id, full, json };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var workflowId = parse.GetValue(id)!;
            var row = await inspector.GetStateAsync(workflowId, ct);
            var lease = await inspector.GetLeaseAsync(workflowId, ct);
            if (row is null)
            {
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("id", workflowId);
                        w.WriteNull("state");
                        Shared.WriteLease(w, lease);
                        w.WriteEndObject();
                    });
                }

                Console.Error.WriteLine($"awaitly: no pending state '{workflowId}' in table '{inspector.Table}' with prefix '{inspector.Prefix}'.");
                return ExitCodes.NothingFound;
            }

            var summary = StateSummary.Of(row);
            if (summary.State is null)
            {
                throw new CliException(ExitCodes.Database, $"The row of '{workflowId}' does not hold a valid state document: {summary.Invalid}");
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(w => WriteJson(w, summary, summary.State, lease));
            }
            else
            {
                WriteText(summary, summary.State, lease, parse.GetValue(full) ? null : ShortValue);
            }

            return ExitCodes.Done;
        }));
        return command;
    }

    private static void WriteText(StateSummary summary, WorkflowState state, LeaseRecord? lease, int? maxChars)
    {
        var row = summary.Row;
        var output = Console.Out;
        output.WriteLine($"id:       {row.WorkflowId}");
        output.WriteLine($"version:  {Formats.Number(summary.Version)}");
        output.WriteLine($"updated:  {Formats.Time(row.UpdatedAt)}");
        output.WriteLine($"expires:  {(row.ExpiresAt is null ? "never" : Formats.Time(row.ExpiresAt))}");
        output.WriteLine($"size:     {Formats.Bytes(row.SizeInBytes)}");
        output.WriteLine($"lease:    {(lease is null ? "none" : Shared.LeaseText(lease) + " (owner " + lease.OwnerToken + ")")}");
        output.WriteLine("metadata:");
        output.WriteLine(state.Metadata is { } metadata ? Formats.Indent(Formats.IndentedJson(metadata, maxChars), "  ") : "  (none)");
        output.WriteLine($"steps ({Formats.Number(state.Steps.Count)}):");
        for (var i = 0; i < state.Steps.Count; i++)
        {
            var step = state.Steps[i];
            var status = step.IsOk ? "ok" : $"error {StateSummary.ErrorCodeOf(step)}{(step.FailureOrigin == StepFailureOrigin.Throw ? " (thrown)" : "")}";
            output.WriteLine($"  {Formats.Number(i + 1)}. {step.Key}: {status}");
            if (step.Payload.ValueKind != JsonValueKind.Undefined)
            {
                output.WriteLine($"     {(step.IsOk ? "value" : "error")}:");
                output.WriteLine(Formats.Indent(Formats.IndentedJson(step.Payload, maxChars), "       "));
            }

            if (step.CauseJson is { } cause)
            {
                output.WriteLine("     cause:");
                output.WriteLine(Formats.Indent(Formats.IndentedJson(cause, maxChars), "       "));
            }
        }
    }

    private static void WriteJson(Utf8JsonWriter w, StateSummary summary, WorkflowState state, LeaseRecord? lease)
    {
        var row = summary.Row;
        w.WriteStartObject();
        w.WriteString("id", row.WorkflowId);
        w.WriteStartObject("state");
        w.WriteVersion("version", summary.Version);
        w.WriteTime("updatedAt", row.UpdatedAt);
        w.WriteTime("expiresAt", row.ExpiresAt);
        w.WriteNumber("bytes", row.SizeInBytes);
        w.WriteOptionalString("lastStep", summary.LastStep);
        w.WriteBoolean("failed", summary.Failed);
        w.WritePropertyName("metadata");
        if (state.Metadata is { } metadata)
        {
            metadata.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteStartArray("steps");
        foreach (var step in state.Steps)
        {
            w.WriteStartObject();
            w.WriteString("key", step.Key);
            w.WriteBoolean("ok", step.IsOk);
            if (step.Payload.ValueKind != JsonValueKind.Undefined)
            {
                w.WritePropertyName(step.IsOk ? "value" : "error");
                step.Payload.WriteTo(w);
            }

            if (!step.IsOk)
            {
                w.WriteString("errorCode", StateSummary.ErrorCodeOf(step));
                w.WriteString("origin", step.FailureOrigin == StepFailureOrigin.Throw ? "throw" : "result");
            }

            if (step.CauseJson is { } cause)
            {
                w.WritePropertyName("cause");
                cause.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        Shared.WriteLease(w, lease);
        w.WriteEndObject();
    }
}
