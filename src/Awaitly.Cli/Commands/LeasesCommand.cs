using System.CommandLine;
using Awaitly.Cli.Output;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly leases</c>: the rows of the lock table, live and expired.</summary>
internal static class LeasesCommand
{
    public static Command Create(StoreConnection connection)
    {
        var json = Shared.Json();
        var command = new Command("leases", "List the leases of the lock table, live and expired: workflow id, owner token and expiry.") { json };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var leases = await inspector.ListLeasesAsync(ct);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("lockTable", inspector.LockTable);
                    w.WriteStartArray("leases");
                    foreach (var lease in leases)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", lease.WorkflowId);
                        w.WriteString("owner", lease.OwnerToken);
                        w.WriteString("expiresAt", lease.ExpiresAt is { } at ? Awaitly.IsoTimestamp.ToText(at) : lease.ExpiresAtText);
                        w.WriteBoolean("live", lease.IsLive);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else if (leases.Count == 0)
            {
                Console.Out.WriteLine($"No leases in lock table '{inspector.LockTable}'.");
            }
            else
            {
                var table = new TextTable("ID", "STATUS", "EXPIRES", "OWNER");
                foreach (var lease in leases)
                {
                    var status = lease.ExpiresAt is null ? "unreadable expiry" : lease.IsLive ? "live" : "expired";
                    table.Add(lease.WorkflowId, status, lease.ExpiresAt is { } at ? Formats.Time(at) : lease.ExpiresAtText, lease.OwnerToken);
                }

                table.WriteTo(Console.Out);
            }

            return leases.Count == 0 ? ExitCodes.NothingFound : ExitCodes.Done;
        }));
        return command;
    }
}
