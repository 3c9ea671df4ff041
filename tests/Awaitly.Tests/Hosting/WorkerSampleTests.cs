using Awaitly.LibSql;
using Awaitly.Tests.Packaging;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Hosting;

/// <summary>The worker-service sample as a user runs it: killed mid-run with SIGKILL, a fresh process resumes the order from its checkpoint.</summary>
public class WorkerSampleTests
{
    private static string WorkerPath => DotnetCli.BuildSetting("WorkerPath");

    private static readonly string[] Fast = ["--Worker:StepDelay=00:00:01", "--Worker:LockTtl=00:00:02"];

    internal static Task KilledAndResumedAsync(string program, string[] prefix, string directory) =>
        KilledAndResumedAsync(program, [.. prefix, "--Worker:Order=order-1", .. Fast], [.. prefix, .. Fast], directory);

    private static async Task KilledAndResumedAsync(string program, string[] start, string[] restart, string directory)
    {
        using (var first = WorkerProcess.Start(program, directory, start))
        {
            await first.WaitForAsync("Order order-1: executing step charge-card", TimeSpan.FromMinutes(3));
            first.Kill();
            await Assert.That(first.Output).Contains("Order order-1: executing step reserve-stock");
            await Assert.That(first.Output).DoesNotContain("shipped");
        }

        using var second = WorkerProcess.Start(program, directory, restart);
        await second.WaitForAsync("Workflow order-1 completed", TimeSpan.FromMinutes(3));
        second.Kill();

        await Assert.That(second.Output).DoesNotContain("executing step reserve-stock").Because("the completed step is replayed from its checkpoint");
        await Assert.That(second.Output).Contains("Order order-1: executing step charge-card");
        await Assert.That(second.Output).Contains("Order order-1: executing step ship");
        await Assert.That(second.Output).Contains("(1 step(s) replayed)");
        await Assert.That(second.Output).Contains("Workflow order-1: took over the expired lease of an earlier run");
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

    [Test]
    [NotInParallel("dotnet-cli")]
    public async Task The_readme_worker_commands_start_an_order_and_resume_it_after_a_kill()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        const string start = "dotnet run --project src/Awaitly.LibSql.Worker -- --Worker:Order=order-1";
        const string restart = "dotnet run --project src/Awaitly.LibSql.Worker";
        var readme = await File.ReadAllTextAsync(Path.Combine(repo, "README.md"));
        await Assert.That(readme).Contains($"`{start}`");
        await Assert.That(readme).Contains($"`{restart}`");
        var (built, buildOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), "build", "src/Awaitly.LibSql.Worker");
        await Assert.That(built).IsEqualTo(0).Because(buildOutput);

        await KilledAndResumedAsync("dotnet", start.Split(' ')[1..], restart.Split(' ')[1..], repo);
    }
}
