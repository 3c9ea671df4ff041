namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The rows of <see cref="FileWorkflowBenchmarks"/> (the 10-step workflow on fresh ids, FileNormal, 150 B and 10 KB values,
/// with and without the lease) against the raw statement sequence, in <see cref="PairedRounds"/>. Run with <c>-- workflows</c>.
/// </summary>
internal static class WorkflowPairs
{
    private const int Rounds = 21;
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync()
    {
        foreach (var locked in new[] { false, true })
        {
            foreach (var bytes in new[] { 150, 10240 })
            {
                var benchmark = new WorkflowBenchmarks { Durability = Durability.FileNormal, Locked = locked, ValueBytes = bytes };
                await benchmark.Setup();
                await PairedRounds.RunAsync($"FileNormal, {bytes} B, {(locked ? "lease" : "no lease")}", async runs =>
                {
                    for (var i = 0; i < runs; i++)
                    {
                        await benchmark.TenStepWorkflow();
                    }
                }, runs =>
                {
                    for (var i = 0; i < runs; i++)
                    {
                        benchmark.Raw_TenStepStatements();
                    }

                    return ValueTask.CompletedTask;
                }, Rounds, BlockTime);
                await benchmark.Cleanup();
            }
        }
    }
}
