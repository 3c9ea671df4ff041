// Shared with the source generator (linked into generators/Awaitly.LibSql.Generators); keep it
// netstandard2.0-compatible and free of other dependencies.
namespace Awaitly.LibSql.Sql;

/// <summary>
/// One statement of a store: its SQL text and the shape of its typed helpers. <see cref="Parameters"/> is the
/// C# parameter list of the statement's bind helper, in <c>?1</c>, <c>?2</c>, … order; <see cref="Row"/> the
/// C# parameter list of the columns its read helper returns, in column order.
/// </summary>
internal sealed class StatementTemplate
{
    /// <summary>Describes one statement.</summary>
    public StatementTemplate(string name, string sql, string? parameters, string? row = null)
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

    /// <summary>
    /// The bind helper's parameters (<c>"string key, string now"</c>; empty when it binds nothing), or
    /// <see langword="null"/> for schema statements, which have no bind helper.
    /// </summary>
    public string? Parameters { get; }

    /// <summary>
    /// The columns a result row is read as (<c>"string value"</c>, <c>"string ownerToken, long fence"</c>), or
    /// <see langword="null"/> when only the presence or number of rows matters.
    /// </summary>
    public string? Row { get; }
}
