using System.Diagnostics;
using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Awaitly.Tests.Hosting;

/// <summary>
/// Spans and measurements as the real OpenTelemetry SDK records them (in-memory exporter): the run/step/checkpoint/database span
/// tree with its names and attributes, replays on the run span, remote spans with the server and HTTP status, the counters and
/// histograms. Other tests run at the same time, so each test keeps only its own trace and its own workflow name.
/// </summary>
public class TelemetryTests
{
    private const string Value = "value-that-must-not-be-exported";

    private static List<Activity> TraceOf(List<Activity> exported, string workflowId)
    {
        var run = exported.Single(a => a.OperationName == AwaitlyTelemetry.RunSpan && (string?)a.GetTagItem("awaitly.workflow.id") == workflowId);
        return [.. exported.Where(a => a.TraceId == run.TraceId)];
    }

    private static Task<Result<int, WorkflowError>> RunAsync(IStatePersistence store, string id, string name, CancellationToken cancellationToken = default) =>
        Durable.RunAsync(0, async ctx =>
        {
            var value = await ctx.Step("read", () => Value, key: "read");
            return await ctx.Step("measure", async ct =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                return value.Length;
            }, key: "measure");
        }, new DurableOptions { Id = id, Store = store, Name = name }, cancellationToken);

    [Test]
    public async Task A_run_is_a_span_tree_of_steps_checkpoints_and_database_calls_without_values()
    {
        using var database = new TempDatabase();
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(AwaitlyTelemetry.ActivitySourceName).AddInMemoryExporter(exported).Build();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        var id = "traced-" + Guid.NewGuid().ToString("N");

        var result = await RunAsync(store, id, "tracing");
        tracing.ForceFlush();

        await Assert.That(result.IsOk).IsTrue();
        var trace = TraceOf(exported, id);
        var run = trace.Single(a => a.OperationName == AwaitlyTelemetry.RunSpan);
        await Assert.That(trace.Any(a => a.SpanId == run.ParentSpanId)).IsFalse().Because("the run span is the root of the library's spans");
        await Assert.That(run.GetTagItem("awaitly.workflow.name")).IsEqualTo("tracing");
        await Assert.That(run.GetTagItem("awaitly.workflow.version")).IsEqualTo(1);
        await Assert.That(run.GetTagItem("awaitly.run.outcome")).IsEqualTo("succeeded");
        var steps = trace.Where(a => a.OperationName == AwaitlyTelemetry.StepSpan).ToList();
        await Assert.That(steps.Select(s => (string)s.GetTagItem("awaitly.step.key")!)).IsEquivalentTo(new[] { "read", "measure" });
        await Assert.That(steps.All(s => s.ParentSpanId == run.SpanId)).IsTrue();
        var checkpoints = trace.Where(a => a.OperationName == AwaitlyTelemetry.CheckpointSpan).ToList();
        await Assert.That(checkpoints.Count).IsEqualTo(2);
        await Assert.That(checkpoints.All(c => steps.Any(s => s.SpanId == c.ParentSpanId))).IsTrue();
        var database_ = trace.Where(a => a.Kind == ActivityKind.Client).ToList();
        await Assert.That(database_.All(d => (string?)d.GetTagItem("db.system.name") == "sqlite")).IsTrue();
        var saves = database_.Where(d => checkpoints.Any(c => c.SpanId == d.ParentSpanId)).ToList();
        await Assert.That(saves.Count).IsGreaterThanOrEqualTo(2);
        await Assert.That(saves.All(d => (string?)d.GetTagItem("db.collection.name") == "awaitly_workflow_state")).IsTrue();
        await Assert.That(saves.Select(d => (string?)d.GetTagItem("db.operation.name"))).Contains("INSERT");
        await Assert.That(database_.Any(d => d.ParentSpanId == run.SpanId && d.DisplayName == "BATCH awaitly_workflow_lock")).IsTrue()
            .Because("the lease and the state are taken in one batch");
        var everything = string.Join("\n", trace.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}")).Concat(trace.Select(a => a.DisplayName)));
        await Assert.That(everything).DoesNotContain(Value);
    }

    [Test]
    public async Task A_resumed_run_records_its_replayed_steps_on_the_run_span_and_a_failure_as_an_error_status()
    {
        using var database = new TempDatabase();
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(AwaitlyTelemetry.ActivitySourceName).AddInMemoryExporter(exported).Build();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        var failedId = "failed-" + Guid.NewGuid().ToString("N");
        var failed = await Durable.RunAsync(0, async ctx => await ctx.Step<int, string>("fail", () => Result.Err("no"), key: "fail"),
            new DurableOptions { Id = failedId, Store = store });
        var replayed = await Durable.RunAsync(0, async ctx => await ctx.Step<int, string>("fail", () => Result.Ok(1), key: "fail"),
            new DurableOptions { Id = failedId, Store = store });
        tracing.ForceFlush();

        await Assert.That(failed.Error).IsTypeOf<ExpectedError>();
        await Assert.That(replayed.Error).IsTypeOf<ExpectedError>();
        var runs = exported.Where(a => a.OperationName == AwaitlyTelemetry.RunSpan && (string?)a.GetTagItem("awaitly.workflow.id") == failedId).ToList();
        await Assert.That(runs.Count).IsEqualTo(2);
        await Assert.That(runs.All(r => r.Status == ActivityStatusCode.Error && (string?)r.GetTagItem("error.type") == ErrorCodes.ExpectedError)).IsTrue();
        await Assert.That(runs[0].Events.Any()).IsFalse();
        var replay = runs[1].Events.Single();
        await Assert.That(replay.Name).IsEqualTo(AwaitlyTelemetry.StepReplayedEvent);
        await Assert.That(replay.Tags.Single(t => t.Key == "awaitly.step.key").Value).IsEqualTo("fail");
        await Assert.That(runs[1].GetTagItem("awaitly.run.replayed_steps")).IsEqualTo(1);
        var failedStep = exported.Single(a => a.OperationName == AwaitlyTelemetry.StepSpan && a.TraceId == runs[0].TraceId);
        await Assert.That(failedStep.Status).IsEqualTo(ActivityStatusCode.Error);
    }

    [Test]
    public async Task Remote_statements_are_client_spans_with_the_server_and_the_http_status()
    {
        using var server = new FakeSqld();
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(AwaitlyTelemetry.ActivitySourceName).AddInMemoryExporter(exported).Build();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = FakeSqldConformance.Url,
            AuthToken = "token-not-in-spans",
            Remote = new LibSqlRemoteOptions { Handler = server },
        });
        var id = "remote-" + Guid.NewGuid().ToString("N");

        using (var parent = new ActivitySource(AwaitlyTelemetry.ActivitySourceName).StartActivity(id))
        {
            await store.KeyValueStore.SetAsync("remote-key", Value);
        }

        tracing.ForceFlush();
        var parentSpan = exported.Single(a => a.OperationName == id);
        var set = exported.Single(a => a.ParentSpanId == parentSpan.SpanId);
        await Assert.That(set.Kind).IsEqualTo(ActivityKind.Client);
        await Assert.That(set.DisplayName).IsEqualTo("INSERT awaitly_workflow_state");
        await Assert.That(set.GetTagItem("server.address")).IsEqualTo("fake-sqld.test");
        await Assert.That(set.GetTagItem("server.port")).IsEqualTo(443);
        await Assert.That(set.GetTagItem("http.response.status_code")).IsEqualTo(200);
        await Assert.That(string.Join(",", set.TagObjects.Select(t => t.Value))).DoesNotContain(Value).And.DoesNotContain("token-not-in-spans");
    }

    [Test]
    public async Task Runs_steps_and_durations_are_counted_by_outcome_and_workflow_name()
    {
        using var database = new TempDatabase();
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(AwaitlyTelemetry.MeterName).AddInMemoryExporter(metrics).Build();
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url });
        var name = "metered-" + Guid.NewGuid().ToString("N");

        await RunAsync(store, "m-1", name);
        await RunAsync(store, "m-2", name);
        meters.ForceFlush();

        long Sum(string metric, string? outcome = null)
        {
            long total = 0;
            foreach (var m in metrics.Where(m => m.Name == metric))
            {
                foreach (ref readonly var point in m.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    if (Equals(tags.GetValueOrDefault("awaitly.workflow.name"), name) && (outcome is null || Equals(tags.GetValueOrDefault("awaitly.run.outcome"), outcome)))
                    {
                        total += m.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
                    }
                }
            }

            return total;
        }

        await Assert.That(Sum("awaitly.runs", "succeeded")).IsEqualTo(2);
        await Assert.That(Sum("awaitly.steps.executed")).IsEqualTo(4);
        await Assert.That(Sum("awaitly.run.duration")).IsEqualTo(2);
        await Assert.That(Sum("awaitly.step.duration")).IsEqualTo(4);
        await Assert.That(Sum("awaitly.checkpoint.duration")).IsEqualTo(4);
        var stepSeconds = metrics.Where(m => m.Name == "awaitly.step.duration").Sum(m =>
        {
            double seconds = 0;
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                seconds += point.GetHistogramSum();
            }

            return seconds;
        });
        await Assert.That(stepSeconds).IsGreaterThan(0).And.IsLessThan(60);
        await Assert.That(metrics.Single(m => m.Name == "awaitly.run.duration").Unit).IsEqualTo("s");
    }
}
