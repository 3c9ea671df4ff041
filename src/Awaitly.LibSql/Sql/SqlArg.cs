using System.ComponentModel;

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

/// <summary>A value bound to a statement parameter (never spliced into SQL text): text, an integer or NULL.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SqlArg : IEquatable<SqlArg>
{
    private SqlArg(SqlArgKind kind, string? text, long integer)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
    }

    /// <summary>SQL NULL.</summary>
    public static SqlArg Null => default;

    /// <summary>What the value is.</summary>
    public SqlArgKind Kind { get; }

    /// <summary>The text, when <see cref="Kind"/> is <see cref="SqlArgKind.Text"/>.</summary>
    public string? Text { get; }

    /// <summary>The integer, when <see cref="Kind"/> is <see cref="SqlArgKind.Integer"/>.</summary>
    public long Integer { get; }

    /// <summary>Text, or NULL for <see langword="null"/>.</summary>
    public static implicit operator SqlArg(string? text) => text is null ? default : new SqlArg(SqlArgKind.Text, text, 0);

    /// <summary>An integer.</summary>
    public static implicit operator SqlArg(long integer) => new(SqlArgKind.Integer, null, integer);

    /// <summary>Equal kind and value.</summary>
    public static bool operator ==(SqlArg left, SqlArg right) => left.Equals(right);

    /// <summary>Different kind or value.</summary>
    public static bool operator !=(SqlArg left, SqlArg right) => !left.Equals(right);

    /// <inheritdoc />
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
