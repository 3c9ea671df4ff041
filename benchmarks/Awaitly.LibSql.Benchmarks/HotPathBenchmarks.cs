using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// get (hit, miss), set (overwrite) and exists on the key/value layer (inserts: <see cref="SetInsertBenchmarks"/>), against raw SQLitePCLRaw
/// (statements prepared once, text bound as UTF-8 from a reused buffer: the baseline of each category) and a naive Microsoft.Data.Sqlite adapter.
/// All use the same table, indexes and statements and bind the current time on every call. Gets and overwrites go round
/// <see cref="KeyValueBaselines.Keys"/> keys, and every overwrite writes a value other than the one the row holds.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HotPathBenchmarks : KeyValueBaselines
{
    [Benchmark(Baseline = true), BenchmarkCategory("get-hit")]
    public string? Raw_GetHit() => Raw.Get(NextKey(), NowText.Get());

    [Benchmark, BenchmarkCategory("get-hit")]
    public ValueTask<string?> Awaitly_GetHit() => Store.GetAsync(NextKey());

    [Benchmark, BenchmarkCategory("get-hit")]
    public string? Naive_GetHit() => Naive.Get(NextKey(), NowText.Get());

    [Benchmark(Baseline = true), BenchmarkCategory("get-miss")]
    public string? Raw_GetMiss() => Raw.Get("miss", NowText.Get());

    [Benchmark, BenchmarkCategory("get-miss")]
    public ValueTask<string?> Awaitly_GetMiss() => Store.GetAsync("miss");

    [Benchmark(Baseline = true), BenchmarkCategory("exists")]
    public bool Raw_Exists() => Raw.Exists(NextKey(), NowText.Get());

    [Benchmark, BenchmarkCategory("exists")]
    public ValueTask<bool> Awaitly_Exists() => Store.ExistsAsync(NextKey());

    [Benchmark(Baseline = true), BenchmarkCategory("set-overwrite")]
    public void Raw_SetOverwrite()
    {
        var (key, value) = Next();
        Raw.Set(key, value, NowText.Get());
    }

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public ValueTask Awaitly_SetOverwrite()
    {
        var (key, value) = Next();
        return Store.SetAsync(key, value);
    }

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public void Naive_SetOverwrite()
    {
        var (key, value) = Next();
        Naive.Set(key, value, NowText.Get());
    }
}
