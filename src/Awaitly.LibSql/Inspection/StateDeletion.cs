namespace Awaitly.LibSql;

/// <summary>What <see cref="LibSqlInspector.DeleteAsync"/> did.</summary>
public enum StateDeletion
{
    /// <summary>The state was deleted.</summary>
    Deleted,

    /// <summary>There was no live state with that id.</summary>
    NotFound,

    /// <summary>A live lease holds the id (a run is in progress), so nothing was deleted.</summary>
    Leased,
}
