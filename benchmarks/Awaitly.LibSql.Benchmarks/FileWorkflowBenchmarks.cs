using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The rows of <see cref="WorkflowBenchmarks"/> that #15's workflow target is judged on (file, WAL + NORMAL), alone, so they
/// can be run with BenchmarkDotNet's default job in reasonable time: the same run and the same raw statement sequence.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class FileWorkflowBenchmarks
{
    private WorkflowBenchmarks _rows = null!;

    /// <summary>With the lease lock.</summary>
    [Params(false, true)]
    public bool Locked { get; set; }

    /// <summary>The JSON size of each step's value.</summary>
    [Params(150, 10240)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _rows = new WorkflowBenchmarks { Durability = Durability.FileNormal, Locked = Locked, ValueBytes = ValueBytes };
        await _rows.Setup();
    }

    [GlobalCleanup]
    public Task Cleanup() => _rows.Cleanup();

    [Benchmark]
    public Task<int> TenStepWorkflow() => _rows.TenStepWorkflow();

    [Benchmark(Baseline = true)]
    public int Raw_TenStepStatements() => _rows.Raw_TenStepStatements();
}
