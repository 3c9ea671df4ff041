using Awaitly.Tests.Support;

namespace Awaitly.Tests.Packaging;

/// <summary>The sample, published with Native AOT: no trim or AOT warnings, and the binary runs the quick start end to end.</summary>
[NotInParallel(["dotnet-cli", "tursodb"])]
[ClassDataSource<Remote.TursoServer>(Shared = SharedType.PerTestSession)]
public class NativeAotTests(Remote.TursoServer server)
{
    [Test]
    public async Task Sample_publishes_with_zero_trim_warnings_and_the_native_binary_crashes_and_resumes()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        const string command = "dotnet publish src/Awaitly.LibSql.Sample -c Release -r linux-x64 -p:PublishAot=true";
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(repo, "README.md"))).Contains($"`{command}`");
        var (published, publishOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(10), command.Split(' ')[1..]);
        var bin = Path.Combine(repo, "src/Awaitly.LibSql.Sample/bin/Release/net10.0/linux-x64/publish");

        await Assert.That(published).IsEqualTo(0).Because(publishOutput);
        var trimWarnings = DotnetCli.TrimWarnings(publishOutput);
        await Assert.That(trimWarnings).IsEmpty();

        var native = Path.Combine(bin, "Awaitly.LibSql.Sample");
        await Assert.That(File.Exists(native)).IsTrue();
        await Assert.That(File.Exists(Path.Combine(bin, "Awaitly.LibSql.Sample.dll"))).IsFalse().Because("a Native AOT publish has no IL assembly to run");
        var url = "file:" + Path.Combine(work.Directory, "aot.db");
        var (crashed, crashOutput) = await DotnetCli.RunAsync(native, work.Directory, TimeSpan.FromMinutes(1), "--url", url, "--crash-after-first-step");
        var (resumed, resumeOutput) = await DotnetCli.RunAsync(native, work.Directory, TimeSpan.FromMinutes(1), "--url", url);

        await Assert.That(crashed).IsEqualTo(3).Because(crashOutput);
        await Assert.That(crashOutput).Contains("fetchUser(123): calling the user service");
        await Assert.That(resumed).IsEqualTo(0).Because(resumeOutput);
        await Assert.That(resumeOutput).Contains("step fetch-user: replayed from the checkpoint (not executed)");
        await Assert.That(resumeOutput).DoesNotContain("fetchUser(123)");
        await Assert.That(resumeOutput).Contains("completed: order-123 for 123, total 42.50; checkpoint deleted: True");

        var remoteId = "aot-" + Guid.NewGuid().ToString("N")[..8];
        var (remoteCrash, remoteCrashOutput) = await DotnetCli.RunAsync(native, work.Directory, TimeSpan.FromMinutes(1), "--url", server.RequireUrl(), "--id", remoteId, "--crash-after-first-step");
        var (remoteResume, remoteResumeOutput) = await DotnetCli.RunAsync(native, work.Directory, TimeSpan.FromMinutes(1), "--url", server.RequireUrl(), "--id", remoteId);

        await Assert.That(remoteCrash).IsEqualTo(3).Because(remoteCrashOutput);
        await Assert.That(remoteResume).IsEqualTo(0).Because(remoteResumeOutput);
        await Assert.That(remoteResumeOutput).Contains("step fetch-user: replayed from the checkpoint (not executed)");
        await Assert.That(remoteResumeOutput).Contains("checkpoint deleted: True");
    }

    [Test]
    public async Task Worker_sample_publishes_with_zero_trim_warnings_and_the_native_binary_resumes_a_killed_run()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        const string command = "dotnet publish src/Awaitly.LibSql.Worker -c Release -r linux-x64 -p:PublishAot=true";
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(repo, "README.md"))).Contains($"`{command}`");
        var (published, publishOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(10), command.Split(' ')[1..]);

        await Assert.That(published).IsEqualTo(0).Because(publishOutput);
        await Assert.That(DotnetCli.TrimWarnings(publishOutput)).IsEmpty();
        var native = Path.Combine(repo, "src/Awaitly.LibSql.Worker/bin/Release/net10.0/linux-x64/publish/Awaitly.LibSql.Worker");
        await Assert.That(File.Exists(native)).IsTrue();
        var run = Path.Combine(work.Directory, "run");
        Directory.CreateDirectory(run);

        await Hosting.WorkerSampleTests.KilledAndResumedAsync(native, [], run);
    }
}
