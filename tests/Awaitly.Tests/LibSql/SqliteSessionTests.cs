namespace Awaitly.Tests.LibSql;

/// <summary>The embedded session's prepared statements: found by instance for the store's own strings, by text otherwise.</summary>
public class SqliteSessionTests
{
    private static long ReadNumber(SqliteSession session, string sql, long argument)
    {
        SqlArg[] args = [argument];
        return session.TryReadFirst(sql, args, static row => row.GetInt64(0), out var value) ? value : throw new InvalidOperationException("no row");
    }

    [Test]
    public async Task Equal_text_in_another_string_instance_runs_the_statement_already_prepared()
    {
        using var session = new SqliteSession(":memory:");
        const string Sql = "SELECT ?1 + 1";
        var copy = new string(Sql.AsSpan());

        await Assert.That(ReadNumber(session, Sql, 1)).IsEqualTo(2);
        await Assert.That(ReadNumber(session, copy, 41)).IsEqualTo(42);
        await Assert.That(ReadNumber(session, Sql, 2)).IsEqualTo(3);

        await Assert.That(session.CachedStatements.Prepared).IsEqualTo(1);
    }

    [Test]
    public async Task Statements_built_per_call_run_correctly_and_do_not_grow_the_instance_map_past_its_bound()
    {
        using var session = new SqliteSession(":memory:");
        for (var i = 0; i < 700; i++)
        {
            // A fresh instance every call, as text built per call is.
            var sql = "SELECT ?1 + " + (i % 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Assert.That(ReadNumber(session, sql, 1000)).IsEqualTo(1000 + (i % 600));
        }

        var (prepared, byInstance) = session.CachedStatements;
        await Assert.That(prepared).IsEqualTo(600);
        await Assert.That(byInstance).IsEqualTo(512);
    }

    [Test]
    public async Task A_row_reads_a_blob_and_text_as_bytes_on_the_session_and_as_batch_values()
    {
        using var session = new SqliteSession(":memory:");
        const string Sql = "SELECT CAST('h\u00e9llo' AS BLOB), 'h\u00e9llo', NULL";
        var expected = System.Text.Encoding.UTF8.GetBytes("h\u00e9llo");

        session.TryReadFirst(Sql, [], static row => (row.GetBytes(0), row.GetBytes(1)), out var direct);
        var values = session.ReadValues(Sql, [])[0];
        var batch = new ValuesRow(values);

        await Assert.That(direct.Item1).IsEquivalentTo(expected);
        await Assert.That(direct.Item2).IsEquivalentTo(expected);
        await Assert.That(values[0]).IsTypeOf<byte[]>();
        await Assert.That(batch.GetBytes(0)).IsEquivalentTo(expected);
        await Assert.That(batch.GetBytes(1)).IsEquivalentTo(expected);
        await Assert.That(new ValuesRow([42L]).GetBytes(0)).IsEquivalentTo("42"u8.ToArray()).Because("as SQLite reads an integer as a blob: its text");
        await Assert.That(() => batch.GetBytes(2)).Throws<Awaitly.LibSql.LibSqlException>();
    }

    private static SqliteSession CountingTable()
    {
        var session = new SqliteSession(":memory:");
        session.Execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)", []);
        session.Execute("CREATE TABLE audit (k TEXT)", []);
        // A trigger's own writes are not the statement's changed rows, with RETURNING or without.
        session.Execute("CREATE TRIGGER t_audit AFTER UPDATE ON t BEGIN INSERT INTO audit VALUES (new.k); INSERT INTO audit VALUES (new.k); END", []);
        session.Execute("INSERT INTO t VALUES ('a', 1), ('b', 1), ('c', 2)", []);
        return session;
    }

    [Test]
    public async Task A_statement_ending_in_RETURNING_1_is_prepared_without_it()
    {
        using var session = CountingTable();
        const string Sql = "UPDATE t SET n = n + 1 WHERE n = ?1 RETURNING 1";

        await Assert.That(session.PreparedText(Sql)).IsEqualTo("UPDATE t SET n = n + 1 WHERE n = ?1");
        await Assert.That(session.PreparedText("UPDATE t SET n = n + 1 WHERE n = ?1 RETURNING n")).EndsWith("RETURNING n");
    }

    [Test]
    public async Task A_statement_prepared_without_its_RETURNING_1_reports_a_row_of_1_per_changed_row()
    {
        using var session = CountingTable();
        const string Update = "UPDATE t SET n = n + 1 WHERE n = ?1 RETURNING 1";
        SqlArg[] none = [9L];

        await Assert.That(session.Execute(Update, [1L])).IsEqualTo(2);
        await Assert.That(session.Execute(Update, none)).IsEqualTo(0);

        var rows = session.ReadValues(Update, [2L], out var columns, out var changes);
        await Assert.That(rows.Count).IsEqualTo(3);
        await Assert.That(rows.All(row => row is [1L])).IsTrue();
        await Assert.That(columns).IsEqualTo(1);
        await Assert.That(changes).IsEqualTo(3);
        await Assert.That(session.ReadValues(Update, none, out _, out _).Count).IsEqualTo(0);

        await Assert.That(session.ReadAll(Update, [3L], static row => (row.GetInt64(0), row.GetString(0), row.IsNull(0)))).IsEquivalentTo(
            new[] { (1L, "1", false), (1L, "1", false), (1L, "1", false) });
        await Assert.That(session.TryReadFirst(Update, [4L], static row => row.GetInt64(0), out var first)).IsTrue();
        await Assert.That(first).IsEqualTo(1);
        await Assert.That(session.TryReadFirst(Update, none, static row => row.GetInt64(0), out _)).IsFalse();

        // The trigger wrote two audit rows per updated row (11 of them); only the updated rows were reported.
        await Assert.That(ReadNumber(session, "SELECT count(*) + ?1 FROM audit", 0)).IsEqualTo(22);
    }

    [Test]
    public async Task Upserts_and_deletes_without_their_RETURNING_1_report_what_RETURNING_would()
    {
        using var session = CountingTable();
        const string Upsert = "INSERT INTO t (k, n) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET n = excluded.n WHERE excluded.n > t.n RETURNING 1";
        const string Delete = "DELETE FROM t WHERE n >= ?1 RETURNING 1";

        await Assert.That(session.Execute(Upsert, ["d", 1L])).IsEqualTo(1);
        await Assert.That(session.Execute(Upsert, ["d", 5L])).IsEqualTo(1);
        await Assert.That(session.Execute(Upsert, ["d", 2L])).IsEqualTo(0);
        await Assert.That(session.Execute(Delete, [2L])).IsEqualTo(2);
        await Assert.That(session.Execute(Delete, [2L])).IsEqualTo(0);
        await Assert.That(session.Execute("SELECT 1 FROM t", [])).IsEqualTo(2);
    }

    [Test]
    public async Task Executions_keep_lookaside_memory_when_many_statements_stay_prepared()
    {
        using var session = CountingTable();
        // A store keeps a few dozen statements prepared for its lifetime; their own memory must not take the slots the
        // executions allocate from, or every small allocation of an execution goes to malloc.
        for (var i = 0; i < 60; i++)
        {
            var sql = "SELECT n + ?1, k FROM t WHERE k = 'a' AND n > " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " - 100 ORDER BY k";
            await Assert.That(session.ReadAll(sql, [1L], static row => row.GetInt64(0)).Count).IsEqualTo(1);
        }

        for (var i = 0; i < 200; i++)
        {
            session.Execute("UPDATE t SET n = n + 1 WHERE k = ?1 RETURNING 1", ["b"]);
        }

        await Assert.That(session.CachedStatements.Prepared).IsGreaterThanOrEqualTo(60);
        await Assert.That(session.Lookaside.MissedFull).IsEqualTo(0);
    }
}

