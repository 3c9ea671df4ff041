using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql;

/// <summary>
/// The key/value layer under the state store (the TypeScript package's <c>LibSqlKeyValueStore</c>): string values
/// with an optional TTL in one table. Expired rows are invisible to every read and are removed by
/// <see cref="PurgeExpiredAsync"/>. Patterns are globs where only <c>*</c> is a wildcard and matching is
/// exact and case-sensitive.
/// </summary>
public sealed class LibSqlKeyValueStore : IAsyncDisposable
{
    /// <summary>The longest accepted key, in characters.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Keys per statement in <see cref="DeleteManyAsync"/>, below SQLite's bound-variable limit.</summary>
    internal const int DeleteChunk = 500;

    private readonly ISqlDriver _driver;
    private readonly bool _ownsDriver;
    private readonly TimeProvider _time;
    private readonly string _deleteFullChunk;
    private readonly Func<ISqlRow, string> _readValue;
    private CachedTimestamp _lastNow = new(long.MinValue, "");

    internal LibSqlKeyValueStore(ISqlDriver driver, StoreCommands commands, TimeProvider time, bool ownsDriver)
    {
        _driver = driver;
        Commands = commands;
        _time = time;
        _ownsDriver = ownsDriver;
        _deleteFullChunk = commands.Sql.DeleteMany(DeleteChunk);
        _readValue = row => row.IsNull(0)
            ? throw new WorkflowStateFormatException("The value column is NULL, so the stored value cannot be read.")
            : commands.GetRow(row);
    }

    internal StoreCommands Commands { get; }

    /// <summary>Reads the value column of a <c>Get</c> row (a NULL value is an unreadable state, never an absent one).</summary>
    internal Func<ISqlRow, string> ReadValue => _readValue;

    internal StoreSql Sql => Commands.Sql;

    internal ISqlDriver Driver => _driver;

    /// <summary>Opens a key/value store on its own connection; creates or migrates the table.</summary>
    public static async ValueTask<LibSqlKeyValueStore> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var commands = StoreCommands.Create(options.TableName, null);
        var driver = await StoreOpener.OpenAsync(options, commands, prefix: null, cancellationToken).ConfigureAwait(false);
        return new LibSqlKeyValueStore(driver, commands, options.TimeProvider, ownsDriver: true);
    }

    /// <summary>The value, or <see langword="null"/> when the key is missing or expired.</summary>
    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        var read = _driver.ReadFirstAsync(Commands.Get(key, Now()), _readValue, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var (found, value) = read.Result;
            return new ValueTask<string?>(found ? value : null);
        }

        return AwaitValue(read);
    }

    /// <summary>Inserts or replaces the value; <paramref name="ttl"/> sets its lifetime, <see langword="null"/> for ever (clearing an earlier TTL).</summary>
    public ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(value);
        var now = _time.GetUtcNow();
        var expires = ExpiryText(now, ttl);
        var written = _driver.ExecuteIdempotentAsync(Commands.Upsert(key, value, expires, TextOf(now)), cancellationToken);
        return written.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitWrite(written);
    }

    /// <summary>Deletes the key; true when a live row existed.</summary>
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        var rows = await _driver.ExecuteReturningAsync(Commands.Delete(key, Now()), Commands.DeleteRow, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 && rows[0];
    }

    /// <summary>True when the key has a live value.</summary>
    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        var (found, _) = await _driver.ReadFirstAsync(Commands.Exists(key, Now()), static _ => true, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>The live keys matching <paramref name="pattern"/> (only <c>*</c> is a wildcard), in ordinal order.</summary>
    public async ValueTask<IReadOnlyList<string>> ListKeysAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return await _driver.ReadAsync(Commands.Keys(GlobPattern.FromPattern(pattern), Now()), Commands.KeysRow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of the live keys matching <paramref name="pattern"/>, in a stable order.</summary>
    public ValueTask<KeyPage> ListKeysPageAsync(string pattern, StateListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return ListGlobAsync(GlobPattern.FromPattern(pattern), options ?? new StateListOptions(), cancellationToken);
    }

    /// <summary>Deletes the given keys (in chunks, in one transaction); returns how many live rows existed.</summary>
    public async ValueTask<int> DeleteManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            CheckKey(key);
        }

        if (keys.Count == 0)
        {
            return 0;
        }

        var now = Now();
        var statements = keys.Distinct(StringComparer.Ordinal).Chunk(DeleteChunk).Select(chunk =>
        {
            var args = new SqlArg[chunk.Length + 1];
            args[0] = now;
            for (var i = 0; i < chunk.Length; i++)
            {
                args[i + 1] = chunk[i];
            }

            return new SqlStatement(chunk.Length == DeleteChunk ? _deleteFullChunk : Sql.DeleteMany(chunk.Length), args);
        }).ToList();
        var results = await _driver.ExecuteBatchAsync(statements, idempotent: false, cancellationToken).ConfigureAwait(false);
        return results.Sum(rows => rows.Count(row => new ValuesRow(row).GetInt64(0) != 0));
    }

    /// <summary>Deletes every key that starts with <paramref name="prefix"/> (exact, case-sensitive); returns how many rows.</summary>
    public ValueTask<int> DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.Length == 0
            ? ClearAsync(cancellationToken)
            : _driver.ExecuteAsync(Commands.DeleteGlob(GlobPattern.ForPrefix(prefix)), cancellationToken);
    }

    /// <summary>Deletes every row of the table; returns how many.</summary>
    public ValueTask<int> ClearAsync(CancellationToken cancellationToken = default) =>
        _driver.ExecuteAsync(Commands.DeleteAll(), cancellationToken);

    /// <summary>Deletes the rows whose TTL has passed; returns how many.</summary>
    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) =>
        _driver.ExecuteAsync(Commands.PurgeExpired(Now()), cancellationToken);

    /// <summary>Closes the connection when this store opened it.</summary>
    public ValueTask DisposeAsync() => _ownsDriver ? _driver.DisposeAsync() : ValueTask.CompletedTask;

    internal async ValueTask<KeyPage> ListGlobAsync(string glob, StateListOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var now = Now();
        string? before = options.UpdatedBefore is { } b ? IsoTimestamp.ToText(b) : null;
        string? after = options.UpdatedAfter is { } a ? IsoTimestamp.ToText(a) : null;
        long limit = options.Limit + 1, offset = options.Offset;
        var c = Commands;
        var (page, readKey) = (options.OrderBy, options.Direction) switch
        {
            (StateOrderBy.Key, SortDirection.Ascending) => (c.PageByKeyAsc(glob, now, before, after, limit, offset), (Func<ISqlRow, string>)c.PageByKeyAscRow),
            (StateOrderBy.Key, _) => (c.PageByKeyDesc(glob, now, before, after, limit, offset), c.PageByKeyDescRow),
            (_, SortDirection.Ascending) => (c.PageByUpdatedAsc(glob, now, before, after, limit, offset), c.PageByUpdatedAscRow),
            _ => (c.PageByUpdatedDesc(glob, now, before, after, limit, offset), c.PageByUpdatedDescRow),
        };
        var results = await _driver.ReadBatchAsync(
            options.IncludeTotal ? [page.ToStatement(), c.Count(glob, now, before, after).ToStatement()] : [page.ToStatement()], cancellationToken).ConfigureAwait(false);
        var keys = results[0].Select(row => readKey(new ValuesRow(row))).ToList();
        int? next = null;
        if (keys.Count > options.Limit)
        {
            keys.RemoveAt(keys.Count - 1);
            next = options.Offset + options.Limit;
        }

        long? total = options.IncludeTotal ? c.CountRow(new ValuesRow(results[1][0])) : null;
        return new KeyPage(keys, next, total);
    }

    internal string Now() => TextOf(_time.GetUtcNow());

    /// <summary>The timestamp text, formatted once per millisecond (it is bound on every call of the hot path).</summary>
    internal string TextOf(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        var cached = Volatile.Read(ref _lastNow);
        if (cached.Milliseconds == milliseconds)
        {
            return cached.Text;
        }

        var text = IsoTimestamp.ToText(now);
        Volatile.Write(ref _lastNow, new CachedTimestamp(milliseconds, text));
        return text;
    }

    private sealed record CachedTimestamp(long Milliseconds, string Text);

    internal static string? ExpiryText(DateTimeOffset now, TimeSpan? ttl)
    {
        if (ttl is not { } lifetime)
        {
            return null;
        }

        if (lifetime <= TimeSpan.Zero || lifetime > LibSqlPersistenceOptions.MaxTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl,
                $"A TTL must be positive and at most {LibSqlPersistenceOptions.MaxTtl.TotalDays:0} days; pass null for a value that never expires.");
        }

        return IsoTimestamp.ToText(now + lifetime);
    }

    internal static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The key is {key.Length} characters long; the limit is {MaxKeyLength}.", nameof(key));
        }

        if (Utf16.HasUnpairedSurrogate(key))
        {
            throw new ArgumentException(
                "The key contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8 text (it would be stored as another key). Use valid Unicode text.", nameof(key));
        }
    }

    private static async ValueTask AwaitWrite(ValueTask<int> write) => await write.ConfigureAwait(false);

    private static async ValueTask<string?> AwaitValue(ValueTask<(bool Found, string Value)> read)
    {
        var (found, value) = await read.ConfigureAwait(false);
        return found ? value : null;
    }
}
