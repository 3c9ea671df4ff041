using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Cli;

/// <summary>The <c>awaitly</c> tool against the remote test server (tursodb over the libSQL HTTP protocol), with a token that never shows.</summary>
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public class AwaitlyToolRemoteTests(TursoServer server)
{
    private const string Token = "remote-t0ken-never-printed";

    [Test]
    public async Task Lists_shows_deletes_and_diagnoses_a_remote_store()
    {
        var url = server.RequireUrl();
        var table = "cli_" + Guid.NewGuid().ToString("N")[..10];
        var lockTable = table + "_lock";
        var options = new LibSqlPersistenceOptions { Url = url, TableName = table, Lock = new LibSqlLockOptions { LockTableName = lockTable } };
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(options);
        await store.SaveAsync("remote-1", States.With("""{"version":1,"lastStepKey":"pay"}""", ("pay", """{"amount":42}""")));
        await store.SaveAsync("remote-2", States.With(null, ("reserve", "true")));
        await store.TryAcquireAsync("remote-2", TimeSpan.FromMinutes(5));
        string[] connection = ["--url", url, "--table", table, "--lock-table", lockTable, "--auth-token", Token];

        var list = await AwaitlyTool.RunAsync(["list", "--json", .. connection]);
        var show = await AwaitlyTool.RunAsync(["show", "remote-1", .. connection]);
        var refused = await AwaitlyTool.RunAsync(["delete", "remote-2", "--yes", .. connection]);
        var deleted = await AwaitlyTool.RunAsync(["delete", "remote-1", "--yes", .. connection]);
        var doctor = await AwaitlyTool.RunAsync(["doctor", "--json", .. connection]);

        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        var states = list.Json().GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        await Assert.That(states.Keys).IsEquivalentTo(["remote-1", "remote-2"]);
        await Assert.That(states["remote-2"].GetProperty("lease").GetProperty("live").GetBoolean()).IsTrue();
        await Assert.That(show.Stdout).Contains("\"amount\": 42");
        await Assert.That(refused.ExitCode).IsEqualTo(1).Because(refused.ToString());
        await Assert.That(refused.Stdout).Contains("refused   remote-2");
        await Assert.That(deleted.ExitCode).IsEqualTo(0).Because(deleted.ToString());
        await Assert.That(await store.LoadAsync("remote-1")).IsNull();
        await Assert.That(await store.LoadAsync("remote-2")).IsNotNull();
        await Assert.That(doctor.ExitCode).IsEqualTo(0).Because(doctor.ToString());
        var diagnosis = doctor.Json();
        await Assert.That(diagnosis.GetProperty("healthy").GetBoolean()).IsTrue();
        await Assert.That(diagnosis.GetProperty("journalMode").ValueKind).IsEqualTo(System.Text.Json.JsonValueKind.Null);
        await Assert.That(diagnosis.GetProperty("roundTripMs").GetDouble()).IsGreaterThan(0);
        await Assert.That(diagnosis.GetProperty("url").GetString()).IsEqualTo(url.Split('?')[0].TrimEnd('/') + "/").Or.IsEqualTo(url.Split('?')[0]);
        foreach (var run in new[] { list, show, refused, deleted, doctor })
        {
            await Assert.That(run.All).DoesNotContain(Token);
        }
    }
}
