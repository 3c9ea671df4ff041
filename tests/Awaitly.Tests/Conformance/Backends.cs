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

    protected virtual StateLayout Layout => StateLayout.Document;

    protected override bool PatchesAnyStepKey => Layout == StateLayout.StepJournal;

    protected override async ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup)
    {
        var database = new TempDatabase();
        var options = new LibSqlPersistenceOptions
        {
            Url = Url(database),
            Lock = new LibSqlLockOptions(),
            StateTtl = setup.StateTtl,
            TimeProvider = setup.Time,
            Layout = Layout,
        };
        var shareable = !options.Url.Contains(":memory:", StringComparison.Ordinal);
        return new LibSqlHandle(await LibSqlPersistence.OpenAsync(options), shareable ? () => LibSqlPersistence.OpenAsync(options) : null, database.Dispose);
    }

    protected override ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value) => LibSqlHandle.WriteRawAsync(s, id, value);

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

/// <summary>The conformance suite on a file store in the step-journal layout.</summary>
[InheritsTests]
public sealed class LibSqlJournalFileConformance : LibSqlConformance
{
    protected override string Url(TempDatabase database) => database.Url;

    protected override StateLayout Layout => StateLayout.StepJournal;
}
