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
}
