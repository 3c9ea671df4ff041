using Awaitly.LibSql;
using Awaitly.Tests.Conformance;

namespace Awaitly.Tests.Remote;

/// <summary>The shared-database suite through the remote driver, on one spec-following fake server.</summary>
[InheritsTests]
public sealed class SharedFakeSqldDatabase : SharedDatabaseTests, IDisposable
{
    private readonly FakeSqld _server = new();

    protected override LibSqlPersistenceOptions Database => new()
    {
        Url = FakeSqldConformance.Url,
        AuthToken = "token",
        Remote = new LibSqlRemoteOptions { Handler = _server },
    };

    public void Dispose() => _server.Dispose();
}
