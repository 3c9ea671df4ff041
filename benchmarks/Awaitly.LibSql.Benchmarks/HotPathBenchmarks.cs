using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// get (hit, miss), set (overwrite) and exists on the key/value layer (inserts: <see cref="SetInsertBenchmarks"/>), against raw SQLitePCLRaw
/// (statements prepared once; the baseline of each category) and a naive Microsoft.Data.Sqlite adapter.
/// All three use the same table, indexes and statements, and bind the current time (formatted once per
/// millisecond) on every call, so each overwrite really changes the row.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HotPathBenchmarks : KeyValueBaselines
{
    [Benchmark(Baseline = true), BenchmarkCategory("get-hit")]
    public string? Raw_GetHit() => Raw.Get("hit", NowText.Get());

    [Benchmark, BenchmarkCategory("get-hit")]
    public ValueTask<string?> Awaitly_GetHit() => Store.GetAsync("hit");

    [Benchmark, BenchmarkCategory("get-hit")]
    public string? Naive_GetHit() => Naive.Get("hit", NowText.Get());

    [Benchmark(Baseline = true), BenchmarkCategory("get-miss")]
    public string? Raw_GetMiss() => Raw.Get("miss", NowText.Get());

    [Benchmark, BenchmarkCategory("get-miss")]
    public ValueTask<string?> Awaitly_GetMiss() => Store.GetAsync("miss");

    [Benchmark(Baseline = true), BenchmarkCategory("exists")]
    public bool Raw_Exists() => Raw.Exists("hit", NowText.Get());

    [Benchmark, BenchmarkCategory("exists")]
    public ValueTask<bool> Awaitly_Exists() => Store.ExistsAsync("hit");

    [Benchmark(Baseline = true), BenchmarkCategory("set-overwrite")]
    public void Raw_SetOverwrite() => Raw.Set("hit", Value, NowText.Get());

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public ValueTask Awaitly_SetOverwrite() => Store.SetAsync("hit", Value);

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public void Naive_SetOverwrite() => Naive.Set("hit", Value, NowText.Get());
}
