namespace Awaitly.LibSql.Store;

/// <summary>The row keys of a workflow id: its state row (the store's prefix) and its lease (the lock's key prefix).</summary>
internal static class StoreKeys
{
    public static string State(LibSqlPersistenceOptions options, string workflowId) => Checked(options.Prefix, "state", workflowId);

    public static string Lock(LibSqlPersistenceOptions options, string workflowId) => Checked(options.EffectiveLockKeyPrefix, "lease", workflowId);

    private static string Checked(string prefix, string row, string workflowId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        if (prefix.Length + workflowId.Length > LibSqlKeyValueStore.MaxKeyLength)
        {
            throw new ArgumentException(
                $"The workflow id is {workflowId.Length} characters long; with the {row} key prefix '{prefix}' its row key would be {prefix.Length + workflowId.Length}, " +
                $"over the limit of {LibSqlKeyValueStore.MaxKeyLength}. Use an id of at most {LibSqlKeyValueStore.MaxKeyLength - prefix.Length} characters.", nameof(workflowId));
        }

        var key = prefix + workflowId;
        LibSqlKeyValueStore.CheckKey(key);
        return key;
    }
}
