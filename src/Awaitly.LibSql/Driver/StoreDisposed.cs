namespace Awaitly.LibSql.Driver;

/// <summary>The error of every call on a driver (and so a store) after it was disposed.</summary>
internal static class StoreDisposed
{
    public static ObjectDisposedException Exception() =>
        new("LibSqlPersistence", "The store has been disposed; open a new store to use the database again.");
}
