using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// CPU time per workflow, measured the way the Node side measures it (process CPU time, user + system, all threads, over
/// sequential runs after a warm-up): the 10-step workflow of <see cref="WorkflowBenchmarks"/> on a file (WAL + NORMAL),
/// fresh ids, 150 B values, with and without the lease. Run with <c>-- cpu</c>.
/// </summary>
internal static class CpuPerWorkflow
{
    public static async Task RunAsync()
    {
        foreach (var locked in new[] { false, true })
        {
            var benchmark = new WorkflowBenchmarks { Durability = Durability.FileNormal, Locked = locked, ValueBytes = 150 };
            await benchmark.Setup();
            for (var i = 0; i < 3000; i++)
            {
                await benchmark.TenStepWorkflow();
            }

            const int Runs = 3000;
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < Runs; i++)
            {
                await benchmark.TenStepWorkflow();
            }

            wall.Stop();
            process.Refresh();
            var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / Runs;
            Console.WriteLine($"10-step workflow, FileNormal, {(locked ? "lease" : "no lease")}, 150 B: wall {wall.Elapsed.TotalMicroseconds / Runs:0} us/op, CPU {cpuMicros:0} us/op");
            await benchmark.Cleanup();
        }
    }
}
