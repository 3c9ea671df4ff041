using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The checkpoint of step N, as a run makes it: a new step (~200 bytes) appended to the stored state of the N − 1 steps
/// before it, on a fresh workflow id every time (each iteration prepares <see cref="PerIteration"/> such states). Patched
/// in place (what the store does), against rewriting the whole document (what the original does at every step), and the
/// same patch statement through raw SQLitePCLRaw (prepared once, UTF-8 text from a reused buffer, the step and metadata
/// from their UTF-8 bytes as the store binds them: the engine's limit for this row layout).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(PerIteration)]
public class CheckpointBenchmarks
{
    private const int PerIteration = 32;
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private StepEntry _step = null!;
    private WorkflowState _before = null!;
    private WorkflowState _after = null!;
    private JsonElement _metadata;
    private byte[] _stepUtf8 = [];
    private byte[] _metadataUtf8 = [];
    private sqlite3 _raw = null!;
    private sqlite3_stmt _patch = null!;
    private readonly Utf8Binder _text = new();
    private readonly Queue<string> _fresh = new();
    private long _ids;

    [Params(10, 100, 1000)]
    public int Step { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "checkpoint.db") });
        var steps = BenchSteps.Numbered(Step);
        _metadata = BenchSteps.MetadataAt(Step);
        _before = new WorkflowState(steps.Take(Step - 1), _metadata);
        _after = new WorkflowState(steps, _metadata);
        _step = steps[^1];
        _stepUtf8 = System.Text.Encoding.UTF8.GetBytes(_step.Json.GetRawText());
        _metadataUtf8 = System.Text.Encoding.UTF8.GetBytes(_metadata.GetRawText());
        Check(raw.sqlite3_open_v2(_scratch.File("checkpoint.db"), out _raw, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_exec(_raw, "PRAGMA synchronous = NORMAL"));
        _patch = RawPrepare.Statement(_raw, _store.Sql.SaveStepWithoutTtl);
    }

    [IterationSetup]
    public void PrepareFreshStates()
    {
        _fresh.Clear();
        for (var i = 0; i < PerIteration; i++)
        {
            var id = "checkpoint-" + ++_ids;
            if (!_store.SaveAsync(id, _before).IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The embedded store saves synchronously.");
            }

            _fresh.Enqueue(id);
        }
    }

    [IterationCleanup]
    public void DeleteStates()
    {
        if (!_store.ClearAsync().IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The embedded store clears synchronously.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _patch.Dispose();
        _raw.Dispose();
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> PatchStep() => _store.SaveStepAsync(_fresh.Dequeue(), _step, _metadata);

    [Benchmark]
    public ValueTask RewriteWholeState() => _store.SaveAsync(_fresh.Dequeue(), _after);

    [Benchmark]
    public int Raw_PatchStep()
    {
        _text.Bind(_patch, 1, _store.Prefix + _fresh.Dequeue());
        _text.Bind(_patch, 2, "$.entries.\"" + _step.Key + "\"");
        raw.sqlite3_bind_text(_patch, 3, _stepUtf8);
        raw.sqlite3_bind_text(_patch, 4, _metadataUtf8);
        _text.Bind(_patch, 5, NowText.Get());
        var rc = raw.sqlite3_step(_patch);
        raw.sqlite3_reset(_patch);
        return rc == raw.SQLITE_ROW || rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_raw) : throw new InvalidOperationException("step failed: " + rc);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(OrderLine))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
