using Awaitly.Tests.Support;

namespace Awaitly.Tests.Packaging;

/// <summary>The way a user gets the library: packed, then referenced by a fresh project from a local folder.</summary>
[NotInParallel("dotnet-cli")]
public class PackageTests
{
    [Test]
    public async Task The_readme_pack_commands_work_as_written_and_a_fresh_project_builds_and_runs_a_store()
    {
        using var work = new TempDatabase();
        var repo = RepositoryCopy.Create(work.Directory);
        foreach (var command in new[] { "dotnet pack src/Awaitly -c Release", "dotnet pack src/Awaitly.LibSql -c Release", "dotnet pack src/Awaitly.LibSql.Hosting -c Release" })
        {
            await Assert.That(await File.ReadAllTextAsync(Path.Combine(repo, "README.md"))).Contains($"`{command}`");
            var (packed, packOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), command.Split(' ')[1..]);
            await Assert.That(packed).IsEqualTo(0).Because(packOutput);
        }

        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(repo, "src/Awaitly.LibSql/bin/Release/Awaitly.LibSql.0.1.0.nupkg")))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            await Assert.That(entries).Contains("analyzers/dotnet/cs/Awaitly.LibSql.Generators.dll");
            await Assert.That(entries).Contains("lib/net10.0/Awaitly.LibSql.dll");
            await Assert.That(entries).Contains("lib/net10.0/Awaitly.LibSql.xml");
            await Assert.That(entries).Contains("README.md");
        }

        // A version of its own, stable (as `dotnet add package` without --version picks) and new, so no package cached by an
        // earlier run can stand in for this one.
        var now = DateTime.UtcNow;
        var version = $"0.{now:yyMMdd}.{now:HHmmssf}";
        var feed = Path.Combine(work.Directory, "feed");
        foreach (var project in new[] { "src/Awaitly", "src/Awaitly.LibSql", "src/Awaitly.LibSql.Hosting" })
        {
            var (packed, packOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), "pack", project, "-c", "Release", "-o", feed,
                $"-p:Version={version}", "-p:AssemblyVersion=0.1.0.0", "-p:FileVersion=0.1.0.0");
            await Assert.That(packed).IsEqualTo(0).Because(packOutput);
        }

        var blocks = ReadmeBlocks.CSharp(await File.ReadAllTextAsync(Path.Combine(repo, "README.md")));
        await Assert.That(blocks.Count).IsGreaterThanOrEqualTo(3);
        var projects = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var app = Path.Combine(work.Directory, $"block-{i}");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), NugetConfig(feed));
            await File.WriteAllTextAsync(Path.Combine(app, $"Block{i}.csproj"), Consumer);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), blocks[i]);
            var (added, addOutput) = await DotnetCli.DotnetAsync(app, TimeSpan.FromMinutes(5), "add", "package", "Awaitly.LibSql");
            await Assert.That(added).IsEqualTo(0).Because(addOutput);
            if (blocks[i].Contains("AddAwaitlyLibSql", StringComparison.Ordinal))
            {
                foreach (var package in new[] { new[] { "Awaitly.LibSql.Hosting" }, ["Microsoft.Extensions.Hosting", "--version", "10.0.15"] })
                {
                    var (hosted, hostedOutput) = await DotnetCli.DotnetAsync(app, TimeSpan.FromMinutes(5), ["add", "package", .. package]);
                    await Assert.That(hosted).IsEqualTo(0).Because(hostedOutput);
                }
            }

            projects.Add(app);
        }

        // The quick start, pasted into a new console project with the package, compiles and runs.
        var (ran, output) = await DotnetCli.DotnetAsync(projects[0], TimeSpan.FromMinutes(5), "run");
        await Assert.That(ran).IsEqualTo(0).Because(output);
        await Assert.That(output).Contains("receipt sent for order-1");
        await Assert.That(output).Contains("order order-1 for 123");

        // The hosting block runs a registered workflow in a real host.
        var hosting = projects[blocks.FindIndex(b => b.Contains("AddAwaitlyLibSql", StringComparison.Ordinal))];
        var (hostRan, hostOutput) = await DotnetCli.DotnetAsync(hosting, TimeSpan.FromMinutes(5), "run");
        await Assert.That(hostRan).IsEqualTo(0).Because(hostOutput);
        await Assert.That(hostOutput).Contains("hello ada");

        // Every other block compiles (the remote one needs a server to run).
        foreach (var app in projects.Skip(1).Where(p => p != hosting))
        {
            var (built, buildOutput) = await DotnetCli.DotnetAsync(app, TimeSpan.FromMinutes(5), "build");
            await Assert.That(built).IsEqualTo(0).Because($"{blocks[projects.IndexOf(app)]}\n{buildOutput}");
        }
    }

    private const string Consumer = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
        </Project>
        """;

    private static string NugetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local"><package pattern="Awaitly" /><package pattern="Awaitly.*" /></packageSource>
            <packageSource key="nuget.org"><package pattern="*" /></packageSource>
          </packageSourceMapping>
        </configuration>
        """;
}
