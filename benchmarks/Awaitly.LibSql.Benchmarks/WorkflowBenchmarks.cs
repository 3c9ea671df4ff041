using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>A 10-step durable workflow end to end: load, a checkpoint after every step, delete on success; with and without the lease lock.</summary>
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private static readonly string[] StepIds = [.. Enumerable.Range(0, 10).Select(i => $"step-{i}")];
    private static readonly string StepValue = new('x', 100);
    private Scratch _scratch = null!;
    private LibSqlPersistence _store = null!;
    private DurableOptions _options = null!;

    [Params(Durability.FileNormal, Durability.FileFull, Durability.Memory)]
    public Durability Durability { get; set; }

    /// <summary>With the lease lock: acquire, fenced checkpoints, heartbeat, release.</summary>
    [Params(false, true)]
    public bool Locked { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = _scratch.Url(Durability, "workflow.db"),
            Synchronous = Durability == Durability.FileFull ? SynchronousMode.Full : SynchronousMode.Normal,
            Lock = Locked ? new LibSqlLockOptions() : null,
        });
        _options = new DurableOptions { Id = "bench-workflow", Store = _store };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark]
    public async Task<int> TenStepWorkflow()
    {
        var result = await Durable.RunAsync(0, static async ctx =>
        {
            var length = 0;
            foreach (var id in StepIds)
            {
                length += (await ctx.Step(id, static () => StepValue)).Length;
            }

            return length;
        }, _options);
        return result.Value;
    }
}
