using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Awaitly.Tests.Packaging;
using TUnit.Core.Interfaces;

namespace Awaitly.Tests.Remote;

/// <summary>
/// The test server: npm's <c>tursodb --sync-server</c> (libSQL HTTP protocol v2), installed on first use into
/// the repository's ignored <c>.tursodb/</c> folder and started on a free 127.0.0.1 port. When it cannot be
/// installed or started, every test that needs it fails with the reason; none is skipped.
/// </summary>
public sealed class TursoServer : IAsyncInitializer, IAsyncDisposable
{
    private const string Version = "0.6.0";
    private const string Package = "@tursodatabase/cli-linux-x64-gnu";
    private Process? _process;
    private string? _directory;
    private readonly StringBuilder _log = new();

    public string Url { get; private set; } = "";

    public Exception? StartFailure { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            var binary = await InstallAsync();
            _directory = Path.Combine(Path.GetTempPath(), "awaitly-tursodb", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            var port = FreePort();
            var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--sync-server", $"127.0.0.1:{port}", Path.Combine(_directory, "test.db") })
            {
                info.ArgumentList.Add(arg);
            }

            _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
            _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Url = $"http://127.0.0.1:{port}";
            await WaitUntilReadyAsync();
        }
        catch (Exception ex)
        {
            StartFailure = ex;
        }
    }

    /// <summary>The URL, or a failure that says why the server is not there.</summary>
    public string RequireUrl() => StartFailure is null
        ? Url
        : throw new InvalidOperationException($"The tursodb test server is not available: {StartFailure.Message}", StartFailure);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> InstallAsync()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException($"the test server package {Package} is for linux-x64; this is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
        }

        var prefix = Path.Combine(DotnetCli.RepositoryRoot, ".tursodb", Version);
        var binary = Path.Combine(prefix, "node_modules", Package, "tursodb");
        if (File.Exists(binary))
        {
            return binary;
        }

        Directory.CreateDirectory(prefix);
        var (exit, output) = await DotnetCli.RunAsync("npm", prefix, TimeSpan.FromMinutes(5),
            "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", prefix, $"{Package}@{Version}");
        if (exit != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"npm install {Package}@{Version} into {prefix} failed (exit {exit}): {output}");
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
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"tursodb exited with code {_process.ExitCode} before answering: {_log}");
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

        throw new TimeoutException($"tursodb did not answer at {Url} within 30 s: {_log}");
    }
}
