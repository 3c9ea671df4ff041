namespace Awaitly.LibSql;

/// <summary>The libSQL HTTP protocol version the remote driver speaks.</summary>
public enum HranaVersion
{
    /// <summary><c>POST /v2/pipeline</c> JSON: what Turso, sqld and the tursodb test server serve. The default.</summary>
    V2,

    /// <summary><c>POST /v3/pipeline</c> JSON (same messages; Turso and sqld only).</summary>
    V3,
}

/// <summary>Settings of the remote (libSQL over HTTP) driver.</summary>
public sealed record LibSqlRemoteOptions
{
    /// <summary>The HTTP handler to send requests through (not disposed by the store). Default: a new <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>How long one HTTP request may take before it fails with <c>TIMEOUT</c>. Default 30 s; at most 1 hour.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of an idempotent request after a dropped connection or HTTP 429/502/503/504. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; each later retry doubles it. Default 100 ms; at most 10 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The protocol version. Default <see cref="HranaVersion.V2"/>.</summary>
    public HranaVersion Protocol { get; init; } = HranaVersion.V2;

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromHours(1))
        {
            throw new LibSqlConfigurationException($"Remote.RequestTimeout must be positive and at most 1 hour (got {RequestTimeout}).");
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new LibSqlConfigurationException($"Remote.MaxRetries must be between 0 and 10 (got {MaxRetries}).");
        }

        // Doubled for each retry: the last of ten waits 512 times this.
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromSeconds(10))
        {
            throw new LibSqlConfigurationException($"Remote.RetryDelay must be between 0 and 10 seconds (got {RetryDelay}).");
        }
    }
}
