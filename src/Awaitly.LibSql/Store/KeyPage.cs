namespace Awaitly.LibSql;

/// <summary>Options of <see cref="LibSqlKeyValueStore.ListKeysAsync"/>.</summary>
public sealed record KeyPageOptions
{
    /// <summary>Page size, 1 to 10 000. Default 100.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Order. Default: last update.</summary>
    public StateOrderBy OrderBy { get; init; } = StateOrderBy.UpdatedAt;

    /// <summary>Direction. Default: descending.</summary>
    public SortDirection Direction { get; init; } = SortDirection.Descending;

    /// <summary>Only rows written strictly before this instant.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only rows written strictly after this instant.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Also count all matching rows (in the same read snapshot as the page).</summary>
    public bool IncludeTotal { get; init; }

    internal static KeyPageOptions From(StateListOptions options) => new()
    {
        Limit = options.Limit,
        Offset = options.Offset,
        OrderBy = options.OrderBy,
        Direction = options.Direction,
        UpdatedBefore = options.UpdatedBefore,
        UpdatedAfter = options.UpdatedAfter,
        IncludeTotal = options.IncludeTotal,
    };

    internal void Validate() => new StateListOptions { Limit = Limit, Offset = Offset }.Validate();
}

/// <summary>One page of keys.</summary>
/// <param name="Keys">The keys on this page.</param>
/// <param name="NextOffset">The next page's offset, or <see langword="null"/> on the last page.</param>
/// <param name="Total">All matching keys, when requested.</param>
public sealed record KeyPage(IReadOnlyList<string> Keys, int? NextOffset, long? Total);
