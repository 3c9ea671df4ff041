using System.Diagnostics;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The hot path of <see cref="HotPathBenchmarks"/> (get hit and set overwrite of 1 KB and 10 KB, FileNormal, FileFull and
/// <c>:memory:</c>) against its raw SQLitePCLRaw baseline, measured in pairs: each round times a block of library calls and a
/// block of raw calls in alternating order, in one process, so both see the same machine; the median and range of the
/// per-round ratio are reported. A block is one delegate call looping over the same benchmark methods BenchmarkDotNet runs.
/// Run with <c>-- hotpath</c>.
/// </summary>
internal static class HotPathPairs
{
    private const int Rounds = 15;
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(60);

    /// <param name="only">One durability setting (<c>FileNormal</c>, <c>FileFull</c>, <c>Memory</c>) to run alone, e.g. to profile it.</param>
    public static async Task RunAsync(string? only = null)
    {
        foreach (var durability in new[] { Durability.FileNormal, Durability.FileFull, Durability.Memory }.Where(d => only is null || d.ToString() == only))
        {
            foreach (var bytes in new[] { 1024, 10240 })
            {
                var benchmark = new HotPathBenchmarks { Durability = durability, ValueBytes = bytes };
                await benchmark.Setup();
                await PairAsync($"{durability}, {bytes} B, get hit", async calls =>
                {
                    for (var i = 0; i < calls; i++)
                    {
                        await benchmark.Awaitly_GetHit();
                    }
                }, calls =>
                {
                    for (var i = 0; i < calls; i++)
                    {
                        benchmark.Raw_GetHit();
                    }
                });
                await PairAsync($"{durability}, {bytes} B, set overwrite", async calls =>
                {
                    for (var i = 0; i < calls; i++)
                    {
                        await benchmark.Awaitly_SetOverwrite();
                    }
                }, calls =>
                {
                    for (var i = 0; i < calls; i++)
                    {
                        benchmark.Raw_SetOverwrite();
                    }
                });
                await benchmark.Cleanup();
            }
        }
    }

    private static async Task PairAsync(string row, Func<int, ValueTask> library, Action<int> raw)
    {
        // Calibrates a block to about BlockTime of raw calls (after a warm-up of both).
        var calls = 64;
        while ((await TimeAsync(library, raw, calls, useLibrary: false)) < BlockTime && calls < 1 << 20)
        {
            calls *= 2;
        }

        await TimeAsync(library, raw, calls, useLibrary: true);
        var ratios = new List<double>();
        double libraryMicros = 0, rawMicros = 0;
        for (var round = 0; round < Rounds; round++)
        {
            TimeSpan ours, theirs;
            if (round % 2 == 0)
            {
                ours = await TimeAsync(library, raw, calls, useLibrary: true);
                theirs = await TimeAsync(library, raw, calls, useLibrary: false);
            }
            else
            {
                theirs = await TimeAsync(library, raw, calls, useLibrary: false);
                ours = await TimeAsync(library, raw, calls, useLibrary: true);
            }

            ratios.Add(ours / theirs);
            libraryMicros += ours.TotalMicroseconds / calls;
            rawMicros += theirs.TotalMicroseconds / calls;
        }

        ratios.Sort();
        Console.WriteLine($"{row}: library {libraryMicros / Rounds:0.00} us, raw {rawMicros / Rounds:0.00} us; library / raw per round: median {ratios[Rounds / 2]:0.000} " +
            $"({ratios[0]:0.000}–{ratios[^1]:0.000}), {Rounds} rounds of {calls} calls");
    }

    private static async Task<TimeSpan> TimeAsync(Func<int, ValueTask> library, Action<int> raw, int calls, bool useLibrary)
    {
        var started = Stopwatch.GetTimestamp();
        if (useLibrary)
        {
            await library(calls);
        }
        else
        {
            raw(calls);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
