using System.Buffers;
using System.Text.Json;

namespace Awaitly;

/// <summary>
/// A writer and buffer a thread reuses for the small documents it builds one at a time (a step's entry, a checkpoint's
/// metadata), so writing one costs only the finished element. Rent, write, <see cref="ToElement"/>, dispose; a document
/// written while another is (a converter that builds an entry) gets a scratch of its own. Not for use across an await.
/// </summary>
internal sealed class JsonScratch : IDisposable
{
    // A buffer grown past this by one large document is let go rather than kept for the thread's lifetime.
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? _idle;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    private JsonScratch() => Writer = new Utf8JsonWriter(_buffer, StateJsonWriting.WriterOptions);

    public Utf8JsonWriter Writer { get; }

    /// <summary>The thread's idle scratch (or a new one), empty, its writer reset.</summary>
    public static JsonScratch Rent()
    {
        var scratch = _idle ?? new JsonScratch();
        _idle = null;
        scratch._buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch._buffer);
        return scratch;
    }

    /// <summary>The document written, as UTF-8 bytes of its own.</summary>
    public byte[] ToArray()
    {
        Writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>The document written, as an element that owns its bytes.</summary>
    public JsonElement ToElement()
    {
        Writer.Flush();
        return JsonElement.Parse(_buffer.WrittenSpan, StateJsonWriting.ReaderOptions);
    }

    /// <summary>Keeps the scratch for the thread's next document, unless one large document grew it.</summary>
    public void Dispose()
    {
        if (_buffer.Capacity <= KeptCapacity)
        {
            _idle = this;
        }
    }
}
