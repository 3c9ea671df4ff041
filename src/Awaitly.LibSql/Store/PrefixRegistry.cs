using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Store;

/// <summary>
/// Records each state table's key prefixes in the meta table when a store opens, and refuses a prefix that
/// overlaps another one of the same table (one is a string prefix of the other), since the rows of one
/// would then also be rows of the other store.
/// </summary>
internal static class PrefixRegistry
{
    /// <summary>The start of the meta row names of <paramref name="table"/>'s prefixes (SQLite table names ignore case).</summary>
    public static string SpaceOf(string table) => "prefix:" + table.ToLowerInvariant() + ":";

    public static async ValueTask RegisterAsync(ISqlDriver driver, StoreCommands commands, string prefix, bool allowOverlap, CancellationToken cancellationToken)
    {
        var space = SpaceOf(commands.Sql.Table);
        var name = space + prefix;
        var results = await driver.ExecuteBatchAsync(
        [
            commands.RegisterPrefix(name, space, prefix, allowOverlap ? 1 : 0).ToStatement(),
            commands.OverlappingPrefixes(space, name, prefix).ToStatement(),
        ], idempotent: true, cancellationToken).ConfigureAwait(false);
        if (allowOverlap || results[1].Count == 0)
        {
            return;
        }

        var others = results[1].Select(row => commands.OverlappingPrefixesRow(new ValuesRow(row))).ToList();
        throw new LibSqlConfigurationException(OverlapMessage(commands.Sql.Table, space, prefix, others));
    }

    private static string OverlapMessage(string table, string space, string prefix, IReadOnlyList<string> others)
    {
        var other = others[0];
        var (shorter, longer) = other.Length < prefix.Length ? (other, prefix) : (prefix, other);
        var listed = string.Join(", ", others.Select(o => $"'{o}'"));
        var example = longer + "x";
        return $"Prefix '{prefix}' overlaps the prefix {listed} already used with table '{table}' on this database: one is the start of the " +
            $"other, so a row key such as '{example}' is id '{example[shorter.Length..]}' of the store with prefix '{shorter}' and id 'x' of the " +
            $"store with prefix '{longer}', and each store would list, count, clear and run the other's states. Give every store of one table a " +
            "prefix that neither starts another's nor starts with another's (end each with a separator, for example 'tenant:acme:'), or give the " +
            $"tenant its own TableName. If prefix '{other}' is no longer used, remove its record: DELETE FROM {StoreSqlTemplates.MetaTable} " +
            $"WHERE name = '{(space + other).Replace("'", "''", StringComparison.Ordinal)}'. To let such stores share rows on purpose, set " +
            "AllowOverlappingPrefixes = true.";
    }
}
