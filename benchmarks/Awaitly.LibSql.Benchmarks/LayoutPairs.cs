using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The small 10-step workflow of <see cref="LayoutWorkflowBenchmarks"/> (150 B values, fresh ids, FileNormal, with and
/// without the lease) in the document and the step-journal layout, measured in pairs: each round runs a block of each,
/// in alternating order, in one process, so both see the same machine; the ratio of each round's pair (wall clock and
/// process CPU time) is reported as the median and range over the rounds. Run with <c>-- layouts</c>.
/// </summary>
internal static class LayoutPairs
{
    private const int Block = 500;
    private const int Rounds = 20;

    public static async Task RunAsync()
    {
        foreach (var locked in new[] { false, true })
        {
            var benchmark = new LayoutWorkflowBenchmarks { Locked = locked, ValueBytes = 150 };
            await benchmark.Setup();
            await BlockAsync(benchmark.Document_TenStepWorkflow);
            await BlockAsync(benchmark.StepJournal_TenStepWorkflow);
            var wall = new List<double>();
            var cpu = new List<double>();
            double documentMicros = 0, journalMicros = 0;
            for (var round = 0; round < Rounds; round++)
            {
                (TimeSpan Wall, TimeSpan Cpu) document, journal;
                if (round % 2 == 0)
                {
                    document = await BlockAsync(benchmark.Document_TenStepWorkflow);
                    journal = await BlockAsync(benchmark.StepJournal_TenStepWorkflow);
                }
                else
                {
                    journal = await BlockAsync(benchmark.StepJournal_TenStepWorkflow);
                    document = await BlockAsync(benchmark.Document_TenStepWorkflow);
                }

                wall.Add(journal.Wall / document.Wall);
                cpu.Add(journal.Cpu / document.Cpu);
                documentMicros += document.Wall.TotalMicroseconds / Block;
                journalMicros += journal.Wall.TotalMicroseconds / Block;
            }

            Console.WriteLine($"150 B, {(locked ? "lease" : "no lease")}: document {documentMicros / Rounds:0.0} us, step journal {journalMicros / Rounds:0.0} us per run; " +
                $"journal / document per round: wall median {Median(wall):0.000} ({wall.Min():0.000}–{wall.Max():0.000}), " +
                $"CPU median {Median(cpu):0.000} ({cpu.Min():0.000}–{cpu.Max():0.000}), {Rounds} rounds of {Block} runs each");
            await benchmark.Cleanup();
        }
    }

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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
