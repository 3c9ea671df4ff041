using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Awaitly;

/// <summary>
/// Builds the metadata stored with each checkpoint the way the original does: the stored keys,
/// overlaid by the run's own metadata, then <c>version</c>, <c>lastStepKey</c> and <c>updatedAt</c>
/// (which always win). Keys keep the position they first had.
/// </summary>
internal static class WorkflowMetadata
{
    public static JsonElement Merge(JsonElement? stored, JsonObject? overlay, int version, string lastStepKey, DateTimeOffset updatedAt)
    {
        var names = new List<string>();
        var values = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);

        void Set(string name, Action<Utf8JsonWriter> write)
        {
            if (!values.ContainsKey(name))
            {
                names.Add(name);
            }

            values[name] = write;
        }

        if (stored is { ValueKind: JsonValueKind.Object } storedObject)
        {
            foreach (var property in storedObject.EnumerateObject())
            {
                var value = property.Value;
                Set(property.Name, w => value.WriteTo(w));
            }
        }

        if (overlay is not null)
        {
            foreach (var (name, node) in overlay)
            {
                Set(name, w =>
                {
                    if (node is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        node.WriteTo(w);
                    }
                });
            }
        }

        Set("version", w => w.WriteNumberValue(version));
        Set("lastStepKey", w => w.WriteStringValue(lastStepKey));
        var updatedText = IsoTimestamp.ToText(updatedAt);
        Set("updatedAt", w => w.WriteStringValue(updatedText));

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, StateJsonWriting.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var name in names)
            {
                writer.WritePropertyName(name);
                values[name](writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
