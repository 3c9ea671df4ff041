namespace Awaitly.Tests.Conformance;

/// <summary>A store under test, with a way to open a second store on the same data (another "process").</summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    IStatePersistence Store { get; }

    IPagedStatePersistence Paged => (IPagedStatePersistence)Store;

    IBulkStatePersistence Bulk => (IBulkStatePersistence)Store;

    IWorkflowLock Lock => (IWorkflowLock)Store;

    /// <summary>Another store on the same data; the same instance where the backend cannot be shared.</summary>
    ValueTask<IStatePersistence> OpenSecondAsync();
}

/// <summary>How to set a store up for a test.</summary>
public sealed record StoreSetup(TimeProvider Time, TimeSpan? StateTtl = null);
