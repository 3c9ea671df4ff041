namespace Awaitly.Cli;

/// <summary>The exit statuses of every command (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>Nothing found (no state, lease or row matched), or nothing done (refused for a live lease, or not confirmed).</summary>
    public const int NothingFound = 1;

    /// <summary>A usage error: unknown command or option, bad value, or options that name no usable store.</summary>
    public const int Usage = 2;

    /// <summary>A connection, authentication or database error, or a failed <c>doctor</c> check.</summary>
    public const int Database = 3;
}
