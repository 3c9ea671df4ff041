namespace Awaitly.LibSql.Store;

/// <summary>
/// The columns each of a store's tables has had in every version (the TypeScript package's tables, and the README schema's
/// state table without <c>updated_at</c>): a table of that name without them is another application's.
/// </summary>
internal static class TableShapes
{
    public static readonly TableShape State = new("state table", "TableName", ["key", "value", "expires_at"]);

    public static readonly TableShape Lock = new("lock table", "Lock.LockTableName", ["workflow_id", "owner_token", "expires_at"]);

    public static readonly TableShape Journal = new("step-journal table", "TableName",
        ["seq", "key", "step_key", "entry", "metadata", "expires_at", "updated_at"]);

    public static readonly TableShape Meta = new("meta table", null, ["name", "value"]);
}

/// <summary>One kind of a store's tables: what it is called in messages, the option that names it (none: a fixed name), the columns it always has.</summary>
internal sealed record TableShape(string Kind, string? Option, string[] Columns)
{
    /// <summary>Why <paramref name="table"/>, which has <paramref name="columns"/> (none: it does not exist), is not one of this kind; <see langword="null"/> when it is.</summary>
    public string? Foreign(string table, IReadOnlySet<string> columns)
    {
        var missing = Columns.Where(column => !columns.Contains(column)).ToList();
        return columns.Count == 0 || missing.Count == 0
            ? null
            : $"The table '{table}' exists but is not an Awaitly {Kind}: it has the columns ({string.Join(", ", columns.Order(StringComparer.Ordinal))}) " +
              $"and lacks {string.Join(", ", missing)}. " + (Option is null
                  ? "Its name is fixed: rename that table, or give the store a database of its own."
                  : $"Set {Option} to a name of the store's own.");
    }
}
