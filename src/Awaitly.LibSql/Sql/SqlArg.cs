using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>The kind of a bound SQL value.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum SqlArgKind : byte
{
    /// <summary>SQL NULL.</summary>
    Null,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A 64-bit integer.</summary>
    Integer,
}

/// <summary>
/// A value bound to a statement parameter (never spliced into SQL text): text, an integer or NULL. Text is a string, or JSON
/// text (the raw JSON of a <see cref="JsonElement"/>, or UTF-8 JSON written before, see <see cref="SqlJson"/>), which the
/// drivers bind from its UTF-8 bytes without making a string.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SqlArg : IEquatable<SqlArg>
{
    // A string, or for JSON text a boxed JsonElement (one small box per JSON argument keeps every argument 24 bytes) or the
    // UTF-8 bytes of JSON written before (never changed once bound).
    private readonly object? _text;

    private SqlArg(SqlArgKind kind, object? text, long integer)
    {
        Kind = kind;
        _text = text;
        Integer = integer;
    }

    /// <summary>SQL NULL.</summary>
    public static SqlArg Null => default;

    /// <summary>What the value is.</summary>
    public SqlArgKind Kind { get; }

    /// <summary>The text, when <see cref="Kind"/> is <see cref="SqlArgKind.Text"/> (made from the JSON for JSON text).</summary>
    public string? Text => _text switch
    {
        JsonElement json => json.GetRawText(),
        byte[] utf8 => System.Text.Encoding.UTF8.GetString(utf8),
        var text => (string?)text,
    };

    /// <summary>The integer, when <see cref="Kind"/> is <see cref="SqlArgKind.Integer"/>.</summary>
    public long Integer { get; }

    /// <summary>Text, or NULL for <see langword="null"/>.</summary>
    public static implicit operator SqlArg(string? text) => text is null ? default : new SqlArg(SqlArgKind.Text, text, 0);

    /// <summary>An integer.</summary>
    public static implicit operator SqlArg(long integer) => new(SqlArgKind.Integer, null, integer);

    /// <summary>Text: the raw JSON of <paramref name="json"/>, bound from its UTF-8 bytes (which the element must keep alive until the statement ran).</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is the default element, which holds no JSON.</exception>
    public static implicit operator SqlArg(JsonElement json) => json.ValueKind == JsonValueKind.Undefined
        ? throw new ArgumentException("A JSON argument needs an element that holds JSON; this one is the default (undefined) element.", nameof(json))
        : new SqlArg(SqlArgKind.Text, json, 0);

    /// <summary>JSON text given as UTF-8 bytes (see <see cref="SqlJson.FromUtf8"/>).</summary>
    internal static SqlArg Utf8Json(byte[] utf8) => new(SqlArgKind.Text, utf8, 0);

    /// <summary>The UTF-8 bytes of JSON text, without making a string; false for a string, an integer or NULL.</summary>
    internal bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        switch (_text)
        {
            case JsonElement json:
                utf8 = JsonMarshal.GetRawUtf8Value(json);
                return true;
            case byte[] bytes:
                utf8 = bytes;
                return true;
            default:
                utf8 = default;
                return false;
        }
    }

    /// <summary>Equal kind and value.</summary>
    public static bool operator ==(SqlArg left, SqlArg right) => left.Equals(right);

    /// <summary>Different kind or value.</summary>
    public static bool operator !=(SqlArg left, SqlArg right) => !left.Equals(right);

    /// <summary>Equal kind and bound value (JSON text equals the string it would be bound as).</summary>
    public bool Equals(SqlArg other) => Kind == other.Kind && Integer == other.Integer && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SqlArg other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Text, Integer);

    /// <summary>The kind only: bound values can be secrets, so they never reach messages or logs through this.</summary>
    public override string ToString() => Kind switch
    {
        SqlArgKind.Text => "text",
        SqlArgKind.Integer => "integer",
        _ => "null",
    };
}
