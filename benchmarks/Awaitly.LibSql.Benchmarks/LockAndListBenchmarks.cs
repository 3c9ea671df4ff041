using BenchmarkDotNet.Attributes;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>Lease acquire + release of a fresh id each time (as each new run takes its own), and a page of 100 ids out of 1000 states.</summary>
[MemoryDiagnoser]
public class LockAndListBenchmarks
{
    private Scratch _scratch = null!;
    private LibSqlLockingPersistence _store = null!;
    private long _leases;

    [Params(Durability.FileNormal, Durability.Memory)]
    public Durability Durability { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        _store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = _scratch.Url(Durability, "lock.db"),
            Lock = new LibSqlLockOptions(),
        });
        for (var i = 0; i < 1000; i++)
        {
            await _store.SaveAsync($"run-{i:0000}", WorkflowState.Empty);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark]
    public async Task<bool> AcquireRelease()
    {
        var lease = await _store.TryAcquireAsync("bench-lock-" + ++_leases, TimeSpan.FromSeconds(60));
        return await lease!.ReleaseAsync();
    }

    [Benchmark]
    public ValueTask<StatePage> ListPageOf100() =>
        _store.ListPageAsync(new StateListOptions { Limit = 100, Offset = 400 });
}
