using System.Collections.Concurrent;
using System.Diagnostics;
using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// 100 stores (one per tenant) opened at once on one fresh file, each running workflows in a loop: waiting for the
/// database never blocks a thread (SQLite's busy handler would sleep one per waiting store), every tenant makes
/// progress, nothing fails, and the WAL stays bounded.
/// </summary>
[NotInParallel] // Alone: it measures the process's pool threads, which parallel tests would add to.
public class ContentionTests
{
    private const int Tenants = 100;

    [Test]
    public async Task A_hundred_tenants_on_one_file_all_progress_without_errors_blocked_threads_or_an_unbounded_wal()
    {
        using var db = new TempDatabase();
        var started = Stopwatch.StartNew();
        // Opened at once on the thread pool, racing to create the tables and switch the fresh file to WAL.
        var stores = await Task.WhenAll(Enumerable.Range(0, Tenants).Select(i => Task.Run(async () => (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(
            new LibSqlPersistenceOptions { Url = db.Url, Prefix = $"tenant-{i}:", Lock = new LibSqlLockOptions { KeyPrefix = $"tenant-{i}:" } }))));
        var firstDone = new double[Tenants];
        var completed = new int[Tenants];
        var errors = new ConcurrentQueue<string>();
        var maxThreads = ThreadPool.ThreadCount;
        var maxWal = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                maxWal = Math.Max(maxWal, File.Exists(db.Path_ + "-wal") ? new FileInfo(db.Path_ + "-wal").Length : 0);
                await Task.Delay(20);
            }
        });

        var loops = stores.Select((store, tenant) => Task.Run(async () =>
        {
            for (var run = 0; !stop.IsCancellationRequested; run++)
            {
                try
                {
                    var result = await Durable.RunAsync(0, async ctx =>
                    {
                        var total = 0;
                        for (var step = 0; step < 3; step++)
                        {
                            total += await ctx.Step($"step-{step}", () => step + 1);
                        }

                        return total;
                    }, new DurableOptions { Id = $"run-{run}", Store = store });
                    if (!result.IsOk)
                    {
                        errors.Enqueue($"tenant {tenant}: {result.Error}");
                        return;
                    }

                    if (Interlocked.Increment(ref completed[tenant]) == 1)
                    {
                        firstDone[tenant] = started.Elapsed.TotalSeconds;
                    }
                }
                catch (Exception ex)
                {
                    errors.Enqueue($"tenant {tenant}: {ex.GetType().Name}: {ex.Message}");
                    return;
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        await sampler;
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        var walAfter = File.Exists(db.Path_ + "-wal") ? new FileInfo(db.Path_ + "-wal").Length : 0;
        var summary = $"runs {completed.Sum()}, slowest first run {firstDone.Max():0.00} s, pool threads {maxThreads}, WAL peak {maxWal / 1024} KiB, after {walAfter / 1024} KiB";
        await Assert.That(errors).IsEmpty().Because(string.Join("\n", errors.Take(5)));
        await Assert.That(completed.Count(c => c == 0)).IsEqualTo(0).Because("every tenant completes runs");
        await Assert.That(firstDone.Max()).IsLessThan(3).Because(summary);
        await Assert.That(maxThreads).IsLessThanOrEqualTo(24).Because("waiting for the database blocks no thread: " + summary);
        await Assert.That(maxWal).IsLessThanOrEqualTo(SqliteDriver.WalSizeLimit).Because(summary);
        await Assert.That(walAfter).IsLessThanOrEqualTo(SqliteDriver.WalSizeLimit).Because(summary);
    }

    [Test]
    public async Task A_write_behind_another_connections_lock_waits_asynchronously_then_fails_busy_after_the_busy_timeout()
    {
        using var db = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, BusyTimeout = TimeSpan.FromSeconds(2) });
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path_};Pooling=False");
        other.Open();
        using (var hold = other.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            hold.ExecuteNonQuery();
        }

        var waiting = store.KeyValueStore.SetAsync("k", "v").AsTask();
        await Task.Delay(300);
        await Assert.That(waiting.IsCompleted).IsFalse().Because("the write waits for the lock");
        using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        await waiting;
        await Assert.That(await store.KeyValueStore.GetAsync("k")).IsEqualTo("v");

        using (var hold = other.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            hold.ExecuteNonQuery();
        }

        var started = Stopwatch.StartNew();
        var error = await Assert.That(async () => await store.KeyValueStore.SetAsync("k", "w")).Throws<LibSqlException>();
        await Assert.That(error!.IsBusy).IsTrue();
        await Assert.That(started.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)).And.IsLessThan(TimeSpan.FromSeconds(6));
        await Assert.That(await store.KeyValueStore.GetAsync("k")).IsEqualTo("v");
    }
}
