using Awaitly.LibSql.Configuration;
using Microsoft.Extensions.Logging;

namespace Awaitly.LibSql;

/// <summary>Options of <c>LibSqlPersistence.OpenAsync</c>.</summary>
public sealed record LibSqlPersistenceOptions
{
    /// <summary>The default state key prefix.</summary>
    public const string DefaultPrefix = "workflow:state:";

    /// <summary>The longest accepted prefix, in characters.</summary>
    public const int MaxPrefixLength = 256;

    /// <summary>
    /// The database: <c>file:relative/path.db</c>, <c>file:/abs/path.db</c>, <c>file:///abs/path.db</c> or
    /// <c>:memory:</c> (one private database for the store's lifetime); remote: <c>libsql://host</c>,
    /// <c>https://host</c>, <c>http://host:port</c>. Default <c>file:./awaitly.db</c>.
    /// </summary>
    public string Url { get; init; } = "file:./awaitly.db";

    /// <summary>The bearer token of a remote database.</summary>
    public string? AuthToken { get; init; }

    /// <summary>Settings of the remote driver (HTTP handler, timeouts, retries, protocol version).</summary>
    public LibSqlRemoteOptions? Remote { get; init; }

    /// <summary>The state table. Default <c>awaitly_workflow_state</c>.</summary>
    public string TableName { get; init; } = "awaitly_workflow_state";

    /// <summary>Put before every workflow id to form the row key (tenant isolation). Default <c>workflow:state:</c>.</summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>
    /// Accept a <see cref="Prefix"/> that overlaps another store's prefix on the same table (one is the start of the
    /// other, the empty prefix included). Default false: every store records its prefix in the <c>awaitly_meta</c>
    /// table when it opens, and opening a store whose prefix overlaps a recorded one fails with a
    /// <see cref="LibSqlConfigurationException"/> naming both, because the rows of the shorter prefix's store then
    /// include the other's (it would list, count, clear and run them).
    /// </summary>
    public bool AllowOverlappingPrefixes { get; init; }

    /// <summary>Turns on the lease lock. Default off.</summary>
    public LibSqlLockOptions? Lock { get; init; }

    /// <summary>How long a saved state lives after its last save. Default: for ever.</summary>
    public TimeSpan? StateTtl { get; init; }

    /// <summary>Delete expired rows on this interval in the background. Default: never (use <see cref="LibSqlKeyValueStore.PurgeExpiredAsync"/>).</summary>
    public TimeSpan? PurgeInterval { get; init; }

    /// <summary>
    /// How checkpoints are stored. Default <see cref="StateLayout.Document"/>, the TypeScript package's layout;
    /// <see cref="StateLayout.StepJournal"/> appends a row per step instead (see there). A store reads states of both layouts.
    /// </summary>
    public StateLayout Layout { get; init; }

    /// <summary>Durability of file databases. Default <see cref="SynchronousMode.Normal"/>.</summary>
    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Normal;

    /// <summary>How long a statement waits (asynchronously, no thread blocked) for another process's lock before failing with <c>SQLITE_BUSY</c>. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections for concurrent reads of a file database. Default 4.</summary>
    public int MaxReaders { get; init; } = 4;

    /// <summary>The clock for timestamps, TTLs and leases.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the store logs (opening, remote retries and failures, background purges; ids in <see cref="AwaitlyEventIds"/>). Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The URL without credentials (a remote URL's query, where a token may sit, is dropped), for messages and health reports.</summary>
    internal string DisplayUrl => LibSqlUrl.Parse(Url) is { Kind: LibSqlUrlKind.Remote } ? RemoteUrl.Parse(Url).Display : Url;

    internal string EffectiveLockKeyPrefix => Lock?.KeyPrefix ?? "";

    /// <summary>The longest accepted TTL (<see cref="StateTtl"/> and key/value TTLs): 100 years.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(36_500);

    /// <summary>The accepted range of <see cref="PurgeInterval"/>: 1 second to 30 days.</summary>
    public static readonly (TimeSpan Min, TimeSpan Max) PurgeIntervalRange = (TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));

    /// <summary>Checks every option; throws <see cref="LibSqlConfigurationException"/> naming the one that is wrong and how to fix it.</summary>
    public void Validate()
    {
        Require(Url, nameof(Url), "a URL such as file:./awaitly.db");
        Require(Prefix, nameof(Prefix), "a prefix such as workflow:state: (or \"\")");
        Require(TableName, nameof(TableName), "a table name such as awaitly_workflow_state");
        Require(TimeProvider, nameof(TimeProvider), "TimeProvider.System");
        KeyPrefixes.Validate(Prefix, nameof(Prefix));
        if (Lock is { } lockOptions)
        {
            Require(lockOptions.LockTableName, "Lock.LockTableName", "a table name such as awaitly_workflow_lock (or set Lock = null for no lease lock)");
            if (lockOptions.KeyPrefix is { } lockPrefix)
            {
                KeyPrefixes.Validate(lockPrefix, "Lock.KeyPrefix");
            }
        }

        if (StateTtl is { } ttl && (ttl <= TimeSpan.Zero || ttl > MaxTtl))
        {
            throw new LibSqlConfigurationException($"StateTtl must be positive and at most {MaxTtl.TotalDays:0} days (got {ttl}); leave it null for states that never expire.");
        }

        if (PurgeInterval is { } purge && (purge < PurgeIntervalRange.Min || purge > PurgeIntervalRange.Max))
        {
            throw new LibSqlConfigurationException(
                $"PurgeInterval must be between {PurgeIntervalRange.Min.TotalSeconds:0} second and {PurgeIntervalRange.Max.TotalDays:0} days " +
                $"(got {purge}); leave it null to purge only on demand.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new LibSqlConfigurationException($"BusyTimeout must be between 0 and 10 minutes (got {BusyTimeout}).");
        }

        if (MaxReaders is < 1 or > 64)
        {
            throw new LibSqlConfigurationException($"MaxReaders must be between 1 and 64 (got {MaxReaders}).");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new LibSqlConfigurationException($"Synchronous must be Normal or Full (got {(int)Synchronous}).");
        }

        if (!Enum.IsDefined(Layout))
        {
            throw new LibSqlConfigurationException($"Layout must be Document or StepJournal (got {(int)Layout}).");
        }

        AuthTokens.Validate(AuthToken, nameof(AuthToken));
        Remote?.Validate();
        if (LibSqlUrl.Parse(Url).Kind == LibSqlUrlKind.Remote)
        {
            RemoteUrl.Parse(Url);
        }
    }

    private static void Require(object? value, string option, string example)
    {
        if (value is null)
        {
            throw new LibSqlConfigurationException($"{option} is null; set it to {example}.");
        }
    }
}
