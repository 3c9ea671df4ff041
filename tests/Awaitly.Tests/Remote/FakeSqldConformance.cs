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
        return new Handle(await LibSqlPersistence.CreateAsync(options), options, server);
    }

    protected override async ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value)
    {
        var store = (LibSqlPersistence)s.Store;
        await store.KeyValueStore.SetAsync(store.Prefix + id, value);
        return true;
    }

    private sealed class Handle(LibSqlPersistence store, LibSqlPersistenceOptions options, FakeSqld server) : IStoreUnderTest
    {
        private readonly List<LibSqlPersistence> _others = [];

        public IStatePersistence Store => store;

        public async ValueTask<IStatePersistence> OpenSecondAsync()
        {
            var other = await LibSqlPersistence.CreateAsync(options);
            _others.Add(other);
            return other;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var other in _others)
            {
                await other.DisposeAsync();
            }

            await store.DisposeAsync();
            server.Dispose();
        }
    }
}
