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
        foreach (var command in new[] { "dotnet pack src/Awaitly -c Release", "dotnet pack src/Awaitly.LibSql -c Release" })
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

        // The consumer gets a version of its own, so no package cached by an earlier run can stand in for this one.
        var version = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Path.Combine(work.Directory, "feed");
        foreach (var project in new[] { "src/Awaitly", "src/Awaitly.LibSql" })
        {
            var (packed, packOutput) = await DotnetCli.DotnetAsync(repo, TimeSpan.FromMinutes(5), "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}");
            await Assert.That(packed).IsEqualTo(0).Because(packOutput);
        }

        var app = Path.Combine(work.Directory, "consumer");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
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
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Awaitly.LibSql" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using System.Text.Json.Serialization;
            using Awaitly;
            using Awaitly.LibSql;

            await using var store = await OrdersStore.OpenAsync("file:./orders.db");
            var first = await Durable.RunAsync(0, async ctx =>
            {
                await ctx.Step("make", () => new Receipt("r-1"));
                return await ctx.Step("fail", () => Result<int, string>.Failure("stop here"));
            }, store.RunOptions("order-1"));
            var second = await Durable.RunAsync(0, async ctx => await ctx.Step("make", () => new Receipt("never")), store.RunOptions("order-1"));
            Console.WriteLine($"{first.Error?.Code} {second.Value.Id} {OrdersStore.Statements.Get}");

            [AwaitlyStore(Table = "orders_state", LockTable = "orders_lock", Json = typeof(ConsumerJson))]
            internal partial class OrdersStore;

            internal sealed record Receipt(string Id);

            [JsonSerializable(typeof(Receipt))]
            internal partial class ConsumerJson : JsonSerializerContext;
            """);

        var (ran, output) = await DotnetCli.DotnetAsync(app, TimeSpan.FromMinutes(5), "run");

        await Assert.That(ran).IsEqualTo(0).Because(output);
        await Assert.That(output).Contains("EXPECTED_ERROR r-1 SELECT value FROM \"orders_state\" WHERE key = ?1");
    }
}
