namespace Awaitly.LibSql;

/// <summary>A row of the lock table.</summary>
/// <param name="WorkflowId">The workflow id the lease is for (its lock key without <see cref="LibSqlLockOptions.KeyPrefix"/>).</param>
/// <param name="OwnerToken">The holder's owner token.</param>
/// <param name="ExpiresAt">The expiry, or <see langword="null"/> when the stored text is not a timestamp.</param>
/// <param name="ExpiresAtText">The expiry as stored.</param>
/// <param name="IsLive">Whether the lease is still held: its expiry is after now, compared as the lock compares it.</param>
public sealed record LeaseRecord(string WorkflowId, string OwnerToken, DateTimeOffset? ExpiresAt, string ExpiresAtText, bool IsLive);
