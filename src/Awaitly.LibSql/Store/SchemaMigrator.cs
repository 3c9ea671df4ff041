using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Store;

/// <summary>
/// Creates and migrates a store's tables, in order, in one write transaction, recording each table's
/// schema version in the meta table so later releases can add migrations after these.
/// </summary>
internal static class SchemaMigrator
{
    public const int StateTableVersion = 1;
    public const int LockTableVersion = 1;
    public const int JournalTableVersion = 3;

    public static ValueTask EnsureAsync(ISqlDriver driver, StoreCommands commands, StateLayout layout, CancellationToken cancellationToken) =>
        driver.WriteTransactionAsync(async (session, ct) =>
        {
            await session.ExecuteAsync(commands.Sql.CreateMeta, [], ct).ConfigureAwait(false);
            await RequireColumnsAsync(session, commands, Sql.StoreSqlTemplates.MetaTable, TableShapes.Meta, ct).ConfigureAwait(false);
            await MigrateStateTableAsync(session, commands, ct).ConfigureAwait(false);
            if (commands.Sql.LockTable is not null)
            {
                await MigrateLockTableAsync(session, commands, ct).ConfigureAwait(false);
            }

            await MigrateJournalTableAsync(session, commands, create: layout == StateLayout.StepJournal, ct).ConfigureAwait(false);

            return true;
        }, cancellationToken).AsValueTaskVoid();

    public static string StateVersionName(string table) => "schema:table:" + table;

    public static string LockVersionName(string lockTable) => "schema:lock:" + lockTable;

    public static string JournalVersionName(string table) => "schema:journal:" + table;

    public static string FenceCounterName(string lockTable) => "fence:" + lockTable;

    private static async ValueTask MigrateStateTableAsync(ISqlSession session, StoreCommands commands, CancellationToken ct)
    {
        var sql = commands.Sql;
        var name = StateVersionName(sql.Table);
        var version = await ReadVersionAsync(session, commands, name, ct).ConfigureAwait(false);
        RefuseNewer(version, StateTableVersion, $"Table '{sql.Table}'");
        if (version >= StateTableVersion)
        {
            await IndexUpdatesWithKeysAsync(session, commands, ct).ConfigureAwait(false);
            return;
        }

        // Version 1: the TypeScript package's table. A table made from the README schema lacks updated_at:
        // add the column before the index on it (the TypeScript package awaitly-libsql did it the other way round).
        await session.ExecuteAsync(sql.CreateTable, [], ct).ConfigureAwait(false);
        if (!(await RequireColumnsAsync(session, commands, sql.Table, TableShapes.State, ct).ConfigureAwait(false)).Contains("updated_at"))
        {
            await session.ExecuteAsync(sql.AddUpdatedAt, [], ct).ConfigureAwait(false);
        }

        await session.ExecuteAsync(sql.CreateExpiresIndex, [], ct).ConfigureAwait(false);
        await IndexUpdatesWithKeysAsync(session, commands, ct).ConfigureAwait(false);
        await WriteVersionAsync(session, commands, name, StateTableVersion, ct).ConfigureAwait(false);
    }

    // The TypeScript package indexes updated_at alone; pages in update order need the key in the index too, so an index on
    // updated_at alone is replaced (under the same name, which the TypeScript package then finds and keeps). Not a schema
    // version: stores that predate it read the table exactly as before.
    private static async ValueTask IndexUpdatesWithKeysAsync(ISqlSession session, StoreCommands commands, CancellationToken ct)
    {
        var sql = commands.Sql;
        var columns = await session.ReadAsync(commands.IndexColumns(Sql.StoreSqlTemplates.UpdatedIndex(sql.Table)), commands.IndexColumnsRow, ct)
            .ConfigureAwait(false);
        if (IndexesUpdatesWithKeys(columns))
        {
            return;
        }

        await session.ExecuteAsync(sql.DropUpdatedIndex, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.CreateUpdatedIndex, [], ct).ConfigureAwait(false);
    }

    /// <summary>Whether the update-time index has the columns <see cref="IndexUpdatesWithKeysAsync"/> gives it (doctor checks it too).</summary>
    public static bool IndexesUpdatesWithKeys(IReadOnlyList<string> columns) => columns is ["updated_at", "key"];

    private static async ValueTask MigrateLockTableAsync(ISqlSession session, StoreCommands commands, CancellationToken ct)
    {
        var sql = commands.Sql;
        var lockTable = sql.LockTable!;
        var name = LockVersionName(lockTable);
        await session.ExecuteAsync(commands.InitMeta(FenceCounterName(lockTable), 0), ct).ConfigureAwait(false);
        var version = await ReadVersionAsync(session, commands, name, ct).ConfigureAwait(false);
        RefuseNewer(version, LockTableVersion, $"Lock table '{lockTable}'");
        if (version >= LockTableVersion)
        {
            return;
        }

        // Version 1: the TypeScript package's lock table plus the fencing counter column.
        await session.ExecuteAsync(sql.CreateLockTable!, [], ct).ConfigureAwait(false);
        if (!(await RequireColumnsAsync(session, commands, lockTable, TableShapes.Lock, ct).ConfigureAwait(false)).Contains("fence"))
        {
            await session.ExecuteAsync(sql.AddFence!, [], ct).ConfigureAwait(false);
        }

        await session.ExecuteAsync(sql.CreateLockIndex!, [], ct).ConfigureAwait(false);
        await WriteVersionAsync(session, commands, name, LockTableVersion, ct).ConfigureAwait(false);
    }

    // Created only by a store in the step-journal layout (a store of either layout reads journal rows when a document is
    // marked); a journal an earlier version created is migrated by a store of either layout.
    private static async ValueTask MigrateJournalTableAsync(ISqlSession session, StoreCommands commands, bool create, CancellationToken ct)
    {
        var sql = commands.Sql;
        var name = JournalVersionName(sql.Table);
        var version = await ReadVersionAsync(session, commands, name, ct).ConfigureAwait(false);
        RefuseNewer(version, JournalTableVersion, $"The step journal of '{sql.Table}'");
        if (version >= JournalTableVersion || (version == 0 && !create))
        {
            return;
        }

        await session.ExecuteAsync(sql.CreateJournal, [], ct).ConfigureAwait(false);
        await RequireColumnsAsync(session, commands, Sql.StoreSqlTemplates.JournalTable(sql.Table), TableShapes.Journal, ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.CreateJournalIndex, [], ct).ConfigureAwait(false);

        // Version 2: no trigger watches updates of the state table (a journal replaced by a whole-state write is told apart by
        // the generation in the marker, rather than deleted at once), and the head triggers write that generation. Version 1's
        // markers read generation 1, every row of their key, which is what version 1's triggers kept. Version 3: the head
        // triggers no longer walk the key's journal rows on every append. Each version replaces every trigger.
        await session.ExecuteAsync(sql.DropJournalRewriteTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.DropJournalDeleteTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.DropJournalHeadTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.DropJournalHeadWithoutTtlTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.CreateJournalDeleteTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.CreateJournalHeadTrigger, [], ct).ConfigureAwait(false);
        await session.ExecuteAsync(sql.CreateJournalHeadWithoutTtlTrigger, [], ct).ConfigureAwait(false);
        await WriteVersionAsync(session, commands, name, JournalTableVersion, ct).ConfigureAwait(false);
    }

    /// <summary>Why a table at schema <paramref name="version"/> is not this library's to use, or <see langword="null"/> when it is (doctor reports it too).</summary>
    public static string? Newer(string what, long version, int known) => version > known
        ? $"{what} has schema version {version}, newer than this version of Awaitly.LibSql knows ({known}): a newer version migrated it. " +
          "Upgrade Awaitly.LibSql in this application."
        : null;

    // A newer version's schema may hold what this one would misread or overwrite; the migration's transaction undoes the rest.
    private static void RefuseNewer(long version, int known, string what)
    {
        if (Newer(what, version, known) is { } newer)
        {
            throw new LibSqlConfigurationException(newer + " Nothing was changed.");
        }
    }

    private static async ValueTask<long> ReadVersionAsync(ISqlSession session, StoreCommands commands, string name, CancellationToken ct)
    {
        var (found, value) = await session.ReadFirstAsync(commands.ReadMeta(name), commands.ReadMetaRow, ct).ConfigureAwait(false);
        return found ? value : 0;
    }

    private static async ValueTask WriteVersionAsync(ISqlSession session, StoreCommands commands, string name, long version, CancellationToken ct)
    {
        await session.ExecuteAsync(commands.InitMeta(name, version), ct).ConfigureAwait(false);
        await session.ExecuteAsync(commands.WriteMeta(name, version), ct).ConfigureAwait(false);
    }

    // A table of that name that existed already must be one of the store's: another application's table is refused before
    // anything is added to it (the whole migration is one transaction, so nothing else is left behind either).
    private static async ValueTask<HashSet<string>> RequireColumnsAsync(ISqlSession session, StoreCommands commands, string table, TableShape shape,
        CancellationToken ct)
    {
        var columns = await ColumnsAsync(session, commands, table, ct).ConfigureAwait(false);
        return shape.Foreign(table, columns) is { } foreign ? throw new LibSqlConfigurationException(foreign + " It was left as it is.") : columns;
    }

    private static async ValueTask<HashSet<string>> ColumnsAsync(ISqlSession session, StoreCommands commands, string table, CancellationToken ct) =>
        [.. await session.ReadAsync(commands.TableColumns(table), commands.TableColumnsRow, ct).ConfigureAwait(false)];

    private static async ValueTask AsValueTaskVoid<T>(this ValueTask<T> task) => await task.ConfigureAwait(false);
}
