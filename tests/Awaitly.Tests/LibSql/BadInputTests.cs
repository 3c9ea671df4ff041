using System.Net;
using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Bad options, arguments and stored data: each a typed error that says what to fix, and no stored row touched.</summary>
public class BadInputTests
{
    private static async Task<LibSqlConfigurationException> Refused(LibSqlPersistenceOptions options) =>
        (await Assert.That(async () => await LibSqlPersistence.OpenAsync(options)).Throws<LibSqlConfigurationException>())!;

    [Test]
    public async Task A_null_lock_table_is_refused_instead_of_turning_the_lease_off()
    {
        var error = await Refused(new LibSqlPersistenceOptions { Url = ":memory:", Lock = new LibSqlLockOptions { LockTableName = null! } });

        await Assert.That(error.Message).Contains("Lock.LockTableName is null");
    }

    [Test]
    public async Task Null_options_name_the_option()
    {
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = null! })).Message).Contains("Url is null");
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", TableName = null! })).Message).Contains("TableName is null");
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", Prefix = null! })).Message).Contains("Prefix is null");
    }

    [Test]
    public async Task Ttls_and_purge_intervals_out_of_range_are_refused_up_front()
    {
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", StateTtl = TimeSpan.MaxValue })).Message).Contains("StateTtl");
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", PurgeInterval = TimeSpan.FromTicks(1) })).Message).Contains("PurgeInterval");
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", PurgeInterval = TimeSpan.MaxValue })).Message).Contains("PurgeInterval");
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", Synchronous = (SynchronousMode)7 })).Message).Contains("Synchronous");

        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });
        await Assert.That(async () => await store.KeyValueStore.SetAsync("k", "v", TimeSpan.MaxValue)).Throws<ArgumentOutOfRangeException>();
        await Assert.That(await store.KeyValueStore.ExistsAsync("k")).IsFalse();
    }

    [Test]
    [Arguments("libsql://", "no host")]
    [Arguments("https://host/db?authToken=a%0D%0Ab", "line break")]
    [Arguments("Data Source=awaitly.db", "connection string")]
    [Arguments("awaitly.db", "not a path or connection string")]
    public async Task Bad_urls_are_configuration_errors_that_say_what_is_expected(string url, string says)
    {
        var error = await Refused(new LibSqlPersistenceOptions { Url = url });

        await Assert.That(error.Message).Contains(says);
        await Assert.That(error.Message).DoesNotContain("a\r\nb");
    }

    [Test]
    public async Task Remote_timings_out_of_range_are_refused_before_any_request()
    {
        static LibSqlPersistenceOptions Remote(LibSqlRemoteOptions remote) => new() { Url = "http://127.0.0.1:1", Remote = remote };

        await Assert.That((await Refused(Remote(new() { RequestTimeout = TimeSpan.Zero }))).Message).Contains("Remote.RequestTimeout must be positive and at most 1 hour");
        await Assert.That((await Refused(Remote(new() { RequestTimeout = TimeSpan.MaxValue }))).Message).Contains("Remote.RequestTimeout");
        await Assert.That((await Refused(Remote(new() { RetryDelay = TimeSpan.FromDays(1) }))).Message).Contains("Remote.RetryDelay must be between 0 and 10 seconds");
        await Assert.That((await Refused(Remote(new() { RetryDelay = TimeSpan.FromTicks(-1) }))).Message).Contains("Remote.RetryDelay");
        await Assert.That((await Refused(Remote(new() { MaxRetries = 11 }))).Message).Contains("Remote.MaxRetries");
    }

    [Test]
    public async Task An_auth_token_with_a_line_break_is_refused_without_showing_it()
    {
        var error = await Refused(new LibSqlPersistenceOptions { Url = "https://db.example", AuthToken = "secret\r\nX-Evil: 1" });

        await Assert.That(error.Message).Contains("line break");
        await Assert.That(error.Message).DoesNotContain("secret");
    }

    [Test]
    public async Task A_file_url_whose_directory_cannot_be_created_is_a_configuration_error()
    {
        using var db = new TempDatabase();
        var blocker = Path.Combine(db.Directory, "file-not-dir");
        await File.WriteAllTextAsync(blocker, "x");

        var error = await Refused(new LibSqlPersistenceOptions { Url = "file:" + Path.Combine(blocker, "sub", "a.db") });

        await Assert.That(error.Message).Contains("cannot be created");
    }

    [Test]
    public async Task A_file_url_naming_a_directory_is_a_configuration_error_that_says_to_add_the_file_name()
    {
        using var db = new TempDatabase();

        var error = await Refused(new LibSqlPersistenceOptions { Url = "file:" + db.Directory });

        await Assert.That(error.Message).Contains($"names the directory '{db.Directory}', not a database file");
        await Assert.That(error.Message).Contains(Path.Combine(db.Directory, "awaitly.db"));
        await Assert.That(Directory.GetFileSystemEntries(db.Directory)).IsEmpty();
    }

    [Test]
    public async Task A_file_that_is_not_a_database_is_named_with_the_fix_and_left_as_it_is()
    {
        using var db = new TempDatabase();
        var notes = Path.Combine(db.Directory, "notes.db");
        var content = string.Concat(Enumerable.Repeat("not a database, just notes\n", 400));
        await File.WriteAllTextAsync(notes, content);

        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = "file:" + notes }))
            .Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo(LibSqlErrorCodes.NotADatabase);
        await Assert.That(error.Message).Contains($"the file '{notes}'").And.Contains("is not a SQLite database").And.Contains("Point the URL at");
        await Assert.That(await File.ReadAllTextAsync(notes)).IsEqualTo(content);
        await Assert.That(File.Exists(notes + "-wal")).IsFalse();
    }

    [Test]
    [Arguments("bad\uD800id")]
    [Arguments("bad\uDC00")]
    public async Task An_id_with_an_unpaired_surrogate_is_an_argument_error(string id)
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });

        await Assert.That(async () => await store.SaveAsync(id, WorkflowState.Empty)).Throws<ArgumentException>();
        await Assert.That(async () => await Awaitly.Durable.RunAsync(0, ctx => Task.FromResult(1), new DurableOptions { Id = id, Store = store })).Throws<ArgumentException>();
        await Assert.That(await store.ListAsync()).IsEmpty();
        await Assert.That((await Refused(new LibSqlPersistenceOptions { Url = ":memory:", Prefix = "t\uD800:" })).Message).Contains("surrogate");
    }

    [Test]
    public async Task An_id_too_long_for_its_prefix_names_the_longest_id_that_fits()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", Lock = new LibSqlLockOptions() });
        var longest = 1024 - LibSqlPersistenceOptions.DefaultPrefix.Length;
        var tooLong = new string('x', longest + 1);

        var save = await Assert.That(async () => await store.SaveAsync(tooLong, WorkflowState.Empty)).Throws<ArgumentException>();
        var run = await Awaitly.Durable.RunAsync(0, ctx => Task.FromResult(1), new DurableOptions { Id = tooLong, Store = store });
        await store.SaveAsync(new string('x', longest), WorkflowState.Empty);

        await Assert.That(save!.Message).Contains($"The workflow id is {longest + 1} characters long")
            .And.Contains($"prefix '{LibSqlPersistenceOptions.DefaultPrefix}'").And.Contains($"Use an id of at most {longest} characters.");
        await Assert.That(save.ParamName).IsEqualTo("workflowId");
        await Assert.That(run.Error).IsTypeOf<PersistenceError>();
        await Assert.That(((PersistenceError)run.Error!).Cause.Message).Contains($"at most {longest} characters");
        await Assert.That(await ((IWorkflowLock)store).TryAcquireAsync(tooLong, TimeSpan.FromSeconds(30))).IsNotNull().Because("the refused run holds no lease");
        await Assert.That(await store.ListAsync()).IsEquivalentTo([new string('x', longest)]);
    }

    [Test]
    public async Task Unknown_order_and_direction_values_are_refused()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });

        await Assert.That(async () => await store.ListPageAsync(new StateListOptions { OrderBy = (StateOrderBy)9 })).Throws<ArgumentOutOfRangeException>();
        await Assert.That(async () => await store.ListPageAsync(new StateListOptions { Direction = (SortDirection)9 })).Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task A_null_value_column_is_unreadable_state_never_absent_and_never_overwritten()
    {
        using var db = new TempDatabase();
        await using (var raw = await RawTableWithoutNotNull(db.Url))
        {
            await raw.Driver.ExecuteAsync("INSERT INTO awaitly_workflow_state (key, value) VALUES ('workflow:state:nulled', NULL)", [], CancellationToken.None);
        }

        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() });
        await AssertUnreadableAndKept(store);
    }

    [Test]
    public async Task A_null_value_column_over_the_remote_driver_is_unreadable_state_too()
    {
        using var server = new FakeSqld();
        var options = new LibSqlPersistenceOptions { Url = FakeSqldConformance.Url, Remote = new LibSqlRemoteOptions { Handler = server }, Lock = new LibSqlLockOptions() };
        await using (var raw = await RawTableWithoutNotNull(options.Url, options.Remote))
        {
            await raw.Driver.ExecuteAsync("INSERT INTO awaitly_workflow_state (key, value) VALUES ('workflow:state:nulled', NULL)", [], CancellationToken.None);
        }

        await using var store = await LibSqlPersistence.OpenAsync(options);
        await AssertUnreadableAndKept(store);
    }

    [Test]
    public async Task Remote_values_of_the_wrong_type_are_protocol_errors()
    {
        using var server = new FakeSqld();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = FakeSqldConformance.Url, Remote = new LibSqlRemoteOptions { Handler = server } });
        var next = server.Count + 1;
        server.Intercept = (n, _) => n == next ? () => Execute("""[{"type":"null"}]""") : n == next + 1 ? () => Execute("""[{"type":"text","value":"yes"}]""") : null;

        var nullKey = await Assert.That(async () => await store.KeyValueStore.ListKeysAsync("*")).Throws<LibSqlException>();
        var textFlag = await Assert.That(async () => await store.KeyValueStore.DeleteAsync("k")).Throws<LibSqlException>();

        await Assert.That(nullKey!.Code).IsEqualTo("PROTOCOL_ERROR");
        await Assert.That(nullKey.Message).Contains("NULL in column 0 where text was expected");
        await Assert.That(textFlag!.Code).IsEqualTo("PROTOCOL_ERROR");
        await Assert.That(textFlag.Message).Contains("text in column 0 where an integer was expected");
    }

    [Test]
    public async Task A_state_value_stored_as_a_blob_reads_as_its_text_everywhere_and_does_not_break_a_listing()
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() };
        await using var store = await LibSqlPersistence.OpenAsync(options);
        db.Sql("INSERT INTO awaitly_workflow_state (key, value, expires_at, updated_at) VALUES ('workflow:state:as-blob', " +
            "CAST('{\"version\":1,\"entries\":{\"a\":{\"result\":{\"ok\":true,\"value\":7}}}}' AS BLOB), NULL, '2026-11-26T06:19:09.052Z')");
        db.Sql("INSERT INTO awaitly_workflow_state (key, value, expires_at, updated_at) VALUES ('workflow:state:bytes', X'FF00FE', NULL, '2026-11-26T06:19:09.052Z')");
        await using var inspector = await LibSqlInspector.OpenAsync(options);

        var listed = (await inspector.ListStatesAsync(new StateListOptions { Limit = 10 })).States.ToDictionary(s => s.WorkflowId);
        var loaded = await store.LoadAsync("as-blob");
        var run = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 0) + await ctx.Step("b", () => 1),
            new DurableOptions { Id = "as-blob", Store = store });
        var unreadable = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 0), new DurableOptions { Id = "bytes", Store = store });

        await Assert.That(listed.Keys).IsEquivalentTo(["as-blob", "bytes"]);
        await Assert.That(listed["as-blob"].ReadState().Steps.Select(s => s.Key)).IsEquivalentTo(["a"]);
        await Assert.That(() => listed["bytes"].ReadState()).Throws<WorkflowStateFormatException>();
        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["a"]);
        await Assert.That(run.Value).IsEqualTo(8).Because("the leased run replays step a from the blob");
        await Assert.That(unreadable.Error).IsTypeOf<PersistenceError>();
        await Assert.That(((PersistenceError)unreadable.Error!).Cause).IsTypeOf<WorkflowStateFormatException>();
        await Assert.That(db.Sql("SELECT hex(value) FROM awaitly_workflow_state WHERE key = 'workflow:state:bytes'")).IsEqualTo("FF00FE");
    }

    [Test]
    public async Task A_release_refused_by_a_busy_database_is_retried_instead_of_leaving_the_lease()
    {
        using var db = new TempDatabase();
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = db.Url,
            Lock = new LibSqlLockOptions(),
            BusyTimeout = TimeSpan.FromMilliseconds(300),
        });
        await using var other = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        var lease = await store.TryAcquireAsync("busy", TimeSpan.FromMinutes(5));
        var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = other.Driver.WriteTransactionAsync(async (_, _) =>
        {
            locked.SetResult();
            await Task.Delay(450);
            return true;
        }, CancellationToken.None).AsTask();
        await locked.Task;

        var released = await store.ReleaseAsync("busy", lease!.OwnerToken);
        await holder;

        await Assert.That(released).IsTrue();
        await Assert.That(await store.TryAcquireAsync("busy", TimeSpan.FromSeconds(5))).IsNotNull();
    }

    private static HttpResponseMessage Execute(string row) => new(HttpStatusCode.OK)
    {
        Content = new StringContent($$$$"""{"baton":null,"base_url":null,"results":[{"type":"ok","response":{"type":"execute","result":{"cols":[{"name":"c"}],"rows":[{{{{row}}}}],"affected_row_count":0}}},{"type":"ok","response":{"type":"close"}}]}"""),
    };

    private static async Task<LibSqlKeyValueStore> RawTableWithoutNotNull(string url, LibSqlRemoteOptions? remote = null)
    {
        var options = new LibSqlPersistenceOptions { Url = url, Remote = remote, TableName = "scratch" };
        var raw = await LibSqlKeyValueStore.OpenAsync(options);
        await raw.Driver.ExecuteAsync("CREATE TABLE awaitly_workflow_state (key TEXT PRIMARY KEY, value TEXT, expires_at TEXT, updated_at TEXT)", [], CancellationToken.None);
        return raw;
    }

    private static async Task AssertUnreadableAndKept(LibSqlPersistence store)
    {
        var calls = 0;
        await Assert.That(async () => await store.LoadAsync("nulled")).Throws<WorkflowStateFormatException>();
        var run = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => ++calls), States.Options("nulled", store));

        await Assert.That(((PersistenceError)run.Error!).Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(((PersistenceError)run.Error!).Cause).IsTypeOf<WorkflowStateFormatException>();
        await Assert.That(await Awaitly.Durable.HasStateAsync(store, "nulled")).IsTrue();
        await Assert.That(await store.KeyValueStore.ExistsAsync("workflow:state:nulled")).IsTrue();
        await Assert.That(calls).IsEqualTo(0);
    }
}
