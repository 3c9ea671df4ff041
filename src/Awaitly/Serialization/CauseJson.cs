using System.Text.Json;

namespace Awaitly;

/// <summary>Reads and writes the TypeScript package's <c>SerializedCause</c> shape.</summary>
internal static class CauseJson
{
    public static void Write(Utf8JsonWriter writer, Exception? cause)
    {
        writer.WriteStartObject();
        switch (cause)
        {
            case null:
                writer.WriteString("type"u8, "undefined"u8);
                break;
            case PersistedCauseException { Kind: PersistedCauseKind.Value, Value: { } value }:
                writer.WriteString("type"u8, "value"u8);
                writer.WritePropertyName("value"u8);
                value.WriteTo(writer);
                break;
            case PersistedCauseException stored:
                WriteError(writer, stored.ErrorName, stored.Message, stored.StoredStack);
                break;
            default:
                var name = cause.GetType().Name;
                var stack = cause.StackTrace is null ? $"{name}: {cause.Message}" : $"{name}: {cause.Message}\n{cause.StackTrace}";
                WriteError(writer, name, cause.Message, stack);
                break;
        }

        writer.WriteEndObject();
    }

    public static Exception? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type"u8, out var type))
        {
            return new PersistedCauseException(element);
        }

        if (type.ValueEquals("undefined"u8))
        {
            return null;
        }

        if (type.ValueEquals("error"u8))
        {
            return new PersistedCauseException(
                OptionalString(element, "errorName"u8) ?? "Error",
                OptionalString(element, "errorMessage"u8) ?? "Unknown error",
                OptionalString(element, "errorStack"u8));
        }

        return element.TryGetProperty("value"u8, out var value)
            ? new PersistedCauseException(value)
            : new PersistedCauseException(element);
    }

    private static void WriteError(Utf8JsonWriter writer, string name, string message, string? stack)
    {
        writer.WriteString("type"u8, "error"u8);
        writer.WriteString("errorName"u8, name);
        writer.WriteString("errorMessage"u8, message);
        if (stack is not null)
        {
            writer.WriteString("errorStack"u8, stack);
        }
    }

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
