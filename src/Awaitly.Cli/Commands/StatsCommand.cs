using System.CommandLine;
using System.Text.Json;
using Awaitly.Cli.Output;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly stats</c>: pending states by last step and by error code, the oldest, and the table's rows and bytes.</summary>
internal static class StatsCommand
{
    public static Command Create(StoreConnection connection)
    {
        var json = Shared.Json();
        var command = new Command("stats", "Count pending states by last step and by error code, show the oldest, and the rows and bytes of this prefix.") { json };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var byStep = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var byError = new SortedDictionary<string, long>(StringComparer.Ordinal);
            long pending = 0, failed = 0, invalid = 0;
            StateSummary? oldest = null;
            var scan = new StateListOptions { Limit = 500, OrderBy = StateOrderBy.Key, Direction = SortDirection.Ascending };
            while (true)
            {
                var page = await inspector.ListStatesAsync(scan, ct);
                foreach (var state in page.States.Select(StateSummary.Of))
                {
                    pending++;
                    invalid += state.Invalid is null ? 0 : 1;
                    var step = state.LastStep ?? "(no steps)";
                    byStep[step] = byStep.GetValueOrDefault(step) + 1;
                    if (state.ErrorCode is { } code)
                    {
                        failed++;
                        byError[code] = byError.GetValueOrDefault(code) + 1;
                    }

                    if (state.Row.UpdatedAt is { } updated && (oldest?.Row.UpdatedAt is not { } before || updated < before))
                    {
                        oldest = state;
                    }
                }

                if (page.NextOffset is not { } next)
                {
                    break;
                }

                scan = scan with { Offset = next };
            }

            var rows = await inspector.GetStatisticsAsync(ct);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("table", inspector.Table);
                    w.WriteString("prefix", inspector.Prefix);
                    w.WriteNumber("pending", pending);
                    w.WriteNumber("failed", failed);
                    w.WriteNumber("invalid", invalid);
                    Counts(w, "byLastStep", byStep);
                    Counts(w, "byErrorCode", byError);
                    if (oldest is null)
                    {
                        w.WriteNull("oldest");
                    }
                    else
                    {
                        w.WriteStartObject("oldest");
                        w.WriteString("id", oldest.Row.WorkflowId);
                        w.WriteTime("updatedAt", oldest.Row.UpdatedAt);
                        w.WriteEndObject();
                    }

                    w.WriteNumber("rows", rows.Rows);
                    w.WriteNumber("bytes", rows.Bytes);
                    w.WriteNumber("expiredRows", rows.ExpiredRows);
                    w.WriteEndObject();
                });
                return ExitCodes.Done;
            }

            Console.Out.WriteLine($"table '{inspector.Table}', prefix '{inspector.Prefix}'");
            var invalidText = invalid > 0 ? $", {Formats.Number(invalid)} invalid" : "";
            Console.Out.WriteLine($"pending states:  {Formats.Number(pending)} ({Formats.Number(failed)} ended on an error{invalidText})");
            Console.Out.WriteLine($"oldest pending:  {(oldest is null ? "-" : $"{oldest.Row.WorkflowId}, updated {Formats.Time(oldest.Row.UpdatedAt)}")}");
            Console.Out.WriteLine($"rows:            {Formats.Number(rows.Rows)} ({Formats.Bytes(rows.Bytes)}; {Formats.Number(rows.ExpiredRows)} expired, waiting for a purge)");
            if (byStep.Count > 0)
            {
                Console.Out.WriteLine();
                Table("LAST STEP", byStep);
            }

            if (byError.Count > 0)
            {
                Console.Out.WriteLine();
                Table("ERROR", byError);
            }

            return ExitCodes.Done;
        }));
        return command;
    }

    private static void Table(string header, SortedDictionary<string, long> counts)
    {
        var table = new TextTable(header, "STATES");
        foreach (var (key, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            table.Add(key, Formats.Number(count));
        }

        table.WriteTo(Console.Out);
    }

    private static void Counts(Utf8JsonWriter w, string name, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            w.WriteNumber(key, count);
        }

        w.WriteEndObject();
    }
}
