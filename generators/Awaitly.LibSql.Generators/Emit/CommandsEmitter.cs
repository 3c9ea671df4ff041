using System.Collections.Generic;
using System.Linq;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Generators.Emit;

/// <summary>
/// Emits a store's typed statement helpers: a <c>StoreCommands</c> subclass with one bind helper per statement
/// that binds values (from its template's parameter list, in <c>?N</c> order) and one read helper per statement
/// that returns rows (from its template's row description).
/// </summary>
internal static class CommandsEmitter
{
    private const string Bound = "global::Awaitly.LibSql.Infrastructure.BoundStatement";

    public static void Emit(SourceWriter w, IReadOnlyList<StatementTemplate> statements)
    {
        w.Line("/// <summary>The typed bind and read helpers of this store's statements, over the constants in <see cref=\"Statements\"/>.</summary>");
        w.Open("public sealed class GeneratedCommands : global::Awaitly.LibSql.Infrastructure.StoreCommands");
        w.Line("/// <summary>The helpers (they hold no state).</summary>");
        w.Line("public static readonly GeneratedCommands Instance = new GeneratedCommands();");
        w.Line();
        w.Line("private GeneratedCommands()");
        w.Line("    : base(s_sql)");
        w.Line("{");
        w.Line("}");
        foreach (var statement in statements.Where(s => s.Parameters is not null))
        {
            var names = Split(statement.Parameters!).Select(p => p.Name);
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override " + Bound + " " + statement.Name + "(" + statement.Parameters + ") =>");
            w.Line("    new " + Bound + "(Statements." + statement.Name + string.Concat(names.Select(n => ", " + n)) + ");");
            if (statement.Row is not null)
            {
                var columns = Split(statement.Row);
                var type = columns.Count == 1 ? columns[0].Type : "(" + string.Join(", ", columns.Select(c => c.Type + " " + Pascal(c.Name))) + ")";
                var read = columns.Count == 1 ? Read(columns[0].Type, 0) : "(" + string.Join(", ", columns.Select((c, i) => Read(c.Type, i))) + ")";
                w.Line();
                w.Line("/// <inheritdoc />");
                w.Line("public override " + type + " " + statement.Name + "Row(global::Awaitly.LibSql.Infrastructure.ISqlRow row) => " + read + ";");
            }
        }

        w.Close();
    }

    private static List<(string Type, string Name)> Split(string list) =>
        list.Split(new[] { ',' }, System.StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim().Split(' '))
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    private static string Read(string type, int ordinal) => type switch
    {
        "string" => "row.GetString(" + ordinal + ")",
        "long" => "row.GetInt64(" + ordinal + ")",
        "bool" => "row.GetInt64(" + ordinal + ") != 0",
        _ => throw new System.InvalidOperationException("No reader for column type '" + type + "'."),
    };

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);
}
