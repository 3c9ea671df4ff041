using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql.Inspection;

/// <summary>The columns of a store's tables as the database has them (an empty set: no such table).</summary>
internal sealed record StoreSchema(HashSet<string> StateColumns, HashSet<string> LockColumns, HashSet<string> MetaColumns, HashSet<string> JournalColumns)
{
    public static async ValueTask<StoreSchema> ReadAsync(ISqlDriver driver, StoreCommands commands, CancellationToken cancellationToken)
    {
        var sql = commands.Sql;
        var tables = new List<string> { sql.Table, StoreSqlTemplates.MetaTable, StoreSqlTemplates.JournalTable(sql.Table) };
        if (sql.LockTable is not null)
        {
            tables.Add(sql.LockTable);
        }

        var results = await driver.ReadBatchAsync([.. tables.Select(t => commands.TableColumns(t).ToStatement())], cancellationToken).ConfigureAwait(false);
        HashSet<string> Columns(int i) => i < results.Count ? [.. results[i].Select(row => commands.TableColumnsRow(new ValuesRow(row)))] : [];
        return new StoreSchema(Columns(0), Columns(3), Columns(1), Columns(2));
    }

    /// <summary>What is wrong with the state, lock or meta table when it exists under its name but is another application's.</summary>
    public List<string> ForeignTables(StoreSql sql)
    {
        string?[] foreign =
        [
            TableShapes.Meta.Foreign(StoreSqlTemplates.MetaTable, MetaColumns),
            TableShapes.State.Foreign(sql.Table, StateColumns),
            sql.LockTable is { } lockTable ? TableShapes.Lock.Foreign(lockTable, LockColumns) : null,
        ];
        return [.. foreign.OfType<string>()];
    }

    /// <summary>
    /// What is wrong with the step-journal table when another application's table has its name. Only a store in the step-journal
    /// layout uses it (and refuses to open); the document layout and inspection read no journal then.
    /// </summary>
    public string? ForeignJournal(StoreSql sql) => TableShapes.Journal.Foreign(StoreSqlTemplates.JournalTable(sql.Table), JournalColumns);

    /// <summary>Whether the table has a step journal of the store's (not another application's table of its name).</summary>
    public bool HasJournal(StoreSql sql) => JournalColumns.Count > 0 && ForeignJournal(sql) is null;
}
