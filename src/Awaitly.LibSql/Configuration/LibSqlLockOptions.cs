namespace Awaitly.LibSql;

/// <summary>Turns on the lease lock (and fencing of state writes) for a store.</summary>
public sealed record LibSqlLockOptions
{
    /// <summary>The lock table. Default <c>awaitly_workflow_lock</c> (the original's).</summary>
    public string LockTableName { get; init; } = "awaitly_workflow_lock";

    /// <summary>
    /// What lock rows are keyed by: this text followed by the workflow id. Default <see langword="null"/>:
    /// the store's <see cref="LibSqlPersistenceOptions.Prefix"/>, except that with the default prefix
    /// leases are keyed by the bare id, as the TypeScript original keys them, so both share leases.
    /// </summary>
    public string? KeyPrefix { get; init; }
}
