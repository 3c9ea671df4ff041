namespace Awaitly.LibSql;

/// <summary>The store's options are invalid (a bad URL, table name or prefix). Nothing was opened or written.</summary>
public sealed class LibSqlConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibSqlConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
