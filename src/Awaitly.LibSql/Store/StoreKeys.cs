namespace Awaitly.LibSql.Store;

/// <summary>The row keys of a workflow id: its state row (the store's prefix) and its lease (the lock's key prefix).</summary>
internal static class StoreKeys
{
    public static string State(LibSqlPersistenceOptions options, string workflowId) => Checked(options.Prefix, workflowId);

    public static string Lock(LibSqlPersistenceOptions options, string workflowId) => Checked(options.EffectiveLockKeyPrefix, workflowId);

    private static string Checked(string prefix, string workflowId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        var key = prefix + workflowId;
        LibSqlKeyValueStore.CheckKey(key);
        return key;
    }
}
