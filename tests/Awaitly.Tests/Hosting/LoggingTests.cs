using System.Net;
using Awaitly.LibSql;
using Awaitly.Tests.Remote;
using Awaitly.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Awaitly.Tests.Hosting;

/// <summary>What the engine and the store log, through a real logger factory and <c>FakeLogger</c>: event ids, and never a secret or a value.</summary>
public class LoggingTests
{
    private const string Secret = "card-4111-1111-1111-1111";
    private const string Token = "secret-token-never-logged";

    private static (ILoggerFactory Factory, FakeLogCollector Logs) Logging()
    {
        var provider = new FakeLoggerProvider();
        return (LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace)), provider.Collector);
    }

    private static string Everything(FakeLogCollector logs) => string.Join("\n", logs.GetSnapshot().Select(r =>
        $"{r.Message} {r.Exception} {string.Join(",", r.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])}"));

    [Test]
    public async Task A_run_logs_start_lease_checkpoints_and_completion_without_its_step_values()
    {
        using var database = new TempDatabase();
        var (factory, logs) = Logging();
        using var _ = factory;
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions(), LoggerFactory = factory });

        var result = await Durable.RunAsync(0, async ctx =>
        {
            var card = await ctx.Step("read-card", () => Secret, key: "card");
            return await ctx.Step("charge", () => card.Length, key: "charge");
        }, new DurableOptions { Id = "logged-1", Store = store, LoggerFactory = factory, Name = "billing" });

        await Assert.That(result.IsOk).IsTrue();
        var ids = logs.GetSnapshot().Select(r => r.Id.Id).ToList();
        await Assert.That(ids).Contains(AwaitlyEventIds.StoreOpened);
        await Assert.That(ids).Contains(AwaitlyEventIds.RunStarted);
        await Assert.That(ids).Contains(AwaitlyEventIds.LeaseAcquired);
        await Assert.That(ids).Contains(AwaitlyEventIds.RunCompleted);
        await Assert.That(logs.GetSnapshot().Single(r => r.Id.Id == AwaitlyEventIds.RunCompleted).Level).IsEqualTo(LogLevel.Information);
        await Assert.That(Everything(logs)).DoesNotContain(Secret);
    }

    [Test]
    public async Task Replayed_and_failed_steps_are_logged_with_their_keys_and_the_error_code()
    {
        using var database = new TempDatabase();
        var (factory, logs) = Logging();
        using var _ = factory;
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        var options = new DurableOptions { Id = "logged-2", Store = store, LoggerFactory = factory };
        Task<string> Workflow(DurableContext<int> ctx, bool decline) => ctx.Step("first", () => Secret, key: "first").AsTask().ContinueWith(async t =>
            await ctx.Step<string, string>("second", () => decline ? Result.Err("declined " + Secret) : Result.Ok("ok"), key: "second")).Unwrap();

        var failed = await Durable.RunAsync(0, ctx => Workflow(ctx, decline: true), options);
        var resumed = await Durable.RunAsync(0, ctx => Workflow(ctx, decline: false), options);

        await Assert.That(failed.Error).IsTypeOf<ExpectedError>();
        await Assert.That(resumed.IsOk).IsFalse().Because("the stored typed error is replayed");
        var records = logs.GetSnapshot();
        var stepFailed = records.First(r => r.Id.Id == AwaitlyEventIds.StepFailed);
        await Assert.That(stepFailed.Level).IsEqualTo(LogLevel.Warning);
        await Assert.That(stepFailed.Message).Contains("second").And.Contains(ErrorCodes.ExpectedError);
        await Assert.That(records.Any(r => r.Id.Id == AwaitlyEventIds.RunFailed && r.Message.Contains(ErrorCodes.ExpectedError))).IsTrue();
        await Assert.That(records.Any(r => r.Id.Id == AwaitlyEventIds.StepReplayed && r.Message.Contains("first"))).IsTrue();
        await Assert.That(Everything(logs)).DoesNotContain(Secret);
    }

    [Test]
    public async Task A_run_that_takes_over_an_expired_lease_says_so_and_a_normal_acquisition_does_not()
    {
        using var database = new TempDatabase();
        var (factory, logs) = Logging();
        using var _ = factory;
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = database.Url, Lock = new LibSqlLockOptions() });
        var crashed = await ((IWorkflowLock)store).TryAcquireAsync("taken-over", TimeSpan.FromMilliseconds(20));
        await Assert.That(crashed!.TakenOver).IsFalse();
        await Task.Delay(100);

        var result = await Durable.RunAsync(0, ctx => ctx.Step("only", () => 1, key: "only").AsTask(),
            new DurableOptions { Id = "taken-over", Store = store, LoggerFactory = factory });
        var fresh = await Durable.RunAsync(0, ctx => ctx.Step("only", () => 1, key: "only").AsTask(),
            new DurableOptions { Id = "fresh", Store = store, LoggerFactory = factory });

        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(fresh.IsOk).IsTrue();
        var takeovers = logs.GetSnapshot().Where(r => r.Id.Id == AwaitlyEventIds.LeaseTakenOver).ToList();
        await Assert.That(takeovers.Count).IsEqualTo(1);
        await Assert.That(takeovers[0].Message).Contains("taken-over");
    }

    [Test]
    public async Task Remote_retries_and_failures_are_logged_without_the_token_or_bound_values()
    {
        using var server = new FakeSqld { RequiredToken = Token };
        var (factory, logs) = Logging();
        using var _ = factory;
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = FakeSqldConformance.Url,
            AuthToken = Token,
            LoggerFactory = factory,
            Remote = new LibSqlRemoteOptions { Handler = server, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 1 },
        });
        var first = server.Count;
        server.Intercept = (n, _) => n == first + 1 ? () => FakeSqld.Text(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\"}") : null;
        await store.KeyValueStore.GetAsync("key-" + Secret);
        server.Intercept = (_, _) => () => FakeSqld.Text(HttpStatusCode.ServiceUnavailable, "{\"message\":\"down\"}");
        await Assert.That(async () => await store.KeyValueStore.GetAsync("key-" + Secret)).Throws<LibSqlException>();

        var records = logs.GetSnapshot();
        var retried = records.First(r => r.Id.Id == AwaitlyEventIds.RemoteRequestRetried);
        await Assert.That(retried.Level).IsEqualTo(LogLevel.Warning);
        await Assert.That(retried.Message).Contains("HTTP 503");
        await Assert.That(records.Any(r => r.Id.Id == AwaitlyEventIds.RemoteRequestFailed && r.Level == LogLevel.Error)).IsTrue();
        await Assert.That(Everything(logs)).DoesNotContain(Token);
        await Assert.That(Everything(logs)).DoesNotContain(Secret);
    }
}
