using Awaitly.LibSql.Hosting;
using Awaitly.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Awaitly.Tests.Hosting;

/// <summary>Real hosts (<see cref="Host.CreateApplicationBuilder()"/>) over a file store, with logs captured by <c>FakeLogger</c>.</summary>
internal static class TestHosts
{
    public const string Workflow = "order";

    public static IHost Build(TempDatabase database, OrderSteps steps, Action<AwaitlyLibSqlOptions>? configure = null,
        Action<WorkflowRegistrationOptions>? registration = null, Action<HostApplicationBuilder>? more = null)
    {
        var builder = Create(database);
        builder.Services.AddSingleton(steps);
        builder.Services.AddAwaitlyLibSql(options =>
            {
                options.Url = database.Url;
                configure?.Invoke(options);
            })
            .AddWorkflow<OrderSteps, string>(Workflow, OrderSteps.Workflow, registration);
        builder.Services.AddHealthChecks().AddAwaitlyLibSql();
        more?.Invoke(builder);
        return builder.Build();
    }

    public static HostApplicationBuilder Create(TempDatabase database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = database.Directory });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        return builder;
    }

    public static DurableWorkflow<OrderSteps, string> Order(this IHost host) => host.Services.GetRequiredService<DurableWorkflow<OrderSteps, string>>();

    public static FakeLogCollector Logs(this IHost host) => host.Services.GetFakeLogCollector();

    public static Task<HealthReport> HealthAsync(this IHost host) => host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
