using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// get (hit, miss), set (insert, overwrite) and exists on the key/value layer, against raw SQLitePCLRaw
/// (statements prepared once; the baseline of each category) and a naive Microsoft.Data.Sqlite adapter.
/// All three use the same table, indexes and statements, and bind the current time (formatted once per
/// millisecond) on every call, so each overwrite really changes the row.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HotPathBenchmarks
{
    private Scratch _scratch = null!;
    private LibSqlKeyValueStore _store = null!;
    private RawSqlite _raw = null!;
    private NaiveSqlite _naive = null!;
    private string _value = "";
    private string _now = "";
    private long _counter;

    [Params(Durability.FileNormal, Durability.FileFull, Durability.Memory)]
    public Durability Durability { get; set; }

    [Params(1024, 10240)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability, "awaitly.db"), Synchronous = Durability == Durability.FileFull ? SynchronousMode.Full : SynchronousMode.Normal });
        _raw = new RawSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("raw.db"), Durability);
        _naive = new NaiveSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("naive.db"), Durability);
        _value = JsonValue(ValueBytes);
        _now = IsoTimestamp.ToText(DateTimeOffset.UtcNow);
        await _store.SetAsync("hit", _value);
        _raw.Set("hit", _value, NowText.Get());
        _naive.Set("hit", _value, NowText.Get());
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _raw.Dispose();
        _naive.Dispose();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("get-hit")]
    public string? Raw_GetHit() => _raw.Get("hit", NowText.Get());

    [Benchmark, BenchmarkCategory("get-hit")]
    public ValueTask<string?> Awaitly_GetHit() => _store.GetAsync("hit");

    [Benchmark, BenchmarkCategory("get-hit")]
    public string? Naive_GetHit() => _naive.Get("hit", NowText.Get());

    [Benchmark(Baseline = true), BenchmarkCategory("get-miss")]
    public string? Raw_GetMiss() => _raw.Get("miss", NowText.Get());

    [Benchmark, BenchmarkCategory("get-miss")]
    public ValueTask<string?> Awaitly_GetMiss() => _store.GetAsync("miss");

    [Benchmark(Baseline = true), BenchmarkCategory("exists")]
    public bool Raw_Exists() => _raw.Exists("hit", NowText.Get());

    [Benchmark, BenchmarkCategory("exists")]
    public ValueTask<bool> Awaitly_Exists() => _store.ExistsAsync("hit");

    [Benchmark(Baseline = true), BenchmarkCategory("set-overwrite")]
    public void Raw_SetOverwrite() => _raw.Set("hit", _value, NowText.Get());

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public ValueTask Awaitly_SetOverwrite() => _store.SetAsync("hit", _value);

    [Benchmark, BenchmarkCategory("set-overwrite")]
    public void Naive_SetOverwrite() => _naive.Set("hit", _value, NowText.Get());

    [Benchmark(Baseline = true), BenchmarkCategory("set-insert")]
    public void Raw_SetInsert() => _raw.Set(NextKey(), _value, NowText.Get());

    [Benchmark, BenchmarkCategory("set-insert")]
    public ValueTask Awaitly_SetInsert() => _store.SetAsync(NextKey(), _value);

    [Benchmark, BenchmarkCategory("set-insert")]
    public void Naive_SetInsert() => _naive.Set(NextKey(), _value, NowText.Get());

    internal static string JsonValue(int bytes)
    {
        var text = new StringBuilder("{\"version\":1,\"entries\":{");
        for (var i = 0; text.Length < bytes - 64; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("\"step-").Append(i).Append("\":{\"result\":{\"ok\":true,\"value\":\"v").Append(i).Append("\"}}");
        }

        return text.Append("}}").ToString();
    }

    private string NextKey() => "k" + Interlocked.Increment(ref _counter);
}
