using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The save of step N for a state of N equal steps (~200 bytes each): patched in place (what the engine
/// does) against rewriting the whole document (what the original does at every step).
/// </summary>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private StepEntry _step = null!;
    private WorkflowState _state = null!;
    private JsonElement _metadata;

    [Params(10, 100, 1000)]
    public int Step { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlPersistence.CreateAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "checkpoint.db") });
        var value = JsonSerializer.SerializeToElement(new string('v', 170), BenchJson.Default.String);
        var steps = Enumerable.Range(1, Step).Select(i => StepEntry.Success($"step-{i:0000}", value)).ToList();
        _metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["lastStepKey"] = $"step-{Step:0000}" }, BenchJson.Default.DictionaryStringString);
        _state = new WorkflowState(steps, _metadata);
        _step = steps[^1];
        await _store.SaveAsync("checkpoint", _state);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> PatchStep() => _store.SaveStepAsync("checkpoint", _step, _metadata);

    [Benchmark]
    public ValueTask RewriteWholeState() => _store.SaveAsync("checkpoint", _state);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
