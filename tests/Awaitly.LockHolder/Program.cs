using System.Globalization;
using Awaitly;
using Awaitly.LibSql;
using Awaitly.LockHolder;

// Usage:
//   hold    <url> <id> <ttl-ms>              take the lease (waiting for it), print "acquired <fence>", then wait to be killed
//   contend <url> <id> <runs> <log-file>     run the workflow <runs> times under the lease, retrying while another process holds it
//   journal <url> <id> <steps>               run JournalSteps' workflow in the step-journal layout, printing "step <n>" after each
//                                            checkpoint, then wait to be killed
//   churn[-journal] <url> <id> <workers>     run Churn's workflows on fresh ids from <workers> loops at once (in the step-journal layout
//                                            with -journal), printing "ready" first, until killed
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: hold <url> <id> <ttl-ms> | contend <url> <id> <runs> <log-file> | journal <url> <id> <steps> | churn[-journal] <url> <id> <workers>");
    return 2;
}

var (mode, url, id) = (args[0], args[1], args[2]);
await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
{
    Url = url,
    Lock = new LibSqlLockOptions(),
    Layout = mode is "journal" or "churn-journal" ? StateLayout.StepJournal : StateLayout.Document,
});
var locks = (IWorkflowLock)store;

if (mode is "churn" or "churn-journal")
{
    Console.WriteLine("ready");
    // Each loop on the pool: a store call that completes at once would otherwise keep the first loop running alone.
    await Task.WhenAll(Enumerable.Range(0, int.Parse(args[3], CultureInfo.InvariantCulture)).Select(worker => Task.Run(async () =>
    {
        for (var n = 0; ; n++)
        {
            var runId = $"{id}-{worker}-{n}";
            var abandonAt = Churn.AbandonAt(runId);
            await Durable.RunAsync(0, async ctx =>
            {
                for (var step = 1; step <= Churn.Steps; step++)
                {
                    var s = step;
                    await ctx.Step(Churn.Key(s), () => s == abandonAt ? throw new InvalidOperationException("abandoned") : Churn.Value(runId, s));
                }

                return 0;
            }, new DurableOptions { Id = runId, Store = store, LockTtl = TimeSpan.FromSeconds(1) });
        }
    })));
    return 0;
}

if (mode == "journal")
{
    var steps = int.Parse(args[3], CultureInfo.InvariantCulture);
    var result = await Durable.RunAsync(0, async ctx =>
    {
        for (var n = 1; n <= steps; n++)
        {
            var step = n;
            await ctx.Step(JournalSteps.Key(step), async () =>
            {
                await Task.Delay(Random.Shared.Next(5, 15));
                return JournalSteps.Value(step);
            });
            Console.WriteLine($"step {step}");
        }

        await Task.Delay(Timeout.Infinite);
        return 0;
    }, new DurableOptions { Id = id, Store = store, LockTtl = TimeSpan.FromSeconds(2) });
    Console.Error.WriteLine(result.IsOk ? "finished" : result.Error.ToString());
    return 1;
}

if (mode == "hold")
{
    var ttl = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture));
    WorkflowLease? lease;
    while ((lease = await locks.TryAcquireAsync(id, ttl)) is null)
    {
        await Task.Delay(20);
    }

    Console.WriteLine($"acquired {lease.FencingToken}");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

var runs = int.Parse(args[3], CultureInfo.InvariantCulture);
var log = args[4];
var completed = 0;
while (completed < runs)
{
    var result = await Durable.RunAsync(log, async ctx => await ctx.Step("critical", async () =>
    {
        await File.AppendAllTextAsync(ctx.Deps, $"start {Environment.ProcessId}\n");
        await Task.Delay(15);
        await File.AppendAllTextAsync(ctx.Deps, $"end {Environment.ProcessId}\n");
        return 1;
    }), new DurableOptions { Id = id, Store = store, LockTtl = TimeSpan.FromSeconds(10) });
    if (result.IsOk)
    {
        completed++;
    }
    else if (result.Error is ConcurrentExecutionError)
    {
        await Task.Delay(5);
    }
    else
    {
        Console.Error.WriteLine(result.Error);
        return 1;
    }
}

Console.WriteLine($"completed {completed}");
return 0;

/// <summary>The steps of the journal workflow: 3 KB values, so the state passes the size up to which the document is patched.</summary>
public static class JournalSteps
{
    public static string Key(int step) => "s" + step.ToString("000", CultureInfo.InvariantCulture);

    public static string Value(int step) => step.ToString(CultureInfo.InvariantCulture) + ":" + new string((char)('a' + step % 26), 3000);
}
