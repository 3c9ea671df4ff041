using System.Text;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The store's key/value layer next to its baselines, on one durability setting and value size: raw SQLitePCLRaw
/// with the store's statements prepared once, and a naive Microsoft.Data.Sqlite adapter. All three use the same
/// table and indexes; each holds the key <c>hit</c>.
/// </summary>
public abstract class KeyValueBaselines
{
    private Scratch _scratch = null!;

    [Params(Durability.FileNormal, Durability.FileFull, Durability.Memory)]
    public Durability Durability { get; set; }

    [Params(1024, 10240)]
    public int ValueBytes { get; set; }

    protected LibSqlKeyValueStore Store { get; private set; } = null!;

    protected RawSqlite Raw { get; private set; } = null!;

    protected NaiveSqlite Naive { get; private set; } = null!;

    protected string Value { get; private set; } = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        Store = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability, "awaitly.db"), Synchronous = Durability == Durability.FileFull ? SynchronousMode.Full : SynchronousMode.Normal });
        Raw = new RawSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("raw.db"), Durability);
        Naive = new NaiveSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("naive.db"), Durability);
        Value = JsonValue(ValueBytes);
        await Store.SetAsync("hit", Value);
        Raw.Set("hit", Value, NowText.Get());
        Naive.Set("hit", Value, NowText.Get());
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await Store.DisposeAsync();
        Raw.Dispose();
        Naive.Dispose();
        _scratch.Dispose();
    }

    /// <summary>A state document of about <paramref name="bytes"/> characters.</summary>
    internal static string JsonValue(int bytes)
    {
        var text = new StringBuilder("{\"version\":1,\"entries\":{");
        for (var i = 0; text.Length < bytes - 64; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("\"step-").Append(i).Append("\":{\"result\":{\"ok\":true,\"value\":\"v").Append(i).Append("\"}}");
        }

        return text.Append("}}").ToString();
    }
}
