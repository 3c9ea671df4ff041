namespace Awaitly.LibSql;

/// <summary>The health of a store's database, as <see cref="LibSqlInspector.DiagnoseAsync"/> found it.</summary>
public sealed record StoreDiagnosis
{
    /// <summary>Whether the state table exists.</summary>
    public required bool TableExists { get; init; }

    /// <summary>The state table's schema version recorded by this library (0: never opened by it, for example a database of the TypeScript package).</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>The schema version this library writes.</summary>
    public required int CurrentSchemaVersion { get; init; }

    /// <summary>Whether the lock table exists (<see langword="null"/> when no lock table is configured).</summary>
    public required bool? LockTableExists { get; init; }

    /// <summary>The changes a store of this library makes when it next opens the database.</summary>
    public required IReadOnlyList<string> PendingMigrations { get; init; }

    /// <summary>The journal mode of a database file (<see langword="null"/> remotely).</summary>
    public required string? JournalMode { get; init; }

    /// <summary>
    /// The <c>synchronous</c> mode a store opened with these options sets (<c>normal</c> or <c>full</c>; <see langword="null"/> remotely). SQLite
    /// keeps it per connection, not in the file: the TypeScript package's connections use SQLite's default, <c>full</c>.
    /// </summary>
    public required string? Synchronous { get; init; }

    /// <summary>SQLite's <c>PRAGMA integrity_check</c> of a database file: <c>["ok"]</c> when sound (<see langword="null"/> remotely).</summary>
    public required IReadOnlyList<string>? IntegrityCheck { get; init; }

    /// <summary>Lease rows left behind after their expiry.</summary>
    public required int ExpiredLeases { get; init; }

    /// <summary>The store's rows.</summary>
    public required StoreStatistics Statistics { get; init; }

    /// <summary>The time of one read round trip (for a remote database, the network round trip).</summary>
    public required TimeSpan RoundTrip { get; init; }

    /// <summary>What is wrong (the database cannot be used as configured, or is damaged).</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>What deserves attention but works.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Whether nothing is wrong.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
