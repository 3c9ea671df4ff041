using System.Buffers;
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
    /// <summary>Whether a stored document is in the journal layout (its entries are journal rows).</summary>
    public static bool IsJournaled(string document) => document.StartsWith(StoreSqlTemplates.JournalMarker, StringComparison.Ordinal);

    /// <summary>
    /// Reads the state row and its journal on one snapshot and assembles them; <see langword="null"/> when the row is no
    /// longer live. <c>Journaled</c> is the state row as read and <c>LastSeq</c> its last journal row (0 when it has
    /// none), the two values a fold must still find.
    /// </summary>
    public static async ValueTask<(string Document, string Journaled, long LastSeq)?> ReadAsync(
        ISqlDriver driver, StoreCommands commands, Func<ISqlRow, string> readValue, string key, string now, CancellationToken cancellationToken)
    {
        var results = await driver.ReadBatchAsync([commands.Get(key, now).ToStatement(), commands.JournalSteps(key).ToStatement()], cancellationToken)
            .ConfigureAwait(false);
        if (results[0] is not [var row])
        {
            return null;
        }

        var journaled = readValue(new ValuesRow(row));
        var steps = results[1].Select(r => commands.JournalStepsRow(new ValuesRow(r))).ToList();
        var document = IsJournaled(journaled) ? Assemble(key, commands.Sql.Table, journaled, steps) : journaled;
        return (document, journaled, steps.Count == 0 ? 0 : steps[^1].Seq);
    }

    /// <summary>
    /// The document of <paramref name="journaled"/> with the journal's entries laid over its own, in journal order.
    /// Throws <see cref="WorkflowStateFormatException"/> when a part is not valid JSON or the result is not a state document.
    /// </summary>
    public static string Assemble(string key, string table, string journaled, IReadOnlyList<(string StepKey, string EntryJson, long Seq)> steps)
    {
        try
        {
            using var head = JsonDocument.Parse(journaled);
            var root = head.RootElement;
            var order = new List<string>();
            var entries = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
            if (root.TryGetProperty("entries"u8, out var stored) && stored.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in stored.EnumerateObject())
                {
                    var value = property.Value;
                    Add(property.Name, writer => writer.WriteRawValue(value.GetRawText()));
                }
            }

            foreach (var (stepKey, entryJson, _) in steps)
            {
                Add(stepKey, writer => writer.WriteRawValue(entryJson));
            }

            var output = new ArrayBufferWriter<byte>(journaled.Length + steps.Sum(s => s.EntryJson.Length + s.StepKey.Length + 8) + 64);
            using (var writer = new Utf8JsonWriter(output))
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
                    writer.WriteRawValue(metadata.GetRawText());
                }

                writer.WriteEndObject();
            }

            // Written again by the engine's serializer, so a fold stores exactly what a whole-state save of this state would.
            return WorkflowStateSerializer.Serialize(WorkflowStateSerializer.Deserialize(output.WrittenSpan));

            void Add(string stepKey, Action<Utf8JsonWriter> write)
            {
                if (!entries.ContainsKey(stepKey))
                {
                    order.Add(stepKey);
                }

                entries[stepKey] = write;
            }
        }
        catch (JsonException ex)
        {
            throw new WorkflowStateFormatException(
                $"The row '{key}' of table '{table}' or one of its rows in '{StoreSqlTemplates.JournalTable(table)}' is not valid JSON: {ex.Message}", ex);
        }
    }
}
