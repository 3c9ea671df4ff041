using System.Text;

namespace Awaitly.LibSql.Sql;

/// <summary>
/// Translates the store's key patterns to SQLite GLOB (case-sensitive, binary): only <c>*</c> is a
/// wildcard; <c>?</c>, <c>[</c>, <c>%</c>, <c>_</c> and <c>\</c> match themselves.
/// </summary>
internal static class GlobPattern
{
    public static string FromPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var glob = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            _ = c switch
            {
                '?' => glob.Append("[?]"),
                '[' => glob.Append("[[]"),
                _ => glob.Append(c),
            };
        }

        return glob.ToString();
    }

    /// <summary>Every key that starts with <paramref name="prefix"/>, exactly.</summary>
    public static string ForPrefix(string prefix) => Literal(prefix) + "*";

    private static string Literal(string text)
    {
        var glob = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '*' => glob.Append("[*]"),
                '?' => glob.Append("[?]"),
                '[' => glob.Append("[[]"),
                _ => glob.Append(c),
            };
        }

        return glob.ToString();
    }
}
