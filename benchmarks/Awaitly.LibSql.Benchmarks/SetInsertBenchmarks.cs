using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// set of a new key (and the next of the distinct values), against the same baselines as <see cref="HotPathBenchmarks"/>. Every iteration inserts the
/// same number of rows into a table emptied after the iteration, so all variants insert into tables of the same
/// size (with an adaptive count, the variant whose pilot picked more inserts per iteration measured a bigger table).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[InvocationCount(4096)]
public class SetInsertBenchmarks : KeyValueBaselines
{
    private long _counter;

    [IterationCleanup]
    public void EmptyTables()
    {
        Raw.Clear();
        Naive.Clear();
        if (!Store.DeleteByPrefixAsync("k").IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The embedded store clears synchronously.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("set-insert")]
    public void Raw_SetInsert() => Raw.Set(FreshKey(), NextValue(), NowText.Get());

    [Benchmark, BenchmarkCategory("set-insert")]
    public ValueTask Awaitly_SetInsert() => Store.SetAsync(FreshKey(), NextValue());

    [Benchmark, BenchmarkCategory("set-insert")]
    public void Naive_SetInsert() => Naive.Set(FreshKey(), NextValue(), NowText.Get());

    private string FreshKey() => "k" + Interlocked.Increment(ref _counter);
}
