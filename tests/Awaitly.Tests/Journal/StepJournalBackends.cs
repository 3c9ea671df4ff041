using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Journal;

/// <summary>The step-journal suite on one database file.</summary>
[InheritsTests]
public sealed class FileStepJournal : StepJournalTests, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override LibSqlPersistenceOptions Database => new() { Url = _database.Url, Lock = new LibSqlLockOptions() };

    public void Dispose() => _database.Dispose();
}

/// <summary>The step-journal suite on the tursodb test server; each test gets its own tables.</summary>
[InheritsTests]
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public sealed class TursoStepJournal(TursoServer server) : StepJournalTests
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    protected override LibSqlPersistenceOptions Database => new()
    {
        Url = server.RequireUrl(),
        TableName = "state_" + _suffix,
        Lock = new LibSqlLockOptions { LockTableName = "lock_" + _suffix },
    };
}
