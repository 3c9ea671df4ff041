using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Prepares a raw baseline's statement the way the store's embedded driver prepares its own: kept for the connection's
/// lifetime (<c>SQLITE_PREPARE_PERSISTENT</c>, so the statement leaves the connection's lookaside memory to its executions),
/// and without a trailing <c>RETURNING 1</c>, which only asks for the number of changed rows (the driver reads
/// <c>sqlite3_changes</c> instead). The baselines then run exactly what the store runs, in the fastest form.
/// </summary>
internal static class RawPrepare
{
    private const string ChangedRowsClause = " RETURNING 1";

    public static sqlite3_stmt Statement(sqlite3 db, string sql)
    {
        var text = sql.EndsWith(ChangedRowsClause, StringComparison.Ordinal) ? sql[..^ChangedRowsClause.Length] : sql;
        Check(raw.sqlite3_prepare_v3(db, text, raw.SQLITE_PREPARE_PERSISTENT, out var statement));
        return statement;
    }
}
