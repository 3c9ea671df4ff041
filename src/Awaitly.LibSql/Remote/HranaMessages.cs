using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Remote;

/// <summary>One statement as sent: SQL and positional arguments.</summary>
internal sealed record HranaStatement(string Sql, SqlArg[] Args);

/// <summary>A batch step's condition: run only if the given earlier step succeeded (or, negated, did not).</summary>
internal sealed record HranaCondition(int Step, bool Negate);

/// <summary>One step of a batch.</summary>
internal sealed record HranaStep(HranaStatement Statement, HranaCondition? Condition);

/// <summary>A stream request of a pipeline.</summary>
internal abstract record HranaRequest(string Type);

internal sealed record HranaExecute(HranaStatement Statement) : HranaRequest("execute");

internal sealed record HranaBatch(IReadOnlyList<HranaStep> Steps) : HranaRequest("batch");

/// <summary>A pipeline to send: the stream's baton and URL, its requests, and whether to close the stream after them.</summary>
internal sealed record HranaPipeline(string? Baton, Uri? Url, IReadOnlyList<HranaRequest> Requests, bool Close);

/// <summary>An error reported by the server for a request or a batch step.</summary>
internal sealed record HranaError(string Message, string? Code);

/// <summary>A statement's result: its rows as values and the affected-row count the server reported.</summary>
internal sealed record HranaRows(List<object?[]> Rows, int ColumnCount, long AffectedRowCount)
{
    /// <summary>The rows returned (RETURNING, SELECT), else the count the server reported.</summary>
    public int Count => ColumnCount > 0 ? Rows.Count : (int)AffectedRowCount;

    public (bool Found, T Value) First<T>(Func<ISqlRow, T> map) =>
        Rows.Count == 0 ? (false, default!) : (true, map(new ValuesRow(Rows[0])));

    public List<T> All<T>(Func<ISqlRow, T> map) => [.. Rows.Select(row => map(new ValuesRow(row)))];
}

/// <summary>The outcome of one request: a statement result, batch step results, or an error.</summary>
internal sealed record HranaResult(HranaError? Error, HranaRows? Execute, IReadOnlyList<HranaRows?>? StepResults, IReadOnlyList<HranaError?>? StepErrors);

/// <summary>A pipeline's response.</summary>
internal sealed record HranaResponse(string? Baton, string? BaseUrl, IReadOnlyList<HranaResult> Results);
