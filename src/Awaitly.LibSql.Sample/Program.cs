using Awaitly;
using Awaitly.LibSql;
using Awaitly.LibSql.Sample;

// dotnet run --project src/Awaitly.LibSql.Sample -- [--url file:./awaitly.db] [--id checkout-123] [--crash-after-first-step]
var url = Option("--url") ?? "file:./awaitly.db";
var id = Option("--id") ?? "checkout-123";
var crash = args.Contains("--crash-after-first-step");
var authToken = Option("--auth-token") ?? Environment.GetEnvironmentVariable("AWAITLY_AUTH_TOKEN");

await using var store = await CheckoutStore.OpenAsync(url, authToken);
Console.WriteLine($"store: {url} (table {store.Sql.Table}, lock table {store.Sql.LockTable})");
Console.WriteLine(await Durable.HasStateAsync(store, id)
    ? $"workflow '{id}': found a checkpoint, resuming"
    : $"workflow '{id}': no checkpoint, starting fresh");

var deps = new CheckoutDeps(Console.Out);
var options = new DurableOptions
{
    Id = id,
    Store = store,
    Json = CheckoutStore.JsonResolver,
    LockTtl = TimeSpan.FromSeconds(5),
    OnEvent = e =>
    {
        switch (e.Kind)
        {
            case DurableEventKind.StepCacheHit:
                Console.WriteLine($"  step {e.StepKey}: replayed from the checkpoint (not executed)");
                break;
            case DurableEventKind.PersistSucceeded:
                Console.WriteLine($"  step {e.StepKey}: checkpoint saved");
                if (crash)
                {
                    Console.WriteLine("simulated crash after the first step (--crash-after-first-step); run again without the flag to resume");
                    Environment.Exit(3);
                }

                break;
        }
    },
};

var started = DateTime.UtcNow;
while (true)
{
    var result = await Durable.RunAsync(deps, async ctx =>
    {
        var user = await ctx.Step("fetchUser", () => ctx.Deps.FetchUser("123"), key: "fetch-user");
        return await ctx.Step("createOrder", () => ctx.Deps.CreateOrder(user), key: "create-order");
    }, options);

    switch (result.Error)
    {
        case null:
            Console.WriteLine($"completed: {result.Value.Id} for {result.Value.UserId}, total {result.Value.Total}; checkpoint deleted: {!await Durable.HasStateAsync(store, id)}");
            return 0;
        case ConcurrentExecutionError { Reason: ConcurrencyConflict.CrossProcess } when DateTime.UtcNow - started < TimeSpan.FromSeconds(30):
            Console.WriteLine("  the lease is held by another process (or a crashed run); waiting for it to expire...");
            await Task.Delay(TimeSpan.FromSeconds(1));
            continue;
        default:
            Console.WriteLine($"failed: {result.Error}");
            return 1;
    }
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
