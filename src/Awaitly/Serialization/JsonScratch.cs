using System.Buffers;
using System.Text.Json;

namespace Awaitly;

/// <summary>
/// A writer and buffer reused by the documents a thread builds one at a time (a step's entry, a checkpoint's metadata):
/// writing costs only the finished element. Not for use across an await.
/// </summary>
internal sealed class JsonScratch
{
    // A buffer grown past this by one large document is let go rather than kept for the thread's lifetime.
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? _current;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    private JsonScratch() => _writer = new Utf8JsonWriter(_buffer, StateJsonWriting.WriterOptions);

    /// <summary>The thread's scratch, reset, with its writer ready for a new document.</summary>
    public static Utf8JsonWriter Start()
    {
        var scratch = _current ??= new JsonScratch();
        scratch._buffer.ResetWrittenCount();
        scratch._writer.Reset(scratch._buffer);
        return scratch._writer;
    }

    /// <summary>The document written since <see cref="Start"/>, as an element that owns its bytes.</summary>
    public static JsonElement Finish()
    {
        var scratch = _current!;
        scratch._writer.Flush();
        var element = JsonElement.Parse(scratch._buffer.WrittenSpan);
        if (scratch._buffer.Capacity > KeptCapacity)
        {
            _current = null;
        }

        return element;
    }

    /// <summary>Drops the thread's scratch after a write that failed midway.</summary>
    public static void Abandon() => _current = null;
}
