using Awaitly.LibSql;
using Awaitly.Tests.Conformance;

namespace Awaitly.Tests.Remote;

/// <summary>The conformance suite through the remote driver against the spec-following fake server (real batons, close, base_url).</summary>
[InheritsTests]
public sealed class FakeSqldConformance : StoreConformanceTests
{
    internal const string Url = "https://fake-sqld.test/db";

    protected override async ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup)
    {
        var server = new FakeSqld { BaseUrl = "https://fake-sqld-replica.test/db" };
        var options = new LibSqlPersistenceOptions
        {
            Url = Url,
            AuthToken = "token",
            Lock = new LibSqlLockOptions(),
            StateTtl = setup.StateTtl,
            TimeProvider = setup.Time,
            Remote = new LibSqlRemoteOptions { Handler = server },
        };
        return new LibSqlHandle(await LibSqlPersistence.OpenAsync(options), () => LibSqlPersistence.OpenAsync(options), server.Dispose);
    }

    protected override ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value) => LibSqlHandle.WriteRawAsync(s, id, value);

}
