using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// How far group commit could take N = 64 under a durability setting, whatever the engine does: the leased 10-step run through
/// the library at N = 1 (sequential, fresh ids, 150 B values) against the one writer's floor, the same statements of 64 runs
/// in rounds of one transaction each without savepoints or the engine (<see cref="RawWorkflow.RunGroupedWithLease"/>). SQLite
/// runs one writer per database, so N concurrent runs cannot finish faster than the writer executes their statements: the
/// N = 1 time over the floor bounds the N = 64 / N = 1 throughput ratio. Interleaved in rounds so both see the same machine.
/// Run with <c>-- writer-floor</c>.
/// </summary>
internal static class WriterFloor
{
    private const int Group = 64;

    public static async Task RunAsync()
    {
        foreach (var durability in new[] { Durability.FileNormal, Durability.FileFull })
        {
            var benchmark = new WorkflowBenchmarks { Durability = durability, Locked = true, ValueBytes = 150 };
            await benchmark.Setup();
            var library = new List<double>();
            var floor = new List<double>();
            for (var round = 0; round < 8; round++)
            {
                var sequential = await TimeAsync(async () => { await benchmark.TenStepWorkflow(); return 1; });
                var grouped = await TimeAsync(() => { benchmark.Raw_GroupedWithLease(Group); return Task.FromResult(Group); });
                if (round > 0)
                {
                    library.Add(sequential);
                    floor.Add(grouped);
                }
            }

            var n1 = PairedRounds.Median(library);
            var writer = PairedRounds.Median(floor);
            Console.WriteLine($"{durability}: library N = 1 {n1:0.0} us per leased run; one writer's floor {writer:0.0} us per run (groups of {Group}); " +
                $"N = {Group} can reach at most {n1 / writer:0.00}x N = 1 (medians of {library.Count} rounds)");
            await benchmark.Cleanup();
        }
    }

    // Microseconds per run over about a second of calls, each call doing the number of runs it returns.
    private static async Task<double> TimeAsync(Func<Task<int>> call)
    {
        var runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            runs += await call();
        }

        return clock.Elapsed.TotalMicroseconds / runs;
    }
}
