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
public class StoreCommands
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

    /// <summary>Binds <see cref="StoreSql.Get"/>.</summary>
    public virtual BoundStatement Get(string key, string now) => new(Sql.Get, key, now);

    /// <summary>Reads a result row of <see cref="StoreSql.Get"/>.</summary>
    public virtual string GetRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.Upsert"/>.</summary>
    public virtual BoundStatement Upsert(string key, string value, string? expiresAt, string updatedAt) => new(Sql.Upsert, key, value, expiresAt, updatedAt);

    /// <summary>Binds <see cref="StoreSql.Delete"/>.</summary>
    public virtual BoundStatement Delete(string key, string now) => new(Sql.Delete, key, now);

    /// <summary>Reads a result row of <see cref="StoreSql.Delete"/>.</summary>
    public virtual bool DeleteRow(ISqlRow row) => row.GetInt64(0) != 0;

    /// <summary>Binds <see cref="StoreSql.SaveStep"/>.</summary>
    public virtual BoundStatement SaveStep(string key, string entryPath, string entryJson, string metadataJson, string? expiresAt, string now) =>
        new(Sql.SaveStep, key, entryPath, entryJson, metadataJson, expiresAt, now);

    /// <summary>Binds <see cref="StoreSql.SaveStepWithoutTtl"/>.</summary>
    public virtual BoundStatement SaveStepWithoutTtl(string key, string entryPath, string entryJson, string metadataJson, string now) =>
        new(Sql.SaveStepWithoutTtl, key, entryPath, entryJson, metadataJson, now);

    /// <summary>Binds <see cref="StoreSql.Exists"/>.</summary>
    public virtual BoundStatement Exists(string key, string now) => new(Sql.Exists, key, now);

    /// <summary>Binds <see cref="StoreSql.Keys"/>.</summary>
    public virtual BoundStatement Keys(string glob, string now) => new(Sql.Keys, glob, now);

    /// <summary>Reads a result row of <see cref="StoreSql.Keys"/>.</summary>
    public virtual string KeysRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.PageByKeyAsc"/>.</summary>
    public virtual BoundStatement PageByKeyAsc(string glob, string now, string? updatedBefore, string? updatedAfter, long limit, long offset) =>
        new(Sql.PageByKeyAsc, glob, now, updatedBefore, updatedAfter, limit, offset);

    /// <summary>Reads a result row of <see cref="StoreSql.PageByKeyAsc"/>.</summary>
    public virtual string PageByKeyAscRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.PageByKeyDesc"/>.</summary>
    public virtual BoundStatement PageByKeyDesc(string glob, string now, string? updatedBefore, string? updatedAfter, long limit, long offset) =>
        new(Sql.PageByKeyDesc, glob, now, updatedBefore, updatedAfter, limit, offset);

    /// <summary>Reads a result row of <see cref="StoreSql.PageByKeyDesc"/>.</summary>
    public virtual string PageByKeyDescRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.PageByUpdatedAsc"/>.</summary>
    public virtual BoundStatement PageByUpdatedAsc(string glob, string now, string? updatedBefore, string? updatedAfter, long limit, long offset) =>
        new(Sql.PageByUpdatedAsc, glob, now, updatedBefore, updatedAfter, limit, offset);

    /// <summary>Reads a result row of <see cref="StoreSql.PageByUpdatedAsc"/>.</summary>
    public virtual string PageByUpdatedAscRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.PageByUpdatedDesc"/>.</summary>
    public virtual BoundStatement PageByUpdatedDesc(string glob, string now, string? updatedBefore, string? updatedAfter, long limit, long offset) =>
        new(Sql.PageByUpdatedDesc, glob, now, updatedBefore, updatedAfter, limit, offset);

    /// <summary>Reads a result row of <see cref="StoreSql.PageByUpdatedDesc"/>.</summary>
    public virtual string PageByUpdatedDescRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.Count"/>.</summary>
    public virtual BoundStatement Count(string glob, string now, string? updatedBefore, string? updatedAfter) => new(Sql.Count, glob, now, updatedBefore, updatedAfter);

    /// <summary>Reads a result row of <see cref="StoreSql.Count"/>.</summary>
    public virtual long CountRow(ISqlRow row) => row.GetInt64(0);

    /// <summary>Binds <see cref="StoreSql.DeleteGlob"/>.</summary>
    public virtual BoundStatement DeleteGlob(string glob) => new(Sql.DeleteGlob, glob);

    /// <summary>Binds <see cref="StoreSql.DeleteAll"/>.</summary>
    public virtual BoundStatement DeleteAll() => new(Sql.DeleteAll);

    /// <summary>Binds <see cref="StoreSql.PurgeExpired"/>.</summary>
    public virtual BoundStatement PurgeExpired(string now) => new(Sql.PurgeExpired, now);

    /// <summary>Binds <see cref="StoreSql.Acquire"/>.</summary>
    public virtual BoundStatement Acquire(string lockKey, string ownerToken, string expiresAt, string now, string fenceCounter) =>
        new(RequireLock(Sql.Acquire), lockKey, ownerToken, expiresAt, now, fenceCounter);

    /// <summary>Reads a result row of <see cref="StoreSql.Acquire"/>.</summary>
    public virtual (string OwnerToken, long Fence) AcquireRow(ISqlRow row) => (row.GetString(0), row.GetInt64(1));

    /// <summary>Binds <see cref="StoreSql.AdvanceFence"/>.</summary>
    public virtual BoundStatement AdvanceFence(string lockKey, string ownerToken, string fenceCounter) => new(RequireLock(Sql.AdvanceFence), lockKey, ownerToken, fenceCounter);

    /// <summary>Binds <see cref="StoreSql.Renew"/>.</summary>
    public virtual BoundStatement Renew(string lockKey, string ownerToken, string expiresAt) => new(RequireLock(Sql.Renew), lockKey, ownerToken, expiresAt);

    /// <summary>Binds <see cref="StoreSql.Release"/>.</summary>
    public virtual BoundStatement Release(string lockKey, string ownerToken) => new(RequireLock(Sql.Release), lockKey, ownerToken);

    /// <summary>Binds <see cref="StoreSql.HoldsFence"/>.</summary>
    public virtual BoundStatement HoldsFence(string lockKey, string ownerToken, long fence) => new(RequireLock(Sql.HoldsFence), lockKey, ownerToken, fence);

    /// <summary>Binds <see cref="StoreSql.FencedUpsert"/>.</summary>
    public virtual BoundStatement FencedUpsert(string key, string value, string? expiresAt, string updatedAt, string lockKey, string ownerToken, long fence) =>
        new(RequireLock(Sql.FencedUpsert), key, value, expiresAt, updatedAt, lockKey, ownerToken, fence);

    /// <summary>Binds <see cref="StoreSql.FencedSaveStep"/>.</summary>
    public virtual BoundStatement FencedSaveStep(string key, string entryPath, string entryJson, string metadataJson, string? expiresAt, string now, string lockKey,
        string ownerToken, long fence) => new(RequireLock(Sql.FencedSaveStep), key, entryPath, entryJson, metadataJson, expiresAt, now, lockKey, ownerToken, fence);

    /// <summary>Binds <see cref="StoreSql.FencedSaveStepWithoutTtl"/>.</summary>
    public virtual BoundStatement FencedSaveStepWithoutTtl(string key, string entryPath, string entryJson, string metadataJson, string now, string lockKey, string ownerToken,
        long fence) => new(RequireLock(Sql.FencedSaveStepWithoutTtl), key, entryPath, entryJson, metadataJson, now, lockKey, ownerToken, fence);

    /// <summary>Binds <see cref="StoreSql.FencedDelete"/>.</summary>
    public virtual BoundStatement FencedDelete(string key, string now, string lockKey, string ownerToken, long fence) =>
        new(RequireLock(Sql.FencedDelete), key, now, lockKey, ownerToken, fence);

    /// <summary>Reads a result row of <see cref="StoreSql.FencedDelete"/>.</summary>
    public virtual bool FencedDeleteRow(ISqlRow row) => row.GetInt64(0) != 0;

    /// <summary>Binds <see cref="StoreSql.ReadMeta"/>.</summary>
    public virtual BoundStatement ReadMeta(string name) => new(Sql.ReadMeta, name);

    /// <summary>Reads a result row of <see cref="StoreSql.ReadMeta"/>.</summary>
    public virtual long ReadMetaRow(ISqlRow row) => row.GetInt64(0);

    /// <summary>Binds <see cref="StoreSql.InitMeta"/>.</summary>
    public virtual BoundStatement InitMeta(string name, long value) => new(Sql.InitMeta, name, value);

    /// <summary>Binds <see cref="StoreSql.WriteMeta"/>.</summary>
    public virtual BoundStatement WriteMeta(string name, long value) => new(Sql.WriteMeta, name, value);

    /// <summary>Binds <see cref="StoreSql.TableColumns"/>.</summary>
    public virtual BoundStatement TableColumns(string table) => new(Sql.TableColumns, table);

    /// <summary>Reads a result row of <see cref="StoreSql.TableColumns"/>.</summary>
    public virtual string TableColumnsRow(ISqlRow row) => row.GetString(0);

    /// <summary>Binds <see cref="StoreSql.RegisterPrefix"/>.</summary>
    public virtual BoundStatement RegisterPrefix(string name, string space, string prefix, long allowOverlap) => new(Sql.RegisterPrefix, name, space, prefix, allowOverlap);

    /// <summary>Binds <see cref="StoreSql.OverlappingPrefixes"/>.</summary>
    public virtual BoundStatement OverlappingPrefixes(string space, string name, string prefix) => new(Sql.OverlappingPrefixes, space, name, prefix);

    /// <summary>Reads a result row of <see cref="StoreSql.OverlappingPrefixes"/>.</summary>
    public virtual string OverlappingPrefixesRow(ISqlRow row) => row.GetString(0);

    private static string RequireLock(string? sql) =>
        sql ?? throw new InvalidOperationException("This store was created without a lock table; set LibSqlPersistenceOptions.Lock to use leases.");
}
