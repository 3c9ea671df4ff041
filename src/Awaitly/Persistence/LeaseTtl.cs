namespace Awaitly;

/// <summary>Checks lease durations, for <see cref="IWorkflowLock"/> implementations.</summary>
public static class LeaseTtl
{
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="ttl"/> is positive and at most ten years.</summary>
    public static void Validate(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero || ttl > Longest)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A lease TTL must be positive and at most ten years.");
        }
    }
}
