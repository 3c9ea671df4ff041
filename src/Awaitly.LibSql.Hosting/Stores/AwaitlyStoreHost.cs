using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Awaitly.LibSql.Hosting;

/// <summary>
/// Owns one hosted store: opens and migrates it when the host starts, hands it out afterwards, and disposes it with the
/// host's services. Resolving the store before the host has started is an <see cref="InvalidOperationException"/>.
/// </summary>
internal abstract class AwaitlyStoreHost : IHostedService, IAsyncDisposable
{
    private readonly IOptionsMonitor<AwaitlyLibSqlOptions> _options;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private LibSqlPersistence? _store;
    private int _disposed;

    protected AwaitlyStoreHost(string name, IOptionsMonitor<AwaitlyLibSqlOptions> options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        Name = name;
        _options = options;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name { get; }

    public ILoggerFactory? LoggerFactory { get; }

    public TimeProvider TimeProvider { get; }

    public AwaitlyLibSqlOptions Options => _options.Get(Name);

    /// <summary>The JSON metadata runs of this store use when their registration names none.</summary>
    public abstract IJsonTypeInfoResolver? Json { get; }

    public LibSqlPersistence Store => _store ?? throw new InvalidOperationException(
        $"{Describe()} is opened when the host starts and is not open yet: resolve it after IHost.StartAsync (or from a hosted service " +
        "registered after AddAwaitlyLibSql/AddAwaitlyStore), not while the host is being built.");

    public bool IsOpen => _store is not null;

    public string Describe() => Name.Length == 0 ? "The Awaitly store" : $"The Awaitly store '{Name}'";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _store ??= await OpenAsync(Options.ToPersistenceOptions(LoggerFactory, TimeProvider), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _opening.Release();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _opening.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_store is not null)
            {
                await _store.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _opening.Release();
            _opening.Dispose();
        }
    }

    protected abstract ValueTask<LibSqlPersistence> OpenAsync(LibSqlPersistenceOptions options, CancellationToken cancellationToken);
}

/// <summary>The host of a store of type <typeparamref name="TStore"/>.</summary>
internal sealed class AwaitlyStoreHost<TStore>(
    string name,
    IOptionsMonitor<AwaitlyLibSqlOptions> options,
    ILoggerFactory? loggerFactory,
    TimeProvider? timeProvider,
    Func<LibSqlPersistenceOptions, CancellationToken, ValueTask<TStore>> open,
    IJsonTypeInfoResolver? json) : AwaitlyStoreHost(name, options, loggerFactory, timeProvider)
    where TStore : LibSqlPersistence
{
    public override IJsonTypeInfoResolver? Json => json;

    public TStore TypedStore => (TStore)Store;

    protected override async ValueTask<LibSqlPersistence> OpenAsync(LibSqlPersistenceOptions persistenceOptions, CancellationToken cancellationToken) =>
        await open(persistenceOptions, cancellationToken).ConfigureAwait(false);
}
