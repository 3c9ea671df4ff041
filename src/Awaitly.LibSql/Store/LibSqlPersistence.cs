using System.Runtime.InteropServices;
using System.Text.Json;
using Awaitly.LibSql.Diagnostics;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awaitly.LibSql;

/// <summary>
/// Durable-workflow state on SQLite or libSQL: one row per workflow id in the state table, keyed by
/// <see cref="Prefix"/> + id, holding the TypeScript package's state document. Create it with
/// <c>OpenAsync</c>; when <see cref="LibSqlPersistenceOptions.Lock"/> is set the store is a
/// <see cref="LibSqlLockingPersistence"/> and also an <see cref="IWorkflowLock"/>.
/// </summary>
public partial class LibSqlPersistence : IPagedStatePersistence, IBulkStatePersistence, ICheckpointPersistence, IStoreLifetime, IAsyncDisposable
{
    private readonly CancellationTokenSource? _purgeStop;
    private readonly Task? _purgeLoop;
    private readonly CancellationTokenSource _closing;
    private readonly DocumentSizes? _sizes;
    private int _disposed;

    /// <summary>Builds the store over a database opened for it (see <see cref="OpenAsync{TStore}"/>); the store owns its connections.</summary>
    protected LibSqlPersistence(OpenedStore opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        Driver = opened.Driver;
        Options = opened.Options;
        Prefix = Options.Prefix;
        KeyValueStore = new LibSqlKeyValueStore(Driver, opened.Commands, Options.TimeProvider, ownsDriver: false);
        _closing = new CancellationTokenSource();
        Log = Options.LoggerFactory?.CreateLogger(StoreLog.Category) ?? NullLogger.Instance;
        _sizes = Options.Layout == StateLayout.StepJournal ? new DocumentSizes() : null;
        if (Options.PurgeInterval is { } interval)
        {
            _purgeStop = new CancellationTokenSource();
            _purgeLoop = PurgeUntilStoppedAsync(interval, _purgeStop.Token);
        }
    }

    /// <summary>The key/value layer, for direct use (it shares this store's connection).</summary>
    public LibSqlKeyValueStore KeyValueStore { get; }

    /// <summary>The database URL without credentials (a remote URL's query is dropped).</summary>
    public string DisplayUrl => Options.DisplayUrl;

    /// <summary>The text before each workflow id in the row key.</summary>
    public string Prefix { get; }

    /// <summary>The SQL this store runs.</summary>
    public StoreSql Sql => KeyValueStore.Sql;

    /// <summary>The typed helpers this store runs its statements through.</summary>
    public StoreCommands Commands => KeyValueStore.Commands;

    internal LibSqlPersistenceOptions Options { get; }

    private protected ISqlDriver Driver { get; }

    private protected ILogger Log { get; }

    /// <summary>Cancelled when the store starts to dispose: runs in flight on it then end with <see cref="PersistenceError"/>.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Opens the database and creates or migrates the tables (the TypeScript package's <c>createLibSqlPersistence</c>).</summary>
    public static ValueTask<LibSqlPersistence> OpenAsync(LibSqlPersistenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LibSqlPersistenceOptions();
        options.Validate();
        return OpenAsync(options, StoreCommands.Create(options.TableName, options.Lock?.LockTableName), cancellationToken);
    }

    /// <summary>Opens a store whose statements were built ahead of time (by the <c>[AwaitlyStore]</c> generator).</summary>
    public static ValueTask<LibSqlPersistence> OpenAsync(LibSqlPersistenceOptions options, StoreCommands commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return OpenAsync<LibSqlPersistence>(options, commands,
            opened => commands.Sql.LockTable is null ? new LibSqlPersistence(opened) : new LibSqlLockingPersistence(opened), cancellationToken);
    }

    /// <summary>
    /// Opens and migrates the database of a store, then builds it with <paramref name="create"/> (a store generated from
    /// <c>[AwaitlyStore]</c> passes its own constructor).
    /// </summary>
    public static async ValueTask<TStore> OpenAsync<TStore>(
        LibSqlPersistenceOptions options, StoreCommands commands, Func<OpenedStore, TStore> create, CancellationToken cancellationToken = default)
        where TStore : LibSqlPersistence
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(create);
        options.Validate();
        var sql = commands.Sql;
        if (!string.Equals(sql.Table, options.TableName, StringComparison.Ordinal) ||
            !string.Equals(sql.LockTable, options.Lock?.LockTableName, StringComparison.Ordinal))
        {
            throw new LibSqlConfigurationException(
                $"The prepared SQL is for table '{sql.Table}' (lock table '{sql.LockTable ?? "none"}') " +
                $"but the options name '{options.TableName}' (lock table '{options.Lock?.LockTableName ?? "none"}').");
        }

        var driver = await StoreOpener.OpenAsync(options, commands, options.Prefix, cancellationToken).ConfigureAwait(false);
        try
        {
            var store = create(new OpenedStore(driver, commands, options));
            StoreLog.StoreOpened(store.Log, options.DisplayUrl, sql.Table, sql.LockTable);
            return store;
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        ArgumentNullException.ThrowIfNull(state);
        var document = WorkflowStateSerializer.Serialize(state);
        var inTheJournal = _sizes?.InTheJournal(key) ?? false;
        if (!inTheJournal)
        {
            _sizes?.Document(key, document);
        }

        if (fence is null && !inTheJournal)
        {
            return KeyValueStore.SetAsync(key, document, Options.StateTtl, cancellationToken);
        }

        var now = Options.TimeProvider.GetUtcNow();
        var expires = LibSqlKeyValueStore.ExpiryText(now, Options.StateTtl);
        var nowText = KeyValueStore.TextOf(now);
        return inTheJournal
            ? SaveOverJournalAsync(workflowId, key, document, expires, nowText, fence, cancellationToken)
            : SaveFencedAsync(workflowId, key, document, expires, nowText, fence!.Value, cancellationToken);
    }

    /// <summary>
    /// Writes one step and the metadata, sending only the step: one round trip. In the document layout the step is patched
    /// into the stored document with SQLite's <c>json_set</c> (one statement); in the step-journal layout it is appended to
    /// the journal and the state row's metadata replaced by the journal's trigger (one statement). False when no live row exists, when this store
    /// has no TTL but the row has an expiry (a whole-state save then clears it), or, in the document layout, when the step key
    /// holds a double quote, backslash or control character (it cannot be written as a JSON path label).
    /// </summary>
    public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null,
        CancellationToken cancellationToken = default) =>
        SaveStepAsync(workflowId, step, metadata, fence, cancellationToken, written: false);

    /// <summary>
    /// <see cref="SaveStepAsync(string, StepEntry, JsonElement, LeaseFence?, CancellationToken)"/> with the metadata as UTF-8 JSON:
    /// the step's and the metadata's bytes are bound as they are, nothing is parsed.
    /// </summary>
    public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, ReadOnlyMemory<byte> metadataUtf8, LeaseFence? fence = null,
        CancellationToken cancellationToken = default) =>
        SaveStepAsync(workflowId, step, SqlJson.FromUtf8(metadataUtf8), fence, cancellationToken, written: true);

    private async ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, SqlJson metadata, LeaseFence? fence, CancellationToken cancellationToken,
        bool written)
    {
        var key = KeyOf(workflowId);
        ArgumentNullException.ThrowIfNull(step);
        var journal = _sizes is not null;
        var plainKey = IsPlainKey(step.Key);
        if (!journal && !plainKey)
        {
            return false;
        }

        var now = Options.TimeProvider.GetUtcNow();
        var expires = LibSqlKeyValueStore.ExpiryText(now, Options.StateTtl);
        var nowText = KeyValueStore.TextOf(now);
        var utf8Entry = written ? step.Utf8Json : default;
        SqlJson entry = written ? SqlJson.FromUtf8(utf8Entry) : step.Json;
        var meta = metadata;
        var path = "$.entries.\"" + step.Key + "\"";
        var c = Commands;
        var growth = 0;
        if (journal)
        {
            // A state known to be small is patched in its document with the document layout's statement (cheaper than a journal
            // row while the document is small); every other checkpoint goes to the journal. A patch that lands on a row another
            // writer moved to the journal meanwhile (only a run without the lease can meet one) keeps the step in that document's
            // own entries, which a load lays under the journal's. The entry's UTF-8 length is at least its length in characters
            // (what the sizes count), so the estimate errs towards the journal.
            growth = path.Length + (written ? utf8Entry.Length : JsonMarshal.GetRawUtf8Value(step.Json).Length);
            if (!plainKey || !_sizes!.StaysSmall(key, growth))
            {
                _sizes!.Journaled(key);
                return await AppendStepAsync(workflowId, key, step.Key, entry, meta, expires, nowText, fence, cancellationToken).ConfigureAwait(false);
            }
        }

        var statement = (fence, expires) switch
        {
            (null, null) => c.SaveStepWithoutTtl(key, path, entry, meta, nowText),
            (null, _) => c.SaveStep(key, path, entry, meta, expires, nowText),
            ({ } held, null) => c.FencedSaveStepWithoutTtl(key, path, entry, meta, nowText, LockKeyOf(workflowId), held.OwnerToken, held.FencingToken),
            ({ } held, _) => c.FencedSaveStep(key, path, entry, meta, expires, nowText, LockKeyOf(workflowId), held.OwnerToken, held.FencingToken),
        };
        if (await Driver.ExecuteIdempotentAsync(statement, cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        _sizes?.Grew(key, growth);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        var document = await KeyValueStore.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        NoteLoaded(key, document);
        return StepJournal.IsJournaled(document) ? await ReadJournaledAsync(key, cancellationToken).ConfigureAwait(false) : ReadDocument(key, document);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        NoteDeleted(key);
        if (fence is not { } held)
        {
            return await KeyValueStore.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var lockKey = LockKeyOf(workflowId);
        var driver = Driver;
        var live = await driver.ExecuteReturningAsync(
            Commands.FencedDelete(key, KeyValueStore.Now(), lockKey, held.OwnerToken, held.FencingToken), Commands.FencedDeleteRow, cancellationToken).ConfigureAwait(false);
        if (live.Count > 0)
        {
            return live[0];
        }

        var (holds, _) = await driver.ReadFirstAsync(Commands.HoldsFence(lockKey, held.OwnerToken, held.FencingToken), static _ => true, cancellationToken).ConfigureAwait(false);
        return holds ? false : throw new LeaseLostException(workflowId);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = await Driver.ReadAsync(Commands.Keys(GlobPattern.ForPrefix(Prefix), KeyValueStore.Now()), Commands.KeysRow,
            cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(StripPrefix)];
    }

    /// <inheritdoc />
    public async ValueTask<StatePage> ListPageAsync(StateListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var page = await KeyValueStore.ListGlobAsync(GlobPattern.ForPrefix(Prefix), options, cancellationToken).ConfigureAwait(false);
        return new StatePage([.. page.Keys.Select(StripPrefix)], page.NextOffset, page.Total);
    }

    /// <inheritdoc />
    public ValueTask<int> DeleteManyAsync(IReadOnlyCollection<string> workflowIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowIds);
        string[] keys = [.. workflowIds.Select(KeyOf)];
        foreach (var key in keys)
        {
            NoteDeleted(key);
        }

        return KeyValueStore.DeleteManyAsync(keys, cancellationToken);
    }

    /// <summary>Deletes every state under this store's prefix (other prefixes sharing the table are kept).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        _sizes?.Clear();
        await KeyValueStore.DeleteByPrefixAsync(Prefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes expired rows of the state table; returns how many.</summary>
    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) => KeyValueStore.PurgeExpiredAsync(cancellationToken);

    /// <summary>
    /// Returns the space of deleted and purged rows to the file system (SQLite's <c>VACUUM</c>, which rebuilds the whole
    /// database): a maintenance call for a quiet moment, since other writers of the database wait (asynchronously, up to
    /// <see cref="LibSqlPersistenceOptions.BusyTimeout"/>) while it runs, and it needs free disk space about the size of
    /// the database. SQLite reuses freed pages for new rows without it.
    /// </summary>
    /// <exception cref="LibSqlException">The database stayed busy for longer than <c>BusyTimeout</c>, or the server refused the statement.</exception>
    public async ValueTask ReclaimSpaceAsync(CancellationToken cancellationToken = default) =>
        await Driver.ExecuteAsync(Commands.Vacuum(), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Ends the runs in flight on this store (they return <see cref="PersistenceError"/>), stops the purge timer and closes
    /// the database once the statement in progress has finished. Every later call throws <see cref="ObjectDisposedException"/>;
    /// a second dispose does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        if (_purgeStop is not null)
        {
            await _purgeStop.CancelAsync().ConfigureAwait(false);
            await _purgeLoop!.ConfigureAwait(false);
            _purgeStop.Dispose();
        }

        await Driver.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private protected string KeyOf(string workflowId) => StoreKeys.State(Options, workflowId);

    private protected string LockKeyOf(string workflowId) => StoreKeys.Lock(Options, workflowId);

    private string StripPrefix(string key) => key[Prefix.Length..];

    // A key written into a JSON path as it is: no quote, backslash or control character.
    private static bool IsPlainKey(string stepKey)
    {
        foreach (var c in stepKey)
        {
            if (c is '"' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private protected WorkflowState ReadDocument(string key, string document) => StepJournal.Parse(key, Sql.Table, document);

    private async ValueTask SaveFencedAsync(string workflowId, string key, string document, string? expires, string now, LeaseFence fence, CancellationToken cancellationToken)
    {
        var written = await Driver.ExecuteIdempotentAsync(
            Commands.FencedUpsert(key, document, expires, now, LockKeyOf(workflowId), fence.OwnerToken, fence.FencingToken), cancellationToken).ConfigureAwait(false);
        if (written == 0)
        {
            throw new LeaseLostException(workflowId);
        }
    }

    /// <summary>
    /// Checks that the database answers a cheap read of the state table as a new client would: a file database through a
    /// fresh read-only connection to its path (so a file deleted, replaced or damaged under the store fails), a remote one in
    /// one round trip. Throws the store's exception when it does not; used by health checks.
    /// </summary>
    public ValueTask ProbeAsync(CancellationToken cancellationToken = default)
    {
        var statement = Commands.Exists(Prefix + "awaitly:probe", KeyValueStore.Now());
        return Driver.ProbeAsync(statement.Sql, statement.Args, cancellationToken);
    }

    private async Task PurgeUntilStoppedAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, Options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    var purged = await PurgeExpiredAsync(stop).ConfigureAwait(false);
                    if (purged > 0)
                    {
                        StoreLog.Purged(Log, purged, Sql.Table);
                    }
                    else
                    {
                        StoreLog.NothingPurged(Log, Sql.Table);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Purging is housekeeping: expired rows are already invisible; the next tick retries.
                    StoreLog.PurgeFailed(Log, Sql.Table, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
