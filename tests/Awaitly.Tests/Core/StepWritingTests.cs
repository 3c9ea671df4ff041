using System.Globalization;
using System.Text.Json;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>How a step's outcome and a checkpoint's metadata are written: the reused writer, the timestamp text.</summary>
public class StepWritingTests
{
    [Test]
    public async Task A_value_the_serializer_refuses_midway_fails_the_save_and_leaves_later_entries_exact()
    {
        var store = new InMemoryStatePersistence();
        var good = new Dictionary<string, object> { ["sku"] = "A-1", ["qty"] = 2 };
        var bad = new Dictionary<string, object> { ["sku"] = "B-2", ["ratio"] = double.NaN };

        var failed = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            await ctx.Step("good", () => good);
            await ctx.Step("bad", () => bad);
            return 0;
        }, States.Options("refused", store));

        var error = await Assert.That(failed.Error).IsTypeOf<PersistenceError>();
        await Assert.That(error!.Operation).IsEqualTo(PersistenceOperation.Save);
        await Assert.That(error.Cause).IsTypeOf<StepSerializationException>();
        await Assert.That(error.Cause.Message).Contains("step 'bad'");
        var kept = (await store.LoadAsync("refused"))!;
        await Assert.That(kept.Steps.Select(s => s.Key)).IsEquivalentTo(["good"]);
        await Assert.That(kept.Steps[0].Json.GetRawText()).IsEqualTo("""{"result":{"ok":true,"value":{"sku":"A-1","qty":2}}}""");

        // The next entry written on this thread starts from a clean writer.
        var entry = await WriteAfterAsync(store);
        await Assert.That(entry).IsEqualTo("""{"result":{"ok":true,"value":{"sku":"C-3"}}}""");
    }

    private static async Task<string> WriteAfterAsync(InMemoryStatePersistence store)
    {
        var result = await Awaitly.Durable.RunAsync<int, int>(0, async ctx =>
        {
            await ctx.Step("next", () => new Dictionary<string, object> { ["sku"] = "C-3" });
            throw new InvalidOperationException("stop after the checkpoint");
        }, States.Options("after", store));
        await Assert.That(result.Error).IsTypeOf<UnexpectedError>();
        return (await store.LoadAsync("after"))!.Steps[0].Json.GetRawText();
    }

    [Test]
    public async Task Timestamps_are_written_as_javascript_toISOString_writes_them()
    {
        var random = new Random(20261201);
        var instants = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch,
            new(2024, 2, 29, 23, 59, 59, 999, TimeSpan.Zero), new(2026, 12, 1, 0, 0, 0, 1, TimeSpan.FromHours(5.5)),
        };
        for (var i = 0; i < 2000; i++)
        {
            instants.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.FromMinutes(random.Next(-840, 841))));
        }

        foreach (var instant in instants)
        {
            var expected = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            await Assert.That(IsoTimestamp.ToText(instant)).IsEqualTo(expected);
        }
    }

    [Test]
    public async Task A_checkpoint_stores_updatedAt_from_the_run_clock_in_that_text()
    {
        var store = new InMemoryStatePersistence();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T21:30:05.123+01:00", CultureInfo.InvariantCulture));

        await Awaitly.Durable.RunAsync<int, int>(0, async ctx =>
        {
            await ctx.Step("one", () => 1);
            throw new InvalidOperationException("keep the state");
        }, States.Options("clock", store) with { TimeProvider = time });

        var metadata = (await store.LoadAsync("clock"))!.Metadata!.Value;
        await Assert.That(metadata.GetProperty("updatedAt").GetString()).IsEqualTo("2026-12-01T20:30:05.123Z");
        await Assert.That(metadata.GetProperty("lastStepKey").GetString()).IsEqualTo("one");
        await Assert.That(metadata.GetProperty("version").ValueKind).IsEqualTo(JsonValueKind.Number);
    }
}
