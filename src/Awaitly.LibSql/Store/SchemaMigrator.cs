namespace Awaitly.LibSql;

/// <summary>
/// Creates and migrates a store's tables, in order, in one write transaction, recording each table's
/// schema version in the meta table so later releases can add migrations after these.
/// </summary>
internal static class SchemaMigrator
{
    public const int StateTableVersion = 1;
    public const int LockTableVersion = 1;

    public static ValueTask EnsureAsync(ISqlDriver driver, StoreSql sql, CancellationToken cancellationToken) =>
        driver.WriteTransactionAsync(async (session, ct) =>
        {
            await session.ExecuteAsync(sql.CreateMeta, [], ct);
            await MigrateStateTableAsync(session, sql, ct);
            if (sql.LockTable is not null)
            {
                await MigrateLockTableAsync(session, sql, ct);
            }

            return true;
        }, cancellationToken).AsValueTaskVoid();

    public static string StateVersionName(string table) => "schema:table:" + table;

    public static string LockVersionName(string lockTable) => "schema:lock:" + lockTable;

    public static string FenceCounterName(string lockTable) => "fence:" + lockTable;

    private static async ValueTask MigrateStateTableAsync(ISqlSession session, StoreSql sql, CancellationToken ct)
    {
        var name = StateVersionName(sql.Table);
        var version = await ReadVersionAsync(session, sql, name, ct);
        if (version >= StateTableVersion)
        {
            return;
        }

        // Version 1: the original's table. A table made from the README schema lacks updated_at:
        // add the column before the index on it (the original did it the other way round).
        await session.ExecuteAsync(sql.CreateTable, [], ct);
        if (!(await ColumnsAsync(session, sql, sql.Table, ct)).Contains("updated_at"))
        {
            await session.ExecuteAsync(sql.AddUpdatedAt, [], ct);
        }

        await session.ExecuteAsync(sql.CreateExpiresIndex, [], ct);
        await session.ExecuteAsync(sql.CreateUpdatedIndex, [], ct);
        await WriteVersionAsync(session, sql, name, StateTableVersion, ct);
    }

    private static async ValueTask MigrateLockTableAsync(ISqlSession session, StoreSql sql, CancellationToken ct)
    {
        var lockTable = sql.LockTable!;
        var name = LockVersionName(lockTable);
        await session.ExecuteAsync(sql.InitMeta, [FenceCounterName(lockTable), 0L], ct);
        if (await ReadVersionAsync(session, sql, name, ct) >= LockTableVersion)
        {
            return;
        }

        // Version 1: the original's lock table plus the fencing counter column.
        await session.ExecuteAsync(sql.CreateLockTable!, [], ct);
        if (!(await ColumnsAsync(session, sql, lockTable, ct)).Contains("fence"))
        {
            await session.ExecuteAsync(sql.AddFence!, [], ct);
        }

        await session.ExecuteAsync(sql.CreateLockIndex!, [], ct);
        await WriteVersionAsync(session, sql, name, LockTableVersion, ct);
    }

    private static async ValueTask<long> ReadVersionAsync(ISqlSession session, StoreSql sql, string name, CancellationToken ct)
    {
        var (found, value) = await session.ReadFirstAsync(sql.ReadMeta, [name], static row => row.GetInt64(0), ct);
        return found ? value : 0;
    }

    private static async ValueTask WriteVersionAsync(ISqlSession session, StoreSql sql, string name, long version, CancellationToken ct)
    {
        await session.ExecuteAsync(sql.InitMeta, [name, version], ct);
        await session.ExecuteAsync(sql.WriteMeta, [name, version], ct);
    }

    private static async ValueTask<HashSet<string>> ColumnsAsync(ISqlSession session, StoreSql sql, string table, CancellationToken ct) =>
        [.. await session.ReadAsync(sql.TableColumns, [table], static row => row.GetString(0), ct)];

    private static async ValueTask AsValueTaskVoid<T>(this ValueTask<T> task) => await task;
}
