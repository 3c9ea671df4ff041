using System.Globalization;
using System.Text.Json;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>How a step's outcome and a checkpoint's metadata are written: the reused writer, the timestamp text, the bytes a store is given.</summary>
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

    [Test]
    public async Task A_string_value_with_an_unpaired_surrogate_is_stored_and_replayed_with_the_replacement_character()
    {
        var store = new InMemoryStatePersistence();
        var runs = 0;
        async Task<Result<string, WorkflowError>> Run(bool crash) => await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            var text = await ctx.Step("label", () => { runs++; return "ab\ud800cd"; });
            await ctx.Step("ship", () => crash ? throw new InvalidOperationException("crash") : 1);
            return text;
        }, States.Options("label-1", store));

        var live = await Run(crash: true);
        var stored = (await store.LoadAsync("label-1"))!.Steps[0].Payload.GetString();
        var replayed = await Run(crash: false);

        await Assert.That(live.Error).IsTypeOf<UnexpectedError>();
        await Assert.That(stored).IsEqualTo("ab\ufffdcd");
        await Assert.That(replayed.Value).IsEqualTo("ab\ufffdcd");
        await Assert.That(runs).IsEqualTo(1).Because("the step is replayed, not run again");
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

    [Test]
    public async Task An_entry_the_engine_writes_keeps_its_bytes_and_reads_as_the_entry_they_hold()
    {
        var value = JsonElement.Parse("""{"sku":"A-1","note":"café ünï"}""");
        var error = JsonElement.Parse("""{"type":"CARD_DECLINED"}""");
        var cases = new (StepEntry Entry, string Json, bool IsOk, StepFailureOrigin? Origin, bool Replayable)[]
        {
            (StepEntry.Success("a", value), """{"result":{"ok":true,"value":{"sku":"A-1","note":"café ünï"}}}""", true, null, true),
            (StepEntry.SuccessWithoutValue("b"), """{"result":{"ok":true}}""", true, null, true),
            (StepEntry.Failure("c", error, null), """{"result":{"ok":false,"error":{"type":"CARD_DECLINED"}},"meta":{"origin":"result"}}""", false,
                StepFailureOrigin.Result, true),
        };
        foreach (var (entry, json, isOk, origin, replayable) in cases)
        {
            await Assert.That(System.Text.Encoding.UTF8.GetString(entry.Utf8Json.Span)).IsEqualTo(json);
            await Assert.That(entry.Json.GetRawText()).IsEqualTo(json);
            await Assert.That(entry.IsOk).IsEqualTo(isOk);
            await Assert.That(entry.FailureOrigin).IsEqualTo(origin);
            await Assert.That(entry.IsReplayable).IsEqualTo(replayable);
        }

        await Assert.That(cases[0].Entry.Payload.GetProperty("note").GetString()).IsEqualTo("café ünï");
        await Assert.That(cases[1].Entry.Payload.ValueKind).IsEqualTo(JsonValueKind.Undefined);
        await Assert.That(cases[2].Entry.Payload.GetProperty("type").GetString()).IsEqualTo("CARD_DECLINED");
        await Assert.That(cases[2].Entry.CauseJson).IsNull();

        var thrown = StepEntry.Thrown("d", new InvalidOperationException("boom"));
        await Assert.That(thrown.FailureOrigin).IsEqualTo(StepFailureOrigin.Throw);
        await Assert.That(thrown.IsReplayable).IsFalse();
        await Assert.That(thrown.ThrownJson!.Value.GetProperty("errorMessage").GetString()).IsEqualTo("boom");
        var failedWithCause = StepEntry.Failure("e", error, new TimeoutException("slow"));
        await Assert.That(failedWithCause.CauseJson!.Value.GetProperty("errorMessage").GetString()).IsEqualTo("slow");
    }

    [Test]
    public async Task A_written_entry_read_from_many_threads_at_once_reads_the_same_everywhere()
    {
        for (var round = 0; round < 50; round++)
        {
            var entry = StepEntry.Success("k", JsonElement.Parse("{\"n\":" + round + "}"));
            using var start = new Barrier(4);
            var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return (entry.Json.GetRawText(), entry.Payload.GetProperty("n").GetInt32());
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

            await Assert.That(reads.Distinct().Single()).IsEqualTo(("{\"result\":{\"ok\":true,\"value\":{\"n\":" + round + "}}}", round));
        }
    }

    [Test]
    public async Task A_store_that_takes_parsed_metadata_only_is_given_the_metadata_the_engine_wrote()
    {
        var store = new ParsedMetadataStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T06:00:00Z", CultureInfo.InvariantCulture));

        var result = await Awaitly.Durable.RunAsync<int, int>(0, async ctx =>
        {
            await ctx.Step("one", () => 1);
            return await ctx.Step("two", () => 2);
        }, States.Options("parsed", store) with { TimeProvider = time });

        await Assert.That(result.Value).IsEqualTo(2);
        var (step, metadata) = store.Patched.Single();
        await Assert.That(step).IsEqualTo("""{"result":{"ok":true,"value":2}}""");
        await Assert.That(metadata).IsEqualTo("""{"version":1,"lastStepKey":"two","updatedAt":"2026-12-07T06:00:00.000Z"}""");
    }

    /// <summary>A store implementing only the element overload of <see cref="ICheckpointPersistence.SaveStepAsync(string, StepEntry, JsonElement, LeaseFence?, CancellationToken)"/>.</summary>
    private sealed class ParsedMetadataStore : ICheckpointPersistence
    {
        public List<(string Step, string Metadata)> Patched { get; } = [];

        public ValueTask<bool> SaveStepAsync(string workflowId, StepEntry step, JsonElement metadata, LeaseFence? fence = null, CancellationToken cancellationToken = default)
        {
            Patched.Add((step.Json.GetRawText(), metadata.GetRawText()));
            return ValueTask.FromResult(true);
        }

        public ValueTask SaveAsync(string workflowId, WorkflowState state, LeaseFence? fence = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<WorkflowState?> LoadAsync(string workflowId, CancellationToken cancellationToken = default) => ValueTask.FromResult<WorkflowState?>(null);

        public ValueTask<bool> DeleteAsync(string workflowId, LeaseFence? fence = null, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<string>>([]);
    }
}

