using System.CommandLine;
using System.Globalization;
using Awaitly.Cli.Output;

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
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("table", inspector.Table);
                    w.WriteNumber("compacted", folded);
                    w.WriteEndObject();
                });
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"folded {folded} journaled state(s) of table '{inspector.Table}'"));
            }

            return folded > 0 ? ExitCodes.Done : ExitCodes.NothingFound;
        }));
        return command;
    }
}
