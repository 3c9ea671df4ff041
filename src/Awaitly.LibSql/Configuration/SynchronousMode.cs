namespace Awaitly.LibSql;

/// <summary>
/// SQLite's <c>synchronous</c> setting for file databases (always with WAL journaling).
/// </summary>
public enum SynchronousMode
{
    /// <summary>
    /// The default. A committed checkpoint survives a crash of the process; after a power loss or OS
    /// crash the last few commits may roll back (the database stays consistent).
    /// </summary>
    Normal,

    /// <summary>Every commit is synced to disk before it returns: it survives power loss too, at the cost of an fsync per write.</summary>
    Full,
}
