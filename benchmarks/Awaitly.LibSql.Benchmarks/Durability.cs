namespace Awaitly.LibSql.Benchmarks;

/// <summary>The durability settings benchmarks run under.</summary>
public enum Durability
{
    /// <summary>File database, WAL, synchronous=NORMAL (the store's default).</summary>
    FileNormal,

    /// <summary>File database, WAL, synchronous=FULL.</summary>
    FileFull,

    /// <summary>In-memory database.</summary>
    Memory,
}

/// <summary>A scratch folder for one benchmark's databases.</summary>
internal sealed class Scratch : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "awaitly-bench", Guid.NewGuid().ToString("N"));

    public Scratch() => Directory.CreateDirectory(_directory);

    public string File(string name) => Path.Combine(_directory, name);

    public string Url(Durability durability, string name) => durability == Durability.Memory ? ":memory:" : "file:" + File(name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
