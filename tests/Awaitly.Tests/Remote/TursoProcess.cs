using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Awaitly.TestServers;

/// <summary>
/// npm's <c>tursodb --sync-server</c> (libSQL HTTP protocol v2): installed on first use into the repository's
/// ignored <c>.tursodb/</c> folder, started on a free 127.0.0.1 port with a fresh database, killed on dispose.
/// Shared by the test fixture and the remote benchmarks (linked into both).
/// </summary>
public sealed class TursoProcess : IAsyncDisposable
{
    public const string Version = "0.6.0";
    public const string Package = "@tursodatabase/cli-linux-x64-gnu";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;

    private TursoProcess(Process process, string directory, StringBuilder log, string url)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Installs the server if needed, starts it and waits until it answers.</summary>
    public static async Task<TursoProcess> StartAsync(string repositoryRoot)
    {
        var binary = await InstallAsync(repositoryRoot);
        var directory = Path.Combine(Path.GetTempPath(), "awaitly-tursodb", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--sync-server", $"127.0.0.1:{port}", Path.Combine(directory, "test.db") })
        {
            info.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TursoProcess(process, directory, log, $"http://127.0.0.1:{port}");
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> InstallAsync(string repositoryRoot)
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException($"the test server package {Package} is for linux-x64; this is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
        }

        var prefix = Path.Combine(repositoryRoot, ".tursodb", Version);
        var binary = Path.Combine(prefix, "node_modules", Package, "tursodb");
        if (File.Exists(binary))
        {
            return binary;
        }

        Directory.CreateDirectory(prefix);
        var info = new ProcessStartInfo("npm") { WorkingDirectory = prefix, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", prefix, $"{Package}@{Version}" })
        {
            info.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(info) ?? throw new InvalidOperationException("could not start npm");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm install {Package}@{Version} did not finish within 5 minutes.");
        }

        if (npm.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"npm install {Package}@{Version} into {prefix} failed (exit {npm.ExitCode}): {await output}{await errors}");
        }

        return binary;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tursodb exited with code {_process.ExitCode} before answering: {Log()}");
            }

            try
            {
                using var response = await http.PostAsync(Url + "/v2/pipeline", new ByteArrayContent("{\"baton\":null,\"requests\":[]}"u8.ToArray()));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"tursodb did not answer at {Url} within 30 s: {Log()}");
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
