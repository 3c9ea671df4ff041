namespace Awaitly.LibSql;

/// <summary>The rows of one store (one table and prefix).</summary>
/// <param name="Rows">Rows with the store's prefix, expired ones included.</param>
/// <param name="Bytes">The UTF-8 size of their documents, and of the journal rows of states a step-journal store keeps there.</param>
/// <param name="ExpiredRows">Rows past their expiry, which a purge deletes.</param>
public sealed record StoreStatistics(long Rows, long Bytes, long ExpiredRows);
