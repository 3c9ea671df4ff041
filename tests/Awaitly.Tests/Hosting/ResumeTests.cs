using System.Text.Json;
using Awaitly.LibSql;
using Awaitly.LibSql.Hosting;
using Awaitly.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Awaitly.Tests.Hosting;

/// <summary>
/// The resumer in a real host on a real file: interrupted runs of registered workflows are finished without re-running their
/// completed steps; failed, foreign, leased runs are left; shutdown cancels a resumed run and keeps its state.
/// </summary>
public class ResumeTests
{
    private static void Resume(AwaitlyLibSqlOptions options)
    {
        options.Resume.Enabled = true;
        options.Resume.Interval = TimeSpan.FromSeconds(1);
    }

    // A first host whose run is stopped in its second step: the state keeps the first step, marked as running.
    private static async Task InterruptAsync(TempDatabase database, OrderSteps steps, string id)
    {
        using var cancel = new CancellationTokenSource();
        steps.BeforeCharge = _ =>
        {
            cancel.Cancel();
            return Task.Delay(Timeout.Infinite, cancel.Token);
        };
        using (var first = TestHosts.Build(database, steps))
        {
            await first.StartAsync();
            var result = await first.Order().RunAsync(id, cancel.Token);
            await Assert.That(result.Error).IsTypeOf<WorkflowCancelledError>();
            await first.StopAsync();
        }

        steps.BeforeCharge = null;
    }

    private static async Task<JsonElement?> MetadataAsync(TempDatabase database, string id)
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        return (await store.LoadAsync(id))?.Metadata;
    }

    private static AwaitlyResumeService Resumer(IHost host) => host.Services.GetServices<IHostedService>().OfType<AwaitlyResumeService>().Single();

    [Test]
    public async Task An_interrupted_run_is_resumed_at_start_up_without_re_running_its_completed_step()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps();
        await InterruptAsync(database, steps, "order-1");
        var metadata = await MetadataAsync(database, "order-1");
        await Assert.That(metadata!.Value.GetProperty(WorkflowMetadataKeys.Name).GetString()).IsEqualTo(TestHosts.Workflow);
        await Assert.That(metadata.Value.GetProperty(WorkflowMetadataKeys.Outcome).GetString()).IsEqualTo(WorkflowMetadataKeys.Running);

        using var second = TestHosts.Build(database, steps, Resume);
        await second.StartAsync();
        var store = second.Services.GetRequiredService<LibSqlPersistence>();
        var finished = await TestHosts.EventuallyAsync(async () => !await Durable.HasStateAsync(store, "order-1"), TimeSpan.FromSeconds(20));

        await Assert.That(finished).IsTrue();
        await Assert.That(steps.Reserved).IsEqualTo(1).Because("the completed step is replayed, not executed");
        await Assert.That(steps.Charged).IsEqualTo(2);
        // The scan logs its counts after its runs end, a moment after the state is gone.
        var logged = await TestHosts.EventuallyAsync(
            () => Task.FromResult(second.Logs().GetSnapshot().Any(r => r.Id.Id == AwaitlyEventIds.PendingRunsResumed && r.Message.Contains("1 resumed (1 completed)"))),
            TimeSpan.FromSeconds(10));
        await Assert.That(logged).IsTrue();
        await second.StopAsync();
    }

    [Test]
    public async Task A_run_that_ended_on_its_typed_error_is_reported_and_left_for_the_application()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps { Decline = true };
        using (var first = TestHosts.Build(database, steps))
        {
            await first.StartAsync();
            var result = await first.Order().RunAsync("order-2");
            await Assert.That(result.Error).IsTypeOf<ExpectedError>();
            await first.StopAsync();
        }

        var metadata = await MetadataAsync(database, "order-2");
        await Assert.That(metadata!.Value.GetProperty(WorkflowMetadataKeys.Outcome).GetString()).IsEqualTo(WorkflowMetadataKeys.Failed);
        await Assert.That(metadata.Value.GetProperty(WorkflowMetadataKeys.Error).GetString()).IsEqualTo(ErrorCodes.ExpectedError);

        using var second = TestHosts.Build(database, steps, Resume);
        await second.StartAsync();
        var scan = await Resumer(second).ScanAsync(CancellationToken.None);

        await Assert.That(scan.Left).IsEqualTo(1);
        await Assert.That(scan.Resumed).IsEqualTo(0);
        await Assert.That(steps.Charged).IsEqualTo(1);
        await Assert.That(await Durable.HasStateAsync(second.Services.GetRequiredService<IStatePersistence>(), "order-2")).IsTrue();
        // The host's own scan at start may be the one that reports it, a moment after this scan returns.
        await TestHosts.EventuallyAsync(
            () => Task.FromResult(second.Logs().GetSnapshot().Any(r => r.Id.Id == AwaitlyEventIds.PendingRunLeft)), TimeSpan.FromSeconds(10));
        await Resumer(second).ScanAsync(CancellationToken.None);
        var left = second.Logs().GetSnapshot().Where(r => r.Id.Id == AwaitlyEventIds.PendingRunLeft).ToList();
        await Assert.That(left.Count).IsEqualTo(1).Because("a left run is reported once per process, not at every scan");
        await Assert.That(left[0].Message).Contains("order-2");
        await second.StopAsync();
    }

    [Test]
    public async Task A_failed_run_of_an_older_version_is_decided_by_the_registrations_version_policy()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps { Decline = true };
        using (var first = TestHosts.Build(database, steps))
        {
            await first.StartAsync();
            await first.Order().RunAsync("order-3");
            await first.StopAsync();
        }

        steps.Decline = false;
        using var second = TestHosts.Build(database, steps, Resume, registration: r =>
        {
            r.Version = 2;
            r.OnVersionMismatch = (_, _) => ValueTask.FromResult(VersionMismatchResolution.Clear);
        });
        await second.StartAsync();
        var store = second.Services.GetRequiredService<IStatePersistence>();
        var finished = await TestHosts.EventuallyAsync(async () => !await Durable.HasStateAsync(store, "order-3"), TimeSpan.FromSeconds(20));

        await Assert.That(finished).IsTrue();
        await Assert.That(steps.Reserved).IsEqualTo(2).Because("Clear starts the run again from its first step");
        await second.StopAsync();
    }

    [Test]
    public async Task States_without_a_registered_name_are_left_alone()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps();
        await using (var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() }))
        {
            await store.SaveAsync("foreign", new WorkflowState([StepEntry.Success("reserve", JsonDocument.Parse("\"x\"").RootElement.Clone())]));
        }

        using var host = TestHosts.Build(database, steps, Resume);
        await host.StartAsync();
        var scan = await Resumer(host).ScanAsync(CancellationToken.None);

        await Assert.That(scan).IsEqualTo(new ResumeScan(0, 0, 0, 0));
        await Assert.That(await Durable.HasStateAsync(host.Services.GetRequiredService<IStatePersistence>(), "foreign")).IsTrue();
        await Assert.That(steps.Charged).IsEqualTo(0);
        await host.StopAsync();
    }

    [Test]
    public async Task A_run_whose_lease_is_held_by_a_live_process_is_skipped()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps();
        await InterruptAsync(database, steps, "order-4");
        await using var other = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        await using var lease = await ((IWorkflowLock)other).TryAcquireAsync("order-4", TimeSpan.FromMinutes(5));
        await Assert.That(lease).IsNotNull();

        using var host = TestHosts.Build(database, steps, Resume);
        await host.StartAsync();
        var scan = await Resumer(host).ScanAsync(CancellationToken.None);

        await Assert.That(scan.Skipped).IsEqualTo(1);
        await Assert.That(steps.Charged).IsEqualTo(1);
        await Assert.That(await Durable.HasStateAsync(other, "order-4")).IsTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task Shutdown_cancels_a_resumed_run_within_the_timeout_and_keeps_its_state()
    {
        using var database = new TempDatabase();
        var steps = new OrderSteps();
        await InterruptAsync(database, steps, "order-5");
        var charging = new TaskCompletionSource();
        steps.BeforeCharge = ct =>
        {
            charging.TrySetResult();
            return Task.Delay(Timeout.Infinite, ct);
        };

        using var host = TestHosts.Build(database, steps, Resume);
        await host.StartAsync();
        await charging.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        await Assert.That(stopping.Elapsed).IsLessThan(TimeSpan.FromSeconds(5));
        var metadata = await MetadataAsync(database, "order-5");
        await Assert.That(metadata).IsNotNull().Because("a cancelled run keeps its state");
        await Assert.That(metadata!.Value.GetProperty(WorkflowMetadataKeys.Outcome).GetString()).IsEqualTo(WorkflowMetadataKeys.Running);
        await Assert.That(steps.Reserved).IsEqualTo(1);
    }
}
