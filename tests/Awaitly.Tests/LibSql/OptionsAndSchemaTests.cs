using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>Spec §4 B (cases 10–15), URL forms, schema creation and migration (defect 5), durability settings.</summary>
public class OptionsAndSchemaTests
{
    [Test]
    [Arguments("x); DROP TABLE users;--")]
    [Arguments("bad;name")]
    [Arguments("has space")]
    [Arguments("42_snapshots")]
    [Arguments("select")]
    [Arguments("")]
    [Arguments("sqlite_master")]
    [Arguments("awaitly_meta")]
    public async Task Cases10_to_13_invalid_table_names_are_rejected_before_anything_is_opened(string name)
    {
        using var db = new TempDatabase();

        var state = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TableName = name }))
            .Throws<LibSqlConfigurationException>();
        var locks = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions { LockTableName = name } }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(state!.Message).Contains("Invalid table name");
        await Assert.That(locks!.Message).Contains("Invalid table name");
        await Assert.That(File.Exists(db.Path_)).IsFalse();
    }

    [Test]
    public async Task Case14_15_valid_names_and_defaults_work()
    {
        using var db = new TempDatabase();
        await using var named = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = db.Url,
            TableName = "my_workflow_snapshots",
            Lock = new LibSqlLockOptions { LockTableName = "my_locks" },
        });
        await named.SaveAsync("a", WorkflowState.Empty);

        await Assert.That(named).IsTypeOf<LibSqlLockingPersistence>();
        await Assert.That(await named.ListAsync()).IsEquivalentTo(["a"]);
        var defaults = new LibSqlPersistenceOptions();
        await Assert.That((defaults.Url, defaults.TableName, defaults.Prefix, new LibSqlLockOptions().LockTableName))
            .IsEqualTo(("file:./awaitly.db", "awaitly_workflow_state", "workflow:state:", "awaitly_workflow_lock"));
    }

    [Test]
    public async Task Without_lock_options_the_store_is_not_a_lock()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });

        await Assert.That(store is IWorkflowLock).IsFalse();
    }

    [Test]
    public async Task File_url_forms_open_the_same_kind_of_database()
    {
        using var db = new TempDatabase();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(db.Directory, "rel.db"));
        string[] urls = ["file:" + relative, "file:" + Path.Combine(db.Directory, "abs.db"), "file://" + Path.Combine(db.Directory, "triple.db"),
            "file://localhost" + Path.Combine(db.Directory, "local.db"), "file:" + Path.Combine(db.Directory, "sp%20ace.db")];

        foreach (var url in urls)
        {
            await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url });
            await store.SaveAsync("x", WorkflowState.Empty);
        }

        await Assert.That(Directory.GetFiles(db.Directory, "*.db").Select(f => Path.GetFileName(f)!))
            .IsEquivalentTo(["rel.db", "abs.db", "triple.db", "local.db", "sp ace.db"]);
    }

    [Test]
    [Arguments("postgres://db", "Unsupported store URL scheme 'postgres:'")]
    [Arguments("awaitly.db", "The store URL 'awaitly.db' has no scheme")]
    [Arguments("", "empty")]
    [Arguments("file:", "no file name")]
    [Arguments("file:./a.db?mode=ro", "query strings")]
    [Arguments("file://server/share/a.db", "must be local")]
    public async Task Bad_urls_are_configuration_errors_that_say_what_is_wrong(string url, string says)
    {
        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).Contains(says);
    }

    [Test]
    public async Task An_unsupported_url_is_named_by_its_scheme_alone_as_the_rest_may_hold_a_password()
    {
        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = "postgres://app:s3cret@db/orders" }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).Contains("'postgres:'");
        await Assert.That(error.Message).DoesNotContain("s3cret");
    }

    [Test]
    public async Task Bad_prefixes_and_intervals_are_rejected()
    {
        await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", Prefix = "a\nb" }))
            .Throws<LibSqlConfigurationException>();
        await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", Prefix = new string('p', 257) }))
            .Throws<LibSqlConfigurationException>();
        await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", StateTtl = TimeSpan.Zero }))
            .Throws<LibSqlConfigurationException>();
        await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", PurgeInterval = TimeSpan.FromSeconds(-1) }))
            .Throws<LibSqlConfigurationException>();
    }

    [Test]
    public async Task A_table_made_from_the_readme_schema_is_migrated_and_keeps_its_rows()
    {
        using var db = new TempDatabase();
        await using (var raw = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TableName = "scratch" }))
        {
            await raw.Driver.ExecuteAsync("CREATE TABLE awaitly_workflow_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT)", [], CancellationToken.None);
            await raw.Driver.ExecuteAsync("CREATE INDEX idx_awaitly_workflow_state_expires_at ON awaitly_workflow_state(expires_at)", [], CancellationToken.None);
            await raw.Driver.ExecuteAsync("INSERT INTO awaitly_workflow_state (key, value) VALUES ('workflow:state:legacy', '{\"version\":1,\"entries\":{}}')", [], CancellationToken.None);
        }

        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        await store.SaveAsync("new", WorkflowState.Empty);

        var columns = await store.KeyValueStore.Driver.ReadAsync("SELECT name FROM pragma_table_info('awaitly_workflow_state')", [], static r => r.GetString(0), CancellationToken.None);
        var indexes = await store.KeyValueStore.Driver.ReadAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'awaitly_workflow_state' AND sql IS NOT NULL ORDER BY name", [], static r => r.GetString(0), CancellationToken.None);
        var version = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT value FROM awaitly_meta WHERE name = 'schema:table:awaitly_workflow_state'", [], static r => r.GetInt64(0), CancellationToken.None);
        await Assert.That(columns).IsEquivalentTo(["key", "value", "expires_at", "updated_at"]);
        await Assert.That(indexes).IsEquivalentTo(["idx_awaitly_workflow_state_expires_at", "idx_awaitly_workflow_state_updated_at"]);
        await Assert.That(version).IsEqualTo((true, 1L));
        await Assert.That(await store.ListAsync()).IsEquivalentTo(["legacy", "new"]);
        var page = await store.ListPageAsync(new StateListOptions());
        await Assert.That(page.Ids).IsEquivalentTo(new[] { "new", "legacy" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task An_update_time_index_on_updated_at_alone_is_replaced_so_pages_in_update_order_need_no_sort(bool recordedByAnEarlierVersion)
    {
        const string Table = "awaitly_workflow_state";
        const string TsIndex = "CREATE INDEX IF NOT EXISTS idx_awaitly_workflow_state_updated_at ON awaitly_workflow_state(updated_at)";
        using var db = new TempDatabase();
        await using (var raw = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TableName = "scratch" }))
        {
            await raw.Driver.ExecuteAsync($"CREATE TABLE {Table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT, updated_at TEXT)", [], CancellationToken.None);
            await raw.Driver.ExecuteAsync($"CREATE INDEX idx_{Table}_expires_at ON {Table}(expires_at)", [], CancellationToken.None);
            await raw.Driver.ExecuteAsync(TsIndex, [], CancellationToken.None);
            foreach (var (id, updated) in new[] { ("b", "2026-12-01T00:00:00.000Z"), ("a", "2026-12-01T00:00:00.000Z"), ("c", "2026-12-02T00:00:00.000Z"), ("legacy", null) })
            {
                await raw.Driver.ExecuteAsync($"INSERT INTO {Table} (key, value, updated_at) VALUES (?1, '{{\"version\":1,\"entries\":{{}}}}', ?2)",
                    ["workflow:state:" + id, updated], CancellationToken.None);
            }

            if (recordedByAnEarlierVersion)
            {
                await raw.Driver.ExecuteAsync($"INSERT INTO awaitly_meta (name, value) VALUES ('schema:table:{Table}', 1)", [], CancellationToken.None);
            }
        }

        await using (var inspector = await LibSqlInspector.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url }))
        {
            var pending = (await inspector.DiagnoseAsync()).PendingMigrations;
            await Assert.That(pending.Any(p => p.Contains($"idx_{Table}_updated_at", StringComparison.Ordinal) && p.Contains("(updated_at, key)", StringComparison.Ordinal)))
                .IsTrue().Because(string.Join("; ", pending));
        }

        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url });
        var driver = store.KeyValueStore.Driver;
        async Task<List<string>> IndexColumns() =>
            await driver.ReadAsync($"SELECT name FROM pragma_index_info('idx_{Table}_updated_at')", [], static r => r.GetString(0), CancellationToken.None);

        await Assert.That(await IndexColumns()).IsEquivalentTo(["updated_at", "key"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That((await store.ListPageAsync(new StateListOptions())).Ids)
            .IsEquivalentTo(["c", "b", "a", "legacy"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That((await store.ListPageAsync(new StateListOptions { Direction = SortDirection.Ascending, Limit = 2, Offset = 1 })).Ids)
            .IsEquivalentTo(["b", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var commands = store.KeyValueStore.Commands.Sql;
        foreach (var page in new[] { commands.PageByUpdatedDesc, commands.PageByUpdatedAsc })
        {
            var plan = await driver.ReadAsync("EXPLAIN QUERY PLAN " + page, ["workflow:state:*", "2026-12-07T00:00:00.000Z", null, null, 101L, 0L],
                static r => r.GetString(3), CancellationToken.None);
            await Assert.That(plan).All().Satisfy(step => step.DoesNotContain("TEMP B-TREE")).Because(string.Join("; ", plan));
        }

        await using (var inspector = await LibSqlInspector.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url }))
        {
            await Assert.That((await inspector.DiagnoseAsync()).PendingMigrations).IsEmpty();
        }

        await driver.ExecuteAsync(TsIndex, [], CancellationToken.None);
        await Assert.That(await IndexColumns()).IsEquivalentTo(["updated_at", "key"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    [Arguments("schema:table:awaitly_workflow_state", "Table 'awaitly_workflow_state'", StateLayout.Document)]
    [Arguments("schema:lock:awaitly_workflow_lock", "Lock table 'awaitly_workflow_lock'", StateLayout.Document)]
    [Arguments("schema:journal:awaitly_workflow_state", "The step journal of 'awaitly_workflow_state'", StateLayout.StepJournal)]
    public async Task A_schema_a_newer_version_migrated_is_refused_and_left_as_it_is(string versionName, string what, StateLayout layout)
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions(), Layout = layout };
        await using (var first = await LibSqlPersistence.OpenAsync(options))
        {
            await first.SaveAsync("kept", States.With(null, ("a", "1")));
        }

        db.Sql($"UPDATE awaitly_meta SET value = 99 WHERE name = '{versionName}'");
        var schemaBefore = db.Sql("SELECT group_concat(name || ':' || sql, '|') FROM sqlite_master");

        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(options)).Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).StartsWith(what + " has schema version 99, newer than this version of Awaitly.LibSql knows");
        await Assert.That(error.Message).Contains("Upgrade Awaitly.LibSql");
        await Assert.That(db.Sql($"SELECT value FROM awaitly_meta WHERE name = '{versionName}'")).IsEqualTo(99L);
        await Assert.That(db.Sql("SELECT group_concat(name || ':' || sql, '|') FROM sqlite_master")).IsEqualTo(schemaBefore);
        await Assert.That(db.Sql("SELECT count(*) FROM awaitly_workflow_state")).IsEqualTo(1L);
        await using var inspector = await LibSqlInspector.OpenAsync(options);
        var diagnosis = await inspector.DiagnoseAsync();
        await Assert.That(diagnosis.Problems.Any(p => p.StartsWith(what + " has schema version 99, newer", StringComparison.Ordinal)))
            .IsTrue().Because("doctor reports it: " + string.Join(" | ", diagnosis.Problems));
    }

    [Test]
    [Arguments("awaitly_workflow_state", "state table", "Set TableName to a name of the store's own.", StateLayout.Document)]
    [Arguments("awaitly_workflow_lock", "lock table", "Set Lock.LockTableName to a name of the store's own.", StateLayout.Document)]
    [Arguments("awaitly_workflow_state_steps", "step-journal table", "Set TableName to a name of the store's own.", StateLayout.StepJournal)]
    [Arguments("awaitly_meta", "meta table", "Its name is fixed: rename that table, or give the store a database of its own.", StateLayout.Document)]
    public async Task Another_applications_table_of_the_same_name_is_refused_and_left_as_it_is(string table, string kind, string fix, StateLayout layout)
    {
        using var db = new TempDatabase();
        db.Sql($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO {table} (name) VALUES ('theirs');");

        var schemaBefore = SchemaOf(db);
        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Layout = layout, Lock = new LibSqlLockOptions() }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).Contains($"The table '{table}' exists but is not an Awaitly {kind}: it has the columns (id, name)");
        await Assert.That(error.Message).Contains(fix + " It was left as it is.");
        await Assert.That(SchemaOf(db)).IsEqualTo(schemaBefore).Because("the migration is one transaction: nothing was created, altered or indexed");
    }

    private static string SchemaOf(TempDatabase db) =>
        (string)db.Sql("SELECT group_concat(type || ' ' || name || ' ' || COALESCE(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master ORDER BY name)")!;

    [Test]
    public async Task Opening_twice_and_concurrently_is_idempotent()
    {
        using var db = new TempDatabase();
        var options = new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions() };

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LibSqlPersistence.OpenAsync(options).AsTask()));
        await stores[0].SaveAsync("x", WorkflowState.Empty);

        foreach (var store in stores)
        {
            await Assert.That(await store.ListAsync()).IsEquivalentTo(["x"]);
            await store.DisposeAsync();
        }
    }

    [Test]
    [Arguments(SynchronousMode.Normal, 1L)]
    [Arguments(SynchronousMode.Full, 2L)]
    public async Task File_databases_use_wal_and_the_chosen_synchronous_mode(SynchronousMode mode, long expected)
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Synchronous = mode });

        var journal = await store.KeyValueStore.Driver.ExecuteReturningAsync("PRAGMA journal_mode", [], static r => r.GetString(0), CancellationToken.None);
        var synchronous = await store.KeyValueStore.Driver.ExecuteReturningAsync("PRAGMA synchronous", [], static r => r.GetInt64(0), CancellationToken.None);

        await Assert.That(journal.Single()).IsEqualTo("wal");
        await Assert.That(synchronous.Single()).IsEqualTo(expected);
    }

    [Test]
    public async Task Memory_database_is_one_database_for_the_store_lifetime()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.SaveAsync($"id-{i}", WorkflowState.Empty).AsTask()));
        var loads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.LoadAsync($"id-{i}").AsTask()));

        await Assert.That(loads.All(l => l is not null)).IsTrue();
        await Assert.That((await store.ListAsync()).Count).IsEqualTo(20);
    }

    [Test]
    public async Task Concurrent_callers_on_a_file_store_are_safe()
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, MaxReaders = 3 });

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Yield();
            await store.SaveAsync($"id-{i % 20}", States.With(null, ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await store.LoadAsync($"id-{(i * 7) % 20}");
        }));

        await Assert.That((await store.ListAsync()).Count).IsEqualTo(20);
    }

    [Test]
    public async Task Purge_timer_removes_expired_rows()
    {
        using var db = new TempDatabase();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T06:00:00Z"));
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = db.Url,
            StateTtl = TimeSpan.FromSeconds(1),
            PurgeInterval = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        });
        await store.SaveAsync("x", WorkflowState.Empty);

        time.Advance(TimeSpan.FromSeconds(10));
        var rows = 1L;
        for (var i = 0; i < 100 && rows > 0; i++)
        {
            await Task.Delay(10);
            (_, rows) = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT COUNT(*) FROM awaitly_workflow_state", [], static r => r.GetInt64(0), CancellationToken.None);
        }

        await Assert.That(rows).IsEqualTo(0L);
    }
}
