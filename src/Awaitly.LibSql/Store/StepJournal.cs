using System.Buffers;
using System.Text;
using System.Text.Json;
using Awaitly.LibSql.Driver;
using Awaitly.LibSql.Infrastructure;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Store;

/// <summary>
/// Reads states kept in the step-journal layout: a state row whose document starts with
/// <see cref="StoreSqlTemplates.JournalMarker"/> holds the metadata, and its steps are the rows of the journal table in
/// order. Assembling lays the journal's entries over the document's (a step key already present is replaced in place, a
/// new one appended, as <c>json_set</c> does), giving the TypeScript package's document.
/// </summary>
internal static class StepJournal
{
    // Stored documents nest as deep as SQLite's JSON allows (System.Text.Json's default, 64, is less).
    private static readonly JsonDocumentOptions StoredDocument = new() { MaxDepth = WorkflowStateSerializer.MaxDepth };
    private static readonly JsonWriterOptions AssembledDocument = new() { MaxDepth = WorkflowStateSerializer.MaxDepth };

    /// <summary>Whether a stored document is in the journal layout (its entries are journal rows).</summary>
    public static bool IsJournaled(string document) => document.StartsWith(StoreSqlTemplates.JournalMarker, StringComparison.Ordinal);

    /// <summary>
    /// Reads the state row and its journal on one snapshot and assembles them; <see langword="null"/> when the row is no
    /// longer live.
    /// </summary>
    public static async ValueTask<JournalRead?> ReadAsync(
        ISqlDriver driver, StoreCommands commands, Func<ISqlRow, string> readValue, string key, string now, CancellationToken cancellationToken)
    {
        // Usually SQLite joins the journal's entries into the members of one object, in journal order (a step key journaled twice,
        // a step that threw and ran again, is then a member twice: the state keeps its first place and its later entry, as a
        // journal laid over row by row does); a journaled row that holds entries itself is laid over row by row.
        var results = await driver.ReadBatchAsync([commands.Get(key, now).ToStatement(), commands.JournalEntries(key).ToStatement()], cancellationToken)
            .ConfigureAwait(false);
        if (results[0] is not [var row])
        {
            return null;
        }

        var stored = readValue(new ValuesRow(row));
        var table = commands.Sql.Table;
        if (!IsJournaled(stored))
        {
            return new JournalRead(Parse(key, table, stored), stored, 0);
        }

        var (lastSeq, members) = commands.JournalEntriesRow(new ValuesRow(results[1][0]));
        if (Join(key, table, stored, members ?? []) is { } joined)
        {
            return new JournalRead(joined, stored, lastSeq);
        }

        results = await driver.ReadBatchAsync([commands.Get(key, now).ToStatement(), commands.JournalSteps(key).ToStatement()], cancellationToken)
            .ConfigureAwait(false);
        if (results[0] is not [var again])
        {
            return null;
        }

        stored = readValue(new ValuesRow(again));
        var steps = results[1].Select(r => commands.JournalStepsRow(new ValuesRow(r))).ToList();
        var state = IsJournaled(stored) ? Assemble(key, table, stored, steps) : Parse(key, table, stored);
        return new JournalRead(state, stored, steps.Count == 0 ? 0 : steps[^1].Seq);
    }

    // The state of a journaled row that holds no entries of its own, with the journal's entries as joined by SQLite; null when
    // the row holds entries (they must be laid under the journal's one by one).
    private static WorkflowState? Join(string key, string table, string journaled, byte[] members)
    {
        string? metadata;
        try
        {
            using var head = JsonDocument.Parse(journaled, StoredDocument);
            var root = head.RootElement;
            if (root.TryGetProperty("entries"u8, out var own) && own.ValueKind == JsonValueKind.Object && own.EnumerateObject().Any())
            {
                return null;
            }

            metadata = root.TryGetProperty("metadata"u8, out var meta) ? meta.GetRawText() : null;
        }
        catch (JsonException ex)
        {
            throw Damaged(key, table, ex);
        }

        // The members come as UTF-8 (SQLite returns them as a BLOB), and the document is put together in a pooled buffer, which
        // is what the parser reads: no string the size of the journal is made.
        const string opening = "{\"version\":1,\"entries\":{";
        var tail = "}" + (metadata is null ? "" : ",\"metadata\":" + metadata) + "}";
        var utf8 = Encoding.UTF8;
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.GetByteCount(opening) + members.Length + utf8.GetByteCount(tail));
        try
        {
            var length = utf8.GetBytes(opening, buffer);
            members.CopyTo(buffer.AsSpan(length));
            length += members.Length;
            length += utf8.GetBytes(tail, buffer.AsSpan(length));
            return WorkflowStateSerializer.Deserialize(buffer.AsSpan(0, length));
        }
        catch (WorkflowStateFormatException ex)
        {
            throw Damaged(key, table, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static WorkflowStateFormatException Damaged(string key, string table, Exception ex) =>
        new($"The row '{key}' of table '{table}' and its rows in '{StoreSqlTemplates.JournalTable(table)}' do not make a valid state document: {ex.Message}", ex);

    /// <summary>A stored document, with the row and table named when it is not one.</summary>
    public static WorkflowState Parse(string key, string table, string document)
    {
        try
        {
            return WorkflowStateSerializer.Deserialize(document);
        }
        catch (WorkflowStateFormatException ex)
        {
            throw new WorkflowStateFormatException($"The row '{key}' of table '{table}' does not hold a valid state document: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Folds every journaled state whose key matches <paramref name="glob"/> back into its document; a state written to while
    /// it is folded is left for the next call. Returns how many were folded.
    /// </summary>
    public static async ValueTask<int> CompactAsync(ISqlDriver driver, StoreCommands commands, Func<ISqlRow, string> readValue, string glob, Func<string> now,
        CancellationToken cancellationToken)
    {
        var keys = await driver.ReadAsync(commands.JournaledKeys(glob), commands.JournaledKeysRow, cancellationToken).ConfigureAwait(false);
        var folded = 0;
        foreach (var key in keys)
        {
            JournalRead? read;
            try
            {
                read = await ReadAsync(driver, commands, readValue, key, now(), cancellationToken).ConfigureAwait(false);
            }
            catch (WorkflowStateFormatException)
            {
                // A state whose journal cannot be assembled is left as it is (loads and the inspector report it); the others are folded.
                continue;
            }

            if (read is not { IsJournaled: true })
            {
                // Rows left by a journal that a whole-state write replaced (or of a state that is gone): nothing reads them.
                await driver.ExecuteAsync(commands.JournalDiscard(key), cancellationToken).ConfigureAwait(false);
            }
            else if (await FoldAsync(driver, commands, key, read, cancellationToken).ConfigureAwait(false))
            {
                folded++;
            }
        }

        return folded;
    }

    /// <summary>
    /// Writes the assembled document over the journaled one, and removes the journal's rows, when neither the row nor its journal
    /// changed since they were read (one transaction).
    /// </summary>
    public static async ValueTask<bool> FoldAsync(ISqlDriver driver, StoreCommands commands, string key, JournalRead read, CancellationToken cancellationToken)
    {
        var fold = commands.JournalFold(key, WorkflowStateSerializer.Serialize(read.State), read.Stored, read.LastSeq);
        var results = await driver.ExecuteBatchAsync([fold.ToStatement(), commands.JournalDiscard(key).ToStatement()], idempotent: true, cancellationToken)
            .ConfigureAwait(false);
        return results[0].Count > 0;
    }

    /// <summary>
    /// The document of <paramref name="journaled"/> with the journal's entries laid over its own, in journal order.
    /// Throws <see cref="WorkflowStateFormatException"/> when a part is not valid JSON or the result is not a state document.
    /// </summary>
    private static WorkflowState Assemble(string key, string table, string journaled, IReadOnlyList<(string StepKey, string EntryJson, long Seq)> steps)
    {
        try
        {
            using var head = JsonDocument.Parse(journaled, StoredDocument);
            var root = head.RootElement;
            var order = new List<string>();
            var entries = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
            if (root.TryGetProperty("entries"u8, out var stored) && stored.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in stored.EnumerateObject())
                {
                    var value = property.Value;
                    Add(property.Name, writer => writer.WriteRawValue(value.GetRawText(), skipInputValidation: true));
                }
            }

            foreach (var (stepKey, entryJson, _) in steps)
            {
                Add(stepKey, writer => writer.WriteRawValue(entryJson, skipInputValidation: true));
            }

            var output = new ArrayBufferWriter<byte>(journaled.Length + steps.Sum(s => s.EntryJson.Length + s.StepKey.Length + 8) + 64);
            using (var writer = new Utf8JsonWriter(output, AssembledDocument))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version"u8, 1);
                writer.WriteStartObject("entries"u8);
                foreach (var stepKey in order)
                {
                    writer.WritePropertyName(stepKey);
                    entries[stepKey](writer);
                }

                writer.WriteEndObject();
                if (root.TryGetProperty("metadata"u8, out var metadata))
                {
                    writer.WritePropertyName("metadata"u8);
                    writer.WriteRawValue(metadata.GetRawText(), skipInputValidation: true);
                }

                writer.WriteEndObject();
            }

            // The parts were copied without checking them; reading the whole document checks every one.
            return WorkflowStateSerializer.Deserialize(output.WrittenSpan);

            void Add(string stepKey, Action<Utf8JsonWriter> write)
            {
                if (!entries.ContainsKey(stepKey))
                {
                    order.Add(stepKey);
                }

                entries[stepKey] = write;
            }
        }
        catch (Exception ex) when (ex is JsonException or WorkflowStateFormatException)
        {
            throw Damaged(key, table, ex);
        }
    }
}

/// <summary>A state read with its journal: the assembled state, the state row's document as read and its last journal row (0 when none).</summary>
internal sealed record JournalRead(WorkflowState State, string Stored, long LastSeq)
{
    /// <summary>Whether the row was in the journal layout when read (a fold must then still find <see cref="Stored"/> and <see cref="LastSeq"/>).</summary>
    public bool IsJournaled => StepJournal.IsJournaled(Stored);
}
