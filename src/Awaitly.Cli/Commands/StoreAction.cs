using System.CommandLine;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary>Runs a command's body on an opened inspector, and turns every failure into one line on stderr and an exit status.</summary>
internal static class StoreAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Of(StoreConnection connection, Func<ParseResult, LibSqlInspector, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                await using var inspector = await connection.OpenAsync(parse, cancellationToken);
                return await body(parse, inspector, cancellationToken);
            }
            catch (Exception ex)
            {
                return Report(ex, StoreConnection.TokenOf(parse, connection));
            }
        };

    private static int Report(Exception exception, string? token)
    {
        var (code, message) = exception switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            LibSqlConfigurationException configuration => (ExitCodes.Usage, configuration.Message),
            ArgumentException argument => (ExitCodes.Usage, WithoutParameter(argument)),
            LibSqlException database when database.Message.StartsWith(database.Code, StringComparison.Ordinal) => (ExitCodes.Database, database.Message),
            LibSqlException database => (ExitCodes.Database, $"{database.Code}: {database.Message}"),
            WorkflowStateFormatException format => (ExitCodes.Database, format.Message),
            OperationCanceledException => (ExitCodes.Database, "cancelled"),
            _ => (ExitCodes.Database, $"{exception.GetType().Name}: {exception.Message}"),
        };
        if (token is not null)
        {
            message = message.Replace(token, "***", StringComparison.Ordinal);
        }

        Console.Error.WriteLine("awaitly: " + message.ReplaceLineEndings(" "));
        return code;
    }

    // The library's argument errors end with the name of a method parameter, which means nothing to an operator.
    private static string WithoutParameter(ArgumentException argument) =>
        argument.ParamName is { } name ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : argument.Message;
}
