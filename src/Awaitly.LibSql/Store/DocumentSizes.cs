using System.Collections.Concurrent;

namespace Awaitly.LibSql.Store;

/// <summary>
/// What a step-journal store knows about the states it wrote or read in whole: their document's size, or that they are in
/// the journal. A checkpoint of a state known to be small is patched into its document (cheaper than a journal row while
/// the document is small); any other goes to the journal. A whole-state write over a state known to be in the journal
/// removes its journal rows in the same transaction. Knowing nothing is always safe (the journal is correct for every state,
/// and a journal left behind by a whole-state write is ignored until its key is deleted, journaled again or compacted), so
/// the table is simply emptied when it grows past its bound.
/// </summary>
internal sealed class DocumentSizes
{
    /// <summary>Documents up to this many characters are patched in place.</summary>
    public const int PatchLimit = 8 * 1024;

    private const int MaxEntries = 4096;
    private const int InJournal = -1;
    private readonly ConcurrentDictionary<string, int> _sizes = new(StringComparer.Ordinal);

    /// <summary>Whether the document of <paramref name="key"/>, with <paramref name="growth"/> more characters, is known to stay small.</summary>
    public bool StaysSmall(string key, int growth) => _sizes.TryGetValue(key, out var size) && size >= 0 && size + growth <= PatchLimit;

    /// <summary>Whether <paramref name="key"/> was last seen in the journal (its rows then go with a whole-state write).</summary>
    public bool InTheJournal(string key) => _sizes.TryGetValue(key, out var size) && size == InJournal;

    /// <summary>Records a whole document written or read.</summary>
    public void Document(string key, string document)
    {
        if (StepJournal.IsJournaled(document))
        {
            Journaled(key);
        }
        else if (document.Length > PatchLimit)
        {
            _sizes.TryRemove(key, out _);
        }
        else
        {
            Set(key, document.Length);
        }
    }

    /// <summary>Records a step patched into the document.</summary>
    public void Grew(string key, int growth) => _sizes.AddOrUpdate(key, growth, (_, size) => size == InJournal ? size : size + growth);

    /// <summary>Records a step appended to the journal.</summary>
    public void Journaled(string key) => Set(key, InJournal);

    /// <summary>Forgets a state (deleted).</summary>
    public void Forget(string key) => _sizes.TryRemove(key, out _);

    /// <summary>Forgets every state.</summary>
    public void Clear() => _sizes.Clear();

    private void Set(string key, int size)
    {
        if (_sizes.Count >= MaxEntries && !_sizes.ContainsKey(key))
        {
            _sizes.Clear();
        }

        _sizes[key] = size;
    }
}
