namespace Awaitly.LibSql.Driver;

// Keeping a file's WAL from growing without end while readers hold old pages.
internal sealed partial class SqliteDriver
{
    /// <summary>The most a WAL file keeps on disk after a checkpoint resets it (SQLite truncates it to this).</summary>
    public const long WalSizeLimit = 16 * 1024 * 1024;

    /// <summary>How often the size of a file's WAL is looked at after a write, and how soon a truncation a reader was in the way of is tried again.</summary>
    private const long WalCheckMilliseconds = 500;

    private const long WalRetryMilliseconds = 2;

    // Under the writer gate. Auto-checkpoints (PASSIVE) stop short of pages readers still use, so under sustained load the
    // WAL only grows. A write looks at its size now and then (per file, whichever store of the process writes); past
    // WalSizeLimit it checkpoints the WAL fully and truncates it. With busy_timeout 0 that never waits: when a reader is in
    // the way it returns busy, and the next write, a moment later, tries again.
    private void AfterWrite()
    {
        var now = Environment.TickCount64;
        if (_file is null || !_file.TryClaimWalCheck(now, now + WalCheckMilliseconds))
        {
            return;
        }

        try
        {
            if (new FileInfo(_file.WalPath).Length > WalSizeLimit &&
                _writer.ReadValues("PRAGMA wal_checkpoint(TRUNCATE)", []) is [[long busy, ..]] && busy != 0)
            {
                _file.CheckWalAgainAt(now + WalRetryMilliseconds);
            }
        }
        catch (LibSqlException ex) when (ex.IsBusy)
        {
            _file.CheckWalAgainAt(now + WalRetryMilliseconds);
        }
        catch (IOException)
        {
        }
    }
}
