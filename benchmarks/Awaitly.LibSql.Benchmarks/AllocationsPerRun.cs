using System.Text.Json;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Bytes allocated per 10-step workflow (150 B values, fresh ids, FileNormal) with and without the lease, and per resume of a
/// 50-step state, each with the types that allocated most (sampled); then the store's own calls made directly (a missing
/// load, the first whole save, one step patch, the delete). Run with <c>-- alloc</c>.
/// </summary>
internal static class AllocationsPerRun
{
    private const int Runs = 2000;

    public static async Task RunAsync()
    {
        foreach (var locked in new[] { false, true })
        {
            var benchmark = new WorkflowBenchmarks { Durability = Durability.FileNormal, Locked = locked, ValueBytes = 150 };
            await benchmark.Setup();
            using var sampler = new AllocationSampler();
            sampler.Start();
            Report($"10-step workflow, {(locked ? "lease" : "no lease")}", await PerCallAsync(() => new ValueTask(benchmark.TenStepWorkflow())));
            ReportSamples(sampler.Stop());
            await benchmark.Cleanup();
        }

        var resume = new ResumeBenchmarks { Locked = false };
        await resume.Setup();
        using (var sampler = new AllocationSampler())
        {
            const int Batches = 20, WarmBatches = 4;
            long bytes = 0;
            for (var batch = 0; batch < Batches; batch++)
            {
                resume.PrepareStates();
                if (batch == WarmBatches)
                {
                    sampler.Start();
                }

                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < ResumeBenchmarks.PerIteration; i++)
                {
                    await resume.Resume50Plus1();
                }

                bytes += batch >= WarmBatches ? GC.GetTotalAllocatedBytes(precise: true) - before : 0;
            }

            Report("resume of a 50-step state (50 replays + 1 step), no lease", (double)bytes / ((Batches - WarmBatches) * ResumeBenchmarks.PerIteration));
            ReportSamples(sampler.Stop());
        }

        await resume.Cleanup();

        using var scratch = new Scratch();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = scratch.Url(Durability.FileNormal, "parts.db") });
        var step = StepEntry.Success("step-1", JsonSerializer.SerializeToElement(OrderLine.Sized(150, 1), BenchJson.Default.OrderLine));
        var metadata = BenchSteps.MetadataAt(1);
        long id = 0;
        Report("LoadAsync of a missing state", await PerCallAsync(async () => await store.LoadAsync("missing-" + ++id)));
        Report("SaveAsync of a one-step state", await PerCallAsync(() => store.SaveAsync("s-" + ++id, new WorkflowState([step], metadata))));
        await store.SaveAsync("patched", new WorkflowState([step], metadata));
        Report("SaveStepAsync (patch)", await PerCallAsync(async () => await store.SaveStepAsync("patched", step, metadata)));
        Report("DeleteAsync of a missing state", await PerCallAsync(async () => await store.DeleteAsync("missing-" + ++id)));
    }

    private static async Task<double> PerCallAsync(Func<ValueTask> call)
    {
        for (var i = 0; i < Runs / 4; i++)
        {
            await call();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Runs; i++)
        {
            await call();
        }

        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;
    }

    private static void ReportSamples(IReadOnlyList<(string Type, long Bytes)> samples)
    {
        var total = Math.Max(1, samples.Sum(sample => sample.Bytes));
        foreach (var (type, bytes) in samples.Take(12))
        {
            Console.WriteLine($"  {100.0 * bytes / total,5:0.0} %  {type}");
        }
    }

    private static void Report(string what, double bytes) => Console.WriteLine($"{what}: {bytes:0} B");
}
