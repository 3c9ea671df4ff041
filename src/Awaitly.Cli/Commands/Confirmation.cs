namespace Awaitly.Cli.Commands;

/// <summary>Asks before a destructive command: a prompt on a terminal, <c>--yes</c> otherwise.</summary>
internal static class Confirmation
{
    public static void Require(string question, bool yes)
    {
        if (yes)
        {
            return;
        }

        if (Console.IsInputRedirected)
        {
            throw new CliException(ExitCodes.Usage, $"{question.TrimEnd('?')}: not confirmed. Pass --yes to confirm when not on a terminal.");
        }

        Console.Error.Write(question + " [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.NothingFound, "not confirmed; nothing was changed.");
        }
    }
}
