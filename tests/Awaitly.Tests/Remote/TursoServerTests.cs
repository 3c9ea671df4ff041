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
