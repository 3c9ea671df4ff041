using Awaitly.LibSql;
using Awaitly.Tests.Conformance;

namespace Awaitly.Tests.Remote;

/// <summary>The shared-database suite on the tursodb test server; each test gets its own tables.</summary>
[InheritsTests]
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public sealed class SharedTursoDatabase(TursoServer server) : SharedDatabaseTests
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    protected override LibSqlPersistenceOptions Database => new()
    {
        Url = server.RequireUrl(),
        TableName = Table("state"),
        Lock = new LibSqlLockOptions { LockTableName = Table("lock") },
    };

    protected override string Table(string name) => name + "_" + _suffix;
}
