using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SQLitePCL;
using static Awaitly.LibSql.Benchmarks.SqliteResult;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The checkpoint of step N in each layout, as a run makes it: a new step (~200 bytes) on a fresh workflow id whose state
/// holds the N − 1 steps before it, in the form a run at that point left it (the document layout: one document; the
/// step journal: the metadata row and N − 1 journal rows). <see cref="PerIteration"/> such states are prepared per iteration,
/// outside the measured time, by copying one state written through the store.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(PerIteration)]
public class LayoutCheckpointBenchmarks
{
    private const int PerIteration = 32;
    private Scratch _scratch = null!;
    private LibSqlPersistence _document = null!;
    private LibSqlPersistence _journal = null!;
    private sqlite3 _copier = null!;
    private StepEntry _step = null!;
    private JsonElement _metadata;
    private readonly Queue<string> _freshDocument = new();
    private readonly Queue<string> _freshJournal = new();
    private long _ids;

    [Params(10, 100, 1000)]
    public int Step { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _scratch = new Scratch();
        var url = _scratch.Url(Durability.FileNormal, "layouts.db");
        _document = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url, TableName = "document_state" });
        _journal = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url, TableName = "journal_state", Layout = StateLayout.StepJournal });
        var steps = BenchSteps.Numbered(Step);
        _metadata = BenchSteps.MetadataAt(Step);
        _step = steps[^1];
        // The template of each layout: the first step saved whole, the others checkpointed one by one, as a run writes them.
        foreach (var store in new[] { _document, _journal })
        {
            await store.SaveAsync("template", new WorkflowState(steps.Take(1), _metadata));
            foreach (var step in steps.Skip(1).Take(Step - 2))
            {
                if (!await store.SaveStepAsync("template", step, _metadata))
                {
                    throw new InvalidOperationException("The template checkpoint was refused.");
                }
            }
        }

        Check(raw.sqlite3_open_v2(_scratch.File("layouts.db"), out _copier, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_busy_timeout(_copier, 5000));
    }

    [IterationSetup]
    public void PrepareFreshStates()
    {
        _freshDocument.Clear();
        _freshJournal.Clear();
        Check(raw.sqlite3_exec(_copier, "BEGIN IMMEDIATE"));
        for (var i = 0; i < PerIteration; i++)
        {
            var id = "checkpoint-" + ++_ids;
            Copy("document_state", id, withJournal: false);
            Copy("journal_state", id, withJournal: true);
            _freshDocument.Enqueue(id);
            _freshJournal.Enqueue(id);
        }

        Check(raw.sqlite3_exec(_copier, "COMMIT"));
        // The copies are checkpointed into the database here, so no measured call pays for moving them out of the log.
        Check(raw.sqlite3_exec(_copier, "PRAGMA wal_checkpoint(TRUNCATE)"));
    }

    [IterationCleanup]
    public void DeleteStates()
    {
        Check(raw.sqlite3_exec(_copier,
            "DELETE FROM document_state WHERE key <> 'workflow:state:template'; DELETE FROM journal_state WHERE key <> 'workflow:state:template'"));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _copier.Dispose();
        await _journal.DisposeAsync();
        await _document.DisposeAsync();
        _scratch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> Document_CheckpointStep() => _document.SaveStepAsync(_freshDocument.Dequeue(), _step, _metadata);

    [Benchmark]
    public ValueTask<bool> StepJournal_CheckpointStep() => _journal.SaveStepAsync(_freshJournal.Dequeue(), _step, _metadata);

    private void Copy(string table, string id, bool withJournal)
    {
        var key = "'workflow:state:" + id + "'";
        Check(raw.sqlite3_exec(_copier,
            $"INSERT INTO {table} (key, value, expires_at, updated_at) SELECT {key}, value, expires_at, updated_at FROM {table} WHERE key = 'workflow:state:template'"));
        if (withJournal)
        {
            Check(raw.sqlite3_exec(_copier,
                $"INSERT INTO {table}_steps (key, step_key, entry) SELECT {key}, step_key, entry FROM {table}_steps WHERE key = 'workflow:state:template' ORDER BY seq"));
        }
    }
}
