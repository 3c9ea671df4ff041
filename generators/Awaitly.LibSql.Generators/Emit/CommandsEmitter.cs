using System.Collections.Generic;
using System.Linq;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Generators.Emit;

/// <summary>
/// Emits typed statement helpers from the statement templates: one bind helper per statement that binds values (from its
/// template's parameter list, in <c>?N</c> order) and one read helper per statement that returns rows (from its row
/// description). The same helpers are emitted as the runtime's virtual <c>StoreCommands</c> members and as the overrides
/// of a declared store's <c>GeneratedCommands</c>.
/// </summary>
internal static class CommandsEmitter
{
    private const string Bound = "global::Awaitly.LibSql.Infrastructure.BoundStatement";

    /// <summary>A declared store's <c>GeneratedCommands</c>: overrides that bind its compile-time constants.</summary>
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
        Helpers(w, statements, "override", name => "Statements." + name, null);
        w.Close();
    }

    /// <summary>The runtime's virtual helpers, binding the SQL of its <c>StoreSql</c> (lock statements checked for a lock table).</summary>
    public static void Helpers(SourceWriter w, IReadOnlyList<StatementTemplate> statements, string modifier, System.Func<string, string> sqlOf, string? summary)
    {
        foreach (var statement in statements.Where(s => s.Parameters is not null))
        {
            var parameters = statement.Parameters!;
            var signature = string.Join(", ", parameters.Select(p => p.ClrType + " " + p.Name));
            w.Line();
            w.Line(summary is null ? "/// <inheritdoc />" : "/// <summary>Binds <see cref=\"StoreSql." + statement.Name + "\"/>.</summary>");
            w.Line("public " + modifier + " " + Bound + " " + statement.Name + "(" + signature + ") =>");
            w.Line("    new " + Bound + "(" + sqlOf(statement.Name) + string.Concat(parameters.Select(p => ", " + p.Name)) + ");");
            if (statement.Row is { } columns)
            {
                var type = columns.Count == 1 ? columns[0].ClrType : "(" + string.Join(", ", columns.Select(c => c.ClrType + " " + Pascal(c.Name))) + ")";
                var read = columns.Count == 1 ? Read(columns[0].Type, 0) : "(" + string.Join(", ", columns.Select((c, i) => Read(c.Type, i))) + ")";
                w.Line();
                w.Line(summary is null ? "/// <inheritdoc />" : "/// <summary>Reads a result row of <see cref=\"StoreSql." + statement.Name + "\"/>.</summary>");
                w.Line("public " + modifier + " " + type + " " + statement.Name + "Row(global::Awaitly.LibSql.Infrastructure.ISqlRow row) => " + read + ";");
            }
        }
    }

    private static string Read(SqlValueType type, int ordinal) => type switch
    {
        SqlValueType.Integer => "row.GetInt64(" + ordinal + ")",
        SqlValueType.Flag => "row.GetInt64(" + ordinal + ") != 0",
        SqlValueType.OptionalText => "row.IsNull(" + ordinal + ") ? null : row.GetString(" + ordinal + ")",
        SqlValueType.OptionalBlob => "row.IsNull(" + ordinal + ") ? null : row.GetBytes(" + ordinal + ")",
        _ => "row.GetString(" + ordinal + ")",
    };

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);
}
