using Awaitly.LibSql;
using Awaitly.LibSql.Hosting;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Awaitly.Tests.Hosting;

/// <summary>The store inside a real host: registration, options validated at start, the store's lifetime, keyed stores.</summary>
public class HostingTests
{
    [Test]
    public async Task A_host_opens_the_store_at_start_runs_a_registered_workflow_and_disposes_the_store_with_it()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps();
        var host = TestHosts.Build(database, steps);

        await host.StartAsync();
        var store = host.Services.GetRequiredService<LibSqlPersistence>();
        var result = await host.Order().RunAsync("order-1");

        await Assert.That(result.IsOk).IsTrue().Because(result.Error?.ToString() ?? "");
        await Assert.That(result.Value).IsEqualTo("charged");
        await Assert.That(host.Services.GetRequiredService<IStatePersistence>()).IsSameReferenceAs(store);
        await Assert.That(host.Services.GetRequiredService<IWorkflowLock>()).IsSameReferenceAs(store);
        await Assert.That(store).IsTypeOf<LibSqlLockingPersistence>();
        await Assert.That(await Durable.HasStateAsync(store, "order-1")).IsFalse();
        await Assert.That(host.Logs().GetSnapshot().Any(r => r.Id.Id == AwaitlyEventIds.StoreOpened)).IsTrue();

        await host.StopAsync();
        await Assert.That(store.Closing.IsCancellationRequested).IsFalse().Because("the store stays open until the host's services are disposed");
        host.Dispose();
        await Assert.That(store.Closing.IsCancellationRequested).IsTrue();
    }

    [Test]
    public async Task A_bad_option_stops_the_host_at_start_with_the_stores_message()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps(), o => o.TableName = "state; DROP TABLE x");

        var error = await Assert.That(async () => await host.StartAsync()).Throws<OptionsValidationException>();

        await Assert.That(error!.Message).Contains("The Awaitly store is misconfigured");
        await Assert.That(error.Message).Contains("state; DROP TABLE x");
        await Assert.That(File.Exists(database.Path_)).IsFalse().Because("nothing is opened when the options are wrong");
    }

    [Test]
    public async Task Resume_without_a_lock_is_refused_at_start()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps(), o =>
        {
            o.Lock = false;
            o.Resume.Enabled = true;
        });

        var error = await Assert.That(async () => await host.StartAsync()).Throws<OptionsValidationException>();

        await Assert.That(error!.Message).Contains("Resume.Enabled needs Lock = true");
    }

    [Test]
    public async Task The_store_resolved_before_the_host_starts_is_a_clear_error_not_a_half_open_store()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps());

        var error = await Assert.That(() => host.Services.GetRequiredService<LibSqlPersistence>()).Throws<InvalidOperationException>();

        await Assert.That(error!.Message).Contains("is opened when the host starts and is not open yet");
        await Assert.That(File.Exists(database.Path_)).IsFalse();
    }

    [Test]
    public async Task Options_bind_from_a_configuration_section()
    {
        using var database = new TempDatabase();
        var builder = TestHosts.Create(database);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Awaitly:Url"] = database.Url,
            ["Awaitly:Prefix"] = "tenant:acme:",
            ["Awaitly:StateTtl"] = "01:00:00",
            ["Awaitly:Synchronous"] = "Full",
            ["Awaitly:Layout"] = "StepJournal",
            ["Awaitly:Resume:Enabled"] = "true",
            ["Awaitly:Resume:MaxParallelism"] = "2",
        });
        builder.Services.AddAwaitlyLibSql(builder.Configuration.GetSection("Awaitly"));
        using var host = builder.Build();

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptionsMonitor<AwaitlyLibSqlOptions>>().Get(Options.DefaultName);
        var store = host.Services.GetRequiredService<LibSqlPersistence>();

        await Assert.That(options.Url).IsEqualTo(database.Url);
        await Assert.That(options.StateTtl).IsEqualTo(TimeSpan.FromHours(1));
        await Assert.That(options.Synchronous).IsEqualTo(SynchronousMode.Full);
        await Assert.That(options.Layout).IsEqualTo(StateLayout.StepJournal);
        await Assert.That(store.WantsWholeStateAtRest).IsTrue().Because("the store was opened in the step-journal layout");
        await Assert.That(options.Resume.Enabled).IsTrue();
        await Assert.That(options.Resume.MaxParallelism).IsEqualTo(2);
        await Assert.That(store.Prefix).IsEqualTo("tenant:acme:");
        await host.StopAsync();
    }

    [Test]
    public async Task Named_stores_are_keyed_services_and_keep_their_tenants_apart()
    {
        using var database = new TempDatabase();
        var builder = TestHosts.Create(database);
        builder.Services.AddAwaitlyLibSql("acme", o => { o.Url = database.Url; o.Prefix = "acme:"; });
        builder.Services.AddAwaitlyLibSql("globex", o => { o.Url = database.Url; o.Prefix = "globex:"; });
        using var host = builder.Build();

        await host.StartAsync();
        var acme = host.Services.GetRequiredKeyedService<IStatePersistence>("acme");
        var globex = host.Services.GetRequiredKeyedService<IStatePersistence>("globex");
        await acme.SaveAsync("wf-1", new WorkflowState([]));

        await Assert.That(acme).IsNotSameReferenceAs(globex);
        await Assert.That(await Durable.HasStateAsync(acme, "wf-1")).IsTrue();
        await Assert.That(await Durable.HasStateAsync(globex, "wf-1")).IsFalse();
        await Assert.That(host.Services.GetService<IStatePersistence>()).IsNull().Because("only named stores were registered");
        await host.StopAsync();
    }

    [Test]
    public async Task A_declared_store_registers_as_its_own_type_with_its_table_and_json()
    {
        using var database = new TempDatabase();
        var builder = TestHosts.Create(database);
        builder.Services.AddAwaitlyStore<GeneratedCheckoutStore>(o => o.Url = database.Url);
        using var host = builder.Build();

        await host.StartAsync();
        var store = host.Services.GetRequiredService<GeneratedCheckoutStore>();

        await Assert.That(store.Sql.Table).IsEqualTo("checkout_state");
        await Assert.That(store.Prefix).IsEqualTo(GeneratedCheckoutStore.KeyPrefix);
        await Assert.That(host.Services.GetRequiredService<LibSqlPersistence>()).IsSameReferenceAs(store);
        await Assert.That(host.Services.GetRequiredService<IWorkflowLock>()).IsSameReferenceAs(store);
        await host.StopAsync();
    }

    [Test]
    public async Task A_store_without_a_lock_says_so_when_a_lock_is_asked_for()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps(), o => o.Lock = false);

        await host.StartAsync();
        var error = await Assert.That(() => host.Services.GetRequiredService<IWorkflowLock>()).Throws<InvalidOperationException>();

        await Assert.That(error!.Message).Contains("has no lease lock");
        await host.StopAsync();
    }

    [Test]
    public async Task A_store_name_or_a_workflow_name_registered_twice_is_refused()
    {
        var services = new ServiceCollection();
        var builder = services.AddAwaitlyLibSql("acme", o => o.Url = ":memory:");
        builder.AddWorkflow<OrderSteps, string>("order", OrderSteps.Workflow);

        await Assert.That(() => services.AddAwaitlyLibSql("acme", o => o.Url = ":memory:")).Throws<InvalidOperationException>();
        await Assert.That(() => builder.AddWorkflow<OrderSteps, string>("order", OrderSteps.Workflow)).Throws<InvalidOperationException>();
    }

    [Test]
    public async Task A_workflows_lease_settings_out_of_range_are_refused_at_registration()
    {
        var builder = new ServiceCollection().AddAwaitlyLibSql(o => o.Url = ":memory:");

        var zero = await Assert.That(() => builder.AddWorkflow<OrderSteps, string>("order", OrderSteps.Workflow, w => w.LockTtl = TimeSpan.Zero))
            .Throws<ArgumentException>();
        var heartbeat = await Assert.That(() => builder.AddWorkflow<OrderSteps, string>("order", OrderSteps.Workflow,
            w => w.HeartbeatInterval = TimeSpan.FromMinutes(5))).Throws<ArgumentException>();

        await Assert.That(zero!.Message).Contains("Workflow 'order' is misconfigured: DurableOptions.LockTtl must be positive");
        await Assert.That(heartbeat!.Message).Contains("shorter than LockTtl");
        await Assert.That(() => builder.AddWorkflow<OrderSteps, string>("order", OrderSteps.Workflow, w => w.LockTtl = TimeSpan.FromSeconds(5)))
            .ThrowsNothing().Because("the refused registrations left nothing behind");
    }

    [Test]
    public async Task The_purge_service_deletes_expired_rows_on_its_interval_and_logs_the_count()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps(), o =>
        {
            o.StateTtl = TimeSpan.FromSeconds(1);
            o.PurgeInterval = TimeSpan.FromSeconds(1);
        });
        await host.StartAsync();
        var store = host.Services.GetRequiredService<LibSqlPersistence>();
        await store.SaveAsync("expiring", new WorkflowState([]));

        var purged = await TestHosts.EventuallyAsync(
            () => Task.FromResult(host.Logs().GetSnapshot().Any(r => r.Id.Id == AwaitlyEventIds.PurgeCompleted && r.Message.StartsWith("Purged 1 ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(15));

        await Assert.That(purged).IsTrue();
        await using var inspector = await LibSqlInspector.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url });
        await Assert.That((await inspector.GetStatisticsAsync()).Rows).IsEqualTo(0);
        await host.StopAsync();
    }
}
