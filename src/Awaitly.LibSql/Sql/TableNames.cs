namespace Awaitly.LibSql.Sql;

/// <summary>Turns an invalid table name into a <see cref="LibSqlConfigurationException"/>.</summary>
internal static class TableNames
{
    public static void Validate(string? name, string option)
    {
        if (SqlIdentifier.Problem(name) is { } problem)
        {
            throw new LibSqlConfigurationException(
                $"Invalid table name '{name}' for {option}: {problem}. Use a name like 'awaitly_workflow_state' (^[A-Za-z_][A-Za-z0-9_]*$, not an SQL keyword).");
        }
    }
}
