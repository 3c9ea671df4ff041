using Awaitly.Tests.Support;

namespace Awaitly.Tests.Packaging;

/// <summary>The sample as a user runs it: its command line, its one-line failures, and the README's main command.</summary>
public class SampleTests
{
    private static string SamplePath => DotnetCli.BuildSetting("SamplePath");

    private static Task<(int ExitCode, string Output)> Sample(string directory, params string[] args) =>
        DotnetCli.DotnetAsync(directory, TimeSpan.FromMinutes(1), [SamplePath, .. args]);

    [Test]
    [Arguments("--bogus", "Unrecognized command or argument '--bogus'")]
    [Arguments("--url", "Required argument missing for option: '--url'")]
    [Arguments("--id", "Required argument missing for option: '--id'")]
    public async Task Unknown_flags_and_flags_without_a_value_print_the_usage_and_exit_2(string flag, string says)
    {
        using var work = new TempDatabase();

        var (exit, output) = await Sample(work.Directory, flag);

        await Assert.That(exit).IsEqualTo(2).Because(output);
        await Assert.That(output).Contains(says);
        await Assert.That(output).Contains("usage: Awaitly.LibSql.Sample");
        await Assert.That(File.Exists(Path.Combine(work.Directory, "awaitly.db"))).IsFalse();
    }

    [Test]
    public async Task The_console_sample_uses_no_host_so_it_pulls_no_hosting_dependencies()
    {
        var deps = await File.ReadAllTextAsync(Path.ChangeExtension(SamplePath, ".deps.json"));

        await Assert.That(deps).Contains("Awaitly.LibSql");
        foreach (var hosting in new[] { "\"Microsoft.Extensions.Hosting/", "\"Microsoft.Extensions.DependencyInjection/", "\"Microsoft.Extensions.Options/", "\"Awaitly.LibSql.Hosting/" })
        {
            await Assert.That(deps).DoesNotContain(hosting);
        }
    }

    [Test]
    public async Task Help_describes_every_option()
    {
        using var work = new TempDatabase();

        var (exit, output) = await Sample(work.Directory, "--help");

        await Assert.That(exit).IsEqualTo(0);
        foreach (var option in new[] { "--url", "--id", "--auth-token", "--crash-after-first-step" })
        {
            await Assert.That(output).Contains(option);
        }
    }

    [Test]
    public async Task A_failure_is_one_line_without_a_stack_trace()
    {
        using var work = new TempDatabase();

        var (exit, output) = await Sample(work.Directory, "--url", "Data Source=awaitly.db");

        await Assert.That(exit).IsEqualTo(1);
        await Assert.That(output.Trim()).StartsWith("failed: LibSqlConfigurationException: The store URL looks like a connection string");
        await Assert.That(output.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(output).DoesNotContain("   at ");
    }

    [Test]
    public async Task A_crashed_run_resumes_from_its_checkpoint()
    {
        using var work = new TempDatabase();

        var (crashed, crashOutput) = await Sample(work.Directory, "--url", work.Url, "--crash-after-first-step");
        var (resumed, resumeOutput) = await Sample(work.Directory, "--url", work.Url);

        await Assert.That(crashed).IsEqualTo(3).Because(crashOutput);
        await Assert.That(resumed).IsEqualTo(0).Because(resumeOutput);
        await Assert.That(resumeOutput).Contains("step fetch-user: replayed from the checkpoint (not executed)");
    }

    [Test]
    [NotInParallel("dotnet-cli")]
    public async Task The_readme_main_command_runs_the_sample_on_the_embedded_default_database()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        const string command = "dotnet run --project src/Awaitly.LibSql.Sample";
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(repo, "README.md"))).Contains($"{command}\n");

        var (exit, output) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), command.Split(' ')[1..]);

        await Assert.That(exit).IsEqualTo(0).Because(output);
        await Assert.That(output).Contains("store: file:./awaitly.db");
        await Assert.That(output).Contains("checkpoint deleted: True");
        await Assert.That(File.Exists(Path.Combine(repo, "awaitly.db"))).IsTrue();
    }
}
