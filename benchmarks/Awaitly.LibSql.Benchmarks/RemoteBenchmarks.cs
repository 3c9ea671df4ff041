using System.Reflection;
using System.Text.Json;
using Awaitly.TestServers;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The remote driver against the test server (npm <c>tursodb</c> on 127.0.0.1, started by the setup): time per
/// operation, and HTTP requests per operation, counted by the handler under the client and written to
/// <c>BenchmarkDotNet.Artifacts/remote-round-trips.txt</c> (requests / operations over every invocation).
/// As users do: gets go round <see cref="Keys"/> keys, each set writes a value other than the one its key holds, each
/// checkpoint appends a new step to one of <see cref="Keys"/> states (which grow), each lease is on a fresh id.
/// </summary>
[MemoryDiagnoser]
public class RemoteBenchmarks
{
    private const int Keys = 64;
    private static readonly string[] Values = [.. Enumerable.Range(0, Keys + 1).Select(i => i.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 1020))];
    private TursoProcess _server = null!;
    private CountingHandler _handler = null!;
    private LibSqlLockingPersistence _store = null!;
    private JsonElement _stepValue;
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
        var steps = BenchSteps.Numbered(10);
        _stepValue = steps[0].Payload;
        for (var i = 0; i < Keys; i++)
        {
            await _store.KeyValueStore.SetAsync(Key(i), Values[i]);
            await _store.SaveAsync(Key(i), new WorkflowState(steps, BenchSteps.MetadataAt(10)));
        }

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
        var n = Count(nameof(RemoteGetHit));
        return _store.KeyValueStore.GetAsync(Key(n % Keys));
    }

    // Key k holds Values[k + sets of it so far]; the next set writes the value after it, never the one it holds.
    [Benchmark]
    public ValueTask RemoteSetOverwrite()
    {
        var n = Count(nameof(RemoteSetOverwrite));
        return _store.KeyValueStore.SetAsync(Key(n % Keys), Values[((n % Keys) + (n / Keys) + 1) % Values.Length]);
    }

    [Benchmark]
    public ValueTask<bool> RemoteCheckpoint()
    {
        var n = Count(nameof(RemoteCheckpoint));
        var step = 11 + (n / Keys);
        return _store.SaveStepAsync(Key(n % Keys), StepEntry.Success($"step-{step:0000}", _stepValue), BenchSteps.MetadataAt(step));
    }

    [Benchmark]
    public async Task<bool> RemoteAcquireRelease()
    {
        var id = "locked-" + Count(nameof(RemoteAcquireRelease));
        var lease = await _store.TryAcquireAsync(id, TimeSpan.FromSeconds(30));
        return await _store.ReleaseAsync(id, lease!.OwnerToken);
    }

    private static string Key(int i) => "remote-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    private int Count(string operation)
    {
        _operation = operation;
        return (int)_operations++;
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
