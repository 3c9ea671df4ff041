using SQLitePCL;

namespace Awaitly.LibSql.Driver;

/// <summary>Turns SQLite result codes into <see cref="LibSqlException"/>.</summary>
internal static class SqliteErrors
{
    public static LibSqlException From(sqlite3 db, int resultCode, string sql)
    {
        var extended = raw.sqlite3_extended_errcode(db);
        var message = raw.sqlite3_errmsg(db).utf8_to_string();
        var code = Name(extended == 0 ? resultCode : extended);
        return LibSqlException.Sqlite(code, $"{code}: {message} (while running: {Abbreviate(sql)})", extended);
    }

    public static string Name(int code) => code switch
    {
        raw.SQLITE_BUSY => LibSqlErrorCodes.Busy,
        raw.SQLITE_LOCKED => LibSqlErrorCodes.Locked,
        raw.SQLITE_CONSTRAINT => LibSqlErrorCodes.Constraint,
        raw.SQLITE_READONLY => "SQLITE_READONLY",
        raw.SQLITE_CANTOPEN => LibSqlErrorCodes.CantOpen,
        raw.SQLITE_CORRUPT => LibSqlErrorCodes.Corrupt,
        raw.SQLITE_FULL => LibSqlErrorCodes.Full,
        raw.SQLITE_IOERR => "SQLITE_IOERR",
        raw.SQLITE_NOTADB => LibSqlErrorCodes.NotADatabase,
        raw.SQLITE_TOOBIG => "SQLITE_TOOBIG",
        raw.SQLITE_RANGE => "SQLITE_RANGE",
        raw.SQLITE_MISMATCH => "SQLITE_MISMATCH",
        raw.SQLITE_CONSTRAINT_PRIMARYKEY => "SQLITE_CONSTRAINT_PRIMARYKEY",
        raw.SQLITE_CONSTRAINT_UNIQUE => "SQLITE_CONSTRAINT_UNIQUE",
        raw.SQLITE_CONSTRAINT_NOTNULL => "SQLITE_CONSTRAINT_NOTNULL",
        raw.SQLITE_BUSY_SNAPSHOT => "SQLITE_BUSY_SNAPSHOT",
        raw.SQLITE_BUSY_RECOVERY => "SQLITE_BUSY_RECOVERY",
        _ when (code & 0xFF) != code => Name(code & 0xFF) + "_" + (code >> 8),
        _ => LibSqlErrorCodes.Error,
    };

    private static string Abbreviate(string sql) => sql.Length <= 80 ? sql : sql[..77] + "...";
}
