using System.ComponentModel;
using Awaitly.LibSql.Driver;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// A database opened and migrated for one store, handed to the store's constructor (by <c>LibSqlPersistence.OpenAsync</c>
/// and by stores generated from <c>[AwaitlyStore]</c>). The store that is built from it owns its connections.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OpenedStore
{
    internal OpenedStore(ISqlDriver driver, StoreCommands commands, LibSqlPersistenceOptions options)
    {
        Driver = driver;
        Commands = commands;
        Options = options;
    }

    internal ISqlDriver Driver { get; }

    internal StoreCommands Commands { get; }

    internal LibSqlPersistenceOptions Options { get; }
}
