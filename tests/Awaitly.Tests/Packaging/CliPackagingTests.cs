using Awaitly.Tests.Cli;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Packaging;

/// <summary>The <c>awaitly</c> tool as users get it: installed from its packed package, and published as one Native AOT binary.</summary>
[NotInParallel("dotnet-cli")]
public class CliPackagingTests
{
    [Test]
    public async Task The_readme_commands_pack_and_install_the_tool_and_awaitly_help_runs()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        var readme = await File.ReadAllTextAsync(Path.Combine(repo, "README.md"));
        const string pack = "dotnet pack src/Awaitly.Cli -c Release";
        const string install = "dotnet tool install --tool-path .tools --add-source src/Awaitly.Cli/bin/Release Awaitly.Cli";
        await Assert.That(readme).Contains(pack);
        await Assert.That(readme).Contains(install);

        var (packed, packOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), pack.Split(' ')[1..]);
        await Assert.That(packed).IsEqualTo(0).Because(packOutput);
        // A package cache of its own, so no Awaitly.Cli 0.1.0 installed by an earlier run stands in for this one.
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(work.Directory, "nuget-cache") };
        var (installed, installOutput) = await DotnetCli.RunAsync("dotnet", repo, TimeSpan.FromMinutes(5), environment, install.Split(' ')[1..]);
        await Assert.That(installed).IsEqualTo(0).Because(installOutput);

        var tool = Path.Combine(repo, ".tools", "awaitly");
        var help = await AwaitlyTool.RunProgramAsync(tool, new Dictionary<string, string?>(), ["--help"]);
        var database = new TempDatabase();
        await Assert.That(help.ExitCode).IsEqualTo(0).Because(help.ToString());
        await Assert.That(help.Stdout).Contains("doctor");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ts-original", "awaitly-6114dd9.db"), database.Path_);
        var list = await AwaitlyTool.RunProgramAsync(tool, new Dictionary<string, string?>(), ["list", "--url", database.Url]);
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        await Assert.That(list.Stdout).Contains("checkout-42");
        database.Dispose();
    }

    [Test]
    public async Task The_tool_publishes_as_one_native_binary_with_zero_trim_warnings_that_reads_real_databases()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        const string command = "dotnet publish src/Awaitly.Cli -c Release -r linux-x64 -p:PublishAot=true";
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(repo, "README.md"))).Contains($"`{command}`");
        var (published, output) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(10), command.Split(' ')[1..]);
        await Assert.That(published).IsEqualTo(0).Because(output);
        var warnings = DotnetCli.TrimWarnings(output);
        await Assert.That(warnings).IsEmpty();

        var binary = Path.Combine(repo, "src/Awaitly.Cli/bin/Release/net10.0/linux-x64/publish/awaitly");
        await Assert.That(File.Exists(binary)).IsTrue().Because(output);
        var fixture = Path.Combine(work.Directory, "fixture.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ts-original", "awaitly-6114dd9.db"), fixture);
        var none = new Dictionary<string, string?>();

        var list = await AwaitlyTool.RunProgramAsync(binary, none, ["list", "--url", "file:" + fixture, "--json"]);
        var show = await AwaitlyTool.RunProgramAsync(binary, none, ["show", "checkout-42", "--url", "file:" + fixture]);
        var doctor = await AwaitlyTool.RunProgramAsync(binary, none, ["doctor", "--url", "file:" + fixture]);
        var delete = await AwaitlyTool.RunProgramAsync(binary, none, ["delete", "onboarding-7", "--url", "file:" + fixture, "--yes"]);
        var usage = await AwaitlyTool.RunProgramAsync(binary, none, ["lst"]);

        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        await Assert.That(list.Json().GetProperty("states").GetArrayLength()).IsEqualTo(4);
        await Assert.That(show.Stdout).Contains("charge-card: error CARD_DECLINED");
        await Assert.That(doctor.ExitCode).IsEqualTo(0).Because(doctor.ToString());
        await Assert.That(doctor.Stdout).Contains("integrity:     ok");
        await Assert.That(delete.ExitCode).IsEqualTo(0).Because(delete.ToString());
        await Assert.That(usage.ExitCode).IsEqualTo(2);
    }
}
