using System.Reflection;
using System.Text.Json;
using Awaitly.TestServers;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The remote driver against the test server (npm <c>tursodb</c> on 127.0.0.1, started by the setup): time per
/// operation, and HTTP requests per operation, counted by the handler under the client and written to
/// <c>BenchmarkDotNet.Artifacts/remote-round-trips.txt</c> (requests / operations over every invocation).
/// </summary>
[MemoryDiagnoser]
public class RemoteBenchmarks
{
    private static readonly string Value = new('x', 1024);
    private TursoProcess _server = null!;
    private CountingHandler _handler = null!;
    private LibSqlLockingPersistence _store = null!;
    private StepEntry _step = null!;
    private JsonElement _metadata;
    private string _operation = "";
    private string _root = "";
    private long _operations;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = typeof(RemoteBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        _server = await TursoProcess.StartAsync(_root);
        _handler = new CountingHandler();
        _store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = _server.Url,
            Lock = new LibSqlLockOptions(),
            Remote = new LibSqlRemoteOptions { Handler = _handler },
        });
        await _store.KeyValueStore.SetAsync("hit", Value);
        var value = JsonSerializer.SerializeToElement(new string('v', 170), BenchJson.Default.String);
        var steps = Enumerable.Range(1, 10).Select(i => StepEntry.Success($"step-{i:0000}", value)).ToList();
        _metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["lastStepKey"] = "step-0010" }, BenchJson.Default.DictionaryStringString);
        await _store.SaveAsync("checkpoint", new WorkflowState(steps, _metadata));
        _step = steps[^1];
        _handler.Requests = 0;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        var line = $"{_operation}\t{_handler.Requests} requests / {_operations} operations = {(double)_handler.Requests / Math.Max(1, _operations):F3}{Environment.NewLine}";
        var artifacts = Path.Combine(_root, "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(artifacts);
        await File.AppendAllTextAsync(Path.Combine(artifacts, "remote-round-trips.txt"), line);
        await _store.DisposeAsync();
        await _server.DisposeAsync();
        _handler.Dispose();
    }

    [Benchmark]
    public ValueTask<string?> RemoteGetHit()
    {
        Count(nameof(RemoteGetHit));
        return _store.KeyValueStore.GetAsync("hit");
    }

    [Benchmark]
    public ValueTask RemoteSetOverwrite()
    {
        Count(nameof(RemoteSetOverwrite));
        return _store.KeyValueStore.SetAsync("hit", Value);
    }

    [Benchmark]
    public ValueTask<bool> RemoteCheckpoint()
    {
        Count(nameof(RemoteCheckpoint));
        return _store.SaveStepAsync("checkpoint", _step, _metadata);
    }

    [Benchmark]
    public async Task<bool> RemoteAcquireRelease()
    {
        Count(nameof(RemoteAcquireRelease));
        var lease = await _store.TryAcquireAsync("locked", TimeSpan.FromSeconds(30));
        return await _store.ReleaseAsync("locked", lease!.OwnerToken);
    }

    private void Count(string operation)
    {
        _operation = operation;
        _operations++;
    }

    /// <summary>Counts the HTTP requests the client sends.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public long Requests { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
