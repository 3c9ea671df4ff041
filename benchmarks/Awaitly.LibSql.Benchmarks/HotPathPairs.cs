namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The hot path of <see cref="HotPathBenchmarks"/> (get hit and set overwrite of 1 KB and 10 KB, FileNormal, FileFull and
/// <c>:memory:</c>) against its raw SQLitePCLRaw baseline, in <see cref="PairedRounds"/>. A block is one delegate call looping
/// over the same benchmark methods BenchmarkDotNet runs.
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
                await PairedRounds.RunAsync($"{durability}, {bytes} B, get hit", async calls =>
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

                    return ValueTask.CompletedTask;
                }, Rounds, BlockTime);
                await PairedRounds.RunAsync($"{durability}, {bytes} B, set overwrite", async calls =>
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

                    return ValueTask.CompletedTask;
                }, Rounds, BlockTime);
                await benchmark.Cleanup();
            }
        }
    }
}
