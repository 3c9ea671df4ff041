using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Remote;

/// <summary>End to end against the real test server, including the deviations the client copes with.</summary>
[NotInParallel("tursodb")]
[ClassDataSource<TursoServer>(Shared = SharedType.PerTestSession)]
public sealed class TursoServerTests(TursoServer server)
{
    [Test]
    public async Task Tursodb_has_no_streams_so_the_client_detects_it_at_connect_and_runs_migrations_anyway()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = server.RequireUrl(),
            TableName = "detect_" + Guid.NewGuid().ToString("N")[..8],
        });

        var driver = (HranaDriver)((Awaitly.LibSql.Diagnostics.TracingDriver)store.KeyValueStore.Driver).Inner;
        await store.SaveAsync("x", WorkflowState.Empty);

        await Assert.That(driver.StreamsUnsupported).IsTrue();
        await Assert.That(await store.ListAsync()).IsEquivalentTo(["x"]);
    }

    [Test]
    public async Task Requests_waiting_for_the_shared_connection_go_in_one_pipeline_and_a_failing_one_fails_alone()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = server.RequireUrl(),
            TableName = "shared_" + Guid.NewGuid().ToString("N")[..8],
        });
        var driver = (HranaDriver)((Awaitly.LibSql.Diagnostics.TracingDriver)store.KeyValueStore.Driver).Inner;
        var table = store.Sql.Table + "_g";
        await driver.ExecuteAsync($"CREATE TABLE \"{table}\" (k INTEGER PRIMARY KEY)", [], CancellationToken.None);

        // While a transaction holds the shared connection, 60 inserts queue up; six keys come twice, so one of each pair must fail.
        var keys = Enumerable.Range(0, 54).Concat(Enumerable.Range(0, 6).Select(i => i * 10)).ToArray();
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
                await driver.ExecuteIdempotentAsync($"INSERT INTO \"{table}\" (k) VALUES (?1)", [(long)key], CancellationToken.None);
                return (Key: (long)key, Error: (LibSqlException?)null);
            }
            catch (LibSqlException ex)
            {
                return (Key: (long)key, Error: ex);
            }
        }).ToList();
        var waited = writes.All(w => !w.IsCompleted);
        hold.SetResult();
        await holding;
        var outcomes = await Task.WhenAll(writes);
        var rows = await driver.ReadAsync($"SELECT k FROM \"{table}\" ORDER BY k", [], static r => r.GetInt64(0), CancellationToken.None);

        await Assert.That(waited).IsTrue().Because("the shared connection is held, so every insert waits");
        await Assert.That(outcomes.Count(o => o.Error is not null)).IsEqualTo(6);
        await Assert.That(outcomes.Where(o => o.Error is not null).All(o => o.Error!.Message.Contains("UNIQUE", StringComparison.Ordinal))).IsTrue();
        await Assert.That(outcomes.Where(o => o.Error is not null).Select(o => o.Key).Distinct().Count()).IsEqualTo(6);
        await Assert.That(rows).IsEquivalentTo(Enumerable.Range(0, 54).Select(i => (long)i), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(driver.SharedPipelines).IsGreaterThan(0).Because("the inserts that waited shared pipelines");
    }

    [Test]
    public async Task Concurrent_leased_workflows_on_the_server_share_pipelines_and_all_complete()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = server.RequireUrl(),
            TableName = "runs_" + suffix,
            Lock = new LibSqlLockOptions { LockTableName = "runs_lock_" + suffix },
        });
        var driver = (HranaDriver)((Awaitly.LibSql.Diagnostics.TracingDriver)store.KeyValueStore.Driver).Inner;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(n => Awaitly.Durable.RunAsync(n, async ctx =>
        {
            var total = 0;
            for (var i = 0; i < 10; i++)
            {
                total += await ctx.Step($"step-{i}", () => i, key: $"step-{i}");
            }

            return total;
        }, new DurableOptions { Id = $"run-{n}", Store = store })));

        await Assert.That(results.All(r => r.IsOk && r.Value == 45)).IsTrue().Because(string.Join("; ", results.Where(r => !r.IsOk).Select(r => r.Error)));
        await Assert.That(await store.ListAsync()).IsEmpty();
        await Assert.That(driver.SharedPipelines).IsGreaterThan(0);
    }

    [Test]
    public async Task A_generated_store_runs_resumes_and_cleans_up_a_workflow_on_the_server()
    {
        var url = server.RequireUrl();
        await using (var cleanup = await GeneratedCheckoutStore.OpenAsync(url))
        {
            await cleanup.ClearAsync();
        }

        await using var store = await GeneratedCheckoutStore.OpenAsync(url, authToken: "ignored-by-tursodb");
        var deps = new CheckoutDeps { DeclineCard = true };

        var failed = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, store.RunOptions("remote-1"));
        deps.DeclineCard = false;
        await store.SaveAsync("remote-1", (await store.LoadAsync("remote-1"))!.WithoutStep("charge"));
        var resumed = await Awaitly.Durable.RunAsync(deps, CheckoutDeps.Checkout, store.RunOptions("remote-1"));

        await Assert.That(((ExpectedError)failed.Error!).Error).IsEqualTo(new CardDeclined("insufficient_funds"));
        await Assert.That(resumed.Value).IsEqualTo("charged-order-123");
        await Assert.That((deps.FetchUserCalls, deps.CreateOrderCalls, deps.ChargeCalls)).IsEqualTo((1, 1, 2));
        await Assert.That(await store.ListAsync()).IsEmpty();
    }
}
