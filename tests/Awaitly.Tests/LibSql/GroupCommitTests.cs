using Awaitly.LibSql;
using Awaitly.LibSql.Diagnostics;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// Writes that wait for the writer are committed together (one transaction, a savepoint each): every write returns its own
/// outcome after the commit, a failing write fails alone, and a fenced-out checkpoint is refused while its neighbours land.
/// </summary>
public class GroupCommitTests
{
    private static SqliteDriver DriverOf(LibSqlPersistence store) => (SqliteDriver)((TracingDriver)store.KeyValueStore.Driver).Inner;

    [Test]
    public async Task Concurrent_writes_share_commits_and_a_failing_write_fails_alone()
    {
        using var database = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url });
        var driver = DriverOf(store);
        await driver.ExecuteAsync("CREATE TABLE g (k INTEGER PRIMARY KEY, v TEXT NOT NULL)", [], CancellationToken.None);

        // While a transaction holds the writer, 396 inserts queue up; every tenth key is inserted twice, so exactly one of
        // each pair must fail. When the writer is free the queued inserts are committed together.
        var keys = Enumerable.Range(0, 360).Concat(Enumerable.Range(0, 36).Select(i => i * 10)).ToArray();
        var hold = new TaskCompletionSource();
        var holding = driver.WriteTransactionAsync(async (_, _) =>
        {
            await hold.Task;
            return 0;
        }, CancellationToken.None).AsTask();
        var writes = keys.Select(async key =>
        {
            try
            {
                await driver.ExecuteAsync("INSERT INTO g (k, v) VALUES (?1, 'x')", [(long)key], CancellationToken.None);
                return ((long)key, (Exception?)null);
            }
            catch (LibSqlException ex)
            {
                return ((long)key, (Exception?)ex);
            }
        }).ToList();
        await Assert.That(writes.Any(w => w.IsCompleted)).IsFalse().Because("the writer is held, so every insert waits");
        hold.SetResult();
        await holding;
        var outcomes = new[] { (await Task.WhenAll(writes)).Select(w => (Key: w.Item1, Error: w.Item2)).ToList() };

        var all = outcomes.SelectMany(o => o).ToList();
        var failed = all.Where(o => o.Error is not null).ToList();
        var rows = await driver.ReadAsync("SELECT k FROM g", [], row => row.GetInt64(0), CancellationToken.None);
        await Assert.That(failed.Count).IsEqualTo(36);
        await Assert.That(failed.All(f => ((LibSqlException)f.Error!).Code.StartsWith(LibSqlErrorCodes.Constraint, StringComparison.Ordinal))).IsTrue();
        await Assert.That(failed.Select(f => f.Key).Distinct().Count()).IsEqualTo(36);
        await Assert.That(rows.Count).IsEqualTo(360);
        await Assert.That(rows.Order()).IsEquivalentTo(Enumerable.Range(0, 360).Select(i => (long)i), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(driver.GroupCommits).IsGreaterThan(0).Because("the inserts that waited were committed together");
    }

    [Test]
    public async Task Waiting_batches_are_committed_together_and_a_failing_batch_rolls_back_alone()
    {
        await using var table = await Table.CreateAsync();
        var driver = table.Driver;

        // Batch i inserts 1000 + i, then 2000 + i, except every fifth, whose second insert repeats its first (so it fails
        // after one insert already ran). Only batches wait, so a shared commit is theirs.
        var hold = new TaskCompletionSource();
        var holding = HoldWriter(driver, hold.Task);
        var batches = Enumerable.Range(0, 60).Select(i => Outcome(driver.ExecuteBatchAsync(
            [new SqlStatement(Table.Insert, [1000L + i]), new SqlStatement(Table.Insert, [i % 5 == 0 ? 1000L + i : 2000L + i])], idempotent: false, CancellationToken.None).AsTask())).ToList();
        await Assert.That(batches.Any(w => w.IsCompleted)).IsFalse().Because("the writer is held, so every write waits");
        hold.SetResult();
        await holding;

        var batchErrors = await Task.WhenAll(batches);
        var rows = await table.KeysAsync();
        for (var i = 0; i < 60; i++)
        {
            var fails = i % 5 == 0;
            await Assert.That(batchErrors[i] is LibSqlException { Code: var code } && code.StartsWith(LibSqlErrorCodes.Constraint, StringComparison.Ordinal)).IsEqualTo(fails).Because("batch " + i);
            await Assert.That(rows.Contains(1000 + i)).IsEqualTo(!fails).Because("a failing batch leaves nothing, a committed one both rows: batch " + i);
            await Assert.That(rows.Contains(2000 + i)).IsEqualTo(!fails).Because("batch " + i);
        }

        await Assert.That(rows.Count).IsEqualTo(48 * 2);
        await Assert.That(driver.GroupCommits).IsGreaterThan(0).Because("the batches that waited were committed together");
    }

    [Test]
    public async Task A_batch_that_waited_alone_is_still_one_transaction()
    {
        await using var table = await Table.CreateAsync();
        var driver = table.Driver;

        var hold = new TaskCompletionSource();
        var holding = HoldWriter(driver, hold.Task);
        var failing = Outcome(driver.ExecuteBatchAsync([new SqlStatement(Table.Insert, [1L]), new SqlStatement(Table.Insert, [1L])], idempotent: false, CancellationToken.None).AsTask());
        await Assert.That(failing.IsCompleted).IsFalse();
        hold.SetResult();
        await holding;

        await Assert.That(await failing).IsTypeOf<LibSqlException>();
        await Assert.That(await table.KeysAsync()).IsEmpty().Because("its first insert was rolled back");
        await Assert.That(driver.GroupCommits).IsEqualTo(0);
    }

    // A store on a fresh file with a table g of integer keys, for writes through its driver.
    private sealed class Table : IAsyncDisposable
    {
        public const string Insert = "INSERT INTO g (k, v) VALUES (?1, 'x')";
        private readonly TempDatabase _database;
        private readonly LibSqlPersistence _store;

        private Table(TempDatabase database, LibSqlPersistence store)
        {
            _database = database;
            _store = store;
        }

        public SqliteDriver Driver => DriverOf(_store);

        public static async Task<Table> CreateAsync()
        {
            var database = new TempDatabase();
            var table = new Table(database, await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url }));
            await table.Driver.ExecuteAsync("CREATE TABLE g (k INTEGER PRIMARY KEY, v TEXT NOT NULL)", [], CancellationToken.None);
            return table;
        }

        public async Task<HashSet<long>> KeysAsync() => (await Driver.ReadAsync("SELECT k FROM g", [], row => row.GetInt64(0), CancellationToken.None)).ToHashSet();

        public async ValueTask DisposeAsync()
        {
            await _store.DisposeAsync();
            _database.Dispose();
        }
    }

    private static Task<int> HoldWriter(SqliteDriver driver, Task until) => driver.WriteTransactionAsync(async (_, _) =>
    {
        await until;
        return 0;
    }, CancellationToken.None).AsTask();

    private static async Task<Exception?> Outcome(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (LibSqlException ex)
        {
            return ex;
        }
    }

    [Test]
    public async Task Concurrent_runs_share_commits_and_the_one_fenced_out_is_refused_while_the_others_complete()
    {
        using var database = new TempDatabase();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        await using var thief = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        var stolen = new TaskCompletionSource();

        async Task<Result<int, WorkflowError>> Run(string id) => await Durable.RunAsync(0, async ctx =>
        {
            var total = 0;
            for (var i = 0; i < 10; i++)
            {
                if (id == "run-victim" && i == 5)
                {
                    // Another process takes the id over: its lease is released by force and acquired again.
                    var inspector = await LibSqlInspector.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
                    await using (inspector)
                    {
                        await inspector.ForceReleaseAsync(id);
                    }

                    await ((IWorkflowLock)thief).TryAcquireAsync(id, TimeSpan.FromMinutes(1));
                    stolen.SetResult();
                }

                total += await ctx.Step($"step-{i}", () => i, key: $"step-{i}");
            }

            return total;
        }, new DurableOptions { Id = id, Store = store });

        // Every run's first write (its lease and load) waits behind a held writer, so those writes are committed together
        // whatever the machine's speed; the runs then go on side by side.
        var ids = Enumerable.Range(0, 31).Select(i => $"run-{i}").Append("run-victim").ToList();
        var hold = new TaskCompletionSource();
        var holding = HoldWriter(DriverOf(store), hold.Task);
        var runs = ids.Select(Run).ToList();
        await Assert.That(runs.Any(run => run.IsCompleted)).IsFalse().Because("the writer is held, so every run waits for its lease");
        hold.SetResult();
        await holding;
        var results = await Task.WhenAll(runs);
        await stolen.Task;

        var victim = results[ids.IndexOf("run-victim")];
        await Assert.That(victim.Error).IsTypeOf<LeaseExpiredError>();
        await Assert.That(results.Where((_, i) => ids[i] != "run-victim").All(r => r.IsOk && r.Value == 45)).IsTrue();
        await Assert.That((await store.ListAsync()).ToList()).IsEquivalentTo(new[] { "run-victim" });
        await Assert.That(DriverOf(store).GroupCommits).IsGreaterThan(0);
    }
}
