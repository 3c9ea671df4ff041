using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The 10-step workflow of <see cref="WorkflowBenchmarks"/> (fresh ids, order lines of ~150 bytes and of 10 KB, FileNormal) in
/// each layout, with and without the lease lock: the step journal must not make the small run slower than the document layout.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class LayoutWorkflowBenchmarks
{
    private Scratch _scratch = null!;
    private LibSqlPersistence _document = null!;
    private LibSqlPersistence _journal = null!;
    private LibSqlPersistence _control = null!;
    private OrderLine[] _values = [];
    private long _runs;

    [Params(false, true)]
    public bool Locked { get; set; }

    [Params(150, 10240)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        var options = new LibSqlPersistenceOptions { Url = _scratch.Url(Durability.FileNormal, "workflow.db"), Lock = Locked ? new LibSqlLockOptions() : null };
        _document = await LibSqlPersistence.OpenAsync(options with { TableName = "document_state" });
        _journal = await LibSqlPersistence.OpenAsync(options with { TableName = "journal_state", Layout = StateLayout.StepJournal });
        _control = await LibSqlPersistence.OpenAsync(options with { TableName = "control_state" });
        _values = [.. WorkflowBenchmarks.StepIds.Select((_, i) => OrderLine.Sized(ValueBytes, i))];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _journal.DisposeAsync();
        await _control.DisposeAsync();
        await _document.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Document_TenStepWorkflow() =>
        WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, _values, new DurableOptions { Id = "wf-" + Interlocked.Increment(ref _runs), Store = _document, Json = BenchJson.Default });

    [Benchmark]
    public Task<int> StepJournal_TenStepWorkflow() =>
        WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, _values, new DurableOptions { Id = "wf-" + Interlocked.Increment(ref _runs), Store = _journal, Json = BenchJson.Default });

    /// <summary>
    /// The document layout on a second table of the same file: <see cref="LayoutPairs"/> times it against
    /// <see cref="Document_TenStepWorkflow"/> as a control, whose ratio shows how far two identical runs differ there.
    /// </summary>
    public Task<int> DocumentControl_TenStepWorkflow() =>
        WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, _values, new DurableOptions { Id = "wf-" + Interlocked.Increment(ref _runs), Store = _control, Json = BenchJson.Default });
}
