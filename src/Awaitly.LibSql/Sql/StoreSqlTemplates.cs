// Shared with the source generator (linked into generators/Awaitly.LibSql.Generators): the one source
// of SQL text for both the options-based store and generated stores. Keep it netstandard2.0-compatible
// and free of other dependencies.
#pragma warning disable IDE0005 // Needed where the generator compiles this file (it has no implicit usings).
using System.Collections.Generic;
#pragma warning restore IDE0005

namespace Awaitly.LibSql.Sql;

/// <summary>
/// The SQL of a state table and its lock table. Parameters are positional (<c>?1</c>, <c>?2</c>, …) so
/// the same text runs on the embedded engine and over the libSQL HTTP protocol.
/// </summary>
internal static class StoreSqlTemplates
{
    /// <summary>The table holding schema versions and fencing counters (shared by all stores of a database).</summary>
    public const string MetaTable = "awaitly_meta";

    /// <summary>Live rows: no expiry, or an expiry after the bound now (ISO text, compared as text).</summary>
    private const string Live = "(expires_at IS NULL OR expires_at > ?{0})";

    /// <summary>The statements of a state table, in a fixed order.</summary>
    public static IReadOnlyList<StatementTemplate> StateTable(string table)
    {
        var t = SqlIdentifier.Quote(table);
        var live2 = string.Format(Live, 2);
        return
        [
            Statement("CreateTable", "CREATE TABLE IF NOT EXISTS " + t + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT, updated_at TEXT)", null),
            Statement("AddUpdatedAt", "ALTER TABLE " + t + " ADD COLUMN updated_at TEXT", null),
            Statement("CreateExpiresIndex", "CREATE INDEX IF NOT EXISTS " + SqlIdentifier.Quote("idx_" + table + "_expires_at") + " ON " + t + "(expires_at)", null),
            Statement("CreateUpdatedIndex", "CREATE INDEX IF NOT EXISTS " + SqlIdentifier.Quote(UpdatedIndex(table)) + " ON " + t + "(updated_at, key)", null),
            Statement("DropUpdatedIndex", "DROP INDEX IF EXISTS " + SqlIdentifier.Quote(UpdatedIndex(table)), null),
            Statement("Get", "SELECT value FROM " + t + " WHERE key = ?1 AND " + live2, [Text("key"), Text("now")], [Text("value")]),
            Statement("Upsert",
                "INSERT INTO " + t + " (key, value, expires_at, updated_at) VALUES (?1, ?2, ?3, ?4) " + UpsertTail,
                    [Text("key"), Text("value"), OptionalText("expiresAt"), Text("updatedAt")]),
            Statement("Delete", "DELETE FROM " + t + " WHERE key = ?1 RETURNING " + live2, [Text("key"), Text("now")], [Flag("live")]),
            Statement("SaveStep", "UPDATE " + t + " SET " + PatchStep + " WHERE key = ?1 AND " + string.Format(Live, 6) + " RETURNING 1", SaveStepParameters),
            Statement("SaveStepWithoutTtl", "UPDATE " + t + " SET " + PatchStepWithoutTtl + " WHERE key = ?1 AND expires_at IS NULL RETURNING 1", SaveStepWithoutTtlParameters),
            Statement("Exists", "SELECT 1 FROM " + t + " WHERE key = ?1 AND " + live2, [Text("key"), Text("now")]),
            Statement("Keys", "SELECT key FROM " + t + " WHERE key GLOB ?1 AND " + live2 + " ORDER BY key", [Text("glob"), Text("now")], [Text("key")]),
            Statement("PageByKeyAsc", Page(t, "key ASC"), PageParameters, [Text("key")]),
            Statement("PageByKeyDesc", Page(t, "key DESC"), PageParameters, [Text("key")]),
            Statement("PageByUpdatedAsc", PageInUpdateOrder(t, "updated_at ASC NULLS LAST, key ASC"), PageParameters, [Text("key")]),
            Statement("PageByUpdatedDesc", PageInUpdateOrder(t, "updated_at DESC NULLS LAST, key DESC"), PageParameters, [Text("key")]),
            Statement("Count", "SELECT COUNT(*) FROM " + t + " WHERE " + Filter, FilterParameters, [Integer("count")]),
            Statement("DeleteGlob", "DELETE FROM " + t + " WHERE key GLOB ?1 RETURNING 1", [Text("glob")]),
            Statement("DeleteAll", "DELETE FROM " + t + " RETURNING 1", []),
            Statement("PurgeExpired", "DELETE FROM " + t + " WHERE expires_at IS NOT NULL AND expires_at <= ?1 RETURNING 1", [Text("now")]),
            Statement("Inspect", "SELECT value, updated_at, expires_at FROM " + t + " WHERE key = ?1 AND " + live2, [Text("key"), Text("now")],
                [Text("value"), OptionalText("updatedAt"), OptionalText("expiresAt")]),
            .. JournalStatements(table),
            Statement("Statistics",
                "SELECT COUNT(*), COALESCE(SUM(length(CAST(value AS BLOB))), 0), COALESCE(SUM(expires_at IS NOT NULL AND expires_at <= ?2), 0) FROM " + t +
                " WHERE key GLOB ?1", [Text("glob"), Text("now")], [Integer("rows"), Integer("bytes"), Integer("expired")]),
        ];
    }

    /// <summary>The statements of a lock table whose leases fence writes to <paramref name="stateTable"/>.</summary>
    public static IReadOnlyList<StatementTemplate> LockTable(string lockTable, string stateTable)
    {
        var l = SqlIdentifier.Quote(lockTable);
        var t = SqlIdentifier.Quote(stateTable);
        var heldFence = "(SELECT fence FROM " + l + " WHERE workflow_id = ?1 AND owner_token = ?2)";
        var holds = "EXISTS (SELECT 1 FROM " + l + " WHERE workflow_id = ?{0} AND owner_token = ?{1} AND fence = ?{2})";
        return
        [
            Statement("CreateLockTable",
                "CREATE TABLE IF NOT EXISTS " + l + " (workflow_id TEXT PRIMARY KEY, owner_token TEXT NOT NULL, expires_at TEXT NOT NULL, fence INTEGER NOT NULL DEFAULT 0)", null),
            Statement("AddFence", "ALTER TABLE " + l + " ADD COLUMN fence INTEGER NOT NULL DEFAULT 0", null),
            Statement("CreateLockIndex", "CREATE INDEX IF NOT EXISTS " + SqlIdentifier.Quote("idx_" + lockTable + "_expires_at") + " ON " + l + "(expires_at)", null),
            Statement("Acquire",
                "INSERT INTO " + l + " (workflow_id, owner_token, expires_at, fence) VALUES (?1, ?2, ?3, (SELECT value + 1 FROM " + MetaTable + " WHERE name = ?5)) " +
                "ON CONFLICT(workflow_id) DO UPDATE SET owner_token = excluded.owner_token, expires_at = excluded.expires_at, fence = excluded.fence " +
                "WHERE " + l + ".expires_at <= ?4 OR " + l + ".owner_token = excluded.owner_token RETURNING owner_token, fence",
                    [Text("lockKey"), Text("ownerToken"), Text("expiresAt"), Text("now"), Text("fenceCounter")], [Text("ownerToken"), Integer("fence")]),
            Statement("AdvanceFence",
                "UPDATE " + MetaTable + " SET value = " + heldFence + " WHERE name = ?3 AND value < " + heldFence, [Text("lockKey"), Text("ownerToken"), Text("fenceCounter")]),
            Statement("Renew", "UPDATE " + l + " SET expires_at = ?3 WHERE workflow_id = ?1 AND owner_token = ?2 RETURNING 1",
                [Text("lockKey"), Text("ownerToken"), Text("expiresAt")]),
            Statement("Release", "DELETE FROM " + l + " WHERE workflow_id = ?1 AND owner_token = ?2 RETURNING 1", [Text("lockKey"), Text("ownerToken")]),
            Statement("HoldsFence", "SELECT 1 FROM " + l + " WHERE workflow_id = ?1 AND owner_token = ?2 AND fence = ?3", [Text("lockKey"), Text("ownerToken"), Integer("fence")]),
            Statement("FencedUpsert",
                "INSERT INTO " + t + " (key, value, expires_at, updated_at) SELECT ?1, ?2, ?3, ?4 WHERE " + string.Format(holds, 5, 6, 7) + " " + UpsertTail + " RETURNING 1",
                [Text("key"), Text("value"), OptionalText("expiresAt"), Text("updatedAt"), Text("lockKey"), Text("ownerToken"), Integer("fence")]),
            Statement("FencedSaveStep",
                "UPDATE " + t + " SET " + PatchStep + " WHERE key = ?1 AND " + string.Format(Live, 6) + " AND " + string.Format(holds, 7, 8, 9) + " RETURNING 1",
                [.. SaveStepParameters, .. Holder]),
            Statement("FencedSaveStepWithoutTtl",
                "UPDATE " + t + " SET " + PatchStepWithoutTtl + " WHERE key = ?1 AND expires_at IS NULL AND " + string.Format(holds, 6, 7, 8) + " RETURNING 1",
                [.. SaveStepWithoutTtlParameters, .. Holder]),
            Statement("FencedDelete",
                "DELETE FROM " + t + " WHERE key = ?1 AND " + string.Format(holds, 3, 4, 5) + " RETURNING " + string.Format(Live, 2), [Text("key"), Text("now"), .. Holder],
                [Flag("live")]),
            .. FencedJournalStatements(stateTable, holds),
            Statement("Leases", "SELECT workflow_id, owner_token, expires_at, expires_at > ?2 FROM " + l + " WHERE workflow_id GLOB ?1 ORDER BY workflow_id",
                [Text("glob"), Text("now")], [Text("lockKey"), Text("ownerToken"), Text("expiresAt"), Flag("live")]),
            Statement("Lease", "SELECT owner_token, expires_at, expires_at > ?2 FROM " + l + " WHERE workflow_id = ?1", [Text("lockKey"), Text("now")],
                [Text("ownerToken"), Text("expiresAt"), Flag("live")]),
            Statement("ForceRelease", "DELETE FROM " + l + " WHERE workflow_id = ?1 RETURNING 1", [Text("lockKey")]),
            Statement("DeleteUnleased",
                "DELETE FROM " + t + " WHERE key = ?1 AND NOT EXISTS (SELECT 1 FROM " + l + " WHERE workflow_id = ?3 AND expires_at > ?2) RETURNING " + string.Format(Live, 2),
                [Text("key"), Text("now"), Text("lockKey")], [Flag("live")]),
            Statement("DeleteGlobUnleased",
                "DELETE FROM " + t + " WHERE key GLOB ?1 AND NOT EXISTS (SELECT 1 FROM " + l + " WHERE workflow_id = ?3 || substr(" + t + ".key, ?4) AND expires_at > ?2) " +
                "RETURNING 1", [Text("glob"), Text("now"), Text("lockKeyPrefix"), Integer("idStart")]),
        ];
    }

    /// <summary>The step-journal table of <paramref name="stateTable"/> (see <see cref="JournalMarker"/>).</summary>
    public static string JournalTable(string stateTable) => stateTable + "_steps";

    /// <summary>
    /// How a state document in the step-journal layout begins: its entries live in the journal table, one row per step,
    /// until the document is folded back into the TypeScript package's shape. The number after it is the document's
    /// generation, the <c>seq</c> of its first journal row: rows of the key below it belong to an earlier journal that a
    /// whole-state write (by this library or by the TypeScript package) replaced, and are ignored until they are removed.
    /// </summary>
    public const string JournalMarker = "{\"awaitly:journal\":";

    // The journal's statements on the state table's side: its schema, the reads and the fold. A small document is patched with
    // the document layout's statements, and no trigger watches updates of the state table, so a run that never leaves its
    // document does exactly what it does in the document layout.
    private static StatementTemplate[] JournalStatements(string table)
    {
        var t = SqlIdentifier.Quote(table);
        var s = SqlIdentifier.Quote(JournalTable(table));
        var journal = JournalTable(table);
        // "+seq": a bound on seq alone would let SQLite scan the table by rowid from the bound, over every other key's rows,
        // instead of the key's index.
        var current = "+seq >= (SELECT " + Generation("value") + " FROM " + t + " WHERE key = ?1)";
        return
        [
            Statement("CreateJournal",
                "CREATE TABLE IF NOT EXISTS " + s + " (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, step_key TEXT NOT NULL, entry TEXT NOT NULL, " +
                "metadata TEXT, expires_at TEXT, updated_at TEXT)", null),
            Statement("CreateJournalIndex", "CREATE INDEX IF NOT EXISTS " + SqlIdentifier.Quote("idx_" + journal + "_key") + " ON " + s + "(key, seq)", null),
            Statement("DropJournalRewriteTrigger", "DROP TRIGGER IF EXISTS " + SqlIdentifier.Quote(journal + "_on_rewrite"), null),
            Statement("DropJournalDeleteTrigger", "DROP TRIGGER IF EXISTS " + SqlIdentifier.Quote(journal + "_on_delete"), null),
            Statement("DropJournalHeadTrigger", "DROP TRIGGER IF EXISTS " + SqlIdentifier.Quote(journal + "_head"), null),
            Statement("DropJournalHeadWithoutTtlTrigger", "DROP TRIGGER IF EXISTS " + SqlIdentifier.Quote(journal + "_head_without_ttl"), null),
            Statement("CreateJournalDeleteTrigger",
                "CREATE TRIGGER IF NOT EXISTS " + SqlIdentifier.Quote(journal + "_on_delete") + " AFTER DELETE ON " + t + " BEGIN DELETE FROM " + s +
                " WHERE key = old.key; END", null),
            Statement("CreateJournalHeadTrigger", HeadTrigger(t, s, journal + "_head", "new.expires_at IS NOT NULL", ", expires_at = new.expires_at"), null),
            Statement("CreateJournalHeadWithoutTtlTrigger", HeadTrigger(t, s, journal + "_head_without_ttl", "new.expires_at IS NULL", ""), null),
            Statement("JournalAppend", JournalAppend(t, s, "?5", string.Format(Live, 6), "?6", ""), JournalAppendParameters),
            Statement("JournalAppendWithoutTtl", JournalAppend(t, s, "NULL", "expires_at IS NULL", "?5", ""), JournalAppendWithoutTtlParameters),
            Statement("JournalSteps",
                "SELECT step_key, CASE WHEN " + IsMember + " THEN substr(entry, length(json_quote(step_key)) + 2) ELSE entry END, seq FROM " + s + " WHERE key = ?1 AND " +
                current + " ORDER BY seq", [Text("key")], [Text("stepKey"), Text("entryJson"), Integer("seq")]),
            // The rows are joined in the order SQLite visits them, which is seq order whichever way it goes: through the key's index
            // on (key, seq) or along the table, whose rowid is seq.
            Statement("JournalEntries",
                "SELECT COALESCE(MAX(seq), 0), CAST(group_concat(CASE WHEN " + IsMember + " THEN entry ELSE json_quote(step_key) || ':' || entry END, ',') AS BLOB) " +
                "FROM " + s + " WHERE key = ?1 AND " + current, [Text("key")],
                [Integer("lastSeq"), OptionalBlob("members")]),
            Statement("JournalFold",
                "UPDATE " + t + " SET value = ?2 WHERE key = ?1 AND value = ?3 AND COALESCE((SELECT MAX(seq) FROM " + s + " WHERE key = ?1 AND " + current +
                "), 0) = ?4 RETURNING 1", [Text("key"), Text("document"), Text("journaled"), Integer("lastSeq")]),
            Statement("JournalDiscard",
                "DELETE FROM " + s + " WHERE key = ?1 AND NOT EXISTS (SELECT 1 FROM " + t + " WHERE key = ?1 AND " + Marked("value") + ")", [Text("key")]),
            Statement("JournaledKeys", "SELECT DISTINCT key FROM " + s + " WHERE key GLOB ?1 ORDER BY key", [Text("glob")], [Text("key")]),
            Statement("JournalStatistics",
                "SELECT COUNT(*), COALESCE(SUM(length(CAST(" + s + ".entry AS BLOB))), 0) FROM " + s + " JOIN " + t + " ON " + t + ".key = " + s + ".key WHERE " +
                s + ".key GLOB ?1 AND " + Marked(t + ".value") + " AND " + s + ".seq >= " + Generation(t + ".value"), [Text("glob")],
                [Integer("rows"), Integer("bytes")]),
        ];
    }

    // The fenced checkpoint: a lease that no longer holds the fence writes nothing.
    private static StatementTemplate[] FencedJournalStatements(string stateTable, string holds)
    {
        var t = SqlIdentifier.Quote(stateTable);
        var s = SqlIdentifier.Quote(JournalTable(stateTable));
        return
        [
            Statement("FencedJournalAppend", JournalAppend(t, s, "?5", string.Format(Live, 6), "?6", " AND " + string.Format(holds, 7, 8, 9)),
                [.. JournalAppendParameters, .. Holder]),
            Statement("FencedJournalAppendWithoutTtl", JournalAppend(t, s, "NULL", "expires_at IS NULL", "?5", " AND " + string.Format(holds, 6, 7, 8)),
                [.. JournalAppendWithoutTtlParameters, .. Holder]),
        ];
    }

    private static readonly SqlValue[] JournalAppendParameters = [Text("key"), Text("stepKey"), Json("entryJson"), Json("metadataJson"), OptionalText("expiresAt"), Text("now")];

    private static readonly SqlValue[] JournalAppendWithoutTtlParameters = [Text("key"), Text("stepKey"), Json("entryJson"), Json("metadataJson"), Text("now")];

    private static string Marked(string value) => "substr(" + value + ", 1, " + JournalMarker.Length + ") = '" + JournalMarker + "'";

    private static string Unmarked(string value) => "substr(" + value + ", 1, " + JournalMarker.Length + ") <> '" + JournalMarker + "'";

    // The generation of a marked document: the digits after the marker, read as text (a document the marker does not begin reads
    // a meaningless number, so callers check the marker first; a marker without a number reads 0, every row).
    private static string Generation(string value) =>
        "CAST(substr(" + value + ", " + (JournalMarker.Length + 1) + ", instr(substr(" + value + ", " + (JournalMarker.Length + 1) + ", 21), ',') - 1) AS INTEGER)";

    // A journal row holds its step as the member of the document's entries object it becomes ("key":entry), so a load joins the
    // rows as they are. A row written by an earlier version holds the entry alone (a JSON object), and reads as well.
    private const string IsMember = "entry GLOB '\"*'";

    // One statement per checkpoint: appends the step (?1 key, ?2 step key, ?3 entry JSON, ?4 metadata JSON) to the journal of a
    // live row, with the row's new expiry and time; when the row still holds a whole document, its entries go first, in
    // document order (without metadata), so the journal alone carries every step from then on. Returns a row per row added.
    private static string JournalAppend(string t, string s, string expires, string live, string now, string fenced) =>
        "INSERT INTO " + s + " (key, step_key, entry, metadata, expires_at, updated_at) SELECT key, step_key, entry, metadata, expires_at, updated_at FROM (" +
        "SELECT " + t + ".key AS key, e.key AS step_key, json_quote(e.key) || ':' || e.value AS entry, NULL AS metadata, NULL AS expires_at, NULL AS updated_at, " +
        "0 AS part, e.id AS position " +
        "FROM " + t + ", json_each(" + t + ".value, '$.entries') AS e WHERE " + t + ".key = ?1 AND " + Unmarked(t + ".value") + " AND " + live + fenced + " " +
        "UNION ALL SELECT ?1, ?2, json_quote(?2) || ':' || ?3, ?4, " + expires + ", " + now + ", 1, 0 WHERE EXISTS (SELECT 1 FROM " + t + " WHERE key = ?1 AND " + live +
        ")" + fenced +
        ") ORDER BY part, position RETURNING 1";

    // The journal row of a checkpoint (it carries metadata) replaces its state row's metadata and timestamps, in the same
    // statement as the append. When the row still held a whole document, the append copied its entries first, so the new
    // journal's generation is this row's seq less their number; the row then becomes the marker with that generation, and
    // the rows of an earlier, replaced journal of the key go. That delete looks the key up only while the row is unmarked:
    // on every later append its key is NULL, so SQLite does not walk the journal's rows, and the checkpoint's cost stays
    // independent of their number. Without a TTL the expiry is left out of the update, sparing its index.
    private static string HeadTrigger(string t, string s, string name, string when, string setExpiry)
    {
        var generation = "new.seq - (SELECT COUNT(*) FROM json_each(" + t + ".value, '$.entries'))";
        return "CREATE TRIGGER IF NOT EXISTS " + SqlIdentifier.Quote(name) + " AFTER INSERT ON " + s + " WHEN new.metadata IS NOT NULL AND " + when + " BEGIN " +
            "DELETE FROM " + s + " WHERE key = (SELECT key FROM " + t + " WHERE key = new.key AND " + Unmarked("value") + ") AND +seq < (SELECT " + generation + " FROM " +
            t + " WHERE key = new.key AND " + Unmarked(t + ".value") + "); " +
            "UPDATE " + t + " SET value = json_set(CASE WHEN " + Unmarked("value") + " THEN '" + JournalMarker + "' || (" + generation + ") || " +
            "',\"version\":1,\"entries\":{}}' ELSE value END, '$.metadata', json(new.metadata))" + setExpiry + ", updated_at = new.updated_at WHERE key = new.key; END";
    }

    /// <summary>The statements of the shared meta table.</summary>
    public static IReadOnlyList<StatementTemplate> Meta() => new[]
    {
        Statement("CreateMeta", "CREATE TABLE IF NOT EXISTS " + MetaTable + " (name TEXT PRIMARY KEY, value INTEGER NOT NULL)", null),
        Statement("ReadMeta", "SELECT value FROM " + MetaTable + " WHERE name = ?1", [Text("name")], [Integer("value")]),
        Statement("InitMeta", "INSERT INTO " + MetaTable + " (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING", [Text("name"), Integer("value")]),
        Statement("WriteMeta", "UPDATE " + MetaTable + " SET value = ?2 WHERE name = ?1", [Text("name"), Integer("value")]),
        Statement("TableColumns", "SELECT name FROM pragma_table_info(?1)", [Text("table")], [Text("name")]),
        Statement("IndexColumns", "SELECT name FROM pragma_index_info(?1)", [Text("index")], [Text("name")]),
        Statement("JournalMode", "PRAGMA journal_mode", [], [Text("mode")]),
        Statement("IntegrityCheck", "PRAGMA integrity_check", [], [Text("message")]),
        Statement("Vacuum", "VACUUM", []),
        Statement("RegisterPrefix",
            "INSERT INTO " + MetaTable + " (name, value) SELECT ?1, ?4 WHERE ?4 = 1 OR NOT EXISTS (SELECT 1 FROM " + MetaTable + " WHERE " + OtherPrefixOverlapping(2, 1,
            3) + ") " +
            "ON CONFLICT(name) DO NOTHING", [Text("name"), Text("space"), Text("prefix"), Integer("allowOverlap")]),
        Statement("OverlappingPrefixes", "SELECT substr(name, length(?1) + 1) FROM " + MetaTable + " WHERE " + OtherPrefixOverlapping(1, 2, 3) + " ORDER BY name",
            [Text("space"), Text("name"), Text("prefix")], [Text("prefix")]),
    };

    // A registered prefix row (name = ?space + prefix) of the same table, other than ?name, whose prefix is a string
    // prefix of ?prefix or has ?prefix as its string prefix (the empty prefix overlaps every other).
    private static string OtherPrefixOverlapping(int space, int name, int prefix)
    {
        var registered = "substr(name, length(?" + space + ") + 1)";
        return "substr(name, 1, length(?" + space + ")) = ?" + space + " AND name <> ?" + name +
            " AND (substr(?" + prefix + ", 1, length(" + registered + ")) = " + registered +
            " OR substr(" + registered + ", 1, length(?" + prefix + ")) = ?" + prefix + ")";
    }

    /// <summary>A delete of up to <paramref name="count"/> keys bound as <c>?2</c>…; returns one liveness flag per deleted row.</summary>
    public static string DeleteMany(string table, int count)
    {
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = "?" + (i + 2);
        }

        return "DELETE FROM " + SqlIdentifier.Quote(table) + " WHERE key IN (" + string.Join(", ", parts) + ") RETURNING " + string.Format(Live, 1);
    }

    // ?2 JSON path of the entry, ?3 entry JSON, ?4 metadata JSON, ?5 expires_at, ?6 now (also the new updated_at).
    private const string PatchStep = "value = json_set(value, ?2, json(?3), '$.metadata', json(?4)), expires_at = ?5, updated_at = ?6";

    // For stores without a TTL: ?5 now. Leaving expires_at out of SET spares SQLite the write to its index on
    // every checkpoint; a row that has an expiry (written with a TTL) is not patched, so the caller saves the
    // whole state, which clears it.
    private const string PatchStepWithoutTtl = "value = json_set(value, ?2, json(?3), '$.metadata', json(?4)), updated_at = ?5";

    private const string UpsertTail = "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at";

    // ?1 GLOB pattern, ?2 now, ?3 updated before (or NULL), ?4 updated after (or NULL).
    private const string Filter = "key GLOB ?1 AND (expires_at IS NULL OR expires_at > ?2) AND (?3 IS NULL OR updated_at < ?3) AND (?4 IS NULL OR updated_at > ?4)";

    private static string Page(string table, string order) =>
        "SELECT key FROM " + table + " WHERE " + Filter + " ORDER BY " + order + " LIMIT ?5 OFFSET ?6";

    // The unary + keeps SQLite from ranging over the key's index and sorting every matching row for each page: the page is
    // read in order from the (updated_at, key) index instead, up to its offset and limit.
    private static string PageInUpdateOrder(string table, string order) =>
        "SELECT key FROM " + table + " WHERE +" + Filter + " ORDER BY " + order + " LIMIT ?5 OFFSET ?6";

    /// <summary>The name of the index on (updated_at, key); the TypeScript package creates it on updated_at alone.</summary>
    public static string UpdatedIndex(string table) => "idx_" + table + "_updated_at";

    private static readonly SqlValue[] SaveStepParameters = [Text("key"), Text("entryPath"), Json("entryJson"), Json("metadataJson"), OptionalText("expiresAt"), Text("now")];

    private static readonly SqlValue[] SaveStepWithoutTtlParameters = [Text("key"), Text("entryPath"), Json("entryJson"), Json("metadataJson"), Text("now")];

    // ?1 GLOB pattern, ?2 now, ?3 updated before (or NULL), ?4 updated after (or NULL): the parameters of Filter.
    private static readonly SqlValue[] FilterParameters = [Text("glob"), Text("now"), OptionalText("updatedBefore"), OptionalText("updatedAfter")];

    private static readonly SqlValue[] PageParameters = [.. FilterParameters, Integer("limit"), Integer("offset")];

    // The lease a fenced write checks: ?N lock key, ?N+1 owner token, ?N+2 fencing token.
    private static readonly SqlValue[] Holder = [Text("lockKey"), Text("ownerToken"), Integer("fence")];

    private static SqlValue Text(string name) => new(name, SqlValueType.Text);

    private static SqlValue OptionalText(string name) => new(name, SqlValueType.OptionalText);

    private static SqlValue Integer(string name) => new(name, SqlValueType.Integer);

    private static SqlValue OptionalBlob(string name) => new(name, SqlValueType.OptionalBlob);

    private static SqlValue Flag(string name) => new(name, SqlValueType.Flag);

    private static SqlValue Json(string name) => new(name, SqlValueType.Json);

    private static StatementTemplate Statement(string name, string sql, SqlValue[]? parameters, SqlValue[]? row = null) =>
        new StatementTemplate(name, sql, parameters, row);
}
