namespace Awaitly;

/// <summary>
/// What a durable workflow body receives: its dependencies and the step functions. Each durable step
/// is stored under its key (the step id unless <c>key</c> is given) when it completes, and a re-run
/// of the same workflow id returns the stored outcome instead of executing the step again.
/// Operations return <see cref="Task{TResult}"/> (wrap a <see cref="ValueTask{TResult}"/> with <c>AsTask()</c>)
/// or a value; an async lambda would be ambiguous between the two task types.
/// </summary>
/// <typeparam name="TDeps">The dependencies' type.</typeparam>
public sealed class DurableContext<TDeps>
{
    private readonly WorkflowRun _run;

    internal DurableContext(TDeps deps, WorkflowRun run)
    {
        Deps = deps;
        _run = run;
    }

    /// <summary>The dependencies passed to <see cref="Durable.RunAsync{TDeps, T}"/>.</summary>
    public TDeps Deps { get; }

    /// <summary>The durable id.</summary>
    public string WorkflowId => _run.WorkflowId;

    /// <summary>Cancelled when the caller cancels or the run loses its lease; pass it to operations.</summary>
    public CancellationToken CancellationToken => _run.Token;

    /// <summary>The last step that completed or was replayed.</summary>
    public string? LastStepKey => _run.LastStepKey;

    /// <summary>Runs a step whose operation returns a result; an error result ends the workflow with <see cref="ExpectedError"/>.</summary>
    public ValueTask<T> Step<T, TError>(string id, Func<Task<Result<T, TError>>> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync(id, key, options, operation, static (op, _) => new ValueTask<Result<T, TError>>(((Func<Task<Result<T, TError>>>)op)()));
    }

    /// <summary>Runs a step whose operation takes the run's cancellation token and returns a result.</summary>
    public ValueTask<T> Step<T, TError>(string id, Func<CancellationToken, Task<Result<T, TError>>> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync(id, key, options, operation,
            static (op, token) => new ValueTask<Result<T, TError>>(((Func<CancellationToken, Task<Result<T, TError>>>)op)(token)));
    }

    /// <summary>Runs a step whose operation returns a result synchronously.</summary>
    public ValueTask<T> Step<T, TError>(string id, Func<Result<T, TError>> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync(id, key, options, operation, static (op, _) => new ValueTask<Result<T, TError>>(((Func<Result<T, TError>>)op)()));
    }

    /// <summary>Runs a step whose operation returns a plain value; an exception ends the workflow with <see cref="UnexpectedError"/>.</summary>
    public ValueTask<T> Step<T>(string id, Func<Task<T>> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync<T, NoError>(id, key, options, operation,
            static async (op, _) => Result<T, NoError>.Success(await ((Func<Task<T>>)op)().ConfigureAwait(false)));
    }

    /// <summary>Runs a step whose operation takes the run's cancellation token and returns a plain value.</summary>
    public ValueTask<T> Step<T>(string id, Func<CancellationToken, Task<T>> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync<T, NoError>(id, key, options, operation,
            static async (op, token) => Result<T, NoError>.Success(await ((Func<CancellationToken, Task<T>>)op)(token).ConfigureAwait(false)));
    }

    /// <summary>Runs a step whose operation returns a plain value synchronously.</summary>
    public ValueTask<T> Step<T>(string id, Func<T> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _run.StepAsync<T, NoError>(id, key, options, operation,
            static (op, _) => new ValueTask<Result<T, NoError>>(Result<T, NoError>.Success(((Func<T>)op)())));
    }

    /// <summary>
    /// Runs a step whose operation returns nothing (for example, sends an e-mail). It is stored as done, without a value
    /// (<c>{"result":{"ok":true}}</c>, as the TypeScript package stores <c>undefined</c>), and a re-run skips it.
    /// </summary>
    public async ValueTask Step(string id, Func<Task> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _run.StepAsync(id, key, options, operation, static async (op, _) =>
        {
            await ((Func<Task>)op)().ConfigureAwait(false);
            return Result<NoValue, NoError>.Success(default);
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a step whose operation takes the run's cancellation token and returns nothing.</summary>
    public async ValueTask Step(string id, Func<CancellationToken, Task> operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _run.StepAsync(id, key, options, operation, static async (op, token) =>
        {
            await ((Func<CancellationToken, Task>)op)(token).ConfigureAwait(false);
            return Result<NoValue, NoError>.Success(default);
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a step whose operation returns nothing, synchronously.</summary>
    public async ValueTask Step(string id, Action operation, string? key = null, StepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _run.StepAsync(id, key, options, operation, static (op, _) =>
        {
            ((Action)op)();
            return new ValueTask<Result<NoValue, NoError>>(Result<NoValue, NoError>.Success(default));
        }).ConfigureAwait(false);
    }
}
