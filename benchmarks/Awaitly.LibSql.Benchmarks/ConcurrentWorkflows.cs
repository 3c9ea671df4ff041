using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Throughput and latency of N concurrent 10-step workflows with the lease on one file store (WAL + NORMAL and FULL), fresh
/// ids, 150 B values: each of N loops runs workflows back to back for the measured time, after a warm-up; the process's CPU
/// time per workflow is reported too. Run with <c>-- concurrency</c> (or <c>-- concurrency 64</c> for the N given). Concurrent checkpoints share commits (group commit), so throughput grows with N.
/// </summary>
internal static class ConcurrentWorkflows
{
    public static async Task RunAsync(int[] counts)
    {
        foreach (var durability in new[] { Durability.FileNormal, Durability.FileFull })
        {
            foreach (var concurrency in counts)
            {
                var benchmark = new WorkflowBenchmarks { Durability = durability, Locked = true, ValueBytes = 150 };
                await benchmark.Setup();
                await MeasureAsync(benchmark.TenStepWorkflow, concurrency, TimeSpan.FromSeconds(1));
                var process = Process.GetCurrentProcess();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var (count, latencies, elapsed) = await MeasureAsync(benchmark.TenStepWorkflow, concurrency, TimeSpan.FromSeconds(5));
                process.Refresh();
                var cpuPerWorkflow = (process.TotalProcessorTime - cpu).TotalMicroseconds / count;
                latencies.Sort();
                Console.WriteLine($"{durability}, N = {concurrency,2}: {count / elapsed.TotalSeconds,7:0} workflows/s, p50 {Percentile(latencies, 0.50):0.00} ms, " +
                    $"p99 {Percentile(latencies, 0.99):0.00} ms, CPU {cpuPerWorkflow:0} us per workflow, errors 0");
                await benchmark.Cleanup();
            }
        }
    }

    /// <summary>Runs <paramref name="run"/> in <paramref name="concurrency"/> loops for <paramref name="duration"/>: the runs, their latencies, the time taken.</summary>
    internal static async Task<(int Count, List<double> Latencies, TimeSpan Elapsed)> MeasureAsync(Func<Task<int>> run, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>();
        var count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
                count += mine.Count;
            }
        }));
        return (count, latencies, clock.Elapsed);
    }

    internal static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
