namespace Awaitly.LibSql;

/// <summary>How a store keeps a state while its run checkpoints.</summary>
public enum StateLayout
{
    /// <summary>
    /// The TypeScript package's layout: one row per state holding the whole document, patched in place at each checkpoint
    /// (SQLite's <c>json_set</c> rewrites the row, so a checkpoint costs more as the state grows). The default.
    /// </summary>
    Document = 0,

    /// <summary>
    /// Each checkpoint appends one row for its step to the journal table <c>&lt;table&gt;_steps</c> and updates the state row,
    /// which then holds only the metadata, so a checkpoint costs the same at step 1000 as at step 10. The state is folded back
    /// into the document (readable by the TypeScript package) when a run ends without success, on the next load and by
    /// <see cref="LibSqlPersistence.CompactAsync"/>; a successful run deletes both in one statement.
    /// </summary>
    StepJournal = 1,
}
