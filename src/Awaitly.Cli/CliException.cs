namespace Awaitly.Cli;

/// <summary>A failure the command reports as one line on stderr with its exit status.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
