using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// CPU time per workflow, measured the way the Node side measures it (process CPU time, user + system, all threads, over
/// sequential runs after a warm-up): the 10-step workflow of <see cref="WorkflowBenchmarks"/> on a file (WAL + NORMAL),
/// fresh ids, 150 B values, with and without the lease. Run with <c>-- cpu</c>.
/// </summary>
internal static class CpuPerWorkflow
{
    /// <param name="only"><c>resume</c> or <c>workflow</c> for one kind of row, <c>lease</c> for the leased workflow alone (to profile it).</param>
    public static async Task RunAsync(string? only = null)
    {
        if (only is null or "resume")
        {
            foreach (var locked in new[] { false, true })
            {
                await ResumeAsync(locked);
            }
        }

        if (only is "resume")
        {
            return;
        }

        foreach (var locked in only is "lease" ? new[] { true } : [false, true])
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
            var collections = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < Runs; i++)
            {
                await benchmark.TenStepWorkflow();
            }

            wall.Stop();
            process.Refresh();
            var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / Runs;
            Console.WriteLine($"10-step workflow, FileNormal, {(locked ? "lease" : "no lease")}, 150 B: wall {wall.Elapsed.TotalMicroseconds / Runs:0} us/op, CPU {cpuMicros:0} us/op, " +
                $"GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMicroseconds / Runs:0.0} us/op ({GC.CollectionCount(0) - collections} collections)");
            await benchmark.Cleanup();
        }
    }

    // The resume of ResumeBenchmarks (load, 50 replays, one step, delete), states prepared outside the measured time.
    private static async Task ResumeAsync(bool locked)
    {
        var resume = new ResumeBenchmarks { Locked = locked };
        await resume.Setup();
        var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        const int Batches = 40, Measured = 30;
        for (var batch = 0; batch < Batches; batch++)
        {
            resume.PrepareStates();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < ResumeBenchmarks.PerIteration; i++)
            {
                await resume.Resume50Plus1();
            }

            process.Refresh();
            if (batch >= Batches - Measured)
            {
                wall += Stopwatch.GetElapsedTime(started);
                cpu += process.TotalProcessorTime - cpuBefore;
            }
        }

        const int Runs = Measured * ResumeBenchmarks.PerIteration;
        Console.WriteLine($"resume 50+1, FileNormal, {(locked ? "lease" : "no lease")}, 150 B: wall {wall.TotalMicroseconds / Runs:0} us/op, CPU {cpu.TotalMicroseconds / Runs:0} us/op");
        await resume.Cleanup();
    }
}
