using System.CommandLine;
using System.CommandLine.Parsing;
using Awaitly.Cli;
using Awaitly.Cli.Commands;

var connection = new StoreConnection();
// A Command named like the tool rather than a RootCommand (which takes its name from the process, "Awaitly.Cli" when the
// tool runs as a dll), so the usage lines of --help say "awaitly".
var root = new Command("awaitly",
    "awaitly: inspect and repair Awaitly.LibSql workflow stores (databases shared with the TypeScript package awaitly-libsql too). " +
    "Exit status: 0 done, 1 nothing found or nothing done, 2 usage error, 3 connection, authentication or database error.")
{
    ListCommand.Create(connection),
    ShowCommand.Create(connection),
    DeleteCommand.Create(connection),
    ClearCommand.Create(connection),
    PurgeCommand.Create(connection),
    CompactCommand.Create(connection),
    LeasesCommand.Create(connection),
    ReleaseCommand.Create(connection),
    StatsCommand.Create(connection),
    DoctorCommand.Create(connection),
};
foreach (var option in connection.All)
{
    root.Options.Add(option);
}

root.Options.Add(new System.CommandLine.Help.HelpOption());
root.Options.Add(new VersionOption());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    var token = StoreConnection.TokenOf(parsed, connection);
    foreach (var error in parsed.Errors)
    {
        var message = token is null ? error.Message : error.Message.Replace(token, "***", StringComparison.Ordinal);
        Console.Error.WriteLine("awaitly: " + message);
    }

    // A bad value already says what the option takes; a command used the wrong way gets the usage line too.
    if (parsed.Errors.Any(error => error.SymbolResult is not (OptionResult or ArgumentResult) || error.SymbolResult.Tokens.Count == 0))
    {
        Console.Error.WriteLine("usage: awaitly <command> [options] (awaitly --help lists the commands, awaitly <command> --help their options)");
    }

    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();
