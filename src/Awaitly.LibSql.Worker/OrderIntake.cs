using Awaitly.LibSql.Hosting;
using Microsoft.Extensions.Options;

namespace Awaitly.LibSql.Worker;

/// <summary>Fulfils the order named by <c>Worker:Order</c> at start-up, through the registered workflow (the resumer finishes it if this process dies).</summary>
internal sealed partial class OrderIntake(DurableWorkflow<FulfilmentSteps, Shipment> fulfilment, IOptions<WorkerOptions> options, ILogger<OrderIntake> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Order is not { Length: > 0 } order)
        {
            return;
        }

        var result = await fulfilment.RunAsync(order, stoppingToken);
        if (result.IsOk)
        {
            Shipped(order, result.Value.TrackingNumber);
        }
        else
        {
            NotShipped(order, result.Error.Code, result.Error.Message);
        }
    }

    [LoggerMessage(10, LogLevel.Information, "Order {OrderId} shipped: {TrackingNumber}")]
    private partial void Shipped(string orderId, string trackingNumber);

    [LoggerMessage(11, LogLevel.Warning, "Order {OrderId} not shipped: {ErrorCode}: {Message}")]
    private partial void NotShipped(string orderId, string errorCode, string message);
}
