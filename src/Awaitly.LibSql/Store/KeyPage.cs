namespace Awaitly.LibSql;

/// <summary>One page of keys.</summary>
/// <param name="Keys">The keys on this page.</param>
/// <param name="NextOffset">The next page's offset, or <see langword="null"/> on the last page.</param>
/// <param name="Total">All matching keys, when requested.</param>
public sealed record KeyPage(IReadOnlyList<string> Keys, int? NextOffset, long? Total);
