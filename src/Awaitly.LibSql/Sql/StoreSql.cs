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

    /// <summary>The SQL of the <c>CreateTable</c> statement (see the store's templates).</summary>
    public required string CreateTable { get; init; }
    /// <summary>The SQL of the <c>AddUpdatedAt</c> statement (see the store's templates).</summary>
    public required string AddUpdatedAt { get; init; }
    /// <summary>The SQL of the <c>CreateExpiresIndex</c> statement (see the store's templates).</summary>
    public required string CreateExpiresIndex { get; init; }
    /// <summary>The SQL of the <c>CreateUpdatedIndex</c> statement (see the store's templates).</summary>
    public required string CreateUpdatedIndex { get; init; }
    /// <summary>The SQL of the <c>Get</c> statement (see the store's templates).</summary>
    public required string Get { get; init; }
    /// <summary>The SQL of the <c>Upsert</c> statement (see the store's templates).</summary>
    public required string Upsert { get; init; }
    /// <summary>The SQL of the <c>Delete</c> statement (see the store's templates).</summary>
    public required string Delete { get; init; }
    /// <summary>The SQL of the <c>SaveStep</c> statement (see the store's templates).</summary>
    public required string SaveStep { get; init; }
    /// <summary>The SQL of the <c>SaveStepWithoutTtl</c> statement (see the store's templates).</summary>
    public required string SaveStepWithoutTtl { get; init; }
    /// <summary>The SQL of the <c>Exists</c> statement (see the store's templates).</summary>
    public required string Exists { get; init; }
    /// <summary>The SQL of the <c>Keys</c> statement (see the store's templates).</summary>
    public required string Keys { get; init; }
    /// <summary>The SQL of the <c>PageByKeyAsc</c> statement (see the store's templates).</summary>
    public required string PageByKeyAsc { get; init; }
    /// <summary>The SQL of the <c>PageByKeyDesc</c> statement (see the store's templates).</summary>
    public required string PageByKeyDesc { get; init; }
    /// <summary>The SQL of the <c>PageByUpdatedAsc</c> statement (see the store's templates).</summary>
    public required string PageByUpdatedAsc { get; init; }
    /// <summary>The SQL of the <c>PageByUpdatedDesc</c> statement (see the store's templates).</summary>
    public required string PageByUpdatedDesc { get; init; }
    /// <summary>The SQL of the <c>Count</c> statement (see the store's templates).</summary>
    public required string Count { get; init; }
    /// <summary>The SQL of the <c>DeleteGlob</c> statement (see the store's templates).</summary>
    public required string DeleteGlob { get; init; }
    /// <summary>The SQL of the <c>DeleteAll</c> statement (see the store's templates).</summary>
    public required string DeleteAll { get; init; }
    /// <summary>The SQL of the <c>PurgeExpired</c> statement (see the store's templates).</summary>
    public required string PurgeExpired { get; init; }
    /// <summary>The SQL of the <c>CreateMeta</c> statement (see the store's templates).</summary>
    public required string CreateMeta { get; init; }
    /// <summary>The SQL of the <c>ReadMeta</c> statement (see the store's templates).</summary>
    public required string ReadMeta { get; init; }
    /// <summary>The SQL of the <c>InitMeta</c> statement (see the store's templates).</summary>
    public required string InitMeta { get; init; }
    /// <summary>The SQL of the <c>WriteMeta</c> statement (see the store's templates).</summary>
    public required string WriteMeta { get; init; }
    /// <summary>The SQL of the <c>TableColumns</c> statement (see the store's templates).</summary>
    public required string TableColumns { get; init; }
    /// <summary>The SQL of the <c>RegisterPrefix</c> statement (see the store's templates).</summary>
    public required string RegisterPrefix { get; init; }
    /// <summary>The SQL of the <c>OverlappingPrefixes</c> statement (see the store's templates).</summary>
    public required string OverlappingPrefixes { get; init; }
    /// <summary>The SQL of the <c>CreateLockTable</c> statement (see the store's templates).</summary>
    public string? CreateLockTable { get; init; }
    /// <summary>The SQL of the <c>AddFence</c> statement (see the store's templates).</summary>
    public string? AddFence { get; init; }
    /// <summary>The SQL of the <c>CreateLockIndex</c> statement (see the store's templates).</summary>
    public string? CreateLockIndex { get; init; }
    /// <summary>The SQL of the <c>Acquire</c> statement (see the store's templates).</summary>
    public string? Acquire { get; init; }
    /// <summary>The SQL of the <c>AdvanceFence</c> statement (see the store's templates).</summary>
    public string? AdvanceFence { get; init; }
    /// <summary>The SQL of the <c>Renew</c> statement (see the store's templates).</summary>
    public string? Renew { get; init; }
    /// <summary>The SQL of the <c>Release</c> statement (see the store's templates).</summary>
    public string? Release { get; init; }
    /// <summary>The SQL of the <c>HoldsFence</c> statement (see the store's templates).</summary>
    public string? HoldsFence { get; init; }
    /// <summary>The SQL of the <c>FencedUpsert</c> statement (see the store's templates).</summary>
    public string? FencedUpsert { get; init; }
    /// <summary>The SQL of the <c>FencedSaveStep</c> statement (see the store's templates).</summary>
    public string? FencedSaveStep { get; init; }
    /// <summary>The SQL of the <c>FencedSaveStepWithoutTtl</c> statement (see the store's templates).</summary>
    public string? FencedSaveStepWithoutTtl { get; init; }
    /// <summary>The SQL of the <c>FencedDelete</c> statement (see the store's templates).</summary>
    public string? FencedDelete { get; init; }

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
