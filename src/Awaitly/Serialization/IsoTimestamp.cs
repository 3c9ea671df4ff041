using System.Globalization;

namespace Awaitly;

/// <summary>
/// The one timestamp text the stores write and compare: ISO-8601 UTC with milliseconds and <c>Z</c>
/// (<c>2026-11-26T06:19:09.052Z</c>, what JavaScript's <c>toISOString()</c> writes). Texts of this
/// fixed width order the same way as the instants they name, so SQL compares them as text.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class IsoTimestamp
{
    private const int Length = 24;

    /// <summary>Formats an instant (truncated to milliseconds).</summary>
    public static string ToText(DateTimeOffset instant) => string.Create(Length, instant.UtcDateTime, static (text, time) => Write(text, time));

    /// <summary>Writes the instant's text as a JSON string value.</summary>
    internal static void WriteTo(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset instant)
    {
        Span<char> text = stackalloc char[Length];
        Write(text, instant.UtcDateTime);
        writer.WriteStringValue(text);
    }

    // yyyy-MM-ddTHH:mm:ss.fffZ (years 0001-9999, as DateTime holds them). The date is taken apart once, not per property.
    private static void Write(Span<char> text, DateTime time)
    {
        var (year, month, day) = time;
        var milliseconds = (int)(time.Ticks % TimeSpan.TicksPerDay / TimeSpan.TicksPerMillisecond);
        Digits(text[..4], year);
        text[4] = '-';
        Digits(text.Slice(5, 2), month);
        text[7] = '-';
        Digits(text.Slice(8, 2), day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), milliseconds / 3_600_000);
        text[13] = ':';
        Digits(text.Slice(14, 2), milliseconds / 60_000 % 60);
        text[16] = ':';
        Digits(text.Slice(17, 2), milliseconds / 1000 % 60);
        text[19] = '.';
        Digits(text.Slice(20, 3), milliseconds % 1000);
        text[23] = 'Z';
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Parses a stored timestamp; accepts any ISO-8601 form with an offset or <c>Z</c>.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
