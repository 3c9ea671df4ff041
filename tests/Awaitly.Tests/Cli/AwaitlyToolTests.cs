using System.Text.Json;
using Awaitly.LibSql;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Cli;

/// <summary>The <c>awaitly</c> tool against a database file written by the library: table and JSON output, exit codes, confirmation and fencing.</summary>
public class AwaitlyToolTests
{
    private static LibSqlPersistenceOptions Options(TempDatabase db, string prefix = LibSqlPersistenceOptions.DefaultPrefix, TimeProvider? time = null) => new()
    {
        Url = db.Url,
        Prefix = prefix,
        Lock = new LibSqlLockOptions(),
        AllowOverlappingPrefixes = true,
        TimeProvider = time ?? TimeProvider.System,
    };

    private static WorkflowState Failed(string errorJson) => new(
        [StepEntry.Success("fetch-user", States.Json("""{"id":"u-1"}""")), StepEntry.Failure("charge-card", States.Json(errorJson), new InvalidOperationException("psp down"))],
        States.Json("""{"version":3,"lastStepKey":"charge-card"}"""));

    /// <summary>order-1 ended on CARD_DECLINED, order-2 is mid-run under a live lease, order-3 has one step and a 600-character value.</summary>
    private static async Task<LibSqlLockingPersistence> SeedAsync(TempDatabase db)
    {
        var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(Options(db));
        await store.SaveAsync("order-1", Failed("""{"type":"CARD_DECLINED","code":"insufficient_funds"}"""));
        await store.SaveAsync("order-2", States.With("""{"version":1,"lastStepKey":"reserve"}""", ("reserve", """{"sku":"A-1"}""")));
        await store.SaveAsync("order-3", States.With(null, ("render", "\"" + new string('x', 600) + "\"")));
        await store.TryAcquireAsync("order-2", TimeSpan.FromMinutes(10));
        return store;
    }

    [Test]
    public async Task List_prints_one_aligned_line_per_pending_state_and_a_stable_json_document()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var table = await AwaitlyTool.RunAsync("list", "--url", db.Url);
        var json = await AwaitlyTool.RunAsync("list", "--url", db.Url, "--json");

        await Assert.That(table.ExitCode).IsEqualTo(0).Because(table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(lines[0]).StartsWith("ID");
        await Assert.That(lines[0]).Contains("LAST STEP");
        var order1 = lines.Single(l => l.StartsWith("order-1 ", StringComparison.Ordinal));
        await Assert.That(order1).Contains("CARD_DECLINED");
        await Assert.That(order1.IndexOf("CARD_DECLINED", StringComparison.Ordinal)).IsEqualTo(lines[0].IndexOf("ERROR", StringComparison.Ordinal));
        await Assert.That(lines.Single(l => l.StartsWith("order-2 ", StringComparison.Ordinal))).Contains("held until");
        await Assert.That(lines[^1]).IsEqualTo("3 state(s).");

        await Assert.That(json.ExitCode).IsEqualTo(0).Because(json.ToString());
        var states = json.Json().GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        await Assert.That(states.Count).IsEqualTo(3);
        await Assert.That(states["order-1"].GetProperty("version").GetInt32()).IsEqualTo(3);
        await Assert.That(states["order-1"].GetProperty("failed").GetBoolean()).IsTrue();
        await Assert.That(states["order-1"].GetProperty("error").GetString()).IsEqualTo("CARD_DECLINED");
        await Assert.That(states["order-1"].GetProperty("lastStep").GetString()).IsEqualTo("charge-card");
        await Assert.That(states["order-1"].GetProperty("lease").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(states["order-2"].GetProperty("lease").GetProperty("live").GetBoolean()).IsTrue();
        await Assert.That(states["order-2"].GetProperty("failed").GetBoolean()).IsFalse();
        await Assert.That(states["order-3"].GetProperty("steps").GetInt32()).IsEqualTo(1);
        await Assert.That(json.Json().GetProperty("total").GetInt64()).IsEqualTo(3);
    }

    [Test]
    public async Task List_filters_by_failure_last_step_and_time_and_pages_with_limit_and_offset()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var failed = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--failed", "--json")).Json().GetProperty("states");
        var byStep = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--last-step", "reserve", "--json")).Json().GetProperty("states");
        var future = await AwaitlyTool.RunAsync("list", "--url", db.Url, "--updated-after", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var first = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--limit", "2", "--json")).Json();
        var rest = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--limit", "2", "--offset", "2", "--json")).Json();

        await Assert.That(failed.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)).IsEquivalentTo(["order-1"]);
        await Assert.That(byStep.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)).IsEquivalentTo(["order-2"]);
        await Assert.That(future.ExitCode).IsEqualTo(1).Because(future.ToString());
        await Assert.That(future.Stdout).Contains("No pending states");
        await Assert.That(first.GetProperty("states").GetArrayLength()).IsEqualTo(2);
        await Assert.That(first.GetProperty("nextOffset").GetInt32()).IsEqualTo(2);
        await Assert.That(rest.GetProperty("states").GetArrayLength()).IsEqualTo(1);
        await Assert.That(rest.GetProperty("nextOffset").ValueKind).IsEqualTo(JsonValueKind.Null);
        var all = first.GetProperty("states").EnumerateArray().Concat(rest.GetProperty("states").EnumerateArray()).Select(s => s.GetProperty("id").GetString()!);
        await Assert.That(all).IsEquivalentTo(["order-1", "order-2", "order-3"]);
    }

    [Test]
    public async Task List_failed_includes_a_hosted_run_recorded_as_failed_after_a_step_threw()
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(Options(db));
        var result = await Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("reserve", () => "ok", key: "reserve");
            return await ctx.Step("charge", int () => throw new InvalidOperationException("psp down"), key: "charge");
        }, new DurableOptions { Id = "thrown-1", Store = store, Name = "checkout", RecordOutcome = true });

        var failed = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--failed", "--json")).Json().GetProperty("states");

        await Assert.That(result.Error).IsTypeOf<UnexpectedError>();
        await Assert.That(failed.GetArrayLength()).IsEqualTo(1);
        await Assert.That(failed[0].GetProperty("id").GetString()).IsEqualTo("thrown-1");
        await Assert.That(failed[0].GetProperty("error").GetString()).IsEqualTo(ErrorCodes.UnexpectedError);
    }

    [Test]
    public async Task Show_prints_metadata_every_step_in_order_and_the_lease_shortening_long_values_unless_full()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var failed = await AwaitlyTool.RunAsync("show", "order-1", "--url", db.Url);
        var shortened = await AwaitlyTool.RunAsync("show", "order-3", "--url", db.Url);
        var full = await AwaitlyTool.RunAsync("show", "order-3", "--url", db.Url, "--full");
        var leased = (await AwaitlyTool.RunAsync("show", "order-2", "--url", db.Url, "--json")).Json();
        var missing = await AwaitlyTool.RunAsync("show", "order-9", "--url", db.Url);

        await Assert.That(failed.ExitCode).IsEqualTo(0).Because(failed.ToString());
        await Assert.That(failed.Stdout).Contains("\"lastStepKey\": \"charge-card\"");
        await Assert.That(failed.Stdout.IndexOf("1. fetch-user: ok", StringComparison.Ordinal))
            .IsLessThan(failed.Stdout.IndexOf("2. charge-card: error CARD_DECLINED", StringComparison.Ordinal));
        await Assert.That(failed.Stdout.IndexOf("1. fetch-user: ok", StringComparison.Ordinal)).IsGreaterThanOrEqualTo(0);
        await Assert.That(failed.Stdout).Contains("\"code\": \"insufficient_funds\"");
        await Assert.That(failed.Stdout).Contains("psp down");
        await Assert.That(failed.Stdout).Contains("lease:    none");
        await Assert.That(shortened.Stdout).Contains("more characters; --full shows all");
        await Assert.That(shortened.Stdout).DoesNotContain(new string('x', 600));
        await Assert.That(full.Stdout).Contains(new string('x', 600));
        await Assert.That(leased.GetProperty("lease").GetProperty("live").GetBoolean()).IsTrue();
        var steps = leased.GetProperty("state").GetProperty("steps");
        await Assert.That(steps[0].GetProperty("key").GetString()).IsEqualTo("reserve");
        await Assert.That(steps[0].GetProperty("value").GetProperty("sku").GetString()).IsEqualTo("A-1");
        await Assert.That(missing.ExitCode).IsEqualTo(1);
        await Assert.That(missing.Stderr).Contains("no pending state 'order-9'");
    }

    [Test]
    public async Task A_version_the_typescript_package_stored_as_a_fraction_is_shown_as_stored()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);
        await store.SaveAsync("order-4", States.With("""{"version":1.5}""", ("reserve", """{"sku":"A-2"}""")));
        await store.SaveAsync("order-5", States.With("""{"version":1e400}""", ("reserve", """{"sku":"A-3"}""")));

        var show = await AwaitlyTool.RunAsync("show", "order-4", "--url", db.Url);
        var json = (await AwaitlyTool.RunAsync("show", "order-4", "--url", db.Url, "--json")).Json();
        var list = (await AwaitlyTool.RunAsync("list", "--url", db.Url, "--json")).Json().GetProperty("states");
        var infinite = await AwaitlyTool.RunAsync("show", "order-5", "--url", db.Url);
        var infiniteJson = (await AwaitlyTool.RunAsync("show", "order-5", "--url", db.Url, "--json")).Json();

        await Assert.That(show.ExitCode).IsEqualTo(0).Because(show.ToString());
        await Assert.That(show.Stdout).Contains("version:  1.5");
        await Assert.That(json.GetProperty("state").GetProperty("version").GetDouble()).IsEqualTo(1.5);
        await Assert.That(list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "order-4").GetProperty("version").GetDouble()).IsEqualTo(1.5);
        await Assert.That(infinite.Stdout).Contains("version:  Infinity");
        await Assert.That(infiniteJson.GetProperty("state").GetProperty("version").ValueKind).IsEqualTo(JsonValueKind.Null);
    }

    [Test]
    public async Task Delete_asks_for_confirmation_refuses_a_leased_id_unless_forced_and_says_what_it_did()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var unconfirmed = await AwaitlyTool.RunAsync("delete", "order-1", "--url", db.Url);
        await Assert.That(unconfirmed.ExitCode).IsEqualTo(2).Because(unconfirmed.ToString());
        await Assert.That(unconfirmed.Stderr).Contains("Pass --yes");
        await Assert.That(await store.LoadAsync("order-1")).IsNotNull();

        var mixed = await AwaitlyTool.RunAsync("delete", "order-1", "order-2", "order-9", "--url", db.Url, "--yes");
        await Assert.That(mixed.ExitCode).IsEqualTo(1).Because(mixed.ToString());
        await Assert.That(mixed.Stdout).Contains("deleted   order-1");
        await Assert.That(mixed.Stdout).Contains("refused   order-2");
        await Assert.That(mixed.Stdout).Contains("not found order-9");
        await Assert.That(await store.LoadAsync("order-1")).IsNull();
        await Assert.That(await store.LoadAsync("order-2")).IsNotNull().Because("a live lease means a run is in progress");

        var forced = await AwaitlyTool.RunAsync("delete", "order-2", "--url", db.Url, "--yes", "--force");
        await Assert.That(forced.ExitCode).IsEqualTo(0).Because(forced.ToString());
        await Assert.That(await store.LoadAsync("order-2")).IsNull();
    }

    [Test]
    public async Task On_a_terminal_delete_and_clear_prompt_and_only_yes_goes_ahead()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var declined = await AwaitlyTool.RunOnTerminalAsync("n\n", "delete", "order-1", "--url", db.Url);
        await Assert.That(declined.ExitCode).IsEqualTo(1).Because(declined.ToString());
        await Assert.That(declined.Stdout).Contains("[y/N]");
        await Assert.That(await store.LoadAsync("order-1")).IsNotNull();

        var accepted = await AwaitlyTool.RunOnTerminalAsync("y\n", "delete", "order-1", "--url", db.Url);
        await Assert.That(accepted.ExitCode).IsEqualTo(0).Because(accepted.ToString());
        await Assert.That(await store.LoadAsync("order-1")).IsNull();

        var clearDeclined = await AwaitlyTool.RunOnTerminalAsync("\n", "clear", "--url", db.Url);
        await Assert.That(clearDeclined.ExitCode).IsEqualTo(1).Because(clearDeclined.ToString());
        await Assert.That(await store.LoadAsync("order-3")).IsNotNull();
    }

    [Test]
    public async Task Clear_deletes_only_its_prefix_and_keeps_leased_states_unless_forced()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);
        await using (var other = await LibSqlPersistence.OpenAsync(Options(db, "tenant:b:")))
        {
            await other.SaveAsync("order-1", States.With(null, ("a", "1")));
        }

        var cleared = await AwaitlyTool.RunAsync("clear", "--url", db.Url, "--yes");

        await Assert.That(cleared.ExitCode).IsEqualTo(0).Because(cleared.ToString());
        await Assert.That(cleared.Stdout).Contains("deleted 2 row(s)");
        await Assert.That(cleared.Stdout).Contains("kept 1 state(s) held by a live lease");
        await Assert.That(await store.ListAsync()).IsEquivalentTo(["order-2"]);
        await using (var other = await LibSqlPersistence.OpenAsync(Options(db, "tenant:b:")))
        {
            await Assert.That(await other.ListAsync()).IsEquivalentTo(["order-1"]);
        }

        var forced = await AwaitlyTool.RunAsync("clear", "--url", db.Url, "--yes", "--force");
        await Assert.That(forced.ExitCode).IsEqualTo(0).Because(forced.ToString());
        await Assert.That(await store.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Purge_deletes_expired_rows_and_prints_how_many()
    {
        using var db = new TempDatabase();
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-2));
        await using (var old = await LibSqlPersistence.OpenAsync(Options(db, time: past) with { StateTtl = TimeSpan.FromHours(1) }))
        {
            await old.SaveAsync("stale-1", States.With(null, ("a", "1")));
            await old.SaveAsync("stale-2", States.With(null, ("a", "1")));
        }

        await using var store = await SeedAsync(db);

        var stats = (await AwaitlyTool.RunAsync("stats", "--url", db.Url, "--json")).Json();
        var purged = await AwaitlyTool.RunAsync("purge", "--url", db.Url, "--json");
        var again = await AwaitlyTool.RunAsync("purge", "--url", db.Url);

        await Assert.That(stats.GetProperty("expiredRows").GetInt64()).IsEqualTo(2);
        await Assert.That(purged.ExitCode).IsEqualTo(0).Because(purged.ToString());
        await Assert.That(purged.Json().GetProperty("purged").GetInt32()).IsEqualTo(2);
        await Assert.That(again.ExitCode).IsEqualTo(1);
        await Assert.That(again.Stdout).Contains("purged 0 expired row(s)");
        await Assert.That((await store.ListAsync()).Count).IsEqualTo(3);
    }

    [Test]
    public async Task Compact_folds_the_states_left_in_a_step_journal_and_show_reads_them_before_and_after()
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(Options(db) with { Layout = StateLayout.StepJournal });
        await store.SaveAsync("journaled", States.With("{\"version\":1,\"lastStepKey\":\"a\"}", ("a", "\"" + new string('x', 9000) + "\"")));
        await store.SaveStepAsync("journaled", StepEntry.Success("b", States.Json("2")), States.Json("{\"version\":1,\"lastStepKey\":\"b\"}"));
        var raw = async () => (await store.KeyValueStore.GetAsync(store.Prefix + "journaled"))!;

        var before = await AwaitlyTool.RunAsync("show", "journaled", "--url", db.Url, "--json");
        var rawBefore = await raw();
        var compacted = await AwaitlyTool.RunAsync("compact", "--url", db.Url, "--json");
        var again = await AwaitlyTool.RunAsync("compact", "--url", db.Url);
        var after = await AwaitlyTool.RunAsync("show", "journaled", "--url", db.Url, "--json");

        await Assert.That(before.ExitCode).IsEqualTo(0).Because(before.ToString());
        await Assert.That(before.Stdout).Contains("\"b\"");
        await Assert.That(rawBefore).StartsWith("{\"awaitly:journal\":");
        await Assert.That(compacted.ExitCode).IsEqualTo(0).Because(compacted.ToString());
        await Assert.That(compacted.Json().GetProperty("compacted").GetInt32()).IsEqualTo(1);
        await Assert.That(again.ExitCode).IsEqualTo(1);
        await Assert.That(again.Stdout).Contains("folded 0 journaled state(s)");
        await Assert.That(await raw()).StartsWith("{\"version\":1,\"entries\":{\"a\":");
        await Assert.That(after.Stdout).IsEqualTo(before.Stdout);
    }

    [Test]
    public async Task Leases_lists_live_and_expired_leases_and_release_needs_force_and_frees_the_id()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);
        await using (var dead = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(Options(db, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)))))
        {
            await dead.TryAcquireAsync("order-1", TimeSpan.FromMinutes(1));
        }

        var leases = await AwaitlyTool.RunAsync("leases", "--url", db.Url);
        var json = (await AwaitlyTool.RunAsync("leases", "--url", db.Url, "--json")).Json().GetProperty("leases");
        var unforced = await AwaitlyTool.RunAsync("release", "order-2", "--url", db.Url);
        var heldAfterUnforced = await store.TryAcquireAsync("order-2", TimeSpan.FromMinutes(1)) is null;
        var released = await AwaitlyTool.RunAsync("release", "order-2", "--url", db.Url, "--force");
        var none = await AwaitlyTool.RunAsync("release", "order-7", "--url", db.Url, "--force");

        await Assert.That(leases.ExitCode).IsEqualTo(0).Because(leases.ToString());
        await Assert.That(leases.Stdout.Split('\n').Single(l => l.StartsWith("order-1 ", StringComparison.Ordinal))).Contains("expired");
        await Assert.That(leases.Stdout.Split('\n').Single(l => l.StartsWith("order-2 ", StringComparison.Ordinal))).Contains("live");
        await Assert.That(json.GetArrayLength()).IsEqualTo(2);
        await Assert.That(unforced.ExitCode).IsEqualTo(2);
        await Assert.That(unforced.Stderr).Contains("pass --force");
        await Assert.That(heldAfterUnforced).IsTrue();
        await Assert.That(released.ExitCode).IsEqualTo(0).Because(released.ToString());
        await Assert.That(released.Stdout).Contains("released the lease of 'order-2' (live");
        await Assert.That(await store.TryAcquireAsync("order-2", TimeSpan.FromMinutes(1))).IsNotNull();
        await Assert.That(none.ExitCode).IsEqualTo(1);
    }

    [Test]
    public async Task A_lease_row_whose_expiry_is_not_a_time_is_shown_as_such_and_doctor_says_how_to_remove_it()
    {
        using var db = new TempDatabase();
        await using (var store = await SeedAsync(db))
        {
            db.Sql("INSERT INTO awaitly_workflow_lock (workflow_id, owner_token, expires_at) VALUES ('stuck-1', 'other-writer', 'tomorrow')");
            var run = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 1), new DurableOptions { Id = "stuck-1", Store = store });
            await Assert.That(run.Error).IsTypeOf<ConcurrentExecutionError>().Because("an expiry that cannot be read is never taken as past");
        }

        var leases = await AwaitlyTool.RunAsync("leases", "--url", db.Url);
        var doctor = await AwaitlyTool.RunAsync("doctor", "--url", db.Url);

        await Assert.That(leases.Stdout).Contains("stuck-1").And.Contains("unreadable expiry");
        await Assert.That(doctor.ExitCode).IsEqualTo(0).Because(doctor.ToString());
        await Assert.That(doctor.Stdout).Contains("1 lease row(s) have an expiry that is not a time").And.Contains("'stuck-1' ('tomorrow')")
            .And.Contains("awaitly release <id> --force");
    }

    [Test]
    public async Task An_unreadable_document_is_listed_as_such_beside_the_others_and_show_names_the_problem()
    {
        using var db = new TempDatabase();
        await using (var store = await SeedAsync(db))
        {
            db.WriteState("broken", "{\"version\":1,\"entries\":[]}");
        }

        var list = await AwaitlyTool.RunAsync("list", "--url", db.Url);
        var json = await AwaitlyTool.RunAsync("list", "--url", db.Url, "--json");
        var show = await AwaitlyTool.RunAsync("show", "broken", "--url", db.Url);
        var stats = await AwaitlyTool.RunAsync("stats", "--url", db.Url);

        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        var brokenLine = list.Stdout.Split('\n').Single(line => line.StartsWith("broken ", StringComparison.Ordinal));
        await Assert.That(brokenLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..4]).IsEquivalentTo(["-", "-", "-"], TUnit.Assertions.Enums.CollectionOrdering.Matching)
            .Because("an unreadable document has no version, steps or last step");
        await Assert.That(brokenLine).Contains("invalid document");
        await Assert.That(list.Stdout).Contains("order-1").And.Contains("4 state(s)");
        var broken = json.Json().GetProperty("states").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "broken");
        await Assert.That(broken.GetProperty("invalid").GetString()).Contains("\"entries\" object");
        await Assert.That(show.ExitCode).IsEqualTo(3);
        await Assert.That(show.Stderr).Contains("broken").And.Contains("\"entries\" object");
        await Assert.That(stats.Stdout).Contains("1 invalid");
    }

    [Test]
    public async Task Stats_counts_by_last_step_and_error_code_with_the_oldest_pending_and_the_rows()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);
        await store.SaveAsync("order-4", Failed("\"GATEWAY_TIMEOUT\""));

        var stats = (await AwaitlyTool.RunAsync("stats", "--url", db.Url, "--json")).Json();
        var text = await AwaitlyTool.RunAsync("stats", "--url", db.Url);

        await Assert.That(stats.GetProperty("pending").GetInt64()).IsEqualTo(4);
        await Assert.That(stats.GetProperty("failed").GetInt64()).IsEqualTo(2);
        await Assert.That(stats.GetProperty("byLastStep").GetProperty("charge-card").GetInt64()).IsEqualTo(2);
        await Assert.That(stats.GetProperty("byErrorCode").GetProperty("CARD_DECLINED").GetInt64()).IsEqualTo(1);
        await Assert.That(stats.GetProperty("byErrorCode").GetProperty("GATEWAY_TIMEOUT").GetInt64()).IsEqualTo(1);
        await Assert.That(stats.GetProperty("oldest").GetProperty("id").GetString()).IsEqualTo("order-1");
        await Assert.That(stats.GetProperty("rows").GetInt64()).IsEqualTo(4);
        await Assert.That(stats.GetProperty("bytes").GetInt64()).IsGreaterThan(600);
        await Assert.That(text.Stdout).Contains("pending states:  4 (2 ended on an error)");
    }

    [Test]
    public async Task Doctor_reports_a_healthy_library_database_and_fails_on_a_damaged_or_foreign_file()
    {
        using var db = new TempDatabase();
        await (await SeedAsync(db)).DisposeAsync();
        var healthy = await AwaitlyTool.RunAsync("doctor", "--url", db.Url);
        var json = (await AwaitlyTool.RunAsync("doctor", "--url", db.Url, "--json")).Json();

        var notADatabase = Path.Combine(db.Directory, "notes.db");
        await File.WriteAllTextAsync(notADatabase, new string('n', 8192));
        var foreign = await AwaitlyTool.RunAsync("doctor", "--url", "file:" + notADatabase);
        var wrongTable = await AwaitlyTool.RunAsync("doctor", "--url", db.Url, "--table", "other_table");

        await Assert.That(healthy.ExitCode).IsEqualTo(0).Because(healthy.ToString());
        await Assert.That(healthy.Stdout).Contains("integrity:     ok");
        await Assert.That(healthy.Stdout).Contains("journal mode:  wal");
        await Assert.That(healthy.Stdout).Contains("synchronous:   normal");
        await Assert.That(json.GetProperty("synchronous").GetString()).IsEqualTo("normal");
        await Assert.That(healthy.Stdout).Contains("migrations:    none pending");
        await Assert.That(json.GetProperty("healthy").GetBoolean()).IsTrue();
        await Assert.That(json.GetProperty("schemaVersion").GetInt32()).IsEqualTo(json.GetProperty("currentSchemaVersion").GetInt32());
        await Assert.That(json.GetProperty("pendingMigrations").GetArrayLength()).IsEqualTo(0);
        await Assert.That(foreign.ExitCode).IsEqualTo(3).Because(foreign.ToString());
        await Assert.That(foreign.Stderr).Contains("SQLITE_NOTADB: the file").And.Contains("is not a SQLite database");
        await Assert.That(foreign.Stderr).DoesNotContain("SQLITE_NOTADB: SQLITE_NOTADB").Because("the code is printed once");
        await Assert.That(wrongTable.ExitCode).IsEqualTo(3).Because(wrongTable.ToString());
        await Assert.That(wrongTable.Stdout).Contains("problem: There is no table 'other_table'");
    }

    [Test]
    public async Task Another_applications_table_under_the_state_tables_name_is_a_doctor_problem_and_every_command_refuses_it()
    {
        using var db = new TempDatabase();
        db.Sql("CREATE TABLE awaitly_workflow_state (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO awaitly_workflow_state (name) VALUES ('theirs');");

        var doctor = await AwaitlyTool.RunAsync("doctor", "--url", db.Url);
        var list = await AwaitlyTool.RunAsync("list", "--url", db.Url);
        var clear = await AwaitlyTool.RunAsync("clear", "--url", db.Url, "--yes", "--force");

        const string Says = "The table 'awaitly_workflow_state' exists but is not an Awaitly state table: it has the columns (id, name) and lacks key, value, expires_at.";
        await Assert.That(doctor.ExitCode).IsEqualTo(3).Because(doctor.ToString());
        await Assert.That(doctor.Stdout).Contains("problem: " + Says);
        await Assert.That(doctor.Stdout).Contains("migrations:    none pending").Because("no store would migrate another application's table");
        foreach (var refused in new[] { list, clear })
        {
            await Assert.That(refused.ExitCode).IsEqualTo(2).Because(refused.ToString());
            await Assert.That(refused.Stderr).Contains(Says).And.DoesNotContain("SQLITE_ERROR");
        }

        await Assert.That((long)db.Sql("SELECT COUNT(*) FROM awaitly_workflow_state")!).IsEqualTo(1L);
    }

    [Test]
    public async Task Another_applications_table_under_the_journals_name_is_a_doctor_warning_and_the_document_layout_works_beside_it()
    {
        using var db = new TempDatabase();
        await (await SeedAsync(db)).DisposeAsync();
        db.Sql("CREATE TABLE awaitly_workflow_state_steps (id INTEGER PRIMARY KEY, name TEXT)");

        var doctor = await AwaitlyTool.RunAsync("doctor", "--url", db.Url);
        var stats = await AwaitlyTool.RunAsync("stats", "--url", db.Url);
        await using (var store = await LibSqlPersistence.OpenAsync(Options(db)))
        {
            await store.SaveAsync("beside", WorkflowState.Empty);
        }

        await Assert.That(doctor.ExitCode).IsEqualTo(0).Because(doctor.ToString());
        await Assert.That(doctor.Stdout).Contains("warning: The table 'awaitly_workflow_state_steps' exists but is not an Awaitly step-journal table")
            .And.Contains("A store in the step-journal layout refuses to open");
        await Assert.That(stats.ExitCode).IsEqualTo(0).Because(stats.ToString());
    }

    [Test]
    public async Task Doctor_fails_when_sqlite_finds_the_file_damaged()
    {
        using var db = new TempDatabase();
        await using (var store = await SeedAsync(db))
        {
            for (var i = 0; i < 200; i++)
            {
                await store.SaveAsync($"bulk-{i}", States.With(null, ("a", "\"" + new string('z', 300) + "\"")));
            }
        }

        await AwaitlyTool.RunAsync("doctor", "--url", db.Url);
        await using (var checkpoint = await LibSqlPersistence.OpenAsync(Options(db)))
        {
        }

        // Overwrite one index page in the middle of the file (a torn write): the table b-tree and its index disagree.
        var bytes = await File.ReadAllBytesAsync(db.Path_);
        var page = bytes.Length / 4096 / 2;
        Array.Fill(bytes, (byte)0x5A, page * 4096 + 100, 3000);
        await File.WriteAllBytesAsync(db.Path_, bytes);
        File.Delete(db.Path_ + "-wal");
        File.Delete(db.Path_ + "-shm");

        var damaged = await AwaitlyTool.RunAsync("doctor", "--url", db.Url);

        await Assert.That(damaged.ExitCode).IsEqualTo(3).Because(damaged.ToString());
        await Assert.That(damaged.All).Contains("ORRUPT").Or.Contains("integrity check failed");
    }

    [Test]
    public async Task Usage_errors_exit_2_with_one_line_and_help_lists_every_command()
    {
        using var db = new TempDatabase();
        var help = await AwaitlyTool.RunAsync("--help");
        var none = await AwaitlyTool.RunAsync();
        var unknown = await AwaitlyTool.RunAsync("list", "--bogus");
        var badLimit = await AwaitlyTool.RunAsync("list", "--url", db.Url, "--limit", "0");
        var badTable = await AwaitlyTool.RunAsync("list", "--table", "drop table x");
        var noFile = await AwaitlyTool.RunAsync("list", "--url", "file:" + Path.Combine(db.Directory, "typo.db"));

        await Assert.That(help.ExitCode).IsEqualTo(0);
        await Assert.That(help.Stdout).Contains("awaitly [command] [options]").Because("the usage names the command users type, not the dll");
        foreach (var command in new[] { "list", "show", "delete", "clear", "purge", "compact", "leases", "release", "stats", "doctor" })
        {
            await Assert.That(help.Stdout).Contains("  " + command + " ");
        }

        await Assert.That(none.ExitCode).IsEqualTo(2);
        await Assert.That(unknown.ExitCode).IsEqualTo(2);
        await Assert.That(unknown.Stderr).Contains("--bogus");
        await Assert.That(badTable.ExitCode).IsEqualTo(2);
        await Assert.That(badTable.Stderr).Contains("Invalid table name");
        await Assert.That(noFile.ExitCode).IsEqualTo(2);
        await Assert.That(noFile.Stderr).Contains("There is no database file");
        await Assert.That(File.Exists(Path.Combine(db.Directory, "typo.db"))).IsFalse();
        await Assert.That(badLimit.ExitCode).IsEqualTo(2);
        await Assert.That(badLimit.Stderr.Trim().Split('\n')).HasSingleItem();
    }

    [Test]
    [Arguments("--limit", "0", "--limit takes a whole number from 1 to 10000; '0' is not one.")]
    [Arguments("--limit", "abc", "--limit takes a whole number from 1 to 10000; 'abc' is not one.")]
    [Arguments("--limit", "99999999999", "--limit takes a whole number from 1 to 10000; '99999999999' is not one.")]
    [Arguments("--offset", "-1", "--offset takes a whole number 0 or more; '-1' is not one.")]
    [Arguments("--updated-before", "2026-13-01", "--updated-before takes a date and time such as 2026-12-01 or 2026-12-01T08:00:00Z (UTC unless it has an offset); '2026-13-01' is not one.")]
    [Arguments("--last-step", "", "--last-step must not be empty.")]
    public async Task A_bad_list_value_is_one_line_naming_the_option_and_what_it_takes(string option, string value, string message)
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        var run = await AwaitlyTool.RunAsync("list", "--url", db.Url, option, value);

        await Assert.That(run.ExitCode).IsEqualTo(2).Because(run.ToString());
        await Assert.That(run.Stdout).IsEmpty();
        await Assert.That(run.Stderr.TrimEnd()).IsEqualTo("awaitly: " + message);
    }

    [Test]
    public async Task An_empty_id_is_refused_before_the_database_is_touched_and_the_librarys_argument_errors_name_no_parameter()
    {
        using var db = new TempDatabase();
        await using var store = await SeedAsync(db);

        foreach (var args in new[] { new[] { "show", "" }, ["delete", "order-1", "", "--yes"], ["release", "", "--force"] })
        {
            var run = await AwaitlyTool.RunAsync([.. args, "--url", db.Url]);
            await Assert.That(run.ExitCode).IsEqualTo(2).Because(run.ToString());
            await Assert.That(run.Stderr.TrimEnd()).IsEqualTo("awaitly: A workflow id must not be empty.");
        }

        var tooLong = await AwaitlyTool.RunAsync("show", new string('x', 1100), "--url", db.Url);
        await Assert.That(tooLong.ExitCode).IsEqualTo(2).Because(tooLong.ToString());
        await Assert.That(tooLong.Stderr).Contains("over the limit of 1024. Use an id of at most 1009 characters.").And.DoesNotContain("Parameter");
        await Assert.That(await store.LoadAsync("order-1")).IsNotNull().Because("delete refused the whole command, the valid id included");
    }

    [Test]
    public async Task A_time_without_an_offset_is_utc_whatever_the_machines_time_zone()
    {
        using var db = new TempDatabase();
        var written = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        await using (var store = await LibSqlPersistence.OpenAsync(Options(db, time: new FakeTimeProvider(written))))
        {
            await store.SaveAsync("noon-utc", States.With(null, ("a", "1")));
        }

        // 12:30 UTC is after the write; read as Tokyo time (UTC+9) it would be 03:30 UTC, before it.
        var tokyo = new Dictionary<string, string?> { ["TZ"] = "Asia/Tokyo" };
        var before = await AwaitlyTool.RunAsync(tokyo, "list", "--url", db.Url, "--updated-before", "2026-11-20T12:30:00", "--json");
        var withOffset = await AwaitlyTool.RunAsync(tokyo, "list", "--url", db.Url, "--updated-before", "2026-11-20T12:30:00+09:00", "--json");

        await Assert.That(before.ExitCode).IsEqualTo(0).Because(before.ToString());
        await Assert.That(before.Json().GetProperty("states")[0].GetProperty("id").GetString()).IsEqualTo("noon-utc");
        await Assert.That(withOffset.ExitCode).IsEqualTo(1).Because(withOffset.ToString());
    }

    [Test]
    public async Task The_url_and_token_come_from_the_environment_and_the_token_never_appears()
    {
        using var db = new TempDatabase();
        await (await SeedAsync(db)).DisposeAsync();
        var fromEnvironment = await AwaitlyTool.RunAsync(new Dictionary<string, string?> { ["AWAITLY_URL"] = db.Url }, "list", "--json");
        const string token = "tok-5ecret-do-not-print";
        var unreachable = await AwaitlyTool.RunAsync(new Dictionary<string, string?> { ["AWAITLY_AUTH_TOKEN"] = token }, "doctor", "--url", "http://127.0.0.1:9");
        var inUrl = await AwaitlyTool.RunAsync("list", "--url", $"http://127.0.0.1:9?authToken={token}");
        var badToken = await AwaitlyTool.RunAsync("list", "--url", "http://127.0.0.1:9", "--auth-token", token + "\n");

        await Assert.That(fromEnvironment.ExitCode).IsEqualTo(0).Because(fromEnvironment.ToString());
        await Assert.That(fromEnvironment.Json().GetProperty("states").GetArrayLength()).IsEqualTo(3);
        await Assert.That(unreachable.ExitCode).IsEqualTo(3).Because(unreachable.ToString());
        await Assert.That(unreachable.Stderr).Contains("CONNECTION_FAILED");
        await Assert.That(inUrl.ExitCode).IsEqualTo(3).Because(inUrl.ToString());
        await Assert.That(badToken.ExitCode).IsEqualTo(2).Because(badToken.ToString());
        foreach (var run in new[] { unreachable, inUrl, badToken })
        {
            await Assert.That(run.All).DoesNotContain("5ecret");
        }
    }
}
