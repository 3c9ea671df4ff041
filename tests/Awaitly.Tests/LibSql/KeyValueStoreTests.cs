using Awaitly.LibSql;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.LibSql;

/// <summary>Spec §4 A and C (cases 1–8, 16–28, 32) on <see cref="LibSqlKeyValueStore"/>, plus the §5 defects 6, 10, 12 and 14.</summary>
public class KeyValueStoreTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-26T06:00:00Z");

    private static async Task<(LibSqlKeyValueStore Store, FakeTimeProvider Time, TempDatabase Db)> OpenAsync()
    {
        var db = new TempDatabase();
        var time = new FakeTimeProvider(Start);
        var store = await LibSqlKeyValueStore.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, TimeProvider = time });
        return (store, time, db);
    }

    [Test]
    public async Task Cases1_2_3_18_20_21_set_get_overwrite_delete_exists()
    {
        var (store, _, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;

        await store.SetAsync("k", "v1");
        await store.SetAsync("k", "v2");

        await Assert.That(await store.GetAsync("k")).IsEqualTo("v2");
        await Assert.That(await store.GetAsync("missing")).IsNull();
        await Assert.That(await store.ExistsAsync("k")).IsTrue();
        await Assert.That(await store.DeleteAsync("k")).IsTrue();
        await Assert.That(await store.GetAsync("k")).IsNull();
        await Assert.That(await store.ExistsAsync("k")).IsFalse();
        await Assert.That(await store.DeleteAsync("k")).IsFalse();
    }

    [Test]
    public async Task Text_is_bound_as_utf8_and_a_value_that_is_not_valid_utf16_is_refused_leaving_the_row_alone()
    {
        var (store, _, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;
        const string text = "ключ ✓ 𝄞 ü";
        var large = string.Concat(Enumerable.Repeat(text, 2000));

        await store.SetAsync("k", text);
        await store.SetAsync("large", large);
        var error = await Assert.That(async () => await store.SetAsync("k", "broken \uD800 surrogate")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo(LibSqlErrorCodes.ArgsInvalid);
        await Assert.That(error.Message).Contains("unpaired surrogate");
        await Assert.That(await store.GetAsync("k")).IsEqualTo(text);
        await Assert.That(await store.GetAsync("large")).IsEqualTo(large);
    }

    [Test]
    public async Task Cases4_24_25_ttl_expires_and_absent_ttl_lives()
    {
        var (store, time, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;

        await store.SetAsync("short", "v", TimeSpan.FromSeconds(1));
        await store.SetAsync("forever", "v");
        var immediately = (await store.GetAsync("short"), await store.ExistsAsync("short"));
        time.Advance(TimeSpan.FromMilliseconds(1_200));

        await Assert.That(immediately).IsEqualTo(("v", true));
        await Assert.That(await store.GetAsync("short")).IsNull();
        await Assert.That(await store.ExistsAsync("short")).IsFalse();
        await Assert.That(await store.ListKeysAsync("*")).IsEquivalentTo(["forever"]);
        await Assert.That(await store.PurgeExpiredAsync()).IsEqualTo(1);
        await Assert.That(await store.DeleteAsync("short")).IsFalse();
    }

    [Test]
    public async Task Cases26_32_resetting_extends_or_clears_the_ttl()
    {
        var (store, time, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;

        await store.SetAsync("extend", "v", TimeSpan.FromSeconds(1));
        await store.SetAsync("clear", "v", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(500));
        await store.SetAsync("extend", "v", TimeSpan.FromSeconds(2));
        await store.SetAsync("clear", "v");
        time.Advance(TimeSpan.FromMilliseconds(700));

        await Assert.That(await store.GetAsync("extend")).IsEqualTo("v");
        await Assert.That(await store.GetAsync("clear")).IsEqualTo("v");
    }

    [Test]
    public async Task Ttl_must_be_positive_and_keys_bounded()
    {
        var (store, _, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;

        await Assert.That(async () => await store.SetAsync("k", "v", TimeSpan.Zero)).Throws<ArgumentOutOfRangeException>();
        await Assert.That(async () => await store.SetAsync("k", "v", TimeSpan.FromSeconds(-1))).Throws<ArgumentOutOfRangeException>();
        await Assert.That(async () => await store.SetAsync(new string('k', 1025), "v")).Throws<ArgumentException>();
        await Assert.That(async () => await store.SetAsync("", "v")).Throws<ArgumentException>();
        await Assert.That(async () => await store.SetAsync("k", null!)).Throws<ArgumentNullException>();
        await Assert.That(await store.ListKeysAsync("*")).IsEmpty();
    }

    [Test]
    public async Task Cases5_22_23_27_28_glob_only_star_is_special_and_matching_is_exact()
    {
        var (store, _, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;
        string[] keys =
        [
            "workflow:state:one", "workflow:state:two", "WORKFLOW:STATE:three", "other:thing", "key:with:colons", "key_with_underscores",
            "key-with-dashes", "key%percent", "keyXpercent", "back\\slash", "q?mark", "br[ack]et",
        ];
        foreach (var key in keys)
        {
            await store.SetAsync(key, "v");
        }

        await Assert.That(await store.ListKeysAsync("workflow:state:*")).IsEquivalentTo(["workflow:state:one", "workflow:state:two"]);
        await Assert.That(await store.ListKeysAsync("key:*")).IsEquivalentTo(["key:with:colons"]);
        await Assert.That(await store.ListKeysAsync("key_*")).IsEquivalentTo(["key_with_underscores"]);
        await Assert.That(await store.ListKeysAsync("key%*")).IsEquivalentTo(["key%percent"]);
        await Assert.That((await store.ListKeysAsync("key*")).Count).IsEqualTo(5);
        await Assert.That(await store.ListKeysAsync("back\\*")).IsEquivalentTo(["back\\slash"]);
        await Assert.That(await store.ListKeysAsync("q?*")).IsEquivalentTo(["q?mark"]);
        await Assert.That(await store.ListKeysAsync("br[ack]*")).IsEquivalentTo(["br[ack]et"]);
        await Assert.That((await store.ListKeysAsync("*")).Count).IsEqualTo(keys.Length);
    }

    [Test]
    public async Task Cases6_7_list_keys_pages_with_total()
    {
        var (store, time, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;
        foreach (var key in new[] { "p:1", "p:2", "p:3", "t:1", "t:2" })
        {
            await store.SetAsync(key, "v");
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await store.ListKeysPageAsync("p:*", new StateListOptions { Limit = 2 });
        var second = await store.ListKeysPageAsync("p:*", new StateListOptions { Limit = 2, Offset = 2 });
        var totals = await store.ListKeysPageAsync("t:*", new StateListOptions { Limit = 10, IncludeTotal = true });

        await Assert.That(first.Keys.Count).IsEqualTo(2);
        await Assert.That(first.Keys.All(k => k.StartsWith("p:", StringComparison.Ordinal))).IsTrue();
        await Assert.That(first.NextOffset).IsEqualTo(2);
        await Assert.That(second.Keys.Count).IsEqualTo(1);
        await Assert.That(second.NextOffset).IsNull();
        await Assert.That(totals.Keys.Count).IsEqualTo(2);
        await Assert.That(totals.Total).IsEqualTo(2);
    }

    [Test]
    public async Task Delete_many_skips_expired_rows_in_its_count_and_clear_empties_the_table()
    {
        var (store, time, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;
        await store.SetAsync("a", "v");
        await store.SetAsync("b", "v", TimeSpan.FromSeconds(1));
        await store.SetAsync("c", "v");
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.That(await store.DeleteManyAsync(["a", "b"])).IsEqualTo(1);
        await Assert.That(await store.ClearAsync()).IsEqualTo(1);
        await Assert.That(await store.ListKeysAsync("*")).IsEmpty();
    }

    [Test]
    public async Task Timestamps_are_iso_utc_with_milliseconds()
    {
        var (store, _, db) = await OpenAsync();
        using var _db = db;
        await using var _s = store;
        await store.SetAsync("k", "v", TimeSpan.FromSeconds(1.5));

        var (_, row) = await store.Driver.ReadFirstAsync("SELECT expires_at, updated_at FROM awaitly_workflow_state WHERE key = ?1", ["k"],
            static r => (r.GetString(0), r.GetString(1)), CancellationToken.None);

        await Assert.That(row).IsEqualTo(("2026-11-26T06:00:01.500Z", "2026-11-26T06:00:00.000Z"));
    }
}
