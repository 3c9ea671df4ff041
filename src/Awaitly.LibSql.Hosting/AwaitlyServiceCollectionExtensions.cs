using Awaitly;
using Awaitly.LibSql;
using Awaitly.LibSql.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Awaitly stores in a host: options validated at start, the store opened and migrated once when the host starts,
/// registered as <see cref="IStatePersistence"/>, <see cref="IWorkflowLock"/> (with a lock) and its own type, disposed with the
/// host; plus the expired-row purge and the resumer of pending runs as hosted services. A named store is registered as keyed
/// services under its name (for example one store per tenant).
/// </summary>
public static class AwaitlyServiceCollectionExtensions
{
    /// <summary>Adds the default store, configured in code.</summary>
    public static AwaitlyBuilder AddAwaitlyLibSql(this IServiceCollection services, Action<AwaitlyLibSqlOptions>? configure = null) =>
        services.AddAwaitlyLibSql(Options.Options.DefaultName, configure);

    /// <summary>Adds the default store, bound from a configuration section (for example <c>builder.Configuration.GetSection("Awaitly")</c>).</summary>
    public static AwaitlyBuilder AddAwaitlyLibSql(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAwaitlyLibSql(Options.Options.DefaultName, configuration);

    /// <summary>Adds a store named <paramref name="name"/> (keyed services under that name), configured in code.</summary>
    public static AwaitlyBuilder AddAwaitlyLibSql(this IServiceCollection services, string name, Action<AwaitlyLibSqlOptions>? configure) =>
        Add(services, name, configure, null, static (options, ct) => LibSqlPersistence.OpenAsync(options, ct), json: null);

    /// <summary>Adds a store named <paramref name="name"/> (keyed services under that name), bound from configuration.</summary>
    public static AwaitlyBuilder AddAwaitlyLibSql(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, name, null, configuration, static (options, ct) => LibSqlPersistence.OpenAsync(options, ct), json: null);
    }

    /// <summary>Adds the default store as the <c>[AwaitlyStore]</c> class <typeparamref name="TStore"/> (its table, prefix, lock table and JSON).</summary>
    public static AwaitlyBuilder AddAwaitlyStore<TStore>(this IServiceCollection services, Action<AwaitlyLibSqlOptions>? configure = null)
        where TStore : LibSqlPersistence, IGeneratedStore<TStore> =>
        services.AddAwaitlyStore<TStore>(Options.Options.DefaultName, configure);

    /// <summary>Adds the default store as <typeparamref name="TStore"/>, bound from configuration.</summary>
    public static AwaitlyBuilder AddAwaitlyStore<TStore>(this IServiceCollection services, IConfiguration configuration)
        where TStore : LibSqlPersistence, IGeneratedStore<TStore> =>
        services.AddAwaitlyStore<TStore>(Options.Options.DefaultName, configuration);

    /// <summary>Adds a store named <paramref name="name"/> as <typeparamref name="TStore"/>, configured in code.</summary>
    public static AwaitlyBuilder AddAwaitlyStore<TStore>(this IServiceCollection services, string name, Action<AwaitlyLibSqlOptions>? configure)
        where TStore : LibSqlPersistence, IGeneratedStore<TStore> =>
        Add(services, name, configure, null, static (options, ct) => TStore.OpenAsync(options, ct), TStore.JsonResolver);

    /// <summary>Adds a store named <paramref name="name"/> as <typeparamref name="TStore"/>, bound from configuration.</summary>
    public static AwaitlyBuilder AddAwaitlyStore<TStore>(this IServiceCollection services, string name, IConfiguration configuration)
        where TStore : LibSqlPersistence, IGeneratedStore<TStore>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, name, null, configuration, static (options, ct) => TStore.OpenAsync(options, ct), TStore.JsonResolver);
    }

    private static AwaitlyBuilder Add<TStore>(IServiceCollection services, string name, Action<AwaitlyLibSqlOptions>? configure, IConfiguration? configuration,
        Func<LibSqlPersistenceOptions, CancellationToken, ValueTask<TStore>> open, System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? json)
        where TStore : LibSqlPersistence
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        if (services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(AwaitlyStoreHost)))
        {
            throw new InvalidOperationException($"{AwaitlyBuilder.Describe(name)} is already registered; give each store its own name.");
        }

        var optionsBuilder = services.AddOptions<AwaitlyLibSqlOptions>(name);
        if (configuration is not null)
        {
            optionsBuilder.Bind(configuration);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwaitlyLibSqlOptions>, AwaitlyLibSqlOptionsValidator>());

        services.AddKeyedSingleton(name, (sp, _) => new AwaitlyStoreHost<TStore>(name, sp.GetRequiredService<IOptionsMonitor<AwaitlyLibSqlOptions>>(),
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>(), open, json));
        services.AddKeyedSingleton<AwaitlyStoreHost>(name, (sp, _) => sp.GetRequiredKeyedService<AwaitlyStoreHost<TStore>>(name));
        // Hosted services start in registration order: the store opens before its purge and resume services run.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<AwaitlyStoreHost<TStore>>(name));
        services.AddSingleton<IHostedService>(sp => new AwaitlyPurgeService(sp.GetRequiredKeyedService<AwaitlyStoreHost>(name), sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IHostedService>(sp => new AwaitlyResumeService(sp.GetRequiredKeyedService<AwaitlyStoreHost>(name),
            [.. sp.GetServices<IResumableWorkflow>().Where(w => w.StoreName == name)], sp.GetService<ILoggerFactory>()));

        if (name.Length == 0)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<AwaitlyStoreHost<TStore>>(name).TypedStore);
            services.AddSingleton<IStatePersistence>(sp => sp.GetRequiredKeyedService<AwaitlyStoreHost>(name).Store);
            services.AddSingleton(sp => Lock(sp.GetRequiredKeyedService<AwaitlyStoreHost>(name)));
            if (typeof(TStore) != typeof(LibSqlPersistence))
            {
                services.AddSingleton(sp => sp.GetRequiredKeyedService<AwaitlyStoreHost>(name).Store);
            }
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<AwaitlyStoreHost<TStore>>(name).TypedStore);
            services.AddKeyedSingleton<IStatePersistence>(name, (sp, _) => sp.GetRequiredKeyedService<AwaitlyStoreHost>(name).Store);
            services.AddKeyedSingleton(name, (sp, _) => Lock(sp.GetRequiredKeyedService<AwaitlyStoreHost>(name)));
            if (typeof(TStore) != typeof(LibSqlPersistence))
            {
                services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<AwaitlyStoreHost>(name).Store);
            }
        }

        return new AwaitlyBuilder(services, name);
    }

    private static IWorkflowLock Lock(AwaitlyStoreHost host) => host.Store as IWorkflowLock ?? throw new InvalidOperationException(
        $"{host.Describe()} has no lease lock, so it is not an IWorkflowLock: set Lock = true in its options (or a LockTable in its [AwaitlyStore] declaration).");
}
