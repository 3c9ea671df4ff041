using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Sql;

/// <summary>A statement with its bound arguments, for batches.</summary>
internal readonly record struct SqlStatement(string Sql, SqlArg[] Args);
