using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Process CPU time per operation of one <see cref="TelemetryBenchmarks"/> row with no listener, over a fixed time after a
/// warm-up: <c>-- rate get|set|workflow seconds</c>. CPU time leaves out the time the VM gives to others, so runs of two
/// builds alternated many times compare more steadily than wall-clock rows (see RESULTS.md, "Telemetry on the hot path").
/// </summary>
internal static class PairedRate
{
    public static async Task RunAsync(string row, double seconds)
    {
        var benchmark = new TelemetryBenchmarks { Listening = false };
        await benchmark.Setup();
        Func<Task> operation = row switch
        {
            "get" => async () => await benchmark.Get(),
            "set" => async () => await benchmark.Set(),
            "workflow" => () => benchmark.TenStepWorkflowWithLease(),
            _ => throw new ArgumentException($"unknown row '{row}': use get, set or workflow"),
        };
        await LoopAsync(operation, TimeSpan.FromSeconds(1));
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var count = await LoopAsync(operation, TimeSpan.FromSeconds(seconds));
        process.Refresh();
        Console.WriteLine($"{row} {(process.TotalProcessorTime - cpu).TotalMicroseconds / count:0.000} us-cpu/op {count} ops");
        await benchmark.Cleanup();
    }

    private static async Task<long> LoopAsync(Func<Task> operation, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < 64; i++)
            {
                await operation();
            }

            count += 64;
        }

        return count;
    }
}
