using System.CommandLine;
using System.Globalization;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly purge</c>: deletes expired rows.</summary>
internal static class PurgeCommand
{
    public static Command Create(StoreConnection connection)
    {
        var json = Shared.Json();
        var command = new Command("purge", "Delete the rows of the state table past their expiry (they are already invisible) and print how many.") { json };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var purged = await inspector.PurgeExpiredAsync(ct);
            var text = string.Create(CultureInfo.InvariantCulture, $"purged {purged} expired row(s) from table '{inspector.Table}'");
            return Shared.ReportCount(parse.GetValue(json), inspector.Table, "purged", purged, text);
        }));
        return command;
    }
}
