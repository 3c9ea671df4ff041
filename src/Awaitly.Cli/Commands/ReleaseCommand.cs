using System.CommandLine;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly release &lt;id&gt; --force</c>: removes a lease whoever holds it.</summary>
internal static class ReleaseCommand
{
    public static Command Create(StoreConnection connection)
    {
        var id = new Argument<string>("id") { Description = "The workflow id whose lease to remove." }.NotEmpty("A workflow id");
        var force = new Option<bool>("--force") { Description = "Required: the lease is removed whoever holds it (a run still holding it loses it at its next checkpoint)." };
        var command = new Command("release", "Remove the lease of a workflow id (for a lease left by a dead process; --force is required).") { id, force };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var workflowId = parse.GetValue(id)!;
            if (!parse.GetValue(force))
            {
                throw new CliException(ExitCodes.Usage, $"release removes the lease of '{workflowId}' whoever holds it; pass --force to do it.");
            }

            var lease = await inspector.GetLeaseAsync(workflowId, ct);
            if (lease is null || !await inspector.ForceReleaseAsync(workflowId, ct))
            {
                Console.Error.WriteLine($"awaitly: no lease of '{workflowId}' in lock table '{inspector.LockTable}'.");
                return ExitCodes.NothingFound;
            }

            Console.Out.WriteLine($"released the lease of '{workflowId}' ({(lease.IsLive ? "live" : "expired")}, {Shared.LeaseText(lease)})");
            return ExitCodes.Done;
        }));
        return command;
    }
}
