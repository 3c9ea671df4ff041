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
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats an instant (truncated to milliseconds).</summary>
    public static string ToText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses a stored timestamp; accepts any ISO-8601 form with an offset or <c>Z</c>.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
