using Awaitly.Tests.Packaging;
using Awaitly.Tests.Support;
using Awaitly.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Awaitly.Tests.Hosting;

/// <summary>The health check against real stores: healthy, a file deleted or damaged under the store, a server that went away.</summary>
public class HealthTests
{
    [Test]
    public async Task A_readable_store_is_healthy_and_reports_its_url()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps());
        await host.StartAsync();

        var report = await host.HealthAsync();

        await Assert.That(report.Status).IsEqualTo(HealthStatus.Healthy);
        await Assert.That(report.Entries["awaitly"].Data["url"]).IsEqualTo(database.Url);
        await host.StopAsync();
    }

    [Test]
    public async Task A_store_whose_file_was_deleted_or_replaced_by_garbage_is_unhealthy()
    {
        using var database = new TempDatabase();
        using var host = TestHosts.Build(database, new OrderSteps());
        await host.StartAsync();

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(database.Path_ + suffix);
        }

        var deleted = await host.HealthAsync();
        await File.WriteAllTextAsync(database.Path_, new string('x', 8192));
        var damaged = await host.HealthAsync();

        await Assert.That(deleted.Status).IsEqualTo(HealthStatus.Unhealthy);
        await Assert.That(deleted.Entries["awaitly"].Description).Contains("is gone");
        await Assert.That(damaged.Status).IsEqualTo(HealthStatus.Unhealthy);
        await Assert.That(damaged.Entries["awaitly"].Exception).IsTypeOf<Awaitly.LibSql.LibSqlException>();
        await host.StopAsync();
    }

    [Test]
    [NotInParallel("tursodb")]
    public async Task A_store_whose_server_went_away_is_unhealthy_and_the_report_has_no_token()
    {
        using var database = new TempDatabase();
        var server = await TursoProcess.StartAsync(DotnetCli.RepositoryRoot);
        var builder = TestHosts.Create(database);
        builder.Services.AddAwaitlyLibSql(o =>
        {
            o.Url = server.Url;
            o.AuthToken = "token-not-in-the-report";
            o.RemoteMaxRetries = 0;
        });
        builder.Services.AddHealthChecks().AddAwaitlyLibSql();
        using var host = builder.Build();
        await host.StartAsync();

        var healthy = await host.HealthAsync();
        await server.DisposeAsync();
        var unreachable = await host.HealthAsync();

        await Assert.That(healthy.Status).IsEqualTo(HealthStatus.Healthy).Because(healthy.Entries["awaitly"].Description ?? "");
        await Assert.That(unreachable.Status).IsEqualTo(HealthStatus.Unhealthy);
        var entry = unreachable.Entries["awaitly"];
        await Assert.That($"{entry.Description} {entry.Exception} {string.Join(",", entry.Data.Values)}").DoesNotContain("token-not-in-the-report");
        await host.StopAsync();
    }
}
