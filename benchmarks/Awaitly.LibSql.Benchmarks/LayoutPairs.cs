using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The small 10-step workflow of <see cref="LayoutWorkflowBenchmarks"/> (150 B values, fresh ids, FileNormal, with and
/// without the lease) in the document and the step-journal layout, measured in rounds: each round runs a block of each, and
/// a block of the document layout on a second table as a control, in an order that rotates from round to round, in one
/// process, so all see the same machine. The ratios journal / document and control / document of each round (wall clock
/// and process CPU time) are reported as the median and range over the rounds; the control's ratio is what two identical
/// runs differ by here. Run with <c>-- layouts</c>.
/// </summary>
internal static class LayoutPairs
{
    private const int Block = 500;
    private const int Rounds = 60;


    public static async Task RunAsync()
    {
        foreach (var locked in new[] { false, true })
        {
            var benchmark = new LayoutWorkflowBenchmarks { Locked = locked, ValueBytes = 150 };
            await benchmark.Setup();
            Func<Task<int>>[] runs = [benchmark.Document_TenStepWorkflow, benchmark.StepJournal_TenStepWorkflow, benchmark.DocumentControl_TenStepWorkflow];
            foreach (var run in runs)
            {
                await BlockAsync(run);
            }

            var wall = new[] { new List<double>(), new List<double>() };
            var cpu = new[] { new List<double>(), new List<double>() };
            var micros = new double[3];
            for (var round = 0; round < Rounds; round++)
            {
                var times = new (TimeSpan Wall, TimeSpan Cpu)[3];
                foreach (var which in PairedRounds.OrderOfThree(round))
                {
                    times[which] = await BlockAsync(runs[which]);
                    micros[which] += times[which].Wall.TotalMicroseconds / Block;
                }

                for (var other = 1; other <= 2; other++)
                {
                    wall[other - 1].Add(times[other].Wall / times[0].Wall);
                    cpu[other - 1].Add(times[other].Cpu / times[0].Cpu);
                }
            }

            Console.WriteLine($"150 B, {(locked ? "lease" : "no lease")}: document {micros[0] / Rounds:0.0} us, step journal {micros[1] / Rounds:0.0} us, " +
                $"control {micros[2] / Rounds:0.0} us per run; {Rounds} rounds of {Block} runs each");
            Console.WriteLine($"  journal / document: {Ratios(wall[0], cpu[0])}");
            Console.WriteLine($"  control / document: {Ratios(wall[1], cpu[1])}");
            await benchmark.Cleanup();
        }
    }

    private static string Ratios(List<double> wall, List<double> cpu) =>
        $"wall median {PairedRounds.Median(wall):0.000} ({wall.Min():0.000}–{wall.Max():0.000}), " +
        $"CPU median {PairedRounds.Median(cpu):0.000} ({cpu.Min():0.000}–{cpu.Max():0.000})";

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> BlockAsync(Func<Task<int>> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Block; i++)
        {
            await run();
        }

        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpu);
    }
}
