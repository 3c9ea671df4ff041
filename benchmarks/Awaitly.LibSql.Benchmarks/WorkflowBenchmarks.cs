using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// A 10-step durable workflow end to end, on a fresh workflow id every run: load, a checkpoint after every step, delete on
/// success; with and without the lease lock; steps return an order line object of about <see cref="ValueBytes"/> bytes
/// of JSON. The baseline is <see cref="RawWorkflow"/>, the same statements through raw SQLitePCLRaw.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class WorkflowBenchmarks
{
    /// <summary>The ten step ids (and keys) of the 10-step workflow rows.</summary>
    internal static readonly string[] StepIds = [.. Enumerable.Range(0, 10).Select(i => $"step-{i}")];
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private RawWorkflow _raw = null!;
    private DurableOptions _options = null!;
    private OrderLine[] _values = [];
    private (string Key, string Json, byte[] Utf8)[] _entries = [];
    private long _runs;

    internal LibSqlPersistence Store => _store;

    internal OrderLine[] Values => _values;

    [Params(Durability.FileNormal, Durability.FileFull, Durability.Memory)]
    public Durability Durability { get; set; }

    /// <summary>With the lease lock: acquire, fenced checkpoints, heartbeat, release.</summary>
    [Params(false, true)]
    public bool Locked { get; set; }

    /// <summary>The JSON size of each step's value.</summary>
    [Params(150, 10240)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        var options = new LibSqlPersistenceOptions
        {
            Url = _scratch.Url(Durability, "workflow.db"),
            Synchronous = Durability == Durability.FileFull ? SynchronousMode.Full : SynchronousMode.Normal,
            Lock = Locked ? new LibSqlLockOptions() : null,
        };
        _store = await LibSqlPersistence.OpenAsync(options);
        _options = new DurableOptions { Id = "unused", Store = _store, Json = BenchJson.Default };
        _values = [.. StepIds.Select((id, i) => OrderLine.Sized(ValueBytes, i))];
        _entries = [.. StepIds.Select((id, i) => RawEntry(id, _values[i]))];
        var rawPath = Durability == Durability.Memory ? ":memory:" : _scratch.File("raw.db");
        _raw = new RawWorkflow(rawPath, StoreCommands.Create(options.TableName, options.Lock?.LockTableName).Sql, Durability);
    }

    // A step's entry as the raw sequence binds it: its text for the first whole state, its UTF-8 for the patches.
    private static (string Key, string Json, byte[] Utf8) RawEntry(string id, OrderLine value)
    {
        var json = StepEntry.Success(id, JsonSerializer.SerializeToElement(value, BenchJson.Default.OrderLine)).Json.GetRawText();
        return (id, json, System.Text.Encoding.UTF8.GetBytes(json));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _raw.Dispose();
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark]
    public Task<int> TenStepWorkflow() => RunOrderLinesAsync(StepIds, _values, _options with { Id = "wf-" + Interlocked.Increment(ref _runs) });

    /// <summary>A run of one keyed step per id, each returning its order line; the sum of their quantities.</summary>
    internal static async Task<int> RunOrderLinesAsync(string[] stepIds, OrderLine[] values, DurableOptions options)
    {
        var result = await Durable.RunAsync(0, async ctx =>
        {
            var quantity = 0;
            for (var i = 0; i < stepIds.Length; i++)
            {
                var line = values[i];
                quantity += (await ctx.Step(stepIds[i], () => line)).Quantity;
            }

            return quantity;
        }, options);
        return result.IsOk ? result.Value : throw new InvalidOperationException(result.Error.ToString());
    }

    [Benchmark(Baseline = true)]
    public int Raw_TenStepStatements()
    {
        var id = "wf-" + ++_runs;
        _raw.Run(_store.Prefix + id, id, _entries, Locked);
        return _entries.Length;
    }

    /// <summary>The leased statements of <paramref name="runs"/> fresh runs, grouped as the best group commit could (see <see cref="RawWorkflow.RunGroupedWithLease"/>).</summary>
    internal void Raw_GroupedWithLease(int runs)
    {
        var ids = new string[runs];
        var keys = new string[runs];
        for (var i = 0; i < runs; i++)
        {
            ids[i] = "wf-" + ++_runs;
            keys[i] = _store.Prefix + ids[i];
        }

        _raw.RunGroupedWithLease(keys, ids, _entries);
    }
}

/// <summary>A step value as applications return them: a small object, padded by its note to the size measured.</summary>
public sealed record OrderLine(string Sku, string Name, int Quantity, decimal UnitPrice, string Note)
{
    public static OrderLine Sized(int bytes, int index) =>
        new($"SKU-{index:0000}", "Espresso beans, 1 kg", index + 1, 18.90m + index, new string('n', Math.Max(0, bytes - 100)));
}
