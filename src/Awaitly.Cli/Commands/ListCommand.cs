using System.CommandLine;
using System.Text.Json;
using Awaitly.Cli.Output;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly list</c>: one line per pending state.</summary>
internal static class ListCommand
{
    private const int ScanPage = 500;

    public static Command Create(StoreConnection connection)
    {
        var before = CliValues.UtcTime("--updated-before", "Only states last written before this time (ISO-8601, e.g. 2026-12-01T08:00:00Z; UTC unless it has an offset).");
        var after = CliValues.UtcTime("--updated-after", "Only states last written after this time (ISO-8601; UTC unless it has an offset).");
        var lastStep = new Option<string?>("--last-step") { Description = "Only states whose last step has this key." }.NotEmpty("--last-step");
        var failed = new Option<bool>("--failed") { Description = "Only states whose last step ended on an error." };
        var limit = CliValues.WholeNumber("--limit", "The most states to print (1–10000).", defaultValue: 50, min: 1, max: StateListOptions.MaxLimit);
        var offset = CliValues.WholeNumber("--offset", "States to skip first.", defaultValue: 0, min: 0);
        var json = Shared.Json();
        var command = new Command("list", "List pending states (most recently updated first): id, version, steps, last step, error, times and lease.")
        {
            before, after, lastStep, failed, limit, offset, json,
        };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var filter = new StateListOptions
            {
                UpdatedBefore = parse.GetValue(before),
                UpdatedAfter = parse.GetValue(after),
                Limit = parse.GetValue(limit),
                Offset = parse.GetValue(offset),
                IncludeTotal = true,
            };
            filter.Validate();
            var (rows, next, total) = await ReadAsync(inspector, filter, parse.GetValue(lastStep), parse.GetValue(failed), ct);
            var leases = (await inspector.ListLeasesAsync(ct)).ToDictionary(l => l.WorkflowId, StringComparer.Ordinal);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("table", inspector.Table);
                    w.WriteString("prefix", inspector.Prefix);
                    w.WriteStartArray("states");
                    foreach (var row in rows)
                    {
                        WriteState(w, row, leases.GetValueOrDefault(row.Row.WorkflowId));
                    }

                    w.WriteEndArray();
                    Shared.WriteNullable(w, "nextOffset", next);
                    Shared.WriteNullable(w, "total", total);
                    w.WriteEndObject();
                });
            }
            else if (rows.Count == 0)
            {
                Console.Out.WriteLine($"No pending states in table '{inspector.Table}' with prefix '{inspector.Prefix}'.");
            }
            else
            {
                var table = new TextTable("ID", "VERSION", "STEPS", "LAST STEP", "ERROR", "UPDATED", "EXPIRES", "LEASE");
                foreach (var row in rows)
                {
                    var lease = leases.GetValueOrDefault(row.Row.WorkflowId);
                    // An unreadable document has no version or steps to show.
                    var readable = row.Invalid is null;
                    table.Add(row.Row.WorkflowId, readable ? Formats.Number(row.Version) : "-", readable ? Formats.Number(row.StepCount) : "-", row.LastStep ?? "-",
                        row.Invalid is not null ? "invalid document" : row.ErrorCode ?? "-",
                        Formats.Time(row.Row.UpdatedAt), Formats.Time(row.Row.ExpiresAt), Shared.LeaseText(lease));
                }

                table.WriteTo(Console.Out);
                Console.Out.WriteLine(next is { } nextOffset
                    ? $"{Formats.Number(rows.Count)} shown{(total is { } t ? $" of {Formats.Number(t)}" : "")}; --offset {Formats.Number(nextOffset)} shows more."
                    : $"{Formats.Number(rows.Count)} state(s){(total is { } all && all != rows.Count ? $" of {Formats.Number(all)}" : "")}.");
            }

            return rows.Count == 0 ? ExitCodes.NothingFound : ExitCodes.Done;
        }));
        return command;
    }

    /// <summary>
    /// One page in the store's order. Filters the store cannot apply (last step, failed) are applied while scanning the store's pages,
    /// and the offset and limit count the states that pass them.
    /// </summary>
    private static async Task<(List<StateSummary> Rows, int? Next, long? Total)> ReadAsync(
        LibSqlInspector inspector, StateListOptions filter, string? lastStep, bool failedOnly, CancellationToken ct)
    {
        if (lastStep is null && !failedOnly)
        {
            var page = await inspector.ListStatesAsync(filter, ct);
            return ([.. page.States.Select(StateSummary.Of)], page.NextOffset, page.Total);
        }

        var matching = new List<StateSummary>();
        var seen = 0L;
        var scan = filter with { Limit = ScanPage, Offset = 0, IncludeTotal = false };
        while (true)
        {
            var page = await inspector.ListStatesAsync(scan, ct);
            foreach (var state in page.States.Select(StateSummary.Of))
            {
                if ((lastStep is null || state.LastStep == lastStep) && (!failedOnly || state.Failed))
                {
                    if (seen++ >= filter.Offset && matching.Count < filter.Limit)
                    {
                        matching.Add(state);
                    }
                }
            }

            if (page.NextOffset is not { } next)
            {
                break;
            }

            scan = scan with { Offset = next };
        }

        int? nextOffset = seen > filter.Offset + matching.Count ? filter.Offset + matching.Count : null;
        return (matching, nextOffset, seen);
    }

    private static void WriteState(Utf8JsonWriter w, StateSummary row, LeaseRecord? lease)
    {
        w.WriteStartObject();
        w.WriteString("id", row.Row.WorkflowId);
        w.WriteVersion("version", row.Version);
        w.WriteNumber("steps", row.StepCount);
        w.WriteOptionalString("lastStep", row.LastStep);
        w.WriteBoolean("failed", row.Failed);
        w.WriteOptionalString("error", row.ErrorCode);
        w.WriteOptionalString("invalid", row.Invalid);
        w.WriteTime("updatedAt", row.Row.UpdatedAt);
        w.WriteTime("expiresAt", row.Row.ExpiresAt);
        w.WriteNumber("bytes", row.Row.SizeInBytes);
        Shared.WriteLease(w, lease);
        w.WriteEndObject();
    }
}
