namespace Awaitly.LibSql.Benchmarks;

/// <summary>Result codes of raw SQLitePCLRaw calls, checked.</summary>
internal static class SqliteResult
{
    /// <summary>Throws when <paramref name="rc"/> is not <paramref name="expected"/> (<c>SQLITE_OK</c> unless given).</summary>
    public static void Check(int rc, int expected = 0)
    {
        if (rc != expected)
        {
            throw new InvalidOperationException("SQLite error " + rc);
        }
    }
}
