namespace Awaitly.LibSql.Benchmarks;

/// <summary>The current time as the stores bind it, formatted once per millisecond (as the library does).</summary>
internal static class NowText
{
    private static (long Milliseconds, string Text) s_last = (long.MinValue, "");

    public static string Get()
    {
        var now = DateTimeOffset.UtcNow;
        var milliseconds = now.ToUnixTimeMilliseconds();
        var last = s_last;
        if (last.Milliseconds == milliseconds)
        {
            return last.Text;
        }

        var text = IsoTimestamp.ToText(now);
        s_last = (milliseconds, text);
        return text;
    }
}
