using Microsoft.Extensions.DependencyInjection;

namespace Awaitly.LibSql.Hosting;

/// <summary>Adds workflows to a hosted store registered with <c>AddAwaitlyLibSql</c> or <c>AddAwaitlyStore</c>.</summary>
public sealed class AwaitlyBuilder
{
    internal AwaitlyBuilder(IServiceCollection services, string storeName)
    {
        Services = services;
        StoreName = storeName;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The store's name: empty for the default store, else its service key.</summary>
    public string StoreName { get; }

    /// <summary>
    /// Registers a workflow by name on this store: <see cref="DurableWorkflow{TDeps, T}"/> is injectable (also as a keyed service
    /// under <paramref name="name"/>), its runs record <paramref name="name"/> in their metadata, and, with
    /// <see cref="AwaitlyResumeOptions.Enabled"/>, their interrupted runs are resumed.
    /// </summary>
    /// <param name="name">The workflow's name (for example <c>checkout</c>), unique per store.</param>
    /// <param name="definition">The workflow body.</param>
    /// <param name="configure">Version, lease and JSON settings.</param>
    public AwaitlyBuilder AddWorkflow<TDeps, T>(string name, Func<DurableContext<TDeps>, Task<T>> definition, Action<WorkflowRegistrationOptions>? configure = null)
        where TDeps : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(definition);
        var options = new WorkflowRegistrationOptions();
        configure?.Invoke(options);
        if (options.Version < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.Version, $"The version of workflow '{name}' must be 0 or more.");
        }

        try
        {
            new DurableOptions { Id = name, LockTtl = options.LockTtl, HeartbeatInterval = options.HeartbeatInterval }.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Workflow '{name}' is misconfigured: {ex.Message}", nameof(configure), ex);
        }

        var key = WorkflowKey(StoreName, name);
        if (Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, key) && d.ServiceType == typeof(IResumableWorkflow)))
        {
            throw new InvalidOperationException($"A workflow named '{name}' is already registered on {Describe(StoreName)}; workflow names are unique per store.");
        }

        var storeName = StoreName;
        Services.AddKeyedSingleton(key, (sp, _) => new DurableWorkflow<TDeps, T>(name, definition, options,
            sp.GetRequiredKeyedService<AwaitlyStoreHost>(storeName), sp.GetRequiredService<IServiceScopeFactory>()));
        Services.AddKeyedSingleton<IResumableWorkflow>(key, (sp, k) => sp.GetRequiredKeyedService<DurableWorkflow<TDeps, T>>(k));
        Services.AddSingleton<IResumableWorkflow>(sp => sp.GetRequiredKeyedService<DurableWorkflow<TDeps, T>>(key));
        Services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<DurableWorkflow<TDeps, T>>(key));
        Services.AddSingleton(sp => sp.GetRequiredKeyedService<DurableWorkflow<TDeps, T>>(key));
        return this;
    }

    internal static string WorkflowKey(string storeName, string name) => "awaitly:workflow:" + storeName + ":" + name;

    internal static string Describe(string storeName) => storeName.Length == 0 ? "the default Awaitly store" : $"the Awaitly store '{storeName}'";
}
