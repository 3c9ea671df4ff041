// Shared with the source generator (linked into generators/Awaitly.LibSql.Generators); keep it
// netstandard2.0-compatible and free of other dependencies.
#pragma warning disable IDE0005 // Needed where the generator compiles this file (it has no implicit usings).
using System.Collections.Generic;
#pragma warning restore IDE0005

namespace Awaitly.LibSql.Sql;

/// <summary>The type of a bound value or a result column.</summary>
internal enum SqlValueType
{
    /// <summary>Text (<c>string</c>).</summary>
    Text,

    /// <summary>Text or NULL (<c>string?</c>).</summary>
    OptionalText,

    /// <summary>An integer (<c>long</c>).</summary>
    Integer,

    /// <summary>An integer read as a flag (<c>bool</c>, non-zero is true).</summary>
    Flag,

    /// <summary>A BLOB or NULL, read as its bytes (<c>byte[]?</c>; a result column only).</summary>
    OptionalBlob,

    /// <summary>JSON text bound from its UTF-8 bytes (<c>SqlJson</c>: an element's, or JSON written before; a bind parameter only, read back as text).</summary>
    Json,
}

/// <summary>A named, typed value: a bind parameter or a result column of a statement.</summary>
internal readonly struct SqlValue
{
    public SqlValue(string name, SqlValueType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public SqlValueType Type { get; }

    /// <summary>The C# type the typed helpers use for it.</summary>
    public string ClrType => Type switch
    {
        SqlValueType.Text => "string",
        SqlValueType.OptionalText => "string?",
        SqlValueType.Integer => "long",
        SqlValueType.Json => "global::Awaitly.LibSql.Infrastructure.SqlJson",
        SqlValueType.OptionalBlob => "byte[]?",
        _ => "bool",
    };
}

/// <summary>
/// One statement of a store, as data: its name, its SQL text, its bind parameters in <c>?1</c>, <c>?2</c>, … order and
/// the columns of its result rows. The runtime and the generator derive every helper of the statement from this.
/// </summary>
internal sealed class StatementTemplate
{
    /// <summary>Describes one statement.</summary>
    public StatementTemplate(string name, string sql, IReadOnlyList<SqlValue>? parameters, IReadOnlyList<SqlValue>? row = null)
    {
        Name = name;
        Sql = sql;
        Parameters = parameters;
        Row = row;
    }

    /// <summary>The statement's name (a C# identifier).</summary>
    public string Name { get; }

    /// <summary>The SQL text, identifiers quoted, values as positional parameters.</summary>
    public string Sql { get; }

    /// <summary>The bind parameters (empty when it binds nothing), or <see langword="null"/> for schema statements, which have no bind helper.</summary>
    public IReadOnlyList<SqlValue>? Parameters { get; }

    /// <summary>The columns a result row is read as, or <see langword="null"/> when only the presence or number of rows matters.</summary>
    public IReadOnlyList<SqlValue>? Row { get; }
}
