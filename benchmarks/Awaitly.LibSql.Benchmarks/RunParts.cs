using System.Diagnostics;
using System.Text.Json;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Where a 10-step run's time goes (150 B values, fresh ids, with and without the lease): the whole run through <c>Durable.RunAsync</c>, the
/// same store calls made directly with the entries and metadata already built, through the overloads the engine calls (the store's share), and the raw statement
/// sequence of <see cref="RawWorkflow"/> (SQLite's share), and the engine alone against <see cref="NothingStore"/>, interleaved in
/// rounds so they see the same machine. Run with <c>-- parts</c>.
/// </summary>
internal static class RunParts
{
    private const int Runs = 2000;

    public static async Task RunAsync()
    {
        foreach (var (durability, locked) in new[] { (Durability.Memory, false), (Durability.FileNormal, false), (Durability.Memory, true), (Durability.FileNormal, true) })
        {
            var benchmark = new WorkflowBenchmarks { Durability = durability, Locked = locked, ValueBytes = 150 };
            await benchmark.Setup();
            var store = benchmark.Store;
            var entries = benchmark.Values.Select((line, i) => StepEntry.Success($"step-{i}", JsonSerializer.SerializeToElement(line, BenchJson.Default.OrderLine))).ToArray();
            // The metadata as the engine binds it: its UTF-8, in the engine's shape.
            var metadata = entries.Select(entry => System.Text.Encoding.UTF8.GetBytes(
                $"{{\"version\":1,\"lastStepKey\":\"{entry.Key}\",\"updatedAt\":\"2026-12-08T01:00:00.000Z\"}}")).ToArray();
            var firstMetadata = JsonElement.Parse(metadata[0]);
            long ids = 0;
            async Task StoreCallsAsync()
            {
                var id = "parts-" + ++ids;
                var lease = locked ? (await ((ILeasedLoad)store).TryAcquireAndLoadAsync(id, TimeSpan.FromSeconds(30)))!.Lease : null;
                if (lease is null)
                {
                    await store.LoadAsync(id);
                }

                await store.SaveAsync(id, new WorkflowState([entries[0]], firstMetadata), lease?.Fence);
                for (var i = 1; i < entries.Length; i++)
                {
                    await store.SaveStepAsync(id, entries[i], new ReadOnlyMemory<byte>(metadata[i]), lease?.Fence);
                }

                if (lease is null)
                {
                    await store.DeleteAsync(id);
                }
                else
                {
                    await ((ILeaseCompletion)store).DeleteAndReleaseAsync(lease);
                }
            }

            var run = TimeSpan.Zero;
            var calls = TimeSpan.Zero;
            var raw = TimeSpan.Zero;
            var engine = TimeSpan.Zero;
            var nothing = new DurableOptions { Id = "unused", Store = new NothingStore(), Json = BenchJson.Default };
            for (var round = 0; round < 6; round++)
            {
                var measured = round > 0;
                run += await TimeAsync(() => benchmark.TenStepWorkflow(), measured);
                calls += await TimeAsync(StoreCallsAsync, measured);
                raw += await TimeAsync(() => { benchmark.Raw_TenStepStatements(); return Task.CompletedTask; }, measured);
                engine += await TimeAsync(() => WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, benchmark.Values, nothing with { Id = "nothing-" + ++ids }), measured);
            }

            const int Measured = 5 * Runs;
            Console.WriteLine($"{durability}, {(locked ? "lease" : "no lease")}: run {run.TotalMicroseconds / Measured:0.0} us, its store calls alone {calls.TotalMicroseconds / Measured:0.0} us, " +
                $"raw statements {raw.TotalMicroseconds / Measured:0.0} us, the engine alone {engine.TotalMicroseconds / Measured:0.0} us");
            await benchmark.Cleanup();
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> call, bool measured)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Runs; i++)
        {
            await call();
        }

        return measured ? Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
    }
}
