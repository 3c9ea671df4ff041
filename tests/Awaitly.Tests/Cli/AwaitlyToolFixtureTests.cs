using System.Security.Cryptography;
using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Cli;

/// <summary>The <c>awaitly</c> tool on the database the TypeScript original wrote (Fixtures/ts-original): it reads every row, and reading changes no byte.</summary>
public class AwaitlyToolFixtureTests
{
    private static string CopyFixture(TempDatabase db)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ts-original", "awaitly-6114dd9.db"), db.Path_);
        return db.Url;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Test]
    public async Task Reads_the_originals_rows_without_changing_the_file()
    {
        using var db = new TempDatabase();
        var url = CopyFixture(db);
        var before = Sha256(db.Path_);

        var list = await AwaitlyTool.RunAsync("list", "--url", url, "--json");
        var show = await AwaitlyTool.RunAsync("show", "unicode-ключ-✓", "--url", url);
        var leases = (await AwaitlyTool.RunAsync("leases", "--url", url, "--json")).Json().GetProperty("leases");
        var stats = (await AwaitlyTool.RunAsync("stats", "--url", url, "--json")).Json();
        var doctor = await AwaitlyTool.RunAsync("doctor", "--url", url);

        await Assert.That(Sha256(db.Path_)).IsEqualTo(before).Because("inspecting writes nothing: no migration, no WAL switch, no prefix record");
        await Assert.That(File.Exists(db.Path_ + "-wal")).IsFalse();
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        var states = list.Json().GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        await Assert.That(states.Keys).IsEquivalentTo(["checkout-42", "onboarding-7", "unicode-ключ-✓", "ttl-long"]).Because("ttl-short has expired");
        await Assert.That(states["checkout-42"].GetProperty("error").GetString()).IsEqualTo("CARD_DECLINED");
        await Assert.That(states["checkout-42"].GetProperty("lease").GetProperty("live").GetBoolean()).IsFalse();
        await Assert.That(states["onboarding-7"].GetProperty("version").GetInt32()).IsEqualTo(2);
        await Assert.That(states["onboarding-7"].GetProperty("failed").GetBoolean()).IsFalse();
        await Assert.That(states["unicode-ключ-✓"].GetProperty("lastStep").GetString()).IsEqualTo("поиск-2");
        await Assert.That(states["ttl-long"].GetProperty("expiresAt").GetString()).StartsWith("2036-");
        await Assert.That(show.ExitCode).IsEqualTo(0).Because(show.ToString());
        await Assert.That(show.Stdout).Contains("поиск-2: error NOT_FOUND");
        await Assert.That(leases.EnumerateArray().Select(l => (l.GetProperty("id").GetString()!, l.GetProperty("live").GetBoolean())))
            .IsEquivalentTo([("checkout-42", false), ("locked-forever", true)]);
        await Assert.That(stats.GetProperty("expiredRows").GetInt64()).IsEqualTo(1);
        await Assert.That(doctor.ExitCode).IsEqualTo(0).Because(doctor.ToString());
        await Assert.That(doctor.Stdout).Contains("journal mode:  delete");
        await Assert.That(doctor.Stdout).Contains("add column fence to awaitly_workflow_lock");
        await Assert.That(doctor.Stdout).Contains("1 expired");
    }

    [Test]
    public async Task After_a_store_of_the_library_opens_it_doctor_reports_no_pending_migration()
    {
        using var db = new TempDatabase();
        var url = CopyFixture(db);
        await (await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url, Lock = new LibSqlLockOptions() })).DisposeAsync();

        var doctor = (await AwaitlyTool.RunAsync("doctor", "--url", url, "--json")).Json();

        await Assert.That(doctor.GetProperty("pendingMigrations").GetArrayLength()).IsEqualTo(0);
        await Assert.That(doctor.GetProperty("journalMode").GetString()).IsEqualTo("wal");
        await Assert.That(doctor.GetProperty("expiredLeases").GetInt32()).IsEqualTo(1);
    }

    [Test]
    public async Task The_readme_shows_the_real_output_of_list_show_and_doctor_on_the_default_url()
    {
        using var db = new TempDatabase();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ts-original", "awaitly-6114dd9.db"), Path.Combine(db.Directory, "awaitly.db"));
        var readme = (await File.ReadAllTextAsync(Path.Combine(Packaging.DotnetCli.RepositoryRoot, "README.md"))).ReplaceLineEndings("\n");

        foreach (var args in new[] { new[] { "list" }, ["show", "checkout-42"], ["doctor"] })
        {
            var run = await AwaitlyTool.RunInAsync(db.Directory, args);
            await Assert.That(run.ExitCode).IsEqualTo(0).Because(run.ToString());
            var output = System.Text.RegularExpressions.Regex.Replace(run.Stdout.ReplaceLineEndings("\n"), @"round trip: +[0-9.]+ ms", "round trip:");
            var documented = System.Text.RegularExpressions.Regex.Replace(readme, @"round trip: +[0-9.]+ ms", "round trip:");
            await Assert.That(documented).Contains("```text\n" + output + "```").Because($"awaitly {string.Join(' ', args)} now prints:\n{run.Stdout}");
        }
    }
}
