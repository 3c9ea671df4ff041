using System.ComponentModel;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// The SQL text of one store: its state table, its lock table (when locking is on) and the meta table.
/// Built from <see cref="StoreSqlTemplates"/> at run time, or by the <c>[AwaitlyStore]</c> generator
/// from the same templates at compile time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StoreSql
{
    /// <summary>The state table name (unquoted).</summary>
    public required string Table { get; init; }

    /// <summary>The lock table name (unquoted), or <see langword="null"/> without locking.</summary>
    public string? LockTable { get; init; }

#pragma warning disable CS1591 // One property per named statement of StoreSqlTemplates; the names say what each is.
    public required string CreateTable { get; init; }
    public required string AddUpdatedAt { get; init; }
    public required string CreateExpiresIndex { get; init; }
    public required string CreateUpdatedIndex { get; init; }
    public required string Get { get; init; }
    public required string Upsert { get; init; }
    public required string Delete { get; init; }
    public required string SaveStep { get; init; }
    public required string SaveStepWithoutTtl { get; init; }
    public required string Exists { get; init; }
    public required string Keys { get; init; }
    public required string PageByKeyAsc { get; init; }
    public required string PageByKeyDesc { get; init; }
    public required string PageByUpdatedAsc { get; init; }
    public required string PageByUpdatedDesc { get; init; }
    public required string Count { get; init; }
    public required string DeleteGlob { get; init; }
    public required string DeleteAll { get; init; }
    public required string PurgeExpired { get; init; }
    public required string CreateMeta { get; init; }
    public required string ReadMeta { get; init; }
    public required string InitMeta { get; init; }
    public required string WriteMeta { get; init; }
    public required string TableColumns { get; init; }
    public required string RegisterPrefix { get; init; }
    public required string OverlappingPrefixes { get; init; }
    public string? CreateLockTable { get; init; }
    public string? AddFence { get; init; }
    public string? CreateLockIndex { get; init; }
    public string? Acquire { get; init; }
    public string? AdvanceFence { get; init; }
    public string? Renew { get; init; }
    public string? Release { get; init; }
    public string? HoldsFence { get; init; }
    public string? FencedUpsert { get; init; }
    public string? FencedSaveStep { get; init; }
    public string? FencedSaveStepWithoutTtl { get; init; }
    public string? FencedDelete { get; init; }
#pragma warning restore CS1591

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

        var s = StoreSqlTemplates.StateTable(table).Concat(StoreSqlTemplates.Meta()).ToDictionary(p => p.Name, p => p.Sql, StringComparer.Ordinal);
        var l = lockTable is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : StoreSqlTemplates.LockTable(lockTable, table).ToDictionary(p => p.Name, p => p.Sql, StringComparer.Ordinal);
        return new StoreSql
        {
            Table = table,
            LockTable = lockTable,
            CreateTable = s["CreateTable"],
            AddUpdatedAt = s["AddUpdatedAt"],
            CreateExpiresIndex = s["CreateExpiresIndex"],
            CreateUpdatedIndex = s["CreateUpdatedIndex"],
            Get = s["Get"],
            Upsert = s["Upsert"],
            Delete = s["Delete"],
            SaveStep = s["SaveStep"],
            SaveStepWithoutTtl = s["SaveStepWithoutTtl"],
            Exists = s["Exists"],
            Keys = s["Keys"],
            PageByKeyAsc = s["PageByKeyAsc"],
            PageByKeyDesc = s["PageByKeyDesc"],
            PageByUpdatedAsc = s["PageByUpdatedAsc"],
            PageByUpdatedDesc = s["PageByUpdatedDesc"],
            Count = s["Count"],
            DeleteGlob = s["DeleteGlob"],
            DeleteAll = s["DeleteAll"],
            PurgeExpired = s["PurgeExpired"],
            CreateMeta = s["CreateMeta"],
            ReadMeta = s["ReadMeta"],
            InitMeta = s["InitMeta"],
            WriteMeta = s["WriteMeta"],
            TableColumns = s["TableColumns"],
            RegisterPrefix = s["RegisterPrefix"],
            OverlappingPrefixes = s["OverlappingPrefixes"],
            CreateLockTable = l.GetValueOrDefault("CreateLockTable"),
            AddFence = l.GetValueOrDefault("AddFence"),
            CreateLockIndex = l.GetValueOrDefault("CreateLockIndex"),
            Acquire = l.GetValueOrDefault("Acquire"),
            AdvanceFence = l.GetValueOrDefault("AdvanceFence"),
            Renew = l.GetValueOrDefault("Renew"),
            Release = l.GetValueOrDefault("Release"),
            HoldsFence = l.GetValueOrDefault("HoldsFence"),
            FencedUpsert = l.GetValueOrDefault("FencedUpsert"),
            FencedSaveStep = l.GetValueOrDefault("FencedSaveStep"),
            FencedSaveStepWithoutTtl = l.GetValueOrDefault("FencedSaveStepWithoutTtl"),
            FencedDelete = l.GetValueOrDefault("FencedDelete"),
        };
    }

    /// <summary>Every statement by template name (for comparing generated and runtime SQL).</summary>
    public IReadOnlyDictionary<string, string> ByName()
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CreateTable"] = CreateTable,
            ["AddUpdatedAt"] = AddUpdatedAt,
            ["CreateExpiresIndex"] = CreateExpiresIndex,
            ["CreateUpdatedIndex"] = CreateUpdatedIndex,
            ["Get"] = Get,
            ["Upsert"] = Upsert,
            ["Delete"] = Delete,
            ["SaveStep"] = SaveStep,
            ["SaveStepWithoutTtl"] = SaveStepWithoutTtl,
            ["Exists"] = Exists,
            ["Keys"] = Keys,
            ["PageByKeyAsc"] = PageByKeyAsc,
            ["PageByKeyDesc"] = PageByKeyDesc,
            ["PageByUpdatedAsc"] = PageByUpdatedAsc,
            ["PageByUpdatedDesc"] = PageByUpdatedDesc,
            ["Count"] = Count,
            ["DeleteGlob"] = DeleteGlob,
            ["DeleteAll"] = DeleteAll,
            ["PurgeExpired"] = PurgeExpired,
            ["CreateMeta"] = CreateMeta,
            ["ReadMeta"] = ReadMeta,
            ["InitMeta"] = InitMeta,
            ["WriteMeta"] = WriteMeta,
            ["TableColumns"] = TableColumns,
            ["RegisterPrefix"] = RegisterPrefix,
            ["OverlappingPrefixes"] = OverlappingPrefixes,
            ["CreateLockTable"] = CreateLockTable,
            ["AddFence"] = AddFence,
            ["CreateLockIndex"] = CreateLockIndex,
            ["Acquire"] = Acquire,
            ["AdvanceFence"] = AdvanceFence,
            ["Renew"] = Renew,
            ["Release"] = Release,
            ["HoldsFence"] = HoldsFence,
            ["FencedUpsert"] = FencedUpsert,
            ["FencedSaveStep"] = FencedSaveStep,
            ["FencedSaveStepWithoutTtl"] = FencedSaveStepWithoutTtl,
            ["FencedDelete"] = FencedDelete,
        };
        return all.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }

    internal string DeleteMany(int count) => StoreSqlTemplates.DeleteMany(Table, count);
}
