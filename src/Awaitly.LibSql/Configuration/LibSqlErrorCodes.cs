namespace Awaitly.LibSql;

/// <summary>Every <see cref="LibSqlException.Code"/> the library produces.</summary>
public static class LibSqlErrorCodes
{
    /// <summary>The remote server refused the token (HTTP 401 or 403).</summary>
    public const string AuthFailed = "AUTH_FAILED";

    /// <summary>The remote server did not answer within <c>LibSqlRemoteOptions.RequestTimeout</c>.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>The remote server could not be reached.</summary>
    public const string ConnectionFailed = "CONNECTION_FAILED";

    /// <summary>A response (or a value in it) this client cannot use, or an HTTP 400.</summary>
    public const string ProtocolError = "PROTOCOL_ERROR";

    /// <summary>The server ended a stream in the middle of a transaction.</summary>
    public const string StreamClosed = "STREAM_CLOSED";

    /// <summary>A statement was given another number of arguments than it takes.</summary>
    public const string ArgsInvalid = "ARGS_INVALID";

    /// <summary>A statement text held more than one statement.</summary>
    public const string ManyStatements = "SQL_MANY_STATEMENTS";

    /// <summary>The remote server reported an error without a code.</summary>
    public const string ServerError = "SERVER_ERROR";

    /// <summary>Another process holds the database's write lock (after <c>BusyTimeout</c>).</summary>
    public const string Busy = "SQLITE_BUSY";

    /// <summary>A table is locked by another connection of this process.</summary>
    public const string Locked = "SQLITE_LOCKED";

    /// <summary>A constraint failed.</summary>
    public const string Constraint = "SQLITE_CONSTRAINT";

    /// <summary>The database cannot be opened.</summary>
    public const string CantOpen = "SQLITE_CANTOPEN";

    /// <summary>The file is not a database.</summary>
    public const string NotADatabase = "SQLITE_NOTADB";

    /// <summary>The database file is damaged.</summary>
    public const string Corrupt = "SQLITE_CORRUPT";

    /// <summary>The database (or disk) is full.</summary>
    public const string Full = "SQLITE_FULL";

    /// <summary>Any other SQLite error.</summary>
    public const string Error = "SQLITE_ERROR";

    /// <summary>The code of a remote failure with HTTP status <paramref name="status"/> and no code of the server's.</summary>
    public static string Http(int status) => "HTTP_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
