using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Awaitly;

/// <summary>
/// Builds the metadata stored with each checkpoint the way the TypeScript package awaitly-libsql does: the stored keys,
/// overlaid by the run's own metadata, then <c>version</c>, <c>lastStepKey</c> and <c>updatedAt</c>
/// (which always win). Keys keep the position they first had. <see cref="Prepare"/> writes the keys
/// that do not change during a run once; <see cref="BuildUtf8"/> adds the three that do, per checkpoint.
/// </summary>
internal sealed class WorkflowMetadata
{
    private const string Version = "version";
    private const string LastStepKey = "lastStepKey";
    private const string UpdatedAt = "updatedAt";

    // In order; Raw is the value's JSON, or null for one of the three keys written per checkpoint.
    private readonly (string Name, byte[]? Raw)[] _properties;

    private WorkflowMetadata((string Name, byte[]? Raw)[] properties) => _properties = properties;

    public static WorkflowMetadata Prepare(JsonElement? stored, JsonObject? overlay)
    {
        var names = new List<string>();
        var values = new Dictionary<string, byte[]?>(StringComparer.Ordinal);

        void Set(string name, byte[]? raw)
        {
            if (!values.ContainsKey(name))
            {
                names.Add(name);
            }

            values[name] = raw;
        }

        if (stored is { ValueKind: JsonValueKind.Object } storedObject)
        {
            foreach (var property in storedObject.EnumerateObject())
            {
                var value = property.Value;
                Set(property.Name, Raw(w => value.WriteTo(w)));
            }
        }

        if (overlay is not null)
        {
            foreach (var (name, node) in overlay)
            {
                Set(name, Raw(w =>
                {
                    if (node is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        node.WriteTo(w);
                    }
                }));
            }
        }

        Set(Version, null);
        Set(LastStepKey, null);
        Set(UpdatedAt, null);
        return new WorkflowMetadata([.. names.Select(name => (name, values[name]))]);
    }

    public JsonElement Build(int version, string lastStepKey, DateTimeOffset updatedAt) =>
        JsonElement.Parse(BuildUtf8(version, lastStepKey, updatedAt), StateJsonWriting.ReaderOptions);

    /// <summary>The metadata as UTF-8 JSON (what a checkpoint binds, unparsed).</summary>
    public byte[] BuildUtf8(int version, string lastStepKey, DateTimeOffset updatedAt)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        foreach (var (name, raw) in _properties)
        {
            writer.WritePropertyName(name);
            switch (name)
            {
                case Version when raw is null:
                    writer.WriteNumberValue(version);
                    break;
                case LastStepKey when raw is null:
                    writer.WriteStringValue(lastStepKey);
                    break;
                case UpdatedAt when raw is null:
                    IsoTimestamp.WriteTo(writer, updatedAt);
                    break;
                default:
                    writer.WriteRawValue(raw!, skipInputValidation: true);
                    break;
            }
        }

        writer.WriteEndObject();
        return scratch.ToArray();
    }

    private static byte[] Raw(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, StateJsonWriting.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
