namespace Awaitly.LibSql.Benchmarks;

/// <summary>The current time as the stores bind it, formatted once per millisecond (as the library does).</summary>
internal static class NowText
{
    private static (long Milliseconds, string Text) _last = (long.MinValue, "");

    public static string Get()
    {
        var now = DateTimeOffset.UtcNow;
        var milliseconds = now.ToUnixTimeMilliseconds();
        var last = _last;
        if (last.Milliseconds == milliseconds)
        {
            return last.Text;
        }

        var text = IsoTimestamp.ToText(now);
        _last = (milliseconds, text);
        return text;
    }
}
