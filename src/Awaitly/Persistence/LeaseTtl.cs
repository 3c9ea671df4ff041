namespace Awaitly;

/// <summary>Checks lease durations, for <see cref="IWorkflowLock"/> implementations.</summary>
public static class LeaseTtl
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="ttl"/> is positive and at most ten years.</summary>
    public static void Validate(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromDays(3650))
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A lease TTL must be positive and at most ten years.");
        }
    }
}
