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
        return new LibSqlException(code, $"{code}: {message} (while running: {Abbreviate(sql)})", extended);
    }

    public static string Name(int code) => code switch
    {
        raw.SQLITE_BUSY => "SQLITE_BUSY",
        raw.SQLITE_LOCKED => "SQLITE_LOCKED",
        raw.SQLITE_CONSTRAINT => "SQLITE_CONSTRAINT",
        raw.SQLITE_READONLY => "SQLITE_READONLY",
        raw.SQLITE_CANTOPEN => "SQLITE_CANTOPEN",
        raw.SQLITE_CORRUPT => "SQLITE_CORRUPT",
        raw.SQLITE_FULL => "SQLITE_FULL",
        raw.SQLITE_IOERR => "SQLITE_IOERR",
        raw.SQLITE_NOTADB => "SQLITE_NOTADB",
        raw.SQLITE_TOOBIG => "SQLITE_TOOBIG",
        raw.SQLITE_RANGE => "SQLITE_RANGE",
        raw.SQLITE_MISMATCH => "SQLITE_MISMATCH",
        1555 => "SQLITE_CONSTRAINT_PRIMARYKEY",
        2067 => "SQLITE_CONSTRAINT_UNIQUE",
        1299 => "SQLITE_CONSTRAINT_NOTNULL",
        517 => "SQLITE_BUSY_SNAPSHOT",
        261 => "SQLITE_BUSY_RECOVERY",
        _ when (code & 0xFF) != code => Name(code & 0xFF) + "_" + (code >> 8),
        _ => "SQLITE_ERROR",
    };

    private static string Abbreviate(string sql) => sql.Length <= 80 ? sql : sql[..77] + "...";
}
