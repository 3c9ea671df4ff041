using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Inspection;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql;

/// <summary>
/// An operator's view of a store's database: stored states with their row timestamps, leases, statistics and a health
/// check, and the repairs (delete, clear, purge, release) an operator makes. Unlike a store it changes no schema and
/// registers nothing when it opens, creates no database file, and leaves the journal mode alone, so it can look at a
/// database another process (of this library or of the TypeScript package) is using.
/// </summary>
public sealed class LibSqlInspector : IAsyncDisposable
{
    private readonly ISqlDriver _driver;
    private readonly LibSqlKeyValueStore _rows;
    private readonly LibSqlPersistenceOptions _options;
    private readonly bool _hasLockTable;
    private readonly bool _hasTable;
    private readonly bool _hasJournal;
    private readonly List<string> _foreignTables;

    private LibSqlInspector(ISqlDriver driver, StoreCommands commands, LibSqlPersistenceOptions options, StoreSchema schema)
    {
        _driver = driver;
        _options = options;
        _hasTable = schema.StateColumns.Count > 0;
        _hasLockTable = schema.LockColumns.Count > 0;
        _hasJournal = schema.HasJournal(commands.Sql);
        _foreignTables = schema.ForeignTables(commands.Sql);
        Commands = commands;
        _rows = new LibSqlKeyValueStore(driver, commands, options.TimeProvider, ownsDriver: false);
    }

    /// <summary>The state table.</summary>
    public string Table => _options.TableName;

    /// <summary>The key prefix of the inspected store.</summary>
    public string Prefix => _options.Prefix;

    /// <summary>The lock table, or <see langword="null"/> when the options configure none.</summary>
    public string? LockTable => _options.Lock?.LockTableName;

    /// <summary>The database URL without credentials (a remote URL's <c>authToken</c> and query left out).</summary>
    public string DisplayUrl => _options.DisplayUrl;

    internal StoreCommands Commands { get; }

    /// <summary>
    /// Opens the database named by <paramref name="options"/> for inspection (<see cref="LibSqlPersistenceOptions.Lock"/> names the lock table whose
    /// leases it shows and honours).
    /// </summary>
    /// <exception cref="LibSqlConfigurationException">The options are invalid or the database file does not exist.</exception>
    /// <exception cref="LibSqlException">The database cannot be reached or read.</exception>
    public static async ValueTask<LibSqlInspector> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var commands = StoreCommands.Create(options.TableName, options.Lock?.LockTableName);
        var driver = await LibSqlDrivers.OpenAsync(options, cancellationToken, inspect: true).ConfigureAwait(false);
        try
        {
            var schema = await StoreSchema.ReadAsync(driver, commands, cancellationToken).ConfigureAwait(false);
            return new LibSqlInspector(driver, commands, options, schema);
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A page of the store's live states with their documents, ordered as <see cref="LibSqlPersistence.ListPageAsync"/> orders ids.</summary>
    public async ValueTask<StoredStatePage> ListStatesAsync(StateListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfNoTable();
        var page = await _rows.ListGlobAsync(GlobPattern.ForPrefix(Prefix), options, cancellationToken).ConfigureAwait(false);
        if (page.Keys.Count == 0)
        {
            return new StoredStatePage([], page.NextOffset, page.Total);
        }

        var now = _rows.Now();
        var results = await _driver.ReadBatchAsync([.. page.Keys.Select(key => Commands.Inspect(key, now).ToStatement())], cancellationToken).ConfigureAwait(false);
        var states = new List<StoredState>(page.Keys.Count);
        for (var i = 0; i < page.Keys.Count; i++)
        {
            // A row deleted or expired between the page and the read is left out.
            if (results[i] is [var row] && await ToStateAsync(page.Keys[i], Commands.InspectRow(new ValuesRow(row)), cancellationToken).ConfigureAwait(false) is { } state)
            {
                states.Add(state);
            }
        }

        return new StoredStatePage(states, page.NextOffset, page.Total);
    }

    /// <summary>The live state of <paramref name="workflowId"/> with its row timestamps, or <see langword="null"/>.</summary>
    public async ValueTask<StoredState?> GetStateAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        ThrowIfNoTable();
        var (found, row) = await _driver.ReadFirstAsync(Commands.Inspect(key, _rows.Now()), Commands.InspectRow, cancellationToken).ConfigureAwait(false);
        return found ? await ToStateAsync(key, row, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The rows of the lock table (live and expired) of this store's lock key space, ordered by workflow id.</summary>
    public async ValueTask<IReadOnlyList<LeaseRecord>> ListLeasesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfForeignTables();
        if (!_hasLockTable)
        {
            return [];
        }

        var lockPrefix = _options.EffectiveLockKeyPrefix;
        var rows = await _driver.ReadAsync(Commands.Leases(GlobPattern.ForPrefix(lockPrefix), _rows.Now()), Commands.LeasesRow, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => ToLease(r.LockKey[lockPrefix.Length..], r.OwnerToken, r.ExpiresAt, r.Live))];
    }

    /// <summary>The lease row of <paramref name="workflowId"/> (live or expired), or <see langword="null"/>.</summary>
    public async ValueTask<LeaseRecord?> GetLeaseAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var lockKey = LockKeyOf(workflowId);
        ThrowIfForeignTables();
        if (!_hasLockTable)
        {
            return null;
        }

        var (found, row) = await _driver.ReadFirstAsync(Commands.Lease(lockKey, _rows.Now()), Commands.LeaseRow, cancellationToken).ConfigureAwait(false);
        return found ? ToLease(workflowId, row.OwnerToken, row.ExpiresAt, row.Live) : null;
    }

    /// <summary>
    /// Removes the lease row of <paramref name="workflowId"/> whoever holds it. A run still holding it loses it: its next fenced
    /// write fails with <see cref="LeaseLostException"/>, and another process may start the id.
    /// </summary>
    /// <returns>Whether there was a lease row.</returns>
    public async ValueTask<bool> ForceReleaseAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var lockKey = LockKeyOf(workflowId);
        ThrowIfForeignTables();
        return _hasLockTable && await _driver.ExecuteAsync(Commands.ForceRelease(lockKey), cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Deletes the state of <paramref name="workflowId"/>. Unless <paramref name="force"/>, a live lease on the id (a run in
    /// progress) makes it delete nothing, atomically with the check.
    /// </summary>
    public async ValueTask<StateDeletion> DeleteAsync(string workflowId, bool force = false, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(workflowId);
        var lockKey = LockKeyOf(workflowId);
        ThrowIfNoTable();
        if (force || !_hasLockTable)
        {
            return await _rows.DeleteAsync(key, cancellationToken).ConfigureAwait(false) ? StateDeletion.Deleted : StateDeletion.NotFound;
        }

        var now = _rows.Now();
        var deleted = await _driver.ExecuteReturningAsync(Commands.DeleteUnleased(key, now, lockKey), Commands.DeleteUnleasedRow, cancellationToken).ConfigureAwait(false);
        if (deleted.Count > 0)
        {
            return deleted[0] ? StateDeletion.Deleted : StateDeletion.NotFound;
        }

        return await _rows.ExistsAsync(key, cancellationToken).ConfigureAwait(false) ? StateDeletion.Leased : StateDeletion.NotFound;
    }

    /// <summary>
    /// Deletes every state of this store's prefix (other prefixes of the table are left alone). Unless <paramref name="force"/>,
    /// states whose id holds a live lease are kept.
    /// </summary>
    /// <returns>The rows deleted (expired ones included) and the live states kept.</returns>
    public async ValueTask<(int Deleted, long Kept)> ClearAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNoTable();
        var glob = GlobPattern.ForPrefix(Prefix);
        int deleted;
        if (force || !_hasLockTable)
        {
            deleted = await _rows.DeleteByPrefixAsync(Prefix, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            deleted = await _driver.ExecuteAsync(
                Commands.DeleteGlobUnleased(glob, _rows.Now(), _options.EffectiveLockKeyPrefix, Prefix.Length + 1), cancellationToken).ConfigureAwait(false);
        }

        var (_, kept) = await _driver.ReadFirstAsync(Commands.Count(glob, _rows.Now(), null, null), Commands.CountRow, cancellationToken).ConfigureAwait(false);
        return (deleted, kept);
    }

    /// <summary>Deletes the rows of the state table past their expiry (every prefix: expired rows are invisible to all stores).</summary>
    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNoTable();
        return _rows.PurgeExpiredAsync(cancellationToken);
    }

    /// <summary>
    /// Folds every state of this store's prefix that a step-journal store left in its journal (a run in progress, or a process
    /// that died) back into the TypeScript package's document; see <see cref="LibSqlPersistence.CompactAsync"/>. 0 when the table
    /// has no journal.
    /// </summary>
    /// <returns>How many states were folded.</returns>
    public ValueTask<int> CompactAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNoTable();
        return _hasJournal
            ? StepJournal.CompactAsync(_driver, Commands, _rows.ReadValue, GlobPattern.ForPrefix(Prefix), _rows.Now, cancellationToken)
            : ValueTask.FromResult(0);
    }

    /// <summary>Counts the store's rows and their size.</summary>
    public async ValueTask<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfForeignTables();
        if (!_hasTable)
        {
            return new StoreStatistics(0, 0, 0);
        }

        var glob = GlobPattern.ForPrefix(Prefix);
        var (_, row) = await _driver.ReadFirstAsync(Commands.Statistics(glob, _rows.Now()), Commands.StatisticsRow, cancellationToken).ConfigureAwait(false);
        var journalBytes = 0L;
        if (_hasJournal)
        {
            (_, (_, journalBytes)) = await _driver.ReadFirstAsync(Commands.JournalStatistics(glob), Commands.JournalStatisticsRow, cancellationToken).ConfigureAwait(false);
        }

        return new StoreStatistics(row.Rows, row.Bytes + journalBytes, row.Expired);
    }

    /// <summary>
    /// Checks the database: the schema and the migrations a store would make, the journal mode and SQLite's integrity check (files), expired lease
    /// rows and rows waiting for a purge, and the time of a read round trip.
    /// </summary>
    public ValueTask<StoreDiagnosis> DiagnoseAsync(CancellationToken cancellationToken = default) =>
        StoreDoctor.DiagnoseAsync(_driver, Commands, _options, this, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _driver.DisposeAsync();

    // A state kept in the step journal is shown as its assembled document (nothing is written: the inspector only reads).
    private async ValueTask<StoredState?> ToStateAsync(string key, (string Value, string? UpdatedAt, string? ExpiresAt) row, CancellationToken cancellationToken)
    {
        var document = row.Value;
        WorkflowStateFormatException? unassembled = null;
        if (StepJournal.IsJournaled(document))
        {
            // A damaged journal is one state that cannot be read, as a damaged document is; it does not stop a listing.
            try
            {
                if (await StepJournal.ReadAsync(_driver, Commands, _rows.ReadValue, key, _rows.Now(), cancellationToken).ConfigureAwait(false) is not { } read)
                {
                    return null;
                }

                document = WorkflowStateSerializer.Serialize(read.State);
            }
            catch (WorkflowStateFormatException ex)
            {
                unassembled = ex;
            }
        }

        return new StoredState(key[Prefix.Length..], document, Instant(row.UpdatedAt), Instant(row.ExpiresAt), System.Text.Encoding.UTF8.GetByteCount(document))
        {
            Unassembled = unassembled,
        };
    }

    private static LeaseRecord ToLease(string workflowId, string ownerToken, string expiresAt, bool live) =>
        new(workflowId, ownerToken, Instant(expiresAt), expiresAt, live);

    private void ThrowIfNoTable()
    {
        ThrowIfForeignTables();
        if (!_hasTable)
        {
            throw new LibSqlConfigurationException(
                $"The database has no table '{Table}': no store has used it with this TableName. Check the table name (and the URL); " +
                "the diagnosis of DiagnoseAsync (awaitly doctor) says what the database holds.");
        }
    }

    // Another application's table under one of the store's names: nothing is read from or written to it.
    private void ThrowIfForeignTables()
    {
        if (_foreignTables.Count > 0)
        {
            throw new LibSqlConfigurationException(string.Join(" ", _foreignTables));
        }
    }

    private static DateTimeOffset? Instant(string? text) => IsoTimestamp.TryParse(text, out var instant) ? instant : null;

    private string KeyOf(string workflowId) => StoreKeys.State(_options, workflowId);

    private string LockKeyOf(string workflowId) => StoreKeys.Lock(_options, workflowId);
}
