using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SQLitePCL;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The save of step N for a state of N equal steps (~200 bytes each): patched in place (what the engine
/// does) against rewriting the whole document (what the original does at every step), and the engine's
/// floor for any write that keeps the original's row current: setting only <c>updated_at</c> on that row
/// with SQLitePCLRaw (prepared once), which SQLite still pays for by copying the whole record.
/// </summary>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private StepEntry _step = null!;
    private WorkflowState _state = null!;
    private JsonElement _metadata;
    private sqlite3 _raw = null!;
    private sqlite3_stmt _touch = null!;
    private long _tick;
    private string _key = "";

    [Params(10, 100, 1000)]
    public int Step { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "checkpoint.db") });
        var value = JsonSerializer.SerializeToElement(new string('v', 170), BenchJson.Default.String);
        var steps = Enumerable.Range(1, Step).Select(i => StepEntry.Success($"step-{i:0000}", value)).ToList();
        _metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["lastStepKey"] = $"step-{Step:0000}" }, BenchJson.Default.DictionaryStringString);
        _state = new WorkflowState(steps, _metadata);
        _step = steps[^1];
        await _store.SaveAsync("checkpoint", _state);
        _key = _store.Prefix + "checkpoint";
        Check(raw.sqlite3_open_v2(_scratch.File("checkpoint.db"), out _raw, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_exec(_raw, "PRAGMA synchronous = NORMAL"));
        Check(raw.sqlite3_prepare_v2(_raw, "UPDATE awaitly_workflow_state SET updated_at = ?2 WHERE key = ?1", out _touch));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _touch.Dispose();
        _raw.Dispose();
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> PatchStep() => _store.SaveStepAsync("checkpoint", _step, _metadata);

    [Benchmark]
    public ValueTask RewriteWholeState() => _store.SaveAsync("checkpoint", _state);

    [Benchmark]
    public int EngineFloorTouchRow()
    {
        raw.sqlite3_bind_text16(_touch, 1, _key.AsSpan());
        raw.sqlite3_bind_text16(_touch, 2, (++_tick % 2 == 0 ? "2026-11-26T10:00:00.000Z" : "2026-11-26T10:00:00.001Z").AsSpan());
        var rc = raw.sqlite3_step(_touch);
        raw.sqlite3_reset(_touch);
        return rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_raw) : throw new InvalidOperationException("step failed: " + rc);
    }

    private static void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException("SQLite error " + rc);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
