namespace Awaitly.LibSql;

/// <summary>
/// The database failed a statement: SQLite on the embedded engine, or the libSQL server remotely.
/// <see cref="Code"/> is SQLite's (<c>SQLITE_BUSY</c>, <c>SQLITE_CONSTRAINT_PRIMARYKEY</c>, …) or the server's.
/// </summary>
public sealed class LibSqlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibSqlException(string code, string message, int? sqliteErrorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        SqliteErrorCode = sqliteErrorCode;
    }

    /// <summary>The error code.</summary>
    public string Code { get; }

    /// <summary>SQLite's extended result code, on the embedded engine.</summary>
    public int? SqliteErrorCode { get; }

    /// <summary>True for "the database is busy or locked; try again".</summary>
    public bool IsBusy => Code.StartsWith("SQLITE_BUSY", StringComparison.Ordinal) || Code.StartsWith("SQLITE_LOCKED", StringComparison.Ordinal);
}
