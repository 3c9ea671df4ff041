namespace Awaitly;

/// <summary>
/// A store that can be disposed while runs still use it. <see cref="Durable.RunAsync{TDeps, T}"/> watches
/// <see cref="Closing"/>: a run in flight when the store is disposed is cancelled and ends with a
/// <see cref="PersistenceError"/> whose cause is an <see cref="ObjectDisposedException"/>.
/// </summary>
public interface IStoreLifetime
{
    /// <summary>Cancelled when the store starts to dispose.</summary>
    CancellationToken Closing { get; }
}
