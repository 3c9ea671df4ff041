using Awaitly.LibSql.Driver;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// A request waiting to go to a server whose calls are serialized (one shared connection, no streams). Whoever sends next
/// sends every waiting request in one pipeline, and each caller gets its own request's result.
/// </summary>
internal sealed class QueuedRequest(HranaRequest request) : QueuedItem
{
    private readonly TaskCompletionSource<HranaResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HranaRequest Request => request;

    public Task<HranaResult> Result => _done.Task;

    public void Complete(HranaResult result) => _done.TrySetResult(result);

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
