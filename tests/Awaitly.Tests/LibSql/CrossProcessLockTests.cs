using System.Diagnostics;
using Awaitly.LibSql;
using Awaitly.Tests.Packaging;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Leases between real OS processes on one database file (the child is tests/Awaitly.LockHolder).</summary>
public class CrossProcessLockTests
{
    private static string HolderPath => DotnetCli.BuildSetting("LockHolderPath");

    internal static Process Start(params string[] args)
    {
        if (!File.Exists(HolderPath))
        {
            throw new InvalidOperationException($"The lock holder was not built at {HolderPath}; build the solution first.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HolderPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    [Test]
    public async Task A_killed_holders_lease_blocks_until_it_expires_then_is_taken_over()
    {
        using var db = new TempDatabase();
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() });
        using var child = Start("hold", db.Url, "order-1", "1500");
        try
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await Assert.That(line).StartsWith("acquired ");

            var whileHeld = await store.TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            var stopwatch = Stopwatch.StartNew();
            WorkflowLease? takeover = null;
            while (takeover is null && stopwatch.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
                takeover = await store.TryAcquireAsync("order-1", TimeSpan.FromSeconds(30));
            }

            await Assert.That(whileHeld).IsNull();
            await Assert.That(takeover).IsNotNull();
            await Assert.That(takeover!.FencingToken).IsGreaterThan(long.Parse(line!["acquired ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public async Task Two_processes_contending_for_one_id_never_run_it_at_the_same_time()
    {
        using var db = new TempDatabase();
        var log = Path.Combine(db.Directory, "critical.log");
        await using (await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() }))
        {
        }

        using var a = Start("contend", db.Url, "shared-id", "8", log);
        using var b = Start("contend", db.Url, "shared-id", "8", log);
        var outputs = await Task.WhenAll(a.StandardOutput.ReadToEndAsync(), b.StandardOutput.ReadToEndAsync()).WaitAsync(TimeSpan.FromSeconds(120));
        var errors = await Task.WhenAll(a.StandardError.ReadToEndAsync(), b.StandardError.ReadToEndAsync());
        await a.WaitForExitAsync();
        await b.WaitForExitAsync();

        await Assert.That((a.ExitCode, b.ExitCode)).IsEqualTo((0, 0)).Because(string.Join("\n", errors));
        await Assert.That(outputs.Select(o => o.Trim())).IsEquivalentTo(["completed 8", "completed 8"]);
        var lines = await File.ReadAllLinesAsync(log);
        await Assert.That(lines.Length).IsEqualTo(32);
        for (var i = 0; i < lines.Length; i += 2)
        {
            await Assert.That(lines[i]).StartsWith("start ");
            await Assert.That(lines[i + 1]).IsEqualTo("end " + lines[i]["start ".Length..]);
        }

        await Assert.That(lines.Select(l => l.Split(' ')[1]).Distinct().Count()).IsEqualTo(2);
    }
}
