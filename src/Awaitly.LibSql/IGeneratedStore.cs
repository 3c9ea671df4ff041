using System.Text.Json.Serialization.Metadata;

namespace Awaitly.LibSql;

/// <summary>
/// What a store declared with <c>[AwaitlyStore]</c> offers without reflection: its own <c>OpenAsync</c> (table, prefix and
/// lock table from the declaration) and its JSON metadata. The generator implements it; hosting
/// (<c>AddAwaitlyStore&lt;TStore&gt;</c>) opens the store through it.
/// </summary>
/// <typeparam name="TSelf">The declared store.</typeparam>
public interface IGeneratedStore<TSelf>
    where TSelf : LibSqlPersistence, IGeneratedStore<TSelf>
{
    /// <summary>Opens the store with <paramref name="options"/>; the declaration's table, prefix and lock table win over the options'.</summary>
    static abstract ValueTask<TSelf> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken = default);

    /// <summary>The declaration's <c>Json</c> context, or null.</summary>
    static abstract IJsonTypeInfoResolver? JsonResolver { get; }
}
