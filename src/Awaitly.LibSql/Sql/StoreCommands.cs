using System.ComponentModel;
namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// The typed helpers of a store's statements. A bind helper takes the statement's values by name and type and binds
/// them to its positional parameters; a read helper (<c>…Row</c>) turns one result row into typed values. The store
/// runs every statement through these. <see cref="Create"/> builds them from <see cref="StoreSql"/> at run time; a
/// class declared with <c>[AwaitlyStore]</c> gets a generated subclass whose helpers use its compile-time SQL.
/// </summary>
/// <remarks>Schema statements (<c>CREATE</c>, <c>ALTER</c>) bind nothing and have no helper; the lock helpers throw
/// <see cref="InvalidOperationException"/> on a store without a lock table.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public partial class StoreCommands
{
    /// <summary>Helpers over the statements of <paramref name="sql"/>.</summary>
    public StoreCommands(StoreSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        Sql = sql;
    }

    /// <summary>The SQL text of every statement.</summary>
    public StoreSql Sql { get; }

    /// <summary>Validates the table names and builds the helpers of their statements.</summary>
    public static StoreCommands Create(string table, string? lockTable) => new(StoreSql.Create(table, lockTable));

    private static string RequireLock(string? sql) =>
        sql ?? throw new InvalidOperationException("This store was created without a lock table; set LibSqlPersistenceOptions.Lock to use leases.");
}
