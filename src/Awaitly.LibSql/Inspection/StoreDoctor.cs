using System.Diagnostics;
using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql.Inspection;

/// <summary>The checks of <see cref="LibSqlInspector.DiagnoseAsync"/>.</summary>
internal static class StoreDoctor
{
    public static async ValueTask<StoreDiagnosis> DiagnoseAsync(
        ISqlDriver driver, StoreCommands commands, LibSqlPersistenceOptions options, LibSqlInspector inspector, CancellationToken cancellationToken)
    {
        var sql = commands.Sql;
        var started = Stopwatch.GetTimestamp();
        var schema = await StoreSchema.ReadAsync(driver, commands, cancellationToken).ConfigureAwait(false);
        var roundTrip = Stopwatch.GetElapsedTime(started);
        var problems = new List<string>();
        var warnings = new List<string>();
        var pending = new List<string>();

        // Another application's table under one of the store's names: no migration is listed, and no store query runs against it.
        var foreign = schema.ForeignTables(sql);
        problems.AddRange(foreign);
        var ours = foreign.Count == 0;
        var hasMeta = ours && schema.MetaColumns.Count > 0;
        var stateVersion = hasMeta ? await VersionAsync(driver, commands, SchemaMigrator.StateVersionName(sql.Table), cancellationToken).ConfigureAwait(false) : 0;
        if (!hasMeta)
        {
            pending.Add($"create table {StoreSqlTemplates.MetaTable} (schema versions and fencing counters)");
        }

        var tableExists = schema.StateColumns.Count > 0;
        if (ours && !tableExists)
        {
            problems.Add($"There is no table '{sql.Table}': no store has used this database with this table name (check the URL and the table name).");
            pending.Add($"create table {sql.Table}");
        }
        else if (ours && stateVersion < SchemaMigrator.StateTableVersion)
        {
            if (!schema.StateColumns.Contains("updated_at"))
            {
                pending.Add($"add column updated_at to {sql.Table}");
            }

            pending.Add($"create index idx_{sql.Table}_expires_at if missing");
            await AddUpdatedIndexChangeAsync(driver, commands, pending, cancellationToken).ConfigureAwait(false);
            pending.Add($"record schema version {SchemaMigrator.StateTableVersion} of {sql.Table}");
        }
        else if (SchemaMigrator.Newer($"Table '{sql.Table}'", stateVersion, SchemaMigrator.StateTableVersion) is { } newerState)
        {
            problems.Add(newerState);
        }
        else if (ours)
        {
            await AddUpdatedIndexChangeAsync(driver, commands, pending, cancellationToken).ConfigureAwait(false);
        }

        bool? lockExists = sql.LockTable is null ? null : schema.LockColumns.Count > 0;
        var expiredLeases = 0;
        if (sql.LockTable is { } lockTable && ours)
        {
            var lockVersion = hasMeta ? await VersionAsync(driver, commands, SchemaMigrator.LockVersionName(lockTable), cancellationToken).ConfigureAwait(false) : 0;
            if (lockExists == false)
            {
                warnings.Add($"There is no lock table '{lockTable}' yet: no run has taken a lease on this database.");
                pending.Add($"create lock table {lockTable}");
            }
            else
            {
                if (!schema.LockColumns.Contains("fence"))
                {
                    pending.Add($"add column fence to {lockTable}");
                }

                if (lockVersion < SchemaMigrator.LockTableVersion)
                {
                    pending.Add($"record schema version {SchemaMigrator.LockTableVersion} of {lockTable}");
                }
                else if (SchemaMigrator.Newer($"Lock table '{lockTable}'", lockVersion, SchemaMigrator.LockTableVersion) is { } newerLock)
                {
                    problems.Add(newerLock);
                }

                var leases = await inspector.ListLeasesAsync(cancellationToken).ConfigureAwait(false);
                expiredLeases = leases.Count(l => !l.IsLive);
                if (expiredLeases > 0)
                {
                    warnings.Add($"{expiredLeases} lease row(s) expired without being released (their process stopped): the next run of each id takes it over; " +
                        "awaitly leases lists them, awaitly release <id> --force removes one.");
                }

                // Another writer's row whose expiry is not a time: it can never be shown to have expired, so its id never runs again.
                if (leases.Where(l => l.ExpiresAt is null).Select(l => $"'{l.WorkflowId}' ('{l.ExpiresAtText}')").ToList() is { Count: > 0 } unreadable)
                {
                    warnings.Add($"{unreadable.Count} lease row(s) have an expiry that is not a time, so they never expire and their ids cannot run: " +
                        $"{string.Join(", ", unreadable.Take(5))}{(unreadable.Count > 5 ? ", …" : "")}. Once no process runs them, awaitly release <id> --force removes one.");
                }
            }
        }

        if (schema.ForeignJournal(sql) is { } foreignJournal)
        {
            warnings.Add(foreignJournal + " A store in the step-journal layout refuses to open; the document layout does not use the table.");
        }
        else if (ours && schema.JournalColumns.Count > 0 && hasMeta &&
            await VersionAsync(driver, commands, SchemaMigrator.JournalVersionName(sql.Table), cancellationToken).ConfigureAwait(false) is var journalVersion)
        {
            if (journalVersion < SchemaMigrator.JournalTableVersion)
            {
                string[] changes = [$"journal generations, no trigger on updates of {sql.Table}", "an append's cost independent of the journal's rows"];
                pending.Add($"replace the triggers of {StoreSqlTemplates.JournalTable(sql.Table)} (journal version {journalVersion} to {SchemaMigrator.JournalTableVersion}: " +
                    string.Join(", ", changes.Skip((int)Math.Clamp(journalVersion - 1, 0, changes.Length))) + ")");
            }
            else if (SchemaMigrator.Newer($"The step journal of '{sql.Table}'", journalVersion, SchemaMigrator.JournalTableVersion) is { } newerJournal)
            {
                problems.Add(newerJournal);
            }
        }

        if (!ours)
        {
            pending.Clear();
        }

        if (pending.Count > 0)
        {
            warnings.Add($"{pending.Count} migration(s) pending: a store of this library makes them when it next opens the database " +
                "(the TypeScript package still reads the tables after them).");
        }

        string? journalMode = null;
        IReadOnlyList<string>? integrity = null;
        if (LibSqlUrl.Parse(options.Url).Kind != LibSqlUrlKind.Remote)
        {
            (_, journalMode) = await driver.ReadFirstAsync(commands.JournalMode(), commands.JournalModeRow, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase) && !string.Equals(journalMode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"The journal mode is '{journalMode}' (the TypeScript package's default): a store of this library switches the file to WAL when it opens it.");
            }

            integrity = await driver.ReadAsync(commands.IntegrityCheck(), commands.IntegrityCheckRow, cancellationToken).ConfigureAwait(false);
            if (integrity is not ["ok"])
            {
                problems.Add("SQLite's integrity check failed: " + string.Join("; ", integrity.Take(5)) + (integrity.Count > 5 ? "; …" : "") +
                    ". Restore the database from a backup (or recover it with the sqlite3 shell's .recover).");
            }
        }

        var statistics = ours ? await inspector.GetStatisticsAsync(cancellationToken).ConfigureAwait(false) : new StoreStatistics(0, 0, 0);
        if (statistics.ExpiredRows > 0)
        {
            warnings.Add($"{statistics.ExpiredRows} expired row(s) wait for a purge (awaitly purge, or PurgeInterval on the store).");
        }

        return new StoreDiagnosis
        {
            TableExists = tableExists,
            SchemaVersion = (int)stateVersion,
            CurrentSchemaVersion = SchemaMigrator.StateTableVersion,
            LockTableExists = lockExists,
            PendingMigrations = pending,
            JournalMode = journalMode,
            Synchronous = journalMode is null ? null : options.Synchronous == SynchronousMode.Full ? "full" : "normal",
            IntegrityCheck = integrity,
            ExpiredLeases = expiredLeases,
            Statistics = statistics,
            RoundTrip = roundTrip,
            Problems = problems,
            Warnings = warnings,
        };
    }

    // What every open does to the update-time index (SchemaMigrator.IndexUpdatesWithKeysAsync), whatever the table's version.
    private static async ValueTask AddUpdatedIndexChangeAsync(ISqlDriver driver, StoreCommands commands, List<string> pending, CancellationToken cancellationToken)
    {
        var index = StoreSqlTemplates.UpdatedIndex(commands.Sql.Table);
        var columns = await driver.ReadAsync(commands.IndexColumns(index), commands.IndexColumnsRow, cancellationToken).ConfigureAwait(false);
        if (!SchemaMigrator.IndexesUpdatesWithKeys(columns))
        {
            pending.Add(columns.Count == 0
                ? $"create index {index} on (updated_at, key)"
                : $"replace index {index} on ({string.Join(", ", columns)}) with one on (updated_at, key), so pages in update order need no sort");
        }
    }

    private static async ValueTask<long> VersionAsync(ISqlDriver driver, StoreCommands commands, string name, CancellationToken cancellationToken)
    {
        var (found, value) = await driver.ReadFirstAsync(commands.ReadMeta(name), commands.ReadMetaRow, cancellationToken).ConfigureAwait(false);
        return found ? value : 0;
    }
}
