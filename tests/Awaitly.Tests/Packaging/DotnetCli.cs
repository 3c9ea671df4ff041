using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Awaitly.Tests.Packaging;

/// <summary>Runs the dotnet CLI (or a built program) and captures what it prints.</summary>
internal static class DotnetCli
{
    public static string RepositoryRoot => BuildSetting("RepositoryRoot");

    /// <summary>A path or setting the test project's build recorded (see its AssemblyMetadata items).</summary>
    public static string BuildSetting(string key) => typeof(DotnetCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    /// <summary>The trim and AOT analysis warnings (IL2xxx, IL3xxx) in a build or publish output.</summary>
    public static List<string> TrimWarnings(string output) =>
        [.. output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\b(IL[23]\d{3})\b"))];

    public static Task<(int ExitCode, string Output)> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync("dotnet", workingDirectory, timeout, args);

    public static Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(program, workingDirectory, timeout, new Dictionary<string, string?>(), args);

    /// <summary>How every test starts a program: output redirected, arguments as given, the CLI quiet, extra environment variables (a null value removes one).</summary>
    public static ProcessStartInfo StartInfo(string program, string workingDirectory, IReadOnlyDictionary<string, string?> environment, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDNODEWINDOW"] = "0";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Runs a program with extra environment variables (a null value removes one).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(program, workingDirectory, environment, args))!;
        var output = new StringBuilder();
        var readOut = process.StandardOutput.ReadToEndAsync();
        var readErr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', args)}' did not finish within {timeout}.");
        }

        output.Append(await readOut).Append(await readErr);
        return (process.ExitCode, output.ToString());
    }
}
