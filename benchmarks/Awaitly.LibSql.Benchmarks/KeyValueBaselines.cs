using System.Text;
using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The store's key/value layer next to its baselines, on one durability setting and value size: raw SQLitePCLRaw
/// with the store's statements prepared once, and a naive Microsoft.Data.Sqlite adapter. All three use the same
/// table and indexes. Each holds <see cref="Keys"/> keys, and every operation goes to the next key with the next of
/// <see cref="Keys"/> distinct values of the same size, so no set rewrites a row with the value it already holds.
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

    /// <summary>Keys each store holds, and distinct values the sets cycle through.</summary>
    protected const int Keys = 1024;

    private string[] _values = [];
    private string[] _keys = [];
    private int _next;

    /// <summary>The next key and a value different from the one it holds.</summary>
    protected (string Key, string Value) Next()
    {
        var i = _next++;
        return (_keys[i % Keys], _values[(i + (i / Keys) + 1) % Keys]);
    }

    /// <summary>The next value of the cycle (for inserts under fresh keys).</summary>
    protected string NextValue() => _values[_next++ % Keys];

    /// <summary>The next key of the cycle (for gets).</summary>
    protected string NextKey() => _keys[_next++ % Keys];

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        Store = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = _scratch.Url(Durability, "awaitly.db"), Synchronous = Durability == Durability.FileFull ? SynchronousMode.Full : SynchronousMode.Normal });
        Raw = new RawSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("raw.db"), Durability);
        Naive = new NaiveSqlite(Durability == Durability.Memory ? ":memory:" : _scratch.File("naive.db"), Durability);
        _values = [.. Enumerable.Range(0, Keys).Select(i => JsonValue(ValueBytes, i))];
        _keys = [.. Enumerable.Range(0, Keys).Select(i => "hit-" + i)];
        for (var i = 0; i < Keys; i++)
        {
            await Store.SetAsync(_keys[i], _values[i]);
            Raw.Set(_keys[i], _values[i], NowText.Get());
            Naive.Set(_keys[i], _values[i], NowText.Get());
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await Store.DisposeAsync();
        Raw.Dispose();
        Naive.Dispose();
        _scratch.Dispose();
    }

    /// <summary>A state document of about <paramref name="bytes"/> characters, different for every <paramref name="variant"/>.</summary>
    internal static string JsonValue(int bytes, int variant = 0)
    {
        var text = new StringBuilder("{\"version\":1,\"entries\":{");
        for (var i = 0; text.Length < bytes - 64; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("\"step-").Append(i).Append("\":{\"result\":{\"ok\":true,\"value\":\"v").Append(variant).Append('-').Append(i).Append("\"}}");
        }

        return text.Append("}}").ToString();
    }
}
