using Awaitly.LibSql.Diagnostics;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;
using Awaitly.LibSql.Store;

namespace Awaitly.LibSql;

// The step journal: checkpoints appended to it, states read from it and folded back into the TypeScript package's document.
public partial class LibSqlPersistence
{
    // The whole document over a state this store saw in the journal, and the journal's rows removed, in one transaction. The
    // store goes on knowing the state as journaled until the write is done.
    private async ValueTask SaveOverJournalAsync(string workflowId, string key, string document, string? expires, string now, LeaseFence? fence,
        CancellationToken cancellationToken)
    {
        var c = Commands;
        var write = fence is { } held
            ? c.FencedUpsert(key, document, expires, now, LockKeyOf(workflowId), held.OwnerToken, held.FencingToken)
            : c.Upsert(key, document, expires, now);
        var results = await Driver.ExecuteBatchAsync([write.ToStatement(), c.JournalDiscard(key).ToStatement()], idempotent: true, cancellationToken)
            .ConfigureAwait(false);
        if (fence is not null && results[0].Count == 0)
        {
            throw new LeaseLostException(workflowId);
        }

        _sizes!.Document(key, document);
    }

    /// <summary>
    /// True in the <see cref="StateLayout.StepJournal"/> layout: the engine then saves the whole state once more when a run ends
    /// without success, which folds its journal back into the document the TypeScript package reads.
    /// </summary>
    public bool WantsWholeStateAtRest => Options.Layout == StateLayout.StepJournal;

    /// <summary>
    /// In the <see cref="StateLayout.StepJournal"/> layout (0 otherwise): folds every state of this store's prefix that is kept
    /// in the step journal (a run in progress, or one whose process died) back into the TypeScript package's document, so the
    /// database at rest is readable by it. A run that checkpoints again moves its state back into the journal. Returns how many
    /// states were folded; a state written to while it was being folded is left for the next call, and one whose journal cannot be
    /// read (a load of it is a <see cref="WorkflowStateFormatException"/>) is left as it is.
    /// </summary>
    public async ValueTask<int> CompactAsync(CancellationToken cancellationToken = default)
    {
        if (Options.Layout != StateLayout.StepJournal)
        {
            return 0;
        }

        return await StepJournal.CompactAsync(Driver, Commands, KeyValueStore.ReadValue, GlobPattern.ForPrefix(Prefix), KeyValueStore.Now, cancellationToken)
            .ConfigureAwait(false);
    }

    // The state row and its journal, assembled. A store in the document layout folds the journal back into the row (when
    // nothing wrote to it meanwhile; a failed fold is logged and the state stays readable through the journal) before it
    // patches the document again; in the step-journal layout the run that loads it goes on in the journal.
    private protected async ValueTask<WorkflowState?> ReadJournaledAsync(string key, CancellationToken cancellationToken)
    {
        if (await StepJournal.ReadAsync(Driver, Commands, KeyValueStore.ReadValue, key, KeyValueStore.Now(), cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return null;
        }

        if (read.IsJournaled && Options.Layout == StateLayout.Document)
        {
            try
            {
                await StepJournal.FoldAsync(Driver, Commands, key, read, cancellationToken).ConfigureAwait(false);
            }
            catch (LibSqlException ex)
            {
                StoreLog.JournalFoldFailed(Log, Sql.Table, ex);
            }
        }

        return read.State;
    }

    // One statement: the step goes to the journal (after the document's own entries when the row still holds them), and its
    // trigger replaces the row's metadata and timestamps; nothing is written when the row is not live or the lease no longer holds.
    private async ValueTask<bool> AppendStepAsync(string workflowId, string key, string stepKey, SqlJson entry, SqlJson meta, string? expires, string nowText,
        LeaseFence? fence, CancellationToken cancellationToken)
    {
        var c = Commands;
        var statement = (fence, expires) switch
        {
            (null, null) => c.JournalAppendWithoutTtl(key, stepKey, entry, meta, nowText),
            (null, _) => c.JournalAppend(key, stepKey, entry, meta, expires, nowText),
            ({ } held, null) => c.FencedJournalAppendWithoutTtl(key, stepKey, entry, meta, nowText, LockKeyOf(workflowId), held.OwnerToken, held.FencingToken),
            ({ } held, _) => c.FencedJournalAppend(key, stepKey, entry, meta, expires, nowText, LockKeyOf(workflowId), held.OwnerToken, held.FencingToken),
        };
        return await Driver.ExecuteIdempotentAsync(statement, cancellationToken).ConfigureAwait(false) > 0;
    }

    // A step-journal store patches the checkpoints of a small document in place; it learns the sizes from whole documents.
    private protected void NoteLoaded(string key, string document) => _sizes?.Document(key, document);

    private protected void NoteDeleted(string key) => _sizes?.Forget(key);
}
