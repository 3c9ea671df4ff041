namespace Awaitly;

/// <summary>Checks lease durations.</summary>
internal static class LeaseTtl
{
    public static void Validate(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromDays(3650))
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A lease TTL must be positive and at most ten years.");
        }
    }
}
