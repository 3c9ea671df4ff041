using Awaitly.LibSql;
using Awaitly.Tests.Packaging;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Hosting;

/// <summary>The worker-service sample as a user runs it: killed mid-run with SIGKILL, a fresh process resumes the order from its checkpoint.</summary>
public class WorkerSampleTests
{
    private static string WorkerPath => DotnetCli.BuildSetting("WorkerPath");

    private static readonly string[] Fast = ["--Worker:StepDelay=00:00:01", "--Worker:LockTtl=00:00:02"];

    internal static async Task KilledAndResumedAsync(string program, string[] prefix, string directory)
    {
        using (var first = WorkerProcess.Start(program, directory, [.. prefix, "--Worker:Order=order-1", .. Fast]))
        {
            await first.WaitForAsync("Order order-1: executing step charge-card", TimeSpan.FromSeconds(60));
            first.Kill();
            await Assert.That(first.Output).Contains("Order order-1: executing step reserve-stock");
            await Assert.That(first.Output).DoesNotContain("shipped");
        }

        using var second = WorkerProcess.Start(program, directory, [.. prefix, .. Fast]);
        await second.WaitForAsync("Workflow order-1 completed", TimeSpan.FromSeconds(60));
        second.Kill();

        await Assert.That(second.Output).DoesNotContain("executing step reserve-stock").Because("the completed step is replayed from its checkpoint");
        await Assert.That(second.Output).Contains("Order order-1: executing step charge-card");
        await Assert.That(second.Output).Contains("Order order-1: executing step ship");
        await Assert.That(second.Output).Contains("(1 step(s) replayed)");
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = "file:" + Path.Combine(directory, "awaitly.db"),
            TableName = "fulfilment_state",
            Prefix = "fulfilment:",
            Lock = new LibSqlLockOptions { LockTableName = "fulfilment_lock" },
        });
        await Assert.That(await Durable.HasStateAsync(store, "order-1")).IsFalse();
    }

    [Test]
    public async Task A_worker_killed_mid_run_is_resumed_by_the_next_worker_without_re_running_completed_steps()
    {
        using var work = new TempDatabase();

        await KilledAndResumedAsync("dotnet", [WorkerPath], work.Directory);
    }
}
