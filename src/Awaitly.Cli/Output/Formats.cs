using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Awaitly.Cli.Output;

/// <summary>How values appear in table output.</summary>
internal static class Formats
{
    public static string Time(DateTimeOffset? instant) =>
        instant is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored version as text, whatever the culture: 3, 1.5, 1E+300, Infinity.</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON value indented, shortened to <paramref name="maxChars"/> (null: in full).</summary>
    public static string IndentedJson(JsonElement value, int? maxChars)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return maxChars is { } max && text.Length > max
            ? text[..max] + $"… ({Number(text.Length - max)} more characters; --full shows all)"
            : text;
    }

    public static string Indent(string text, string indent) => indent + text.Replace("\n", "\n" + indent, StringComparison.Ordinal);
}
