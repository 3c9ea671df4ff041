using BenchmarkDotNet.Attributes;
using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// Loading a 1000-step state (~200-byte steps, FileNormal) in each layout, on a fresh id every time (copies prepared outside
/// the measured time): at rest (both layouts hold the same document), and a step-journal state a dead process left in the
/// journal (the load reads the row and its 1000 journal rows on one snapshot and assembles them).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(PerIteration)]
public class LayoutLoadBenchmarks
{
    private const int PerIteration = 32;
    private const int Steps = 1000;
    private Scratch _scratch = null!;
    private LibSqlPersistence _document = null!;
    private LibSqlPersistence _journal = null!;
    private sqlite3 _copier = null!;
    private readonly Queue<string> _fresh = new();
    private long _ids;

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        var url = _scratch.Url(Durability.FileNormal, "load.db");
        _document = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url, TableName = "document_state" });
        _journal = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url, TableName = "journal_state", Layout = StateLayout.StepJournal });
        var steps = BenchSteps.Numbered(Steps);
        var metadata = BenchSteps.MetadataAt(Steps);
        await _document.SaveAsync("at-rest", new WorkflowState(steps, metadata));
        await _journal.SaveAsync("at-rest", new WorkflowState(steps, metadata));
        await _journal.SaveAsync("template", new WorkflowState(steps.Take(1), metadata));
        foreach (var step in steps.Skip(1))
        {
            await _journal.SaveStepAsync("template", step, metadata);
        }

        Check(raw.sqlite3_open_v2(_scratch.File("load.db"), out _copier, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_busy_timeout(_copier, 5000));
    }

    // Every load is of a fresh id, copied from the template of its row before the iteration (outside the measured time), so
    // no layout reads pages its connection already cached.
    [IterationSetup]
    public void PrepareFreshStates()
    {
        _fresh.Clear();
        Check(raw.sqlite3_exec(_copier, "BEGIN IMMEDIATE"));
        for (var i = 0; i < PerIteration; i++)
        {
            var id = "fresh-" + ++_ids;
            var key = "'workflow:state:" + id + "'";
            Copy("document_state", "at-rest", key);
            Copy("journal_state", "at-rest", key.Replace("fresh-", "rest-", StringComparison.Ordinal));
            Copy("journal_state", "template", key.Replace("fresh-", "journaled-", StringComparison.Ordinal));
            Check(raw.sqlite3_exec(_copier,
                $"INSERT INTO journal_state_steps (key, step_key, entry) SELECT {key.Replace("fresh-", "journaled-", StringComparison.Ordinal)}, step_key, entry " +
                "FROM journal_state_steps WHERE key = 'workflow:state:template' ORDER BY seq"));
            _fresh.Enqueue(id);
        }

        Check(raw.sqlite3_exec(_copier, "COMMIT"));
        // The copies are checkpointed into the database here, so no measured call pays for moving them out of the log.
        Check(raw.sqlite3_exec(_copier, "PRAGMA wal_checkpoint(TRUNCATE)"));
    }

    [IterationCleanup]
    public void DeleteFreshStates() => Check(raw.sqlite3_exec(_copier,
        "DELETE FROM document_state WHERE key GLOB 'workflow:state:fresh-*'; DELETE FROM journal_state WHERE key GLOB 'workflow:state:rest-*' OR key GLOB 'workflow:state:journaled-*'"));

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _copier.Dispose();
        await _journal.DisposeAsync();
        await _document.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<WorkflowState?> Document_Load() => _document.LoadAsync(_fresh.Dequeue());

    [Benchmark]
    public ValueTask<WorkflowState?> StepJournal_LoadAtRest() => _journal.LoadAsync(_fresh.Dequeue().Replace("fresh-", "rest-", StringComparison.Ordinal));

    [Benchmark]
    public ValueTask<WorkflowState?> StepJournal_LoadLeftInTheJournal() => _journal.LoadAsync(_fresh.Dequeue().Replace("fresh-", "journaled-", StringComparison.Ordinal));

    private void Copy(string table, string template, string key) => Check(raw.sqlite3_exec(_copier,
        $"INSERT INTO {table} (key, value, expires_at, updated_at) SELECT {key}, value, expires_at, updated_at FROM {table} WHERE key = 'workflow:state:{template}'"));
}
