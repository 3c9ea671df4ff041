using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Awaitly;

/// <summary>
/// One stored step outcome, in the TypeScript package's <c>SerializedEntry</c> shape:
/// <c>{"result":{"ok":true,"value":…}}</c> or <c>{"result":{"ok":false,"error":…,"cause"?:…},"meta":{…}}</c>.
/// The entry keeps its JSON text exactly, so entries written by another process are written back unchanged.
/// </summary>
public sealed class StepEntry
{
    // An entry this engine wrote keeps the UTF-8 it wrote, which a store binds as it is; its JSON is parsed only when something
    // reads it. An entry read from a stored document is parsed from the start.
    private readonly byte[]? _written;
    private Parts? _parts;

    private StepEntry(string key, bool isOk, StepFailureOrigin? origin, byte[]? written, Parts? parts)
    {
        Key = key;
        IsOk = isOk;
        FailureOrigin = origin;
        _written = written;
        _parts = parts;
    }

    /// <summary>The step key.</summary>
    public string Key { get; }

    /// <summary>The whole entry as stored.</summary>
    public JsonElement Json => Read().Json;

    /// <summary>True for a successful step.</summary>
    public bool IsOk { get; }

    /// <summary>The stored value (ok) or error (failed); <see cref="JsonValueKind.Undefined"/> when the document left it out.</summary>
    public JsonElement Payload => Read().Payload;

    /// <summary>The stored <c>result.cause</c>, if any.</summary>
    public JsonElement? CauseJson => Read().Cause;

    /// <summary>For failed steps: whether the step returned an error or threw.</summary>
    public StepFailureOrigin? FailureOrigin { get; }

    /// <summary>The stored <c>meta.thrown</c> of a step that threw.</summary>
    public JsonElement? ThrownJson => Read().Thrown;

    /// <summary>
    /// The entry's JSON as UTF-8, for a store that writes it as text: the bytes this engine wrote (no copy, nothing parsed),
    /// or a copy of an entry read from a document.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ReadOnlyMemory<byte> Utf8Json => _written ?? JsonMarshal.GetRawUtf8Value(Json).ToArray();

    /// <summary>The entry's JSON as UTF-8 without a copy, for writing it into a document.</summary>
    internal ReadOnlySpan<byte> RawUtf8 => _written ?? JsonMarshal.GetRawUtf8Value(Read().Json);

    /// <summary>
    /// True when a re-run returns this entry instead of executing the step: successes and expected
    /// errors replay; a step that threw runs again so a transient failure can recover.
    /// </summary>
    public bool IsReplayable => IsOk || FailureOrigin != StepFailureOrigin.Throw;

    /// <summary>The stored cause rebuilt as an exception (see <see cref="PersistedCauseException"/>).</summary>
    public Exception? ReadCause() => CauseJson is { } cause ? Awaitly.CauseJson.Read(cause) : null;

    /// <summary>An entry for a step that produced <paramref name="value"/>.</summary>
    public static StepEntry Success(string key, JsonElement value) => Build(key, isOk: true, origin: null, writer =>
    {
        writer.WriteStartObject("result"u8);
        writer.WriteBoolean("ok"u8, true);
        writer.WritePropertyName("value"u8);
        value.WriteTo(writer);
        writer.WriteEndObject();
    });

    /// <summary>
    /// A successful step without a value (<c>{"result":{"ok":true}}</c>, what the TypeScript package stores for
    /// <c>undefined</c>): an operation that returns nothing, such as sending an e-mail.
    /// </summary>
    public static StepEntry SuccessWithoutValue(string key) => Build(key, isOk: true, origin: null, static writer =>
    {
        writer.WriteStartObject("result"u8);
        writer.WriteBoolean("ok"u8, true);
        writer.WriteEndObject();
    });

    /// <summary>An entry for a step that returned the expected error <paramref name="error"/>.</summary>
    public static StepEntry Failure(string key, JsonElement error, Exception? cause) => Build(key, isOk: false, StepFailureOrigin.Result, writer =>
    {
        writer.WriteStartObject("result"u8);
        writer.WriteBoolean("ok"u8, false);
        writer.WritePropertyName("error"u8);
        error.WriteTo(writer);
        if (cause is not null)
        {
            writer.WritePropertyName("cause"u8);
            Awaitly.CauseJson.Write(writer, cause);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("meta"u8);
        writer.WriteString("origin"u8, "result"u8);
        if (cause is not null)
        {
            writer.WritePropertyName("resultCause"u8);
            Awaitly.CauseJson.Write(writer, cause);
        }

        writer.WriteEndObject();
    });

    /// <summary>An entry recording that a step threw <paramref name="exception"/> (not replayed on resume).</summary>
    public static StepEntry Thrown(string key, Exception exception) => Build(key, isOk: false, StepFailureOrigin.Throw, writer =>
    {
        writer.WriteStartObject("result"u8);
        writer.WriteBoolean("ok"u8, false);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, ErrorCodes.UnexpectedError);
        writer.WriteString("message"u8, exception.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("meta"u8);
        writer.WriteString("origin"u8, "throw"u8);
        writer.WritePropertyName("thrown"u8);
        Awaitly.CauseJson.Write(writer, exception);
        writer.WriteEndObject();
    });

    internal static StepEntry Parse(string key, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("result"u8, out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(key, "has no \"result\" object");
        }

        if (!result.TryGetProperty("ok"u8, out var ok) || (ok.ValueKind != JsonValueKind.True && ok.ValueKind != JsonValueKind.False))
        {
            throw Invalid(key, "has no boolean \"result.ok\"");
        }

        var isOk = ok.ValueKind == JsonValueKind.True;
        result.TryGetProperty(isOk ? "value"u8 : "error"u8, out var payload);
        JsonElement? cause = !isOk && result.TryGetProperty("cause"u8, out var c) ? c : null;
        StepFailureOrigin? origin = null;
        JsonElement? thrown = null;
        if (json.TryGetProperty("meta"u8, out var meta) && meta.ValueKind == JsonValueKind.Object &&
            meta.TryGetProperty("origin"u8, out var originJson))
        {
            var named = originJson.ValueKind == JsonValueKind.String;
            origin = named && originJson.ValueEquals("throw"u8) ? StepFailureOrigin.Throw
                : named && originJson.ValueEquals("result"u8) ? StepFailureOrigin.Result
                : throw Invalid(key, $"has an unknown meta.origin {originJson.GetRawText()}");
            thrown = meta.TryGetProperty("thrown"u8, out var t) ? t : null;
        }

        if (!isOk)
        {
            origin ??= StepFailureOrigin.Result;
        }

        return new StepEntry(key, isOk, origin, written: null, new Parts(json, payload, cause, thrown));
    }

    private Parts Read() => _parts ?? ReadWritten();

    // Two readers may both parse; either result is the same JSON.
    private Parts ReadWritten()
    {
        var parts = Parse(Key, JsonElement.Parse(_written, StateJsonWriting.ReaderOptions)).Read();
        return Interlocked.CompareExchange(ref _parts, parts, null) ?? parts;
    }

    /// <summary>
    /// An entry for a step that produced <paramref name="value"/>, serialized straight into the entry (one pass, no
    /// intermediate element). Throws what the serializer throws for a value it cannot write.
    /// </summary>
    internal static StepEntry Success<T>(string key, T value, JsonTypeInfo<T> type)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteStartObject("result"u8);
        writer.WriteBoolean("ok"u8, true);
        writer.WritePropertyName("value"u8);
        JsonSerializer.Serialize(writer, value, type);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return new StepEntry(key, isOk: true, origin: null, scratch.ToArray(), parts: null);
    }

    private static StepEntry Build(string key, bool isOk, StepFailureOrigin? origin, Action<Utf8JsonWriter> writeBody)
    {
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStartObject();
        writeBody(scratch.Writer);
        scratch.Writer.WriteEndObject();
        return new StepEntry(key, isOk, origin, scratch.ToArray(), parts: null);
    }

    /// <summary>An entry's parsed JSON and the parts of it the engine reads.</summary>
    private sealed record Parts(JsonElement Json, JsonElement Payload, JsonElement? Cause, JsonElement? Thrown);

    private static WorkflowStateFormatException Invalid(string key, string what) =>
        new($"The stored entry for step '{key}' {what}.");
}
