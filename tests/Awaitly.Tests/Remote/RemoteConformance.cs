using Awaitly.LibSql;
using Awaitly.Tests.Conformance;

namespace Awaitly.Tests.Remote;

/// <summary>
/// The conformance suite, unchanged, against a real libSQL HTTP server (tursodb). Each test gets its own
/// tables; the tests run one at a time because the server shares one connection between all clients.
/// </summary>
[InheritsTests]
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public class RemoteConformance(TursoServer server) : StoreConformanceTests
{
    protected virtual StateLayout Layout => StateLayout.Document;

    protected override bool PatchesAnyStepKey => Layout == StateLayout.StepJournal;

    protected override async ValueTask<IStoreUnderTest> OpenAsync(StoreSetup setup)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var options = new LibSqlPersistenceOptions
        {
            Url = server.RequireUrl(),
            TableName = "state_" + suffix,
            Lock = new LibSqlLockOptions { LockTableName = "lock_" + suffix },
            StateTtl = setup.StateTtl,
            TimeProvider = setup.Time,
            Layout = Layout,
        };
        return new LibSqlHandle(await LibSqlPersistence.OpenAsync(options), () => LibSqlPersistence.OpenAsync(options));
    }

    protected override ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value) => LibSqlHandle.WriteRawAsync(s, id, value);

}

/// <summary>The conformance suite against tursodb in the step-journal layout.</summary>
[InheritsTests]
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public sealed class RemoteJournalConformance(TursoServer server) : RemoteConformance(server)
{
    protected override StateLayout Layout => StateLayout.StepJournal;
}
