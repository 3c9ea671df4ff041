namespace Awaitly.Tests.Hosting;

/// <summary>The dependencies of the test order workflow: counts real executions and lets a test pause, cancel or decline a charge.</summary>
public sealed class OrderSteps
{
    private int _reserved;
    private int _charged;

    public int Reserved => _reserved;

    public int Charged => _charged;

    public bool Decline { get; set; }

    public Func<CancellationToken, Task>? BeforeCharge { get; set; }

    public string Reserve()
    {
        Interlocked.Increment(ref _reserved);
        return "reserved";
    }

    public async Task<Result<string, string>> Charge(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _charged);
        if (BeforeCharge is { } before)
        {
            await before(cancellationToken);
        }

        return Decline ? Result.Err("card declined") : Result.Ok("charged");
    }

    public static async Task<string> Workflow(DurableContext<OrderSteps> ctx)
    {
        await ctx.Step("reserve", () => ctx.Deps.Reserve(), key: "reserve");
        return await ctx.Step("charge", ct => ctx.Deps.Charge(ct), key: "charge");
    }
}
