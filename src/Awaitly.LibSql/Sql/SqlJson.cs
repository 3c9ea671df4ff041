using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// JSON text for a statement parameter, bound as UTF-8 without making a string: the raw bytes of a <see cref="JsonElement"/>,
/// or UTF-8 JSON already written (a step's entry or a checkpoint's metadata as the engine wrote them, so nothing is parsed).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SqlJson
{
    private readonly SqlArg _arg;

    private SqlJson(SqlArg arg) => _arg = arg;

    /// <summary>The raw JSON of <paramref name="json"/>, bound from its UTF-8 bytes (which the element must keep alive until the statement ran).</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is the default element, which holds no JSON.</exception>
    public static implicit operator SqlJson(JsonElement json) => new(json);

    /// <summary>UTF-8 JSON text, bound as it is (not checked here: SQLite's <c>json()</c> refuses text that is not JSON).</summary>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is empty.</exception>
    public static SqlJson FromUtf8(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw new ArgumentException("JSON text needs at least one byte; this one is empty.", nameof(utf8Json));
        }

        // The bytes are kept as they are when they are a whole array (as the engine's are); otherwise copied once.
        var bytes = MemoryMarshal.TryGetArray(utf8Json, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : utf8Json.ToArray();
        return new(SqlArg.Utf8Json(bytes));
    }

    /// <summary>The value as a statement argument.</summary>
    /// <exception cref="ArgumentException">This is the default value, which holds no JSON.</exception>
    public static implicit operator SqlArg(SqlJson json) => json._arg.Kind == SqlArgKind.Text
        ? json._arg
        : throw new ArgumentException("A JSON argument needs JSON text; this one is the default value, which holds none.", nameof(json));
}
