using System.Text;
using System.Text.Json;
using Awaitly.LibSql;

namespace Awaitly.Tests.LibSql;

/// <summary>JSON bound from its UTF-8 bytes (an element's, or JSON written before): the same text, to SQLite and on the wire, as the string it replaces.</summary>
public class JsonArgumentTests
{
    // Non-ASCII as raw UTF-8 and as escapes, a surrogate pair, an escaped quote and control character, nesting.
    private static readonly string[] Documents =
    [
        "{}",
        "{\"value\":\"café ünïcødé 中文 😀\",\"n\":1.5e3}",
        "{\"escaped\":\"\\u00e9\\ud83d\\ude00\\\"\\n\\u0000\",\"list\":[true,null,{\"a\":[]}]}",
        "\"a bare string\"",
        "[1,2,3]",
    ];

    [Test]
    public async Task A_json_argument_is_text_equal_to_the_string_of_its_raw_json()
    {
        foreach (var document in Documents)
        {
            SqlArg json = JsonElement.Parse(document);
            SqlArg text = document;

            await Assert.That(json.Kind).IsEqualTo(SqlArgKind.Text);
            await Assert.That(json.Text).IsEqualTo(document);
            await Assert.That(json).IsEqualTo(text);
            await Assert.That(json.GetHashCode()).IsEqualTo(text.GetHashCode());
            await Assert.That(json.ToString()).IsEqualTo("text");
        }
    }

    [Test]
    public async Task The_default_element_is_refused_with_a_message_saying_why()
    {
        var error = Assert.Throws<ArgumentException>(() => { SqlArg arg = default(JsonElement); _ = arg; });

        await Assert.That(error.Message).Contains("default (undefined) element");
        await Assert.That(error.ParamName).IsEqualTo("json");
    }

    [Test]
    public async Task Sqlite_stores_the_exact_bytes_of_the_json_as_text()
    {
        using var session = new SqliteSession(":memory:");
        foreach (var document in Documents)
        {
            SqlArg[] args = [JsonElement.Parse(document)];
            var found = session.TryReadFirst("SELECT ?1, typeof(?1), length(CAST(?1 AS BLOB)), json_valid(?1)", args,
                static row => (row.GetString(0), row.GetString(1), row.GetInt64(2), row.GetInt64(3)), out var read);

            await Assert.That(found).IsTrue();
            await Assert.That(read).IsEqualTo((document, "text", (long)Encoding.UTF8.GetByteCount(document), 1L));
        }
    }

    [Test]
    public async Task The_wire_carries_a_json_argument_exactly_as_the_same_string()
    {
        foreach (var document in Documents)
        {
            var fromJson = Pipeline(JsonElement.Parse(document));
            var fromText = Pipeline(document);

            await Assert.That(Encoding.UTF8.GetString(fromJson)).IsEqualTo(Encoding.UTF8.GetString(fromText));
            using var sent = JsonDocument.Parse(fromJson);
            var value = sent.RootElement.GetProperty("requests")[0].GetProperty("stmt").GetProperty("args")[0];
            await Assert.That(value.GetProperty("type").GetString()).IsEqualTo("text");
            await Assert.That(value.GetProperty("value").GetString()).IsEqualTo(document);
        }
    }

    private static byte[] Pipeline(SqlArg arg) =>
        HranaWire.Write(new HranaPipeline(null, null, [new HranaExecute(new HranaStatement("SELECT ?1", [arg]))], Close: false), includeClose: false);

    [Test]
    public async Task Json_given_as_utf8_is_text_equal_to_its_string_in_sqlite_and_on_the_wire()
    {
        using var session = new SqliteSession(":memory:");
        foreach (var document in Documents)
        {
            SqlArg json = SqlJson.FromUtf8(Encoding.UTF8.GetBytes(document));
            SqlArg text = document;

            await Assert.That(json.Kind).IsEqualTo(SqlArgKind.Text);
            await Assert.That(json.Text).IsEqualTo(document);
            await Assert.That(json).IsEqualTo(text);
            await Assert.That(json.GetHashCode()).IsEqualTo(text.GetHashCode());
            await Assert.That(Encoding.UTF8.GetString(Pipeline(json))).IsEqualTo(Encoding.UTF8.GetString(Pipeline(text)));
            var found = session.TryReadFirst("SELECT ?1, typeof(?1), length(CAST(?1 AS BLOB))", [json],
                static row => (row.GetString(0), row.GetString(1), row.GetInt64(2)), out var read);
            await Assert.That(found).IsTrue();
            await Assert.That(read).IsEqualTo((document, "text", (long)Encoding.UTF8.GetByteCount(document)));
        }
    }

    [Test]
    public async Task A_slice_of_a_larger_buffer_binds_only_its_own_bytes()
    {
        var buffer = Encoding.UTF8.GetBytes("xx{\"a\":1}yy");
        SqlArg json = SqlJson.FromUtf8(new ReadOnlyMemory<byte>(buffer, 2, 7));

        await Assert.That(json.Text).IsEqualTo("{\"a\":1}");
        buffer[3] = (byte)'b';
        await Assert.That(json.Text).IsEqualTo("{\"a\":1}");
    }

    [Test]
    public async Task Empty_utf8_and_the_default_value_are_refused_with_a_message_saying_why()
    {
        var empty = Assert.Throws<ArgumentException>(() => SqlJson.FromUtf8(ReadOnlyMemory<byte>.Empty));
        var none = Assert.Throws<ArgumentException>(() => { SqlArg arg = default(SqlJson); _ = arg; });

        await Assert.That(empty.Message).Contains("empty");
        await Assert.That(none.Message).Contains("default value");
    }

    [Test]
    public async Task A_step_saved_with_utf8_metadata_is_stored_as_with_the_parsed_metadata()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });
        var first = StepEntry.Success("one", JsonElement.Parse("{\"n\":1}"));
        var second = StepEntry.Success("two", JsonElement.Parse("{\"text\":\"café ünï\"}"));
        const string Metadata = "{\"version\":1,\"lastStepKey\":\"two\",\"note\":\"ünï\"}";
        foreach (var id in new[] { "parsed", "utf8" })
        {
            await store.SaveAsync(id, new WorkflowState([first], JsonElement.Parse("{}")));
        }

        await Assert.That(await store.SaveStepAsync("parsed", second, JsonElement.Parse(Metadata))).IsTrue();
        await Assert.That(await store.SaveStepAsync("utf8", second, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(Metadata)))).IsTrue();

        var parsed = await store.KeyValueStore.GetAsync(store.Prefix + "parsed");
        await Assert.That(await store.KeyValueStore.GetAsync(store.Prefix + "utf8")).IsEqualTo(parsed);
        var loaded = (await store.LoadAsync("utf8"))!;
        await Assert.That(loaded.Steps.Select(step => step.Json.GetRawText())).IsEquivalentTo(["{\"result\":{\"ok\":true,\"value\":{\"n\":1}}}",
            "{\"result\":{\"ok\":true,\"value\":{\"text\":\"café ünï\"}}}"]);
        await Assert.That(loaded.Metadata!.Value.GetProperty("note").GetString()).IsEqualTo("ünï");
    }
}

