using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// What tracing and metrics cost on the hot path: get and set of 1 KB values round 1024 keys, and the 10-step workflow with
/// the lease on fresh ids (file, WAL + NORMAL), with no listener and with an <see cref="ActivityListener"/> recording every
/// Awaitly span plus a <see cref="MeterListener"/> taking every Awaitly measurement (what an OpenTelemetry SDK subscribes to).
/// The same class, copied unchanged into a checkout from before the instrumentation, gives the "today" rows of RESULTS.md.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private const int Keys = 1024;
    private Scratch _scratch = null!;
    private LibSqlKeyValueStore _keyValue = null!;
    private LibSqlPersistence _store = null!;
    private DurableOptions _options = null!;
    private OrderLine[] _lines = [];
    private string[] _keys = [];
    private string[] _values = [];
    private ActivityListener? _activities;
    private MeterListener? _meters;
    private int _next;
    private long _runs;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        if (Listening)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Awaitly",
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = static _ => { },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "Awaitly")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meters.Start();
        }

        _scratch = new Scratch();
        _keyValue = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "kv.db") });
        _store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "workflow.db"), Lock = new LibSqlLockOptions() });
        _options = new DurableOptions { Id = "unused", Store = _store, Json = BenchJson.Default };
        _lines = [.. WorkflowBenchmarks.StepIds.Select((_, i) => OrderLine.Sized(150, i))];
        _keys = [.. Enumerable.Range(0, Keys).Select(i => "key-" + i)];
        _values = [.. Enumerable.Range(0, Keys).Select(i => KeyValueBaselines.JsonValue(1024, i))];
        for (var i = 0; i < Keys; i++)
        {
            await _keyValue.SetAsync(_keys[i], _values[i]);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        await _keyValue.DisposeAsync();
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark]
    public ValueTask<string?> Get() => _keyValue.GetAsync(_keys[_next++ % Keys]);

    [Benchmark]
    public ValueTask Set()
    {
        var i = _next++;
        return _keyValue.SetAsync(_keys[i % Keys], _values[(i + (i / Keys) + 1) % Keys]);
    }

    [Benchmark]
    public Task<int> TenStepWorkflowWithLease() => WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, _lines, _options with { Id = "telemetry-" + ++_runs });
}
