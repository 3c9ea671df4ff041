using System.Collections.Concurrent;

namespace Awaitly.LibSql.Store;

/// <summary>
/// What a step-journal store knows about the states it wrote or read in whole: their document's size. A checkpoint of a
/// state known to be small is patched into its document (cheaper than a journal row while the document is small); any
/// other goes to the journal. Knowing nothing is always safe (the journal is correct for every state), so the table is
/// simply emptied when it grows past its bound.
/// </summary>
internal sealed class DocumentSizes
{
    /// <summary>Documents up to this many characters are patched in place.</summary>
    public const int PatchLimit = 8 * 1024;

    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, int> _sizes = new(StringComparer.Ordinal);

    /// <summary>Whether the document of <paramref name="key"/>, with <paramref name="growth"/> more characters, is known to stay small.</summary>
    public bool StaysSmall(string key, int growth) => _sizes.TryGetValue(key, out var size) && size + growth <= PatchLimit;

    /// <summary>Records a whole document written or read (one in the journal layout is forgotten: its checkpoints go to the journal).</summary>
    public void Document(string key, string document)
    {
        if (StepJournal.IsJournaled(document) || document.Length > PatchLimit)
        {
            _sizes.TryRemove(key, out _);
            return;
        }

        if (_sizes.Count >= MaxEntries)
        {
            _sizes.Clear();
        }

        _sizes[key] = document.Length;
    }

    /// <summary>Records a step patched into the document.</summary>
    public void Grew(string key, int growth) => _sizes.AddOrUpdate(key, growth, (_, size) => size + growth);

    /// <summary>Forgets a state (deleted, or moved to the journal).</summary>
    public void Forget(string key) => _sizes.TryRemove(key, out _);

    /// <summary>Forgets every state.</summary>
    public void Clear() => _sizes.Clear();
}
