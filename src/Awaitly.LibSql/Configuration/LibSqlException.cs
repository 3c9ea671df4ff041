namespace Awaitly.LibSql;

/// <summary>
/// The database failed a statement: SQLite on the embedded engine, or the libSQL server remotely. <see cref="Code"/> is
/// SQLite's (<c>SQLITE_BUSY</c>, <c>SQLITE_CONSTRAINT_PRIMARYKEY</c>, …), the server's, or one of the client's own in
/// <see cref="LibSqlErrorCodes"/>. The same mistake (too few arguments, a busy database) gives the same exception on
/// both engines; only <see cref="SqliteErrorCode"/> or <see cref="HttpStatus"/> says which one answered.
/// </summary>
public sealed class LibSqlException : Exception
{
    private LibSqlException(string code, string message, int? sqliteErrorCode, int? httpStatus, string? request, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
        SqliteErrorCode = sqliteErrorCode;
        HttpStatus = httpStatus;
        Request = request;
    }

    /// <summary>The error code.</summary>
    public string Code { get; }

    /// <summary>SQLite's extended result code, on the embedded engine.</summary>
    public int? SqliteErrorCode { get; }

    /// <summary>The HTTP status of a remote failure, when the server answered.</summary>
    public int? HttpStatus { get; }

    /// <summary>Which remote request failed (for example <c>execute</c>, <c>batch</c>, <c>transaction</c>).</summary>
    public string? Request { get; }

    /// <summary>True for "the database is busy or locked; try again".</summary>
    public bool IsBusy => Code.StartsWith(LibSqlErrorCodes.Busy, StringComparison.Ordinal) || Code.StartsWith(LibSqlErrorCodes.Locked, StringComparison.Ordinal);

    /// <summary>A failure of the embedded engine, with SQLite's extended result code.</summary>
    internal static LibSqlException Sqlite(string code, string message, int extendedCode, Exception? innerException = null) =>
        new(code, message, extendedCode, null, null, innerException);

    /// <summary>A failure of a remote request (or of the client before or after it).</summary>
    internal static LibSqlException Remote(string code, string message, string? request, int? httpStatus = null, Exception? innerException = null) =>
        new(code, message, null, httpStatus, request, innerException);

    /// <summary>A failure found by the client itself on either engine (a statement's arguments, a value of the wrong type).</summary>
    internal static LibSqlException Client(string code, string message, string? request = null) =>
        new(code, message, null, null, request, null);
}
