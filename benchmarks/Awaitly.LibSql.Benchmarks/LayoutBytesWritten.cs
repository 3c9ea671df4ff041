using System.Text.Json;
using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Bytes a run writes to the database in each layout: 10 steps of ~100 KB each (fresh ids, FileNormal, no lease), counted as
/// the growth of the write-ahead log while a reader holds an old snapshot (so SQLite can neither reset nor reuse the log
/// and every frame a commit writes stays there). Each frame is one page plus its 24-byte header.
/// </summary>
internal static class LayoutBytesWritten
{
    private const int Runs = 5;
    private const int StepBytes = 100 * 1024;

    public static async Task RunAsync()
    {
        var stepIds = WorkflowBenchmarks.StepIds;
        var values = stepIds.Select((_, i) => OrderLine.Sized(StepBytes, i)).ToArray();
        var stepSizes = values.Sum(v => JsonSerializer.SerializeToUtf8Bytes(v, BenchJson.Default.OrderLine).Length);
        Console.WriteLine($"10 steps, {stepSizes / 1024.0:0.0} KB of step values per run, {Runs} runs per layout (bytes per run)");
        Console.WriteLine("| layout | WAL bytes per run | × the step values |");
        Console.WriteLine("|---|---|---|");
        foreach (var layout in new[] { StateLayout.Document, StateLayout.StepJournal })
        {
            using var scratch = new Scratch();
            await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = scratch.Url(Durability.FileNormal, "bytes.db"), Layout = layout });
            var options = new DurableOptions { Id = "warm-up", Store = store, Json = BenchJson.Default };
            await WorkflowBenchmarks.RunOrderLinesAsync(stepIds, values, options);

            Check(raw.sqlite3_open_v2(scratch.File("bytes.db"), out var reader, raw.SQLITE_OPEN_READONLY, null));
            using (reader)
            {
                Check(raw.sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM sqlite_master;"));
                var wal = new FileInfo(scratch.File("bytes.db") + "-wal");
                var before = wal.Length;
                for (var run = 0; run < Runs; run++)
                {
                    await WorkflowBenchmarks.RunOrderLinesAsync(stepIds, values, options with { Id = "run-" + run });
                }

                wal.Refresh();
                var perRun = (wal.Length - before) / (double)Runs;
                Console.WriteLine($"| {layout} | {perRun / 1024.0:0} KB | {perRun / stepSizes:0.00} |");
                Check(raw.sqlite3_exec(reader, "COMMIT"));
            }
        }
    }
}
