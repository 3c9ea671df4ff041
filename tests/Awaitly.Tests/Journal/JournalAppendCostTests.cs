using Awaitly.LibSql;
using Awaitly.Tests.Support;
using SQLitePCL;

namespace Awaitly.Tests.Journal;

/// <summary>
/// A checkpoint in the step journal costs the same however many rows the journal holds: counted as the virtual-machine steps
/// SQLite runs for the append statement (its triggers included), which do not depend on timing.
/// </summary>
public class JournalAppendCostTests
{
    private static readonly string PastThePatchLimit = new('x', 9000);

    [Test]
    public async Task An_append_runs_as_many_sqlite_steps_on_a_journal_of_2000_rows_as_on_one_of_20()
    {
        using var database = new TempDatabase();
        string sql;
        await using (var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Layout = StateLayout.StepJournal }))
        {
            foreach (var rows in new[] { 20, 2000 })
            {
                var id = "rows-" + rows;
                await store.SaveAsync(id, States.With("{\"version\":1}", ("pad", "\"" + PastThePatchLimit + "\"")));
                for (var i = 1; i < rows; i++)
                {
                    await store.SaveStepAsync(id, StepEntry.Success("s" + i, States.Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                        States.Json("{\"version\":1}"));
                }
            }

            sql = store.Sql.JournalAppendWithoutTtl;
        }

        var small = AppendSteps(database.Path_, sql, "workflow:state:rows-20");
        var large = AppendSteps(database.Path_, sql, "workflow:state:rows-2000");

        await Assert.That(small).IsGreaterThan(0);
        await Assert.That(large).IsLessThanOrEqualTo(small + 50).Because($"an append to 2000 rows ran {large} steps, to 20 rows {small}");
    }

    // Runs one append of a new step to the journal of key (?1 key, ?2 step key, ?3 entry, ?4 metadata, ?5 now) on a connection of
    // its own, and returns the steps SQLite ran for it.
    private static int AppendSteps(string path, string sql, string key)
    {
        Check(raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE, null), null);
        using (db)
        {
            Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
            using (statement)
            {
                Check(raw.sqlite3_bind_text(statement, 1, key), db);
                Check(raw.sqlite3_bind_text(statement, 2, "appended"), db);
                Check(raw.sqlite3_bind_text(statement, 3, "{\"result\":{\"ok\":true,\"value\":1}}"), db);
                Check(raw.sqlite3_bind_text(statement, 4, "{\"version\":1}"), db);
                Check(raw.sqlite3_bind_text(statement, 5, "2026-12-07T12:00:00.000Z"), db);
                while (raw.sqlite3_step(statement) is var rc && rc != raw.SQLITE_DONE)
                {
                    if (rc != raw.SQLITE_ROW)
                    {
                        Check(rc, db);
                    }
                }

                return raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_VM_STEP, 0);
            }
        }
    }

    private static void Check(int rc, sqlite3? db)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite error {rc}: {(db is null ? "" : raw.sqlite3_errmsg(db).utf8_to_string())}");
        }
    }
}
