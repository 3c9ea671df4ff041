namespace Awaitly.LibSql;

/// <summary>The kind of a bound SQL value.</summary>
internal enum SqlArgKind : byte
{
    Null,
    Text,
    Integer,
}

/// <summary>A value bound to a statement parameter (never spliced into SQL text).</summary>
internal readonly struct SqlArg
{
    private SqlArg(SqlArgKind kind, string? text, long integer)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
    }

    public static SqlArg Null => default;

    public SqlArgKind Kind { get; }

    public string? Text { get; }

    public long Integer { get; }

    public static implicit operator SqlArg(string? text) => text is null ? default : new SqlArg(SqlArgKind.Text, text, 0);

    public static implicit operator SqlArg(long integer) => new(SqlArgKind.Integer, null, integer);

    public override string ToString() => Kind switch
    {
        SqlArgKind.Text => "text",
        SqlArgKind.Integer => "integer",
        _ => "null",
    };
}
