using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Conformance;

[InheritsTests]
public sealed class InMemoryStoreConformance : StoreConformanceTests
{
    protected override bool PatchesSteps => false;

    protected override ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup) =>
        ValueTask.FromResult<IStoreUnderTest>(new Handle(new InMemoryStatePersistence(setup.StateTtl, setup.Time)));

    private sealed class Handle(InMemoryStatePersistence store) : IStoreUnderTest
    {
        public IStatePersistence Store => store;

        public ValueTask<IStatePersistence> OpenSecondAsync() => ValueTask.FromResult<IStatePersistence>(store);

        public ValueTask DisposeAsync() => store.DisposeAsync();
    }
}

/// <summary>The libSQL store on the embedded engine, with locking on.</summary>
[InheritsTests]
public abstract class LibSqlConformance : StoreConformanceTests
{
    protected abstract string Url(TempDatabase database);

    protected override async ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup)
    {
        var database = new TempDatabase();
        var options = new LibSqlPersistenceOptions
        {
            Url = Url(database),
            Lock = new LibSqlLockOptions(),
            StateTtl = setup.StateTtl,
            TimeProvider = setup.Time,
        };
        return new Handle(await LibSqlPersistence.CreateAsync(options), options, database, shareable: !options.Url.Contains(":memory:", StringComparison.Ordinal));
    }

    protected override async ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value)
    {
        var store = (LibSqlPersistence)s.Store;
        await store.KeyValueStore.SetAsync(store.Prefix + id, value);
        return true;
    }

    private sealed class Handle(LibSqlPersistence store, LibSqlPersistenceOptions options, TempDatabase database, bool shareable) : IStoreUnderTest
    {
        private readonly List<LibSqlPersistence> _others = [];

        public IStatePersistence Store => store;

        public async ValueTask<IStatePersistence> OpenSecondAsync()
        {
            if (!shareable)
            {
                return store;
            }

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
            database.Dispose();
        }
    }
}

[InheritsTests]
public sealed class LibSqlMemoryConformance : LibSqlConformance
{
    protected override string Url(TempDatabase database) => ":memory:";
}

[InheritsTests]
public sealed class LibSqlFileConformance : LibSqlConformance
{
    protected override string Url(TempDatabase database) => database.Url;
}
