using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Driver;

/// <summary>Runs the statements a <see cref="StoreCommands"/> bind helper returns.</summary>
internal static class BoundStatementExecution
{
    public static ValueTask<int> ExecuteAsync(this ISqlSession session, in BoundStatement statement, CancellationToken cancellationToken) =>
        session.ExecuteAsync(statement.Sql, statement.Args, cancellationToken);

    public static ValueTask<int> ExecuteIdempotentAsync(this ISqlDriver driver, in BoundStatement statement, CancellationToken cancellationToken) =>
        driver.ExecuteIdempotentAsync(statement.Sql, statement.Args, cancellationToken);

    public static ValueTask<List<T>> ExecuteReturningAsync<T>(this ISqlSession session, in BoundStatement statement, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        session.ExecuteReturningAsync(statement.Sql, statement.Args, map, cancellationToken);

    public static ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(this ISqlSession session, in BoundStatement statement, Func<ISqlRow, T> map,
        CancellationToken cancellationToken) =>
        session.ReadFirstAsync(statement.Sql, statement.Args, map, cancellationToken);

    public static ValueTask<List<T>> ReadAsync<T>(this ISqlSession session, in BoundStatement statement, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        session.ReadAsync(statement.Sql, statement.Args, map, cancellationToken);
}
