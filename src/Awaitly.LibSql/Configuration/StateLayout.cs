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
    /// Once a state's document is past 8 KB, each checkpoint appends one row for its step to the journal table
    /// <c>&lt;table&gt;_steps</c> and updates the state row, which then holds only the metadata, so a checkpoint costs the same at
    /// step 1000 as at step 10 (a smaller document is still patched in place, which is cheaper there). The state is folded back
    /// into the document (readable by the TypeScript package) when a run ends without success, on the next load by a
    /// document-layout store and by <see cref="LibSqlPersistence.CompactAsync"/>; a successful run deletes both in one statement.
    /// </summary>
    StepJournal = 1,
}
