using Microsoft.Extensions.DependencyInjection;

namespace Awaitly.LibSql.Hosting;

/// <summary>
/// A workflow registered with <see cref="AwaitlyBuilder.AddWorkflow{TDeps, T}"/>: inject it to start or resume runs with the
/// registration's name, version and options. Each run resolves <typeparamref name="TDeps"/> from a new service scope.
/// </summary>
/// <typeparam name="TDeps">The workflow's dependencies, resolved from the container.</typeparam>
/// <typeparam name="T">The workflow's value.</typeparam>
public sealed class DurableWorkflow<TDeps, T> : IResumableWorkflow
    where TDeps : notnull
{
    private readonly Func<DurableContext<TDeps>, Task<T>> _definition;
    private readonly WorkflowRegistrationOptions _options;
    private readonly AwaitlyStoreHost _host;
    private readonly IServiceScopeFactory _scopes;

    internal DurableWorkflow(string name, Func<DurableContext<TDeps>, Task<T>> definition, WorkflowRegistrationOptions options, AwaitlyStoreHost host,
        IServiceScopeFactory scopes)
    {
        Name = name;
        _definition = definition;
        _options = options;
        _host = host;
        _scopes = scopes;
    }

    /// <summary>The registered name, stored in each state's metadata as <see cref="WorkflowMetadataKeys.Name"/>.</summary>
    public string Name { get; }

    /// <summary>The registered version.</summary>
    public int Version => _options.Version;

    /// <summary>The store the workflow runs on.</summary>
    public LibSqlPersistence Store => _host.Store;

    string IResumableWorkflow.StoreName => _host.Name;

    bool IResumableWorkflow.Resumes => _options.Resume;

    /// <summary>The options a run of <paramref name="workflowId"/> uses (for <see cref="Durable.RunAsync"/> directly, or to adjust with <c>with</c>).</summary>
    public DurableOptions RunOptions(string workflowId) => new()
    {
        Id = workflowId,
        Store = _host.Store,
        Name = Name,
        Version = _options.Version,
        RecordOutcome = true,
        OnVersionMismatch = _options.OnVersionMismatch,
        LockTtl = _options.LockTtl,
        HeartbeatInterval = _options.HeartbeatInterval,
        Json = _options.Json ?? _host.Json,
        OnPersistFailure = _options.OnPersistFailure,
        OnEvent = _options.OnEvent,
        LoggerFactory = _host.LoggerFactory,
        TimeProvider = _host.TimeProvider,
    };

    /// <summary>Starts the run of <paramref name="workflowId"/>, or resumes it from its stored steps.</summary>
    public Task<Result<T, WorkflowError>> RunAsync(string workflowId, CancellationToken cancellationToken = default) =>
        RunAsync(RunOptions(workflowId), cancellationToken);

    /// <summary>Runs with <paramref name="options"/> (usually <see cref="RunOptions"/> adjusted with <c>with</c>).</summary>
    public async Task<Result<T, WorkflowError>> RunAsync(DurableOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            TDeps deps;
            try
            {
                deps = scope.ServiceProvider.GetRequiredService<TDeps>();
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(
                    $"The workflow '{Name}' needs {typeof(TDeps).Name} from the container; register it (for example services.AddScoped<{typeof(TDeps).Name}>()).", ex);
            }

            return await Durable.RunAsync(deps, _definition, options, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task<WorkflowError?> IResumableWorkflow.ResumeAsync(string workflowId, CancellationToken cancellationToken) =>
        (await RunAsync(workflowId, cancellationToken).ConfigureAwait(false)).Error;
}
