using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Awaitly.LibSql.Diagnostics;

/// <summary>The operation (<c>SELECT</c>, <c>UPDATE</c>…) and table of a statement, for span names; read once per statement text.</summary>
internal static partial class StatementNames
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<string, (string Operation, string? Collection)> Cache = new(StringComparer.Ordinal);

    public static (string Operation, string? Collection) Of(string sql)
    {
        if (Cache.TryGetValue(sql, out var names))
        {
            return names;
        }

        names = Parse(sql);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(sql, names);
        }

        return names;
    }

    private static (string Operation, string? Collection) Parse(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = text.IndexOfAny(' ', '\n', '(');
        var operation = (end < 0 ? text : text[..end]).ToString().ToUpperInvariant();
        var table = TableRegex().Match(sql);
        return (operation, table.Success ? Unquote(table.Groups[1].Value) : null);
    }

    private static string Unquote(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    // The identifier after FROM, INTO, a leading UPDATE, TABLE [IF NOT EXISTS] or pragma_table_info(: quoted or bare.
    private const string TablePattern =
        """(?:\bFROM|\bINTO|^\s*UPDATE|\bTABLE(?:\s+IF\s+NOT\s+EXISTS)?|\bpragma_table_info)\s*\(?\s*""" +
        """("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)""";

    [GeneratedRegex(TablePattern, RegexOptions.IgnoreCase)]
    private static partial Regex TableRegex();
}
