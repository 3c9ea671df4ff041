namespace Awaitly.LibSql;

/// <summary>
/// The database failed a statement: SQLite on the embedded engine, or the libSQL server remotely.
/// <see cref="Code"/> is SQLite's (<c>SQLITE_BUSY</c>, <c>SQLITE_CONSTRAINT_PRIMARYKEY</c>, …) or the server's; the
/// client's own codes for remote failures are <c>AUTH_FAILED</c>, <c>TIMEOUT</c>, <c>CONNECTION_FAILED</c>,
/// <c>PROTOCOL_ERROR</c>, <c>STREAM_CLOSED</c>, <c>ARGS_INVALID</c> and <c>HTTP_&lt;status&gt;</c>.
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

    /// <summary>Creates an exception for a failed request to a remote server.</summary>
    public LibSqlException(string code, string message, int? httpStatus, string? request, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        HttpStatus = httpStatus;
        Request = request;
    }

    /// <summary>The HTTP status of a remote failure, when the server answered.</summary>
    public int? HttpStatus { get; }

    /// <summary>Which remote request failed (for example <c>execute</c>, <c>batch</c>, <c>transaction</c>).</summary>
    public string? Request { get; }

    /// <summary>The error code.</summary>
    public string Code { get; }

    /// <summary>SQLite's extended result code, on the embedded engine.</summary>
    public int? SqliteErrorCode { get; }

    /// <summary>True for "the database is busy or locked; try again".</summary>
    public bool IsBusy => Code.StartsWith("SQLITE_BUSY", StringComparison.Ordinal) || Code.StartsWith("SQLITE_LOCKED", StringComparison.Ordinal);
}
