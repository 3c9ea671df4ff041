// Shared with the source generator (linked into generators/Awaitly.LibSql.Generators): keep it
// netstandard2.0-compatible and free of other dependencies.
#pragma warning disable IDE0005 // Needed where the generator compiles this file (it has no implicit usings).
using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
#pragma warning restore IDE0005

namespace Awaitly.LibSql.Sql;

/// <summary>Validates and quotes the table names that reach SQL.</summary>
internal static class SqlIdentifier
{
    /// <summary>The longest accepted table name.</summary>
    public const int MaxLength = 64;

    private static readonly Regex Shape = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    // SQLite's keyword list (https://sqlite.org/lang_keywords.html).
    private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
        "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
        "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
        "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC",
        "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE",
        "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
        "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
        "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST",
        "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL",
        "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA",
        "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX",
        "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT",
        "SELECT", "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER",
        "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE",
        "WINDOW", "WITH", "WITHOUT",
    };

    /// <summary>Why <paramref name="name"/> cannot be a table name, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string? name)
    {
        if (name == null || name.Length == 0)
        {
            return "a table name must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return "a table name must be at most " + MaxLength + " characters";
        }

        if (!Shape.IsMatch(name))
        {
            return "a table name must start with a letter or '_' and contain only letters, digits and '_'";
        }

        if (Keywords.Contains(name))
        {
            return "'" + name + "' is an SQL keyword";
        }

        if (string.Equals(name, StoreSqlTemplates.MetaTable, StringComparison.OrdinalIgnoreCase))
        {
            return "'" + name + "' is the store's own schema table";
        }

        if (name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            return "names starting with 'sqlite_' are reserved by SQLite";
        }

        return null;
    }

    /// <summary>The name in double quotes, for use in SQL text. The name must be valid.</summary>
    public static string Quote(string name) => "\"" + name + "\"";
}
