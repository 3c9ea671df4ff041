using System.CommandLine;
using System.Globalization;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly compact</c>: folds states left in a step journal back into the TypeScript package's document.</summary>
internal static class CompactCommand
{
    public static Command Create(StoreConnection connection)
    {
        var json = Shared.Json();
        var command = new Command("compact",
            "Fold the states a step-journal store left in its journal (runs in progress, or a process that died) back into the document the TypeScript " +
            "package reads, and print how many.") { json };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var folded = await inspector.CompactAsync(ct);
            var text = string.Create(CultureInfo.InvariantCulture, $"folded {folded} journaled state(s) of table '{inspector.Table}'");
            return Shared.ReportCount(parse.GetValue(json), inspector.Table, "compacted", folded, text);
        }));
        return command;
    }
}
