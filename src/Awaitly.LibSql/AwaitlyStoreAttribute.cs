namespace Awaitly.LibSql;

/// <summary>
/// Declares a workflow-state store: on <c>[AwaitlyStore(Table = "...", Prefix = "...")] partial class MyStore;</c>
/// the source generator (shipped in this package) adds the store, with its SQL validated and baked in as
/// constants, <c>OpenAsync</c> factory methods and its JSON wiring. Invalid declarations are compile errors
/// (<c>AWLS001</c>–<c>AWLS010</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class AwaitlyStoreAttribute : Attribute
{
    /// <summary>The state table. Default <c>awaitly_workflow_state</c>.</summary>
    public string Table { get; set; } = "awaitly_workflow_state";

    /// <summary>The text before each workflow id in the row key. Default <c>workflow:state:</c>.</summary>
    public string Prefix { get; set; } = LibSqlPersistenceOptions.DefaultPrefix;

    /// <summary>The lock table; when set, the store takes leases (and fences its writes) in it.</summary>
    public string? LockTable { get; set; }

    /// <summary>
    /// How checkpoints are stored (see <see cref="StateLayout"/>). When left out, the store uses
    /// <see cref="LibSqlPersistenceOptions.Layout"/> (default <see cref="StateLayout.Document"/>).
    /// </summary>
    public StateLayout Layout { get; set; }

    /// <summary>A <c>JsonSerializerContext</c> with <c>[JsonSerializable]</c> entries for the workflow's step values and errors.</summary>
    public Type? Json { get; set; }
}
