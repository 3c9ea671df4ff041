using System.Collections.Concurrent;

namespace Awaitly.LibSql.Driver;

/// <summary>
/// What the stores of one process share about one database file: one writer gate (their writes wait for each other
/// asynchronously, SQLite allows one writer per file anyway, so only other processes make a write busy) and when the
/// file's WAL is looked at next.
/// </summary>
internal sealed class DatabaseFile
{
    private static readonly ConcurrentDictionary<string, DatabaseFile> Files = new(StringComparer.Ordinal);
    private long _nextWalCheck;

    private DatabaseFile(string path) => WalPath = path + "-wal";

    public SemaphoreSlim WriterGate { get; } = new(1, 1);

    public string WalPath { get; }

    public static DatabaseFile For(string fullPath) => Files.GetOrAdd(fullPath, static path => new DatabaseFile(path));

    /// <summary>Whether the WAL check is due at <paramref name="now"/>; the one caller that gets true sets the next one for <paramref name="next"/>.</summary>
    public bool TryClaimWalCheck(long now, long next)
    {
        var due = Volatile.Read(ref _nextWalCheck);
        return now >= due && Interlocked.CompareExchange(ref _nextWalCheck, next, due) == due;
    }

    public void CheckWalAgainAt(long when) => Volatile.Write(ref _nextWalCheck, when);
}
