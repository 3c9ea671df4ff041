using Awaitly.LibSql;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Journal;

/// <summary>
/// The step-journal layout seen from the database: a checkpoint appends a journal row and leaves only the metadata in the
/// state row; the state at rest (a failed run, the next load, <c>CompactAsync</c>) is the TypeScript package's document;
/// every way a state row goes (delete, delete-many, clear, purge) takes its journal rows with it, and a journal replaced by a
/// whole-state write (by the TypeScript package) is never read again and goes at the next delete, journal or compaction;
/// a journal of version 1 is migrated; and a document-layout store reads and resumes a journaled state. Run on each backend by the subclasses.
/// </summary>
public abstract class StepJournalTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    // A step value that takes a state past the size up to which a step-journal store still patches the document.
    private static readonly string PastThePatchLimit = new('x', 9000);
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>The options of this test's database (the same database for every store a test opens).</summary>
    protected abstract LibSqlPersistenceOptions Database { get; }

    private string Table => Database.TableName;

    private string JournalTable => Table + "_steps";

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            await opened.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Test]
    public async Task A_checkpoint_appends_a_journal_row_and_leaves_only_the_metadata_in_the_state_row()
    {
        var store = await OpenAsync();
        var gate = new TaskCompletionSource();
        var atThird = new TaskCompletionSource();
        var run = Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("a", () => PastThePatchLimit);
            await ctx.Step("b", () => 2);
            atThird.SetResult();
            await gate.Task;
            return await ctx.Step("c", () => 3);
        }, States.Options("order-1", store));
        await atThird.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var raw = await RawDocumentAsync(store, "order-1");
        var journal = await JournalKeysAsync(store, "order-1");
        gate.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(raw).StartsWith("{\"awaitly:journal\":1,\"version\":1,\"entries\":{},\"metadata\":{");
        await Assert.That(raw).Contains("\"lastStepKey\":\"b\"");
        await Assert.That(journal).IsEquivalentTo(["a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(result.Value).IsEqualTo(3);
        await Assert.That(await RawDocumentAsync(store, "order-1")).IsNull();
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0).Because("success deletes the row, and the trigger its journal");
    }

    [Test]
    public async Task A_small_state_is_patched_in_its_document_until_it_outgrows_the_patch_limit()
    {
        var store = await OpenAsync();
        var small = new TaskCompletionSource();
        var large = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var run = Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("a", () => 1);
            await ctx.Step("b", () => 2);
            small.SetResult();
            await gate.Task;
            await ctx.Step("c", () => PastThePatchLimit);
            await ctx.Step("d", () => 4);
            large.SetResult();
            await finish.Task;
            return 0;
        }, States.Options("order-6", store));
        await small.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var rawSmall = await RawDocumentAsync(store, "order-6");
        var journalSmall = await JournalRowsAsync(store);
        gate.SetResult();
        await large.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var rawLarge = await RawDocumentAsync(store, "order-6");
        var journalLarge = await JournalKeysAsync(store, "order-6");
        finish.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.That(rawSmall).StartsWith("{\"version\":1,\"entries\":{\"a\":");
        await Assert.That(rawSmall).Contains("\"b\":{\"result\":{\"ok\":true,\"value\":2}}");
        await Assert.That(journalSmall).IsEqualTo(0);
        await Assert.That(rawLarge).StartsWith("{\"awaitly:journal\":");
        await Assert.That(journalLarge).IsEquivalentTo(["a", "b", "c", "d"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task A_run_that_fails_leaves_the_typescript_packages_document_and_no_journal()
    {
        var store = await OpenAsync();

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("a", () => PastThePatchLimit);
            await ctx.Step("b", () => 2);
            var rawDuringTheRun = await RawDocumentAsync(store, "order-2");
            await Assert.That(rawDuringTheRun).StartsWith("{\"awaitly:journal\":");
            return await ctx.Step<int, string>("c", () => Task.FromResult(Result<int, string>.Failure("DECLINED")));
        }, States.Options("order-2", store));

        var raw = await RawDocumentAsync(store, "order-2");
        await Assert.That(result.IsOk).IsFalse();
        await Assert.That(raw).StartsWith("{\"version\":1,\"entries\":{\"a\":");
        await Assert.That(raw).Contains("\"c\":{\"result\":{\"ok\":false,\"error\":\"DECLINED\"");
        await Assert.That(raw).IsEqualTo(WorkflowStateSerializer.Serialize(WorkflowStateSerializer.Deserialize(raw!)));
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0);
    }

    [Test]
    public async Task A_state_left_in_the_journal_by_a_dead_process_is_resumed_by_a_document_layout_store_and_folded()
    {
        var journaled = await OpenAsync();
        await JournaledStateAsync(journaled, "order-3");
        await journaled.DisposeAsync();
        var document = await OpenAsync(o => o with { Layout = StateLayout.Document });
        var executed = new List<string>();

        await Assert.That(await RawDocumentAsync(document, "order-3")).StartsWith("{\"awaitly:journal\":");
        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var a = await ctx.Step("a", () => { executed.Add("a"); return 10; });
            var b = await ctx.Step("b", () => { executed.Add("b"); return 20; });
            var c = await ctx.Step("c", () => { executed.Add("c"); return 30; });
            return a + b + c;
        }, States.Options("order-3", document));

        await Assert.That(result.Value).IsEqualTo(1 + 2 + 30).Because("a and b replay the journaled values");
        await Assert.That(executed).IsEquivalentTo(["c"]);
        await Assert.That(await JournalRowsAsync(document)).IsEqualTo(0);
    }

    [Test]
    public async Task A_damaged_journal_is_one_unreadable_state_and_listing_and_compaction_go_on_with_the_others()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "intact");
        await JournaledStateAsync(store, "damaged");
        await store.KeyValueStore.Driver.ExecuteAsync($"UPDATE \"{JournalTable}\" SET entry = '{{\"result\":1}}' WHERE key = ?1 AND step_key = 'b'",
            [store.Prefix + "damaged"], CancellationToken.None);
        await using var inspector = await LibSqlInspector.OpenAsync(Database);

        var listed = (await inspector.ListStatesAsync(new StateListOptions { Limit = 10 })).States.ToDictionary(s => s.WorkflowId);
        var compacted = await inspector.CompactAsync();

        await Assert.That(listed.Keys).IsEquivalentTo(["intact", "damaged"]);
        await Assert.That(listed["intact"].ReadState().Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(() => listed["damaged"].ReadState()).Throws<WorkflowStateFormatException>().WithMessageContaining("step 'b'");
        await Assert.That(compacted).IsEqualTo(1);
        await Assert.That(await RawDocumentAsync(store, "intact")).StartsWith("{\"version\":1,");
        await Assert.That(await RawDocumentAsync(store, "damaged")).StartsWith("{\"awaitly:journal\":").Because("what cannot be read is left as it is");
        await Assert.That(async () => await store.LoadAsync("damaged")).Throws<WorkflowStateFormatException>();
    }

    [Test]
    public async Task A_load_assembles_the_journal_and_a_document_layout_store_folds_it_back()
    {
        var journaled = await OpenAsync();
        await JournaledStateAsync(journaled, "order-4");
        var document = await OpenAsync(o => o with { Layout = StateLayout.Document });

        var inJournal = await journaled.LoadAsync("order-4");
        var rawAfterJournalLoad = await RawDocumentAsync(journaled, "order-4");
        var folded = await document.LoadAsync("order-4");
        var raw = await RawDocumentAsync(document, "order-4");

        await Assert.That(inJournal!.Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(inJournal.Metadata!.Value.GetProperty("lastStepKey").GetString()).IsEqualTo("b");
        await Assert.That(rawAfterJournalLoad).StartsWith("{\"awaitly:journal\":").Because("the run that loads it goes on in the journal");
        await Assert.That(WorkflowStateSerializer.Serialize(folded!)).IsEqualTo(WorkflowStateSerializer.Serialize(inJournal));
        await Assert.That(raw).IsEqualTo(WorkflowStateSerializer.Serialize(folded!));
        await Assert.That(await JournalRowsAsync(document)).IsEqualTo(0);
    }

    [Test]
    public async Task A_whole_state_write_by_the_typescript_package_replaces_the_journal_whose_rows_never_come_back()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "order-5");

        await TypeScriptUpsertAsync(store, "order-5", "{\"version\":1,\"entries\":{\"x\":{\"result\":{\"ok\":true,\"value\":9}}}}");
        var loaded = await store.LoadAsync("order-5");
        var leftBehind = await JournalRowsAsync(store);

        // Another process (a store that knows nothing of the state) moves it to the journal again.
        var other = await OpenAsync();
        await Assert.That(await other.SaveStepAsync("order-5", StepEntry.Success("y", States.Json("10")), States.Json("{\"version\":1}"))).IsTrue();
        var again = await other.LoadAsync("order-5");

        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["x"]);
        await Assert.That(leftBehind).IsEqualTo(3).Because("no trigger watches updates of the state table; the marker is gone, so nothing reads them");
        await Assert.That(await RawDocumentAsync(store, "order-5")).StartsWith("{\"awaitly:journal\":4,").Because("the new journal starts at the copy of x");
        await Assert.That(again!.Steps.Select(s => s.Key)).IsEquivalentTo(["x", "y"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(await JournalKeysAsync(store, "order-5")).IsEquivalentTo(["x", "y"], TUnit.Assertions.Enums.CollectionOrdering.Matching)
            .Because("starting the new journal removed the replaced one's rows");
    }

    [Test]
    public async Task A_patch_from_a_store_that_missed_the_move_to_the_journal_keeps_its_step_under_the_journals()
    {
        // Two stores write one state without a lease: the first knows it small, the second moves it to the journal.
        var first = await OpenAsync();
        await first.SaveAsync("p1", States.With("{\"version\":1}", ("a", "1")));
        var second = await OpenAsync();
        await Assert.That(await second.SaveStepAsync("p1", StepEntry.Success("b", States.Json("\"" + PastThePatchLimit + "\"")), States.Json("{\"version\":1}")))
            .IsTrue();

        var patched = await first.SaveStepAsync("p1", StepEntry.Success("c", States.Json("3")), States.Json("{\"version\":1,\"lastStepKey\":\"c\"}"));
        var raw = await RawDocumentAsync(first, "p1");
        var loaded = await second.LoadAsync("p1");
        var folded = await second.CompactAsync();

        await Assert.That(patched).IsTrue();
        await Assert.That(raw).StartsWith("{\"awaitly:journal\":").Because("json_set keeps the marker, the document's first member");
        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["c", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching)
            .Because("the document's own entries first, the journal's laid over them");
        await Assert.That(loaded.Metadata!.Value.GetProperty("lastStepKey").GetString()).IsEqualTo("c");
        await Assert.That(folded).IsEqualTo(1);
        await Assert.That((await first.LoadAsync("p1"))!.Steps.Count).IsEqualTo(3);
        await Assert.That(await JournalRowsAsync(first)).IsEqualTo(0);
    }

    [Test]
    public async Task Rows_of_a_replaced_journal_go_with_the_delete_of_their_state_or_with_CompactAsync()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "r1");
        await JournaledStateAsync(store, "r2");
        await JournaledStateAsync(store, "r3");
        foreach (var id in new[] { "r1", "r2" })
        {
            await TypeScriptUpsertAsync(store, id, "{\"version\":1,\"entries\":{}}");
        }

        // awaitly-libsql's delete at success.
        await store.KeyValueStore.Driver.ExecuteAsync($"DELETE FROM \"{Table}\" WHERE key = ?1", [store.Prefix + "r2"], CancellationToken.None);
        var afterDelete = await JournalRowsAsync(store);
        var folded = await store.CompactAsync();

        await Assert.That(afterDelete).IsEqualTo(6).Because("r2's rows went with its row; r1's and r3's stay");
        await Assert.That(folded).IsEqualTo(1).Because("only r3 was still in its journal");
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0);
        await Assert.That((await store.LoadAsync("r1"))!.Steps).IsEmpty();
        await Assert.That((await store.LoadAsync("r3"))!.Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task A_journal_of_version_1_is_reported_migrated_by_a_store_of_either_layout_and_still_reads_every_row()
    {
        var first = await OpenAsync();
        await JournaledStateAsync(first, "v1");
        await first.DisposeAsync();
        // What version 1 left: its triggers (one of them on every update of the state table) and version 1 in the meta table.
        await using (var raw = await LibSqlPersistence.OpenAsync(Database))
        {
            var driver = raw.KeyValueStore.Driver;
            foreach (var name in new[] { "_on_delete", "_head", "_head_without_ttl" })
            {
                await driver.ExecuteAsync($"DROP TRIGGER \"{JournalTable}{name}\"", [], CancellationToken.None);
            }

            await driver.ExecuteAsync(
                $"CREATE TRIGGER \"{JournalTable}_on_rewrite\" AFTER UPDATE OF value ON \"{Table}\" WHEN substr(old.value, 1, 19) = '{{\"awaitly:journal\":' " +
                $"AND substr(new.value, 1, 19) <> '{{\"awaitly:journal\":' BEGIN DELETE FROM \"{JournalTable}\" WHERE key = new.key; END", [], CancellationToken.None);
            await RecordJournalVersionAsync(driver, 1);
        }

        var pending = await PendingMigrationsAsync();

        // A store of either layout migrates a journal it finds.
        string triggers;
        await using (var documentLayout = await LibSqlPersistence.OpenAsync(Database))
        {
            (_, triggers) = await documentLayout.KeyValueStore.Driver.ReadFirstAsync(
                "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?1, ?2) ORDER BY name)",
                [Table, JournalTable], static r => r.GetString(0), CancellationToken.None);
        }

        var store = await OpenAsync();
        var loaded = await store.LoadAsync("v1");

        await Assert.That(pending).IsEquivalentTo([
            $"replace the triggers of {JournalTable} (journal version 1 to 3: journal generations, no trigger on updates of {Table}, " +
            "an append's cost independent of the journal's rows)"]);
        await Assert.That(await RawDocumentAsync(store, "v1")).StartsWith("{\"awaitly:journal\":1,");
        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(triggers).IsEqualTo($"{JournalTable}_head,{JournalTable}_head_without_ttl,{JournalTable}_on_delete");
    }

    [Test]
    public async Task A_journal_of_version_2_is_reported_and_gets_the_head_triggers_that_do_not_walk_its_rows()
    {
        var first = await OpenAsync();
        await JournaledStateAsync(first, "v2");
        await first.DisposeAsync();
        await using (var raw = await LibSqlPersistence.OpenAsync(Database))
        {
            await RecordJournalVersionAsync(raw.KeyValueStore.Driver, 2);
        }

        var pending = await PendingMigrationsAsync();

        var store = await OpenAsync();
        var (_, head) = await store.KeyValueStore.Driver.ReadFirstAsync("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [JournalTable + "_head"],
            static r => r.GetString(0), CancellationToken.None);
        await Assert.That(await store.SaveStepAsync("v2", StepEntry.Success("c", States.Json("3")), States.Json("{\"version\":1}"))).IsTrue();

        await Assert.That(pending).IsEquivalentTo([$"replace the triggers of {JournalTable} (journal version 2 to 3: an append's cost independent of the journal's rows)"]);
        await Assert.That(head.Replace("\"", "", StringComparison.Ordinal)).Contains($"WHERE key = (SELECT key FROM {Table} WHERE");
        await Assert.That((await store.LoadAsync("v2"))!.Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Delete_delete_many_and_clear_take_the_journal_rows_with_the_state()
    {
        var store = await OpenAsync();
        foreach (var id in new[] { "d1", "d2", "d3", "d4" })
        {
            await JournaledStateAsync(store, id);
        }

        await Assert.That(await store.DeleteAsync("d1")).IsTrue();
        var afterDelete = await JournalRowsAsync(store);
        await Assert.That(await store.DeleteManyAsync(["d2"])).IsEqualTo(1);
        var afterMany = await JournalRowsAsync(store);
        await store.ClearAsync();

        await Assert.That((afterDelete, afterMany)).IsEqualTo((9L, 6L));
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0);
        await Assert.That(await store.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Each_checkpoint_renews_the_ttl_and_a_purge_takes_the_journal_of_an_expired_state()
    {
        var time = new FakeTimeProvider(Start);
        var store = await OpenAsync(o => o with { StateTtl = TimeSpan.FromHours(1), TimeProvider = time });
        var steps = (ICheckpointPersistence)store;
        await store.SaveAsync("t1", States.With(null, ("a", "1")));
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(50));
            await Assert.That(await steps.SaveStepAsync("t1", StepEntry.Success("s" + i, States.Json("1")), States.Json("{\"version\":1}"))).IsTrue();
        }

        var alive = await store.LoadAsync("t1");
        await steps.SaveStepAsync("t1", StepEntry.Success("z", States.Json("1")), States.Json("{\"version\":1}"));
        time.Advance(TimeSpan.FromMinutes(61));
        var refused = await steps.SaveStepAsync("t1", StepEntry.Success("late", States.Json("1")), States.Json("{\"version\":1}"));
        var purged = await store.PurgeExpiredAsync();

        await Assert.That(alive!.Steps.Count).IsEqualTo(4).Because("150 minutes after the first save, each checkpoint kept it alive");
        await Assert.That(refused).IsFalse();
        await Assert.That(purged).IsEqualTo(1);
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0);
    }

    [Test]
    public async Task Rows_an_earlier_version_wrote_with_the_entry_alone_read_beside_rows_holding_their_member()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "mixed-1");
        var expected = await store.LoadAsync("mixed-1");
        var written = await EntriesAsync(store, "mixed-1");
        // Versions before the rows held their member wrote the step's entry alone.
        await store.KeyValueStore.Driver.ExecuteAsync(
            $"UPDATE \"{JournalTable}\" SET entry = substr(entry, length(json_quote(step_key)) + 2) WHERE step_key <> 'b'", [], CancellationToken.None);
        var mixed = await EntriesAsync(store, "mixed-1");

        var joined = await store.LoadAsync("mixed-1");
        // A row holding entries itself is laid under its journal row by row.
        var document = (await RawDocumentAsync(store, "mixed-1"))!;
        await store.KeyValueStore.Driver.ExecuteAsync($"UPDATE \"{Table}\" SET value = ?2 WHERE key = ?1",
            [store.Prefix + "mixed-1", document.Replace("\"entries\":{}", "\"entries\":{\"z\":{\"result\":{\"ok\":true,\"value\":9}}}", StringComparison.Ordinal)],
            CancellationToken.None);
        var rowByRow = await store.LoadAsync("mixed-1");

        await Assert.That(written).IsEquivalentTo(["\"pad\":", "\"a\":", "\"b\":"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(mixed).IsEquivalentTo(["{", "{", "\"b\":"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(WorkflowStateSerializer.Serialize(joined!)).IsEqualTo(WorkflowStateSerializer.Serialize(expected!));
        await Assert.That(rowByRow!.Steps.Select(s => s.Key)).IsEquivalentTo(["z", "pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(rowByRow.Steps.Skip(1).Select(s => s.Payload.GetRawText())).IsEquivalentTo(
            expected!.Steps.Select(s => s.Payload.GetRawText()), TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task A_step_journaled_twice_keeps_its_place_with_the_later_entry()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "twice-1");
        await Assert.That(await store.SaveStepAsync("twice-1", StepEntry.Success("b", States.Json("\"again\"")), States.Json("{\"version\":1}"))).IsTrue();
        await Assert.That(await store.SaveStepAsync("twice-1", StepEntry.Success("c", States.Json("3")), States.Json("{\"version\":1}"))).IsTrue();

        var loaded = await store.LoadAsync("twice-1");

        await Assert.That(await JournalKeysAsync(store, "twice-1")).IsEquivalentTo(["pad", "a", "b", "b", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(loaded!.Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(loaded.Steps[2].Payload.GetString()).IsEqualTo("again");
    }

    [Test]
    public async Task A_damaged_journal_row_is_a_typed_load_error_that_names_the_journal_and_changes_nothing()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "broken-1");
        await store.KeyValueStore.Driver.ExecuteAsync($"UPDATE \"{JournalTable}\" SET entry = '\"b\":{{\"result\":' WHERE step_key = 'b'", [], CancellationToken.None);
        var rawBefore = await RawDocumentAsync(store, "broken-1");

        var error = await Assert.That(async () => await store.LoadAsync("broken-1")).Throws<WorkflowStateFormatException>();
        var run = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 1), States.Options("broken-1", store));

        await Assert.That(error!.Message).Contains(JournalTable);
        await Assert.That(((PersistenceError)run.Error!).Operation).IsEqualTo(PersistenceOperation.Load);
        await Assert.That(await RawDocumentAsync(store, "broken-1")).IsEqualTo(rawBefore);
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(3);
    }

    [Test]
    public async Task CompactAsync_folds_every_journaled_state_of_its_prefix_only()
    {
        var store = await OpenAsync();
        var other = await OpenAsync(o => o with { Prefix = "tenant:other:" });
        await JournaledStateAsync(store, "c1");
        await JournaledStateAsync(store, "c2");
        await JournaledStateAsync(other, "c1");

        var folded = await store.CompactAsync();
        var again = await store.CompactAsync();

        await Assert.That((folded, again)).IsEqualTo((2, 0));
        await Assert.That(await RawDocumentAsync(store, "c1")).StartsWith("{\"version\":1,\"entries\":{\"pad\":");
        await Assert.That(await RawDocumentAsync(store, "c2")).StartsWith("{\"version\":1,\"entries\":{\"pad\":");
        await Assert.That(await RawDocumentAsync(other, "c1")).StartsWith("{\"awaitly:journal\":");
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(3).Because("the other prefix's state keeps its journal");
    }

    [Test]
    public async Task The_inspector_shows_the_assembled_document_and_writes_nothing()
    {
        var store = await OpenAsync();
        await JournaledStateAsync(store, "i1");
        await using var inspector = await LibSqlInspector.OpenAsync(Database);

        var state = await inspector.GetStateAsync("i1");
        var page = await inspector.ListStatesAsync(new StateListOptions());

        await Assert.That(state!.ReadState().Steps.Select(s => s.Key)).IsEquivalentTo(["pad", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(state.Document).StartsWith("{\"version\":1,");
        await Assert.That(page.States.Single().Document).IsEqualTo(state.Document);
        var statistics = await inspector.GetStatisticsAsync();
        await Assert.That(statistics.Rows).IsEqualTo(1);
        await Assert.That(statistics.Bytes).IsGreaterThan(PastThePatchLimit.Length).Because("the journal's rows count with the state's");
        await Assert.That(await RawDocumentAsync(store, "i1")).StartsWith("{\"awaitly:journal\":");
    }

    [Test]
    public async Task A_fenced_checkpoint_of_a_taken_over_lease_writes_no_journal_row()
    {
        var time = new FakeTimeProvider(Start);
        var store = (LibSqlLockingPersistence)await OpenAsync(o => o with { TimeProvider = time });
        var stale = await store.TryAcquireAsync("f1", TimeSpan.FromSeconds(5));
        await store.SaveAsync("f1", States.With(null, ("a", "\"" + PastThePatchLimit + "\"")), stale!.Fence);
        time.Advance(TimeSpan.FromSeconds(6));
        var owner = await store.TryAcquireAsync("f1", TimeSpan.FromSeconds(5));

        var refused = await store.SaveStepAsync("f1", StepEntry.Success("b", States.Json("2")), States.Json("{}"), stale.Fence);
        var rowsAfterRefusal = await JournalRowsAsync(store);
        var accepted = await store.SaveStepAsync("f1", StepEntry.Success("c", States.Json("3")), States.Json("{}"), owner!.Fence);

        await Assert.That((refused, rowsAfterRefusal, accepted)).IsEqualTo((false, 0L, true));
        await Assert.That(await JournalKeysAsync(store, "f1")).IsEquivalentTo(["a", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task A_fenced_whole_state_write_over_the_journal_removes_its_rows_only_while_the_lease_holds()
    {
        var time = new FakeTimeProvider(Start);
        var store = (LibSqlLockingPersistence)await OpenAsync(o => o with { TimeProvider = time });
        var stale = await store.TryAcquireAsync("w1", TimeSpan.FromSeconds(5));
        await store.SaveAsync("w1", States.With(null, ("a", "\"" + PastThePatchLimit + "\"")), stale!.Fence);
        await Assert.That(await store.SaveStepAsync("w1", StepEntry.Success("b", States.Json("2")), States.Json("{}"), stale.Fence)).IsTrue();
        time.Advance(TimeSpan.FromSeconds(6));
        var owner = await store.TryAcquireAsync("w1", TimeSpan.FromSeconds(5));

        var refused = await Assert.That(async () => await store.SaveAsync("w1", States.With(null, ("z", "0")), stale.Fence)).Throws<LeaseLostException>();
        var rowsAfterRefusal = await JournalRowsAsync(store);
        var rawAfterRefusal = await RawDocumentAsync(store, "w1");
        await store.SaveAsync("w1", States.With(null, ("a", "1"), ("b", "2"), ("c", "3")), owner!.Fence);

        await Assert.That(refused).IsNotNull();
        await Assert.That(rowsAfterRefusal).IsEqualTo(2).Because("the refused write changed nothing");
        await Assert.That(rawAfterRefusal).StartsWith("{\"awaitly:journal\":");
        await Assert.That(await JournalRowsAsync(store)).IsEqualTo(0);
        await Assert.That((await store.LoadAsync("w1"))!.Steps.Select(s => s.Key)).IsEquivalentTo(["a", "b", "c"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    private async ValueTask<LibSqlPersistence> OpenAsync(Func<LibSqlPersistenceOptions, LibSqlPersistenceOptions>? configure = null)
    {
        var options = Database with { Layout = StateLayout.StepJournal };
        var store = await LibSqlPersistence.OpenAsync(configure is null ? options : configure(options));
        _opened.Add(store);
        return store;
    }

    // A state whose process died after two checkpoints: a whole-state save of steps pad (past the patch limit) and a, then
    // step b into the journal (which then holds pad, a and b).
    private static async ValueTask JournaledStateAsync(LibSqlPersistence store, string id)
    {
        await store.SaveAsync(id, States.With("{\"version\":1,\"lastStepKey\":\"a\"}", ("pad", "\"" + PastThePatchLimit + "\""), ("a", "1")));
        await Assert.That(await store.SaveStepAsync(id, StepEntry.Success("b", States.Json("2")), States.Json("{\"version\":1,\"lastStepKey\":\"b\"}"))).IsTrue();
    }

    // awaitly-libsql's save: an upsert of the whole document.
    private async ValueTask TypeScriptUpsertAsync(LibSqlPersistence store, string id, string document) =>
        await store.KeyValueStore.Driver.ExecuteAsync(
            $"INSERT INTO \"{Table}\" (key, value, expires_at, updated_at) VALUES (?1, ?2, NULL, ?3) " +
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at",
            [store.Prefix + id, document, "2026-12-01T09:00:00.000Z"], CancellationToken.None);

    private async ValueTask<string?> RawDocumentAsync(LibSqlPersistence store, string id)
    {
        var (found, value) = await store.KeyValueStore.Driver.ReadFirstAsync($"SELECT value FROM \"{Table}\" WHERE key = ?1", [store.Prefix + id],
            static r => r.GetString(0), CancellationToken.None);
        return found ? value : null;
    }

    private async ValueTask<long> JournalRowsAsync(LibSqlPersistence store)
    {
        var (_, count) = await store.KeyValueStore.Driver.ReadFirstAsync($"SELECT COUNT(*) FROM \"{JournalTable}\"", [], static r => r.GetInt64(0),
            CancellationToken.None);
        return count;
    }

    // How each journal row of the state begins: its member's key, or the opening brace of an entry alone.
    private async ValueTask<List<string>> EntriesAsync(LibSqlPersistence store, string id) =>
        await store.KeyValueStore.Driver.ReadAsync(
            $"SELECT CASE WHEN entry GLOB '{{*' THEN '{{' ELSE substr(entry, 1, instr(entry, ':')) END FROM \"{JournalTable}\" WHERE key = ?1 ORDER BY seq",
            [store.Prefix + id], static r => r.GetString(0), CancellationToken.None);

    private async ValueTask<IReadOnlyList<string>> PendingMigrationsAsync()
    {
        await using var inspector = await LibSqlInspector.OpenAsync(Database);
        return (await inspector.DiagnoseAsync()).PendingMigrations;
    }

    // What an earlier version recorded in the meta table for the journal.
    private async ValueTask RecordJournalVersionAsync(Awaitly.LibSql.Driver.ISqlDriver driver, int version) =>
        await driver.ExecuteAsync("UPDATE awaitly_meta SET value = ?2 WHERE name = ?1", ["schema:journal:" + Table, (long)version], CancellationToken.None);

    private async ValueTask<List<string>> JournalKeysAsync(LibSqlPersistence store, string id) =>
        await store.KeyValueStore.Driver.ReadAsync($"SELECT step_key FROM \"{JournalTable}\" WHERE key = ?1 ORDER BY seq", [store.Prefix + id],
            static r => r.GetString(0), CancellationToken.None);
}
