using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// A resume: a run of 51 keyed steps on a fresh id whose stored state already holds the first 50 (prepared outside the
/// measured time, <see cref="PerIteration"/> per iteration), so the run loads the state, replays 50 steps from it, executes
/// and checkpoints the last one and deletes the state on success. File, WAL + NORMAL, with and without the lease.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(PerIteration)]
public class ResumeBenchmarks
{
    internal const int PerIteration = 128;
    private const int Replayed = 50;
    private static readonly string[] StepIds = [.. Enumerable.Range(0, Replayed + 1).Select(i => $"step-{i}")];
    private readonly Queue<string> _fresh = new();
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private DurableOptions _options = null!;
    private WorkflowState _stored = null!;
    private OrderLine[] _values = [];
    private long _ids;

    [Params(false, true)]
    public bool Locked { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = _scratch.Url(Durability.FileNormal, "resume.db"),
            Lock = Locked ? new LibSqlLockOptions() : null,
        });
        _options = new DurableOptions { Id = "unused", Store = _store, Json = BenchJson.Default };
        _values = [.. StepIds.Select((_, i) => OrderLine.Sized(150, i))];
        var metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["lastStepKey"] = StepIds[Replayed - 1] }, BenchJson.Default.DictionaryStringString);
        _stored = new WorkflowState(
            StepIds.Take(Replayed).Select((id, i) => StepEntry.Success(id, JsonSerializer.SerializeToElement(_values[i], BenchJson.Default.OrderLine))), metadata);
    }

    [IterationSetup]
    public void PrepareStates()
    {
        _fresh.Clear();
        for (var i = 0; i < PerIteration; i++)
        {
            var id = "resume-" + ++_ids;
            if (!_store.SaveAsync(id, _stored).IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The embedded store saves synchronously.");
            }

            _fresh.Enqueue(id);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark]
    public Task<int> Resume50Plus1() => WorkflowBenchmarks.RunOrderLinesAsync(StepIds, _values, _options with { Id = _fresh.Dequeue() });
}
