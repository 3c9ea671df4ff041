using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Conformance;

/// <summary>The shared-database suite on one database file.</summary>
[InheritsTests]
public sealed class SharedFileDatabase : SharedDatabaseTests, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override LibSqlPersistenceOptions Database => new() { Url = _database.Url };

    public void Dispose() => _database.Dispose();
}
