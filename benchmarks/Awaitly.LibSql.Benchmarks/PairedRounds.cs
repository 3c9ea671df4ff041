using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Times two forms of one operation in pairs: each round runs a block of the library's calls and a block of the raw
/// baseline's in alternating order, in one process, so both see the same machine at the same moment (this VM's speed drifts
/// by ±10 % over seconds, which BenchmarkDotNet's separate runs of each row cannot cancel). Reports the mean time per call of
/// each and the median and range of the per-round ratio library / raw.
/// </summary>
internal static class PairedRounds
{
    /// <param name="row">What the line printed names.</param>
    /// <param name="library">Runs the library's form the given number of times.</param>
    /// <param name="raw">Runs the raw baseline the given number of times.</param>
    /// <param name="rounds">Pairs timed.</param>
    /// <param name="blockTime">About how long a block of raw calls runs (the block size is calibrated on it after a warm-up).</param>
    public static async Task RunAsync(string row, Func<int, ValueTask> library, Func<int, ValueTask> raw, int rounds, TimeSpan blockTime)
    {
        var calls = 16;
        while (await TimeAsync(raw, calls) < blockTime && calls < 1 << 20)
        {
            calls *= 2;
        }

        await TimeAsync(library, calls);
        var ratios = new List<double>();
        double libraryMicros = 0, rawMicros = 0;
        for (var round = 0; round < rounds; round++)
        {
            TimeSpan ours, theirs;
            if (round % 2 == 0)
            {
                ours = await TimeAsync(library, calls);
                theirs = await TimeAsync(raw, calls);
            }
            else
            {
                theirs = await TimeAsync(raw, calls);
                ours = await TimeAsync(library, calls);
            }

            ratios.Add(ours / theirs);
            libraryMicros += ours.TotalMicroseconds / calls;
            rawMicros += theirs.TotalMicroseconds / calls;
        }

        Console.WriteLine($"{row}: library {libraryMicros / rounds:0.00} us, raw {rawMicros / rounds:0.00} us; library / raw per round: " +
            $"median {Median(ratios):0.000} ({ratios.Min():0.000}–{ratios.Max():0.000}), {rounds} rounds of {calls} calls");
    }

    /// <summary>The order in which a round runs three blocks (0, 1, 2): every order in turn, so none runs in one place more often.</summary>
    public static int[] OrderOfThree(int round) => OrdersOfThree[round % OrdersOfThree.Length];

    /// <summary>The median of per-round ratios.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static readonly int[][] OrdersOfThree = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];

    private static async Task<TimeSpan> TimeAsync(Func<int, ValueTask> operation, int calls)
    {
        var started = Stopwatch.GetTimestamp();
        await operation(calls);
        return Stopwatch.GetElapsedTime(started);
    }
}
