namespace Awaitly.LibSql;

/// <summary>Turns on the lease lock (and fencing of state writes) for a store.</summary>
public sealed record LibSqlLockOptions
{
    /// <summary>The lock table. Default <c>awaitly_workflow_lock</c> (the TypeScript package awaitly-libsql's).</summary>
    public string LockTableName { get; init; } = "awaitly_workflow_lock";

    /// <summary>
    /// Text put before the workflow id to form the lease key. Default <see langword="null"/>: leases are keyed by the
    /// bare workflow id, whatever the store's <see cref="LibSqlPersistenceOptions.Prefix"/>, exactly as the TypeScript
    /// package awaitly-libsql keys them, so a .NET process and a TypeScript process running the same id on one database
    /// exclude each other. With a bare id, every state table and prefix that shares a lock table also shares the lease of
    /// an id: tenant A's <c>order-1</c> waits for tenant B's <c>order-1</c>. Set a key prefix (for example the tenant's)
    /// to scope leases instead; the TypeScript package then cannot see them, so never do this for a workflow id that a
    /// TypeScript process may also run.
    /// </summary>
    public string? KeyPrefix { get; init; }
}
