using System.CommandLine;
using System.Globalization;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly clear</c>: deletes every state of this prefix.</summary>
internal static class ClearCommand
{
    public static Command Create(StoreConnection connection)
    {
        var force = new Option<bool>("--force") { Description = "Also delete states whose id a live lease holds." };
        var yes = Shared.Yes();
        var command = new Command("clear", "Delete every state with this prefix (other prefixes of the table are kept; so are leased states unless --force).")
        {
            force, yes,
        };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            Confirmation.Require($"Delete every state with prefix '{inspector.Prefix}' from table '{inspector.Table}'?", parse.GetValue(yes));
            var (deleted, kept) = await inspector.ClearAsync(parse.GetValue(force), ct);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deleted {deleted} row(s) with prefix '{inspector.Prefix}' from table '{inspector.Table}'") +
                (kept > 0 ? string.Create(CultureInfo.InvariantCulture, $"; kept {kept} state(s) held by a live lease (--force deletes them)") : ""));
            return deleted > 0 ? ExitCodes.Done : ExitCodes.NothingFound;
        }));
        return command;
    }
}
