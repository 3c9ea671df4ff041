using System.Text.Json;

namespace Awaitly.Cli.Output;

/// <summary>Writes one JSON document to stdout (the <c>--json</c> output of a command), indented, ending with a newline.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        Console.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        Console.Out.WriteLine();
    }

    public static void WriteTime(this Utf8JsonWriter writer, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            writer.WriteString(name, Awaitly.IsoTimestamp.ToText(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A stored version as JavaScript's JSON.stringify writes it: the number, or null when it is infinite.</summary>
    public static void WriteVersion(this Utf8JsonWriter writer, string name, double version)
    {
        if (double.IsFinite(version))
        {
            writer.WriteNumber(name, version);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteOptionalString(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
