using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Awaitly.Tests.Packaging;

namespace Awaitly.Tests.Cli;

/// <summary>The built <c>awaitly</c> tool run as a process, as an operator runs it: stdin redirected (not a terminal) unless run through <c>script</c>.</summary>
internal static class AwaitlyTool
{
    public static string DllPath => DotnetCli.BuildSetting("CliPath");

    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;

        public JsonElement Json()
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static Task<Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs the tool in <paramref name="directory"/>, where the default URL file:./awaitly.db points.</summary>
    public static Task<Run> RunInAsync(string directory, params string[] args) =>
        RunProgramAsync("dotnet", new Dictionary<string, string?>(), [DllPath, .. args], workingDirectory: directory);

    public static Task<Run> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunProgramAsync("dotnet", environment, [DllPath, .. args]);

    /// <summary>Runs the tool on a pseudo-terminal (util-linux <c>script</c>), typing <paramref name="typed"/> at its prompt.</summary>
    public static Task<Run> RunOnTerminalAsync(string typed, params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", DllPath }.Concat(args).Select(Quote));
        return RunProgramAsync("script", new Dictionary<string, string?>(), ["-qec", command, "/dev/null"], typed);
    }

    public static async Task<Run> RunProgramAsync(string program, IReadOnlyDictionary<string, string?> environment, string[] args, string? stdin = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("AWAITLY_URL");
        info.Environment.Remove("AWAITLY_AUTH_TOKEN");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            await process.StandardInput.FlushAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"awaitly {string.Join(' ', args)} did not finish within a minute.");
        }

        process.StandardInput.Close();
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
