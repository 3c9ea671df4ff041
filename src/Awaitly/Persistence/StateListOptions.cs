namespace Awaitly;

/// <summary>What to order a state listing by.</summary>
public enum StateOrderBy
{
    /// <summary>The time of the last save (ties broken by id).</summary>
    UpdatedAt,

    /// <summary>The id, ordinal.</summary>
    Key,
}

/// <summary>Sort direction.</summary>
public enum SortDirection
{
    /// <summary>Newest or highest last.</summary>
    Ascending,

    /// <summary>Newest or highest first.</summary>
    Descending,
}

/// <summary>Options for <see cref="IPagedStatePersistence.ListPageAsync"/>.</summary>
public sealed record StateListOptions
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>. Default 100.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Rows to skip, at least 0.</summary>
    public int Offset { get; init; }

    /// <summary>Order. Default: by last update.</summary>
    public StateOrderBy OrderBy { get; init; } = StateOrderBy.UpdatedAt;

    /// <summary>Direction. Default: descending (newest first).</summary>
    public SortDirection Direction { get; init; } = SortDirection.Descending;

    /// <summary>Only states saved strictly before this instant.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only states saved strictly after this instant.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Also count every matching state.</summary>
    public bool IncludeTotal { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a limit or offset out of range.</summary>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"Limit must be between 1 and {MaxLimit}.");
        }

        if (Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "Offset must not be negative.");
        }

        if (!Enum.IsDefined(OrderBy))
        {
            throw new ArgumentOutOfRangeException(nameof(OrderBy), OrderBy, "OrderBy must be StateOrderBy.UpdatedAt or StateOrderBy.Key.");
        }

        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentOutOfRangeException(nameof(Direction), Direction, "Direction must be SortDirection.Ascending or SortDirection.Descending.");
        }
    }
}

/// <summary>One page of workflow ids.</summary>
/// <param name="Ids">The ids on this page.</param>
/// <param name="NextOffset">The offset of the next page, or <see langword="null"/> when this page is the last.</param>
/// <param name="Total">The number of matching states, when requested.</param>
public sealed record StatePage(IReadOnlyList<string> Ids, int? NextOffset, long? Total);
