using Awaitly.LibSql;

namespace Awaitly.Tests.Conformance;

/// <summary>A libSQL store under test, opening second stores with the same factory and cleaning up after itself.</summary>
internal sealed class LibSqlHandle(LibSqlPersistence store, Func<ValueTask<LibSqlPersistence>>? openSecond, Action? cleanup = null) : IStoreUnderTest
{
    private readonly List<LibSqlPersistence> _others = [];

    public IStatePersistence Store => store;

    /// <summary>Writes a raw value under an id, bypassing the state document format.</summary>
    public static async ValueTask<bool> WriteRawAsync(IStoreUnderTest s, string id, string value)
    {
        var persistence = (LibSqlPersistence)s.Store;
        await persistence.KeyValueStore.SetAsync(persistence.Prefix + id, value);
        return true;
    }

    public async ValueTask<IStatePersistence> OpenSecondAsync()
    {
        if (openSecond is null)
        {
            return store;
        }

        var other = await openSecond();
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
        cleanup?.Invoke();
    }
}
