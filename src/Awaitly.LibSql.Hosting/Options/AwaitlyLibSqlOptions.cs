using Microsoft.Extensions.Logging;

namespace Awaitly.LibSql.Hosting;

/// <summary>
/// The settings of a hosted Awaitly store, bindable from configuration (for example the <c>Awaitly</c> section of
/// <c>appsettings.json</c>). They are checked when the host starts: a bad value stops the host with the store's own message.
/// </summary>
public sealed class AwaitlyLibSqlOptions
{
    /// <summary>The database URL (see <see cref="LibSqlPersistenceOptions.Url"/>). Default <c>file:./awaitly.db</c>.</summary>
    public string Url { get; set; } = "file:./awaitly.db";

    /// <summary>The bearer token of a remote database. Never logged or reported.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The state table. Default <c>awaitly_workflow_state</c>. Ignored by a store declared with <c>[AwaitlyStore]</c>.</summary>
    public string TableName { get; set; } = "awaitly_workflow_state";

    /// <summary>The state key prefix. Default <c>workflow:state:</c>. Ignored by a store declared with <c>[AwaitlyStore]</c>.</summary>
    public string Prefix { get; set; } = LibSqlPersistenceOptions.DefaultPrefix;

    /// <summary>Accept a prefix that overlaps another store's on the same table (see <see cref="LibSqlPersistenceOptions.AllowOverlappingPrefixes"/>).</summary>
    public bool AllowOverlappingPrefixes { get; set; }

    /// <summary>Take a lease per run (the store is then also an <see cref="IWorkflowLock"/>). Default true; resuming pending runs needs it.</summary>
    public bool Lock { get; set; } = true;

    /// <summary>The lock table. Default <c>awaitly_workflow_lock</c>. Ignored by a store declared with <c>[AwaitlyStore]</c>.</summary>
    public string LockTableName { get; set; } = "awaitly_workflow_lock";

    /// <summary>Scope leases with this prefix (see <see cref="LibSqlLockOptions.KeyPrefix"/>). Default none.</summary>
    public string? LockKeyPrefix { get; set; }

    /// <summary>How long a saved state lives after its last save. Default: for ever.</summary>
    public TimeSpan? StateTtl { get; set; }

    /// <summary>How checkpoints are stored (<c>Document</c>, the default, or <c>StepJournal</c>; see <see cref="StateLayout"/>).</summary>
    public StateLayout Layout { get; set; }

    /// <summary>Delete expired rows on this interval, in a hosted service stopped with the host. Default: never.</summary>
    public TimeSpan? PurgeInterval { get; set; }

    /// <summary>Durability of file databases. Default <see cref="SynchronousMode.Normal"/>.</summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Normal;

    /// <summary>How long a statement waits for another process's lock. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections for concurrent reads of a file database. Default 4.</summary>
    public int MaxReaders { get; set; } = 4;

    /// <summary>How long one remote request may take. Default 30 s.</summary>
    public TimeSpan RemoteRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a remote request that failed transiently. Default 3.</summary>
    public int RemoteMaxRetries { get; set; } = 3;

    /// <summary>Resuming the pending runs of registered workflows. Default off.</summary>
    public AwaitlyResumeOptions Resume { get; set; } = new();

    /// <summary>The store's options, as <see cref="LibSqlPersistence.OpenAsync(LibSqlPersistenceOptions?, CancellationToken)"/> takes them.</summary>
    public LibSqlPersistenceOptions ToPersistenceOptions(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) => new()
    {
        Url = Url,
        AuthToken = string.IsNullOrEmpty(AuthToken) ? null : AuthToken,
        TableName = TableName,
        Prefix = Prefix,
        AllowOverlappingPrefixes = AllowOverlappingPrefixes,
        Lock = Lock ? new LibSqlLockOptions { LockTableName = LockTableName, KeyPrefix = LockKeyPrefix } : null,
        StateTtl = StateTtl,
        Layout = Layout,
        // The hosted purge service purges; the store's own timer stays off.
        PurgeInterval = null,
        Synchronous = Synchronous,
        BusyTimeout = BusyTimeout,
        MaxReaders = MaxReaders,
        Remote = new LibSqlRemoteOptions { RequestTimeout = RemoteRequestTimeout, MaxRetries = RemoteMaxRetries },
        LoggerFactory = loggerFactory,
        TimeProvider = timeProvider ?? TimeProvider.System,
    };
}

/// <summary>When and how the pending runs of registered workflows are resumed.</summary>
public sealed class AwaitlyResumeOptions
{
    /// <summary>Resume pending runs at start-up and then every <see cref="Interval"/>. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>How often to look for pending runs after the first scan. Default 1 minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs resumed at once. Default 4.</summary>
    public int MaxParallelism { get; set; } = 4;

    /// <summary>The most pending states read per scan (the rest wait for the next one). Default 1000.</summary>
    public int MaxPerScan { get; set; } = 1000;
}
