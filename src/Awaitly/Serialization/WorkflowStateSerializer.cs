using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Awaitly;

/// <summary>
/// Reads and writes the TypeScript package's <c>SerializedState</c> v1 document:
/// <c>{"version":1,"entries":{"&lt;step key&gt;":SerializedEntry,…},"metadata":{…}}</c>.
/// Entries read from a document are written back byte for byte.
/// </summary>
public static class WorkflowStateSerializer
{
    /// <summary>
    /// The deepest nesting a stored document may have, its own levels included: 1000, SQLite's JSON limit (the document's
    /// wrapper takes four levels, so a step's value may nest 996 deep).
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>Parses a stored document. Throws <see cref="WorkflowStateFormatException"/> when it is not one.</summary>
    public static WorkflowState Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonElement root;
        try
        {
            root = JsonElement.Parse(json, StateJsonWriting.ReaderOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }

        return Read(root);
    }

    /// <summary>Parses a stored UTF-8 document. Throws <see cref="WorkflowStateFormatException"/> when it is not one.</summary>
    public static WorkflowState Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        try
        {
            root = JsonElement.Parse(utf8Json, StateJsonWriting.ReaderOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }

        return Read(root);
    }

    private static WorkflowStateFormatException NotJson(JsonException ex) => new($"The stored state is not valid JSON: {ex.Message}", ex);

    // The document's parts, checked: the entries and metadata are elements of the parsed document.
    private static WorkflowState Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkflowStateFormatException($"The stored state must be a JSON object, not {root.ValueKind}.");
        }

        if (!root.TryGetProperty("version"u8, out var format) || format.ValueKind != JsonValueKind.Number ||
            !format.TryGetInt32(out var formatVersion) || formatVersion != 1)
        {
            throw new WorkflowStateFormatException("The stored state has no supported format \"version\" (expected the number 1).");
        }

        if (!root.TryGetProperty("entries"u8, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            throw new WorkflowStateFormatException("The stored state has no \"entries\" object.");
        }

        var steps = new List<StepEntry>(entries.GetPropertyCount());
        foreach (var property in entries.EnumerateObject())
        {
            steps.Add(StepEntry.Parse(property.Name, property.Value));
        }

        JsonElement? metadata = null;
        if (root.TryGetProperty("metadata"u8, out var meta) && meta.ValueKind != JsonValueKind.Null)
        {
            if (meta.ValueKind != JsonValueKind.Object)
            {
                throw new WorkflowStateFormatException("The stored state's \"metadata\" must be an object.");
            }

            metadata = meta;
        }

        return new WorkflowState(steps, metadata);
    }

    /// <summary>Writes the document as UTF-8.</summary>
    public static byte[] SerializeToUtf8Bytes(WorkflowState state)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, state);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the document as a string (what the libSQL store keeps in <c>value</c>).</summary>
    public static string Serialize(WorkflowState state)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, state);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the document into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(state);
        using var writer = new Utf8JsonWriter(output, StateJsonWriting.WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("version"u8, 1);
        writer.WriteStartObject("entries"u8);
        foreach (var step in state.Steps)
        {
            writer.WritePropertyName(step.Key);
            writer.WriteRawValue(step.RawUtf8, skipInputValidation: true);
        }

        writer.WriteEndObject();
        if (state.Metadata is { } metadata)
        {
            writer.WritePropertyName("metadata"u8);
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(metadata), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
