using System.Diagnostics;
using System.Text;

namespace Awaitly.Tests.Hosting;

/// <summary>A long-running worker process whose output a test watches as it arrives, and kills with SIGKILL.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(string program, string workingDirectory, params string[] args)
    {
        // The console logger writes each message on one line, so a test can wait for it.
        var info = Packaging.DotnetCli.StartInfo(program, workingDirectory, new Dictionary<string, string?>
        {
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        }, args);
        return new WorkerProcess(Process.Start(info)!);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output so far when it does not come.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The worker exited ({_process.ExitCode}) before writing '{text}':\n{Output}");
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The worker did not write '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Kills the process the way a crash does (SIGKILL: no shutdown, no finally blocks).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
