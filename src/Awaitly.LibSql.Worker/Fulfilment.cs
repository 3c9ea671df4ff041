using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Awaitly.LibSql.Worker;

internal sealed record Reservation(string OrderId, string Warehouse);

internal sealed record Payment(string OrderId, decimal Amount);

internal sealed record Shipment(string OrderId, string TrackingNumber);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Reservation))]
[JsonSerializable(typeof(Payment))]
[JsonSerializable(typeof(Shipment))]
internal sealed partial class FulfilmentJson : JsonSerializerContext;

/// <summary>The worker's store: its own tables, so it can share <c>awaitly.db</c> with the console sample.</summary>
[AwaitlyStore(Table = "fulfilment_state", Prefix = "fulfilment:", LockTable = "fulfilment_lock", Json = typeof(FulfilmentJson))]
internal sealed partial class FulfilmentStore;

/// <summary>The worker's settings (section <c>Worker</c>).</summary>
internal sealed class WorkerOptions
{
    /// <summary>An order to fulfil at start-up (for example <c>--Worker:Order=order-1</c>); none by default.</summary>
    public string? Order { get; set; }

    /// <summary>How long each step takes, so there is time to kill the process mid-run.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The lease of a run; a killed run's order is resumed once it has lapsed.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The steps of the fulfilment workflow. Each logs when it really runs (a replayed step does not).</summary>
internal sealed partial class FulfilmentSteps(ILogger<FulfilmentSteps> log, IOptions<WorkerOptions> options)
{
    public async Task<Reservation> ReserveStock(string orderId, CancellationToken cancellationToken)
    {
        Executing(orderId, "reserve-stock");
        await Task.Delay(options.Value.StepDelay, cancellationToken);
        return new Reservation(orderId, "east-1");
    }

    public async Task<Payment> ChargeCard(Reservation reservation, CancellationToken cancellationToken)
    {
        Executing(reservation.OrderId, "charge-card");
        await Task.Delay(options.Value.StepDelay, cancellationToken);
        return new Payment(reservation.OrderId, 42.50m);
    }

    public async Task<Shipment> Ship(Payment payment, CancellationToken cancellationToken)
    {
        Executing(payment.OrderId, "ship");
        await Task.Delay(options.Value.StepDelay, cancellationToken);
        return new Shipment(payment.OrderId, "TRACK-" + payment.OrderId.ToUpperInvariant());
    }

    [LoggerMessage(1, LogLevel.Information, "Order {OrderId}: executing step {Step}")]
    private partial void Executing(string orderId, string step);
}

internal static class Fulfilment
{
    public const string Name = "fulfilment";

    public static async Task<Shipment> RunAsync(DurableContext<FulfilmentSteps> ctx)
    {
        var reservation = await ctx.Step("reserve", ct => ctx.Deps.ReserveStock(ctx.WorkflowId, ct), key: "reserve-stock");
        var payment = await ctx.Step("charge", ct => ctx.Deps.ChargeCard(reservation, ct), key: "charge-card");
        return await ctx.Step("ship", ct => ctx.Deps.Ship(payment, ct), key: "ship");
    }
}
