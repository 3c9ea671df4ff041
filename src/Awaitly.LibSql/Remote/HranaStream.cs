using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// An interactive transaction on one server stream: requests are sent one after another with the latest
/// baton, to the stream's <c>base_url</c> when the server names one. A stream the server drops in the
/// middle is an error (never silently a new transaction), except on servers without streams.
/// </summary>
internal sealed class HranaStream(HranaClient client) : ISqlSession
{
    private string? _baton;
    private Uri? _url;

    public async Task BeginAsync(CancellationToken cancellationToken) =>
        await RunAsync(new HranaStatement("BEGIN IMMEDIATE", []), close: false, cancellationToken).ConfigureAwait(false);

    public async Task CommitAsync(CancellationToken cancellationToken) =>
        await RunAsync(new HranaStatement("COMMIT", []), close: true, cancellationToken).ConfigureAwait(false);

    public async Task RollbackAsync()
    {
        try
        {
            await RunAsync(new HranaStatement("ROLLBACK", []), close: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LibSqlException)
        {
            // The server ends an abandoned stream (and rolls it back) on its own.
        }
    }

    public ValueTask<int> ExecuteAsync(string sql, ReadOnlySpan<SqlArg> args, CancellationToken cancellationToken)
    {
        var statement = HranaDriver.Statement(sql, args);
        return Count(statement, cancellationToken);
    }

    public ValueTask<List<T>> ExecuteReturningAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        ReadAsync(sql, args, map, cancellationToken);

    public ValueTask<(bool Found, T Value)> ReadFirstAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        var statement = HranaDriver.Statement(sql, args);
        return First(statement, map, cancellationToken);
    }

    public ValueTask<List<T>> ReadAsync<T>(string sql, ReadOnlySpan<SqlArg> args, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        var statement = HranaDriver.Statement(sql, args);
        return All(statement, map, cancellationToken);
    }

    private async ValueTask<int> Count(HranaStatement statement, CancellationToken cancellationToken) =>
        (await RunAsync(statement, close: false, cancellationToken).ConfigureAwait(false)).Count;

    private async ValueTask<(bool, T)> First<T>(HranaStatement statement, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        (await RunAsync(statement, close: false, cancellationToken).ConfigureAwait(false)).First(map);

    private async ValueTask<List<T>> All<T>(HranaStatement statement, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        (await RunAsync(statement, close: false, cancellationToken).ConfigureAwait(false)).All(map);

    private async Task<HranaRows> RunAsync(HranaStatement statement, bool close, CancellationToken cancellationToken)
    {
        var opening = _baton is null && _url is null;
        var response = await client.SendAsync(new HranaPipeline(_baton, _url, [new HranaExecute(statement)], close), "transaction",
            retryable: false, cancellationToken).ConfigureAwait(false);
        if (!close)
        {
            if (response.Baton is null && !client.StreamsUnsupported)
            {
                throw LibSqlException.Remote(LibSqlErrorCodes.StreamClosed,
                    $"The libSQL server closed the stream {(opening ? "it opened for" : "in the middle of")} a transaction; nothing was committed. Retry the operation.",
                        "transaction");
            }

            _baton = response.Baton;
            if (response.BaseUrl is { } baseUrl)
            {
                _url = client.PipelineUrlFor(baseUrl);
            }
        }

        return HranaDriver.Rows(response.Results[0], "transaction");
    }
}
