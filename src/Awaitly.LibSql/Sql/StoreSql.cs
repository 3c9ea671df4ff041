using System.ComponentModel;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// The SQL text of one store: its state table, its lock table (when locking is on) and the meta table.
/// Built from <see cref="StoreSqlTemplates"/> at run time, or by the <c>[AwaitlyStore]</c> generator
/// from the same templates at compile time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class StoreSql
{
    /// <summary>The state table name (unquoted).</summary>
    public required string Table { get; init; }

    /// <summary>The lock table name (unquoted), or <see langword="null"/> without locking.</summary>
    public string? LockTable { get; init; }

    /// <summary>Builds the SQL of a store from the templates, after validating both table names.</summary>
    public static StoreSql Create(string table, string? lockTable)
    {
        TableNames.Validate(table, nameof(table));
        if (lockTable is not null)
        {
            TableNames.Validate(lockTable, nameof(lockTable));
            if (string.Equals(table, lockTable, StringComparison.OrdinalIgnoreCase))
            {
                throw new LibSqlConfigurationException($"The lock table must differ from the state table ('{table}').");
            }
        }

        var state = StoreSqlTemplates.StateTable(table).Concat(StoreSqlTemplates.Meta()).ToDictionary(p => p.Name, p => p.Sql, StringComparer.Ordinal);
        var locks = lockTable is null ? null : StoreSqlTemplates.LockTable(lockTable, table).ToDictionary(p => p.Name, p => p.Sql, StringComparer.Ordinal);
        return FromTemplates(table, lockTable, state, locks);
    }

    internal string DeleteMany(int count) => StoreSqlTemplates.DeleteMany(Table, count);
}
