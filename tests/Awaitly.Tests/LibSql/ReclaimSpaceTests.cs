using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary><see cref="LibSqlPersistence.ReclaimSpaceAsync"/>: the space of deleted rows goes back to the file system, and the rows kept stay.</summary>
public class ReclaimSpaceTests
{
    [Test]
    public async Task Space_freed_by_deletes_is_returned_and_live_rows_are_kept()
    {
        using var db = new TempDatabase();
        var value = States.With(null, ("big", "\"" + new string('x', 20_000) + "\""));
        await using (var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url }))
        {
            for (var i = 0; i < 300; i++)
            {
                await store.SaveAsync($"wf-{i}", value);
            }

            await store.DeleteManyAsync([.. Enumerable.Range(1, 299).Select(i => $"wf-{i}")]);
        }

        var before = new FileInfo(db.Path_).Length;
        await using (var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url }))
        {
            await store.ReclaimSpaceAsync();
            await Assert.That(await store.ListAsync()).IsEquivalentTo(["wf-0"]);
            await Assert.That((await store.LoadAsync("wf-0"))!.Steps[0].Payload.GetString()!.Length).IsEqualTo(20_000);
        }

        var after = new FileInfo(db.Path_).Length;
        await Assert.That(before).IsGreaterThan(5_000_000);
        await Assert.That(after).IsLessThan(before / 10).Because($"{before} bytes before, {after} after");
    }
}
