using System.CommandLine;
using Awaitly.Cli.Output;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly delete &lt;id&gt;…</c>: deletes states, refusing those a live lease holds unless <c>--force</c>.</summary>
internal static class DeleteCommand
{
    public static Command Create(StoreConnection connection)
    {
        var ids = new Argument<string[]>("id") { Description = "The workflow ids to delete.", Arity = ArgumentArity.OneOrMore }.NotEmpty("A workflow id");
        var force = new Option<bool>("--force") { Description = "Delete even a state whose id a live lease holds (the run in progress then loses its state)." };
        var yes = Shared.Yes();
        var command = new Command("delete", "Delete the states of workflow ids (a live lease makes delete refuse an id unless --force).") { ids, force, yes };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var workflowIds = parse.GetValue(ids)!.Distinct(StringComparer.Ordinal).ToList();
            Confirmation.Require($"Delete {Formats.Number(workflowIds.Count)} state(s) ({string.Join(", ", workflowIds.Take(5))}{(workflowIds.Count > 5 ? ", …" : "")}) " +
                $"from table '{inspector.Table}'?", parse.GetValue(yes));
            var allDeleted = true;
            foreach (var id in workflowIds)
            {
                var outcome = await inspector.DeleteAsync(id, parse.GetValue(force), ct);
                switch (outcome)
                {
                    case StateDeletion.Deleted:
                        Console.Out.WriteLine($"deleted   {id}");
                        break;
                    case StateDeletion.NotFound:
                        allDeleted = false;
                        Console.Out.WriteLine($"not found {id}");
                        break;
                    default:
                        allDeleted = false;
                        var lease = await inspector.GetLeaseAsync(id, ct);
                        Console.Out.WriteLine($"refused   {id}: its lease is {Shared.LeaseText(lease)}; a run is in progress (--force deletes it anyway)");
                        break;
                }
            }

            return allDeleted ? ExitCodes.Done : ExitCodes.NothingFound;
        }));
        return command;
    }
}
