using System.Collections.Concurrent;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// Counts a statement's parameters the way SQLite numbers them (<c>?NNN</c> explicit, <c>?</c> next,
/// each new <c>:name</c>/<c>@name</c>/<c>$name</c> next and reused on repeats), skipping quotes and
/// comments, so arguments are always sent positionally and their count is checked before sending.
/// Also refuses text with a second statement, which some servers would silently drop.
/// </summary>
internal static class SqlParameterScanner
{
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    public static void Check(string sql, int argumentCount)
    {
        var expected = Counts.GetOrAdd(sql, Count);
        if (expected != argumentCount)
        {
            throw LibSqlException.Client(LibSqlErrorCodes.ArgsInvalid, $"The statement takes {expected} arguments but {argumentCount} were given: {sql}", "execute");
        }
    }

    internal static int Count(string sql)
    {
        var max = 0;
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        var statementEnded = false;
        var trigger = new TriggerBody();
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && At(sql, i + 1) == '-')
            {
                i = SkipTo(sql, i, "\n");
                continue;
            }

            if (c == '/' && At(sql, i + 1) == '*')
            {
                i = SkipTo(sql, i + 2, "*/");
                continue;
            }

            if (statementEnded)
            {
                throw LibSqlException.Client(LibSqlErrorCodes.ManyStatements, $"The text holds more than one statement; send one statement at a time: {sql}", "execute");
            }

            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c);
                    continue;
                case '[':
                    i = SkipTo(sql, i, "]");
                    continue;
                case ';':
                    statementEnded = !trigger.Inside;
                    i++;
                    continue;
                case '?':
                    {
                        var start = ++i;
                        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                        {
                            i++;
                        }

                        max = i > start ? Math.Max(max, int.Parse(sql.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture)) : max + 1;
                        continue;
                    }

                case ':' or '@' or '$' when i + 1 < sql.Length && (char.IsLetterOrDigit(sql[i + 1]) || sql[i + 1] == '_'):
                    {
                        var start = i++;
                        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                        {
                            i++;
                        }

                        var name = sql[start..i];
                        if (!named.ContainsKey(name))
                        {
                            named[name] = ++max;
                        }

                        continue;
                    }

                case var letter when char.IsAsciiLetter(letter) || letter == '_':
                    {
                        var start = i;
                        while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
                        {
                            i++;
                        }

                        trigger.Word(sql.AsSpan(start, i - start));
                        continue;
                    }

                default:
                    i++;
                    continue;
            }
        }

        return max;
    }

    // The statements of a CREATE TRIGGER body (BEGIN … ; … END) end with ';' inside one statement.
    private struct TriggerBody
    {
        private int _words;
        private bool _create;
        private bool _trigger;
        private int _cases;

        public bool Inside { get; private set; }

        public void Word(ReadOnlySpan<char> word)
        {
            if (_words++ == 0)
            {
                _create = word.Equals("CREATE", StringComparison.OrdinalIgnoreCase);
            }
            else if (_create && !_trigger && word.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase))
            {
                _trigger = true;
            }
            else if (_trigger && !Inside && word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase))
            {
                Inside = true;
            }
            else if (Inside && word.Equals("CASE", StringComparison.OrdinalIgnoreCase))
            {
                _cases++;
            }
            else if (Inside && word.Equals("END", StringComparison.OrdinalIgnoreCase))
            {
                if (_cases > 0)
                {
                    _cases--;
                }
                else
                {
                    Inside = false;
                }
            }
        }
    }

    private static char At(string sql, int i) => i < sql.Length ? sql[i] : '\0';

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (At(sql, i + 1) != quote)
                {
                    return i + 1;
                }

                i++;
            }

            i++;
        }

        return i;
    }

    private static int SkipTo(string sql, int i, string end)
    {
        var at = sql.IndexOf(end, i + 1, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at + end.Length;
    }
}
