namespace Awaitly.LibSql.Sample;

/// <summary>Runs (or resumes) the checkout workflow once, printing what happens; a failure is one line on stderr.</summary>
internal static class CheckoutRun
{
    public static async Task<int> RunAsync(string url, string id, string? authToken, bool crash, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(url, id, authToken, crash, cancellationToken);
        }
        catch (Exception ex) when (ex is LibSqlConfigurationException or LibSqlException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"failed: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCoreAsync(string url, string id, string? authToken, bool crash, CancellationToken cancellationToken)
    {
        await using var store = await CheckoutStore.OpenAsync(url, authToken, cancellationToken);
        Console.WriteLine($"store: {url} (table {store.Sql.Table}, lock table {store.Sql.LockTable})");
        Console.WriteLine(await Durable.HasStateAsync(store, id, cancellationToken)
            ? $"workflow '{id}': found a checkpoint, resuming"
            : $"workflow '{id}': no checkpoint, starting fresh");

        var deps = new CheckoutDeps(Console.Out);
        var options = store.RunOptions(id) with
        {
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
            }, options, cancellationToken);

            switch (result.Error)
            {
                case null:
                    var deleted = !await Durable.HasStateAsync(store, id, cancellationToken);
                    Console.WriteLine($"completed: {result.Value.Id} for {result.Value.UserId}, total {result.Value.Total}; checkpoint deleted: {deleted}");
                    return 0;
                case ConcurrentExecutionError { Reason: ConcurrencyConflict.CrossProcess } when DateTime.UtcNow - started < TimeSpan.FromSeconds(30):
                    Console.WriteLine("  the lease is held by another process (or a crashed run); waiting for it to expire...");
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                default:
                    Console.Error.WriteLine($"failed: {result.Error.ToString().ReplaceLineEndings(" ")}");
                    return 1;
            }
        }
    }
}
