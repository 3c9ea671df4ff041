using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The 1000-step loads of <see cref="LayoutLoadBenchmarks"/> (a fresh copy per load, prepared outside the measured time)
/// measured in rounds: each round prepares its copies, then times a block of loads of each kind (the document, the
/// step-journal state at rest, the state left in the journal) in an order that rotates from round to round, in one process,
/// so all see the same machine. Reports the mean time per load and the median and range of the per-round ratio to the
/// document's load. Run with <c>-- loads</c>.
/// </summary>
internal static class LoadPairs
{
    private const int Rounds = 60;
    private const int PerKind = 10;
    private static readonly string[] Kinds = ["document", "step journal at rest", "left in the journal"];

    public static async Task RunAsync()
    {
        var benchmark = new LayoutLoadBenchmarks();
        await benchmark.Setup();
        Func<ValueTask<WorkflowState?>>[] loads = [benchmark.Document_Load, benchmark.StepJournal_LoadAtRest, benchmark.StepJournal_LoadLeftInTheJournal];
        var ratios = new[] { new List<double>(), new List<double>() };
        var micros = new double[3];
        for (var round = -2; round < Rounds; round++)
        {
            benchmark.PrepareFreshStates();
            var times = new TimeSpan[3];
            foreach (var kind in PairedRounds.OrderOfThree(round + 2))
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < PerKind; i++)
                {
                    await loads[kind]();
                }

                times[kind] = Stopwatch.GetElapsedTime(started);
            }

            benchmark.DeleteFreshStates();
            if (round < 0)
            {
                continue;
            }

            for (var kind = 0; kind < 3; kind++)
            {
                micros[kind] += times[kind].TotalMicroseconds / PerKind / Rounds;
            }

            ratios[0].Add(times[1] / times[0]);
            ratios[1].Add(times[2] / times[0]);
        }

        await benchmark.Cleanup();
        Console.WriteLine($"1000-step state, {Rounds} rounds of {PerKind} loads of each kind: " +
            string.Join(", ", Kinds.Select((kind, i) => $"{kind} {micros[i]:0.0} us")));
        for (var other = 1; other <= 2; other++)
        {
            var ratio = ratios[other - 1];
            Console.WriteLine($"  {Kinds[other]} / document: median {PairedRounds.Median(ratio):0.000} ({ratio.Min():0.000}–{ratio.Max():0.000})");
        }
    }
}
