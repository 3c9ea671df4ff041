using Awaitly.LibSql;

namespace Awaitly.Tests.Core;

/// <summary>Bad <see cref="DurableOptions"/> fail the call with an argument error naming the option, before the store is touched.</summary>
public class DurableOptionsValidationTests
{
    public sealed record BadOption(string Case, Func<DurableOptions, DurableOptions> Change, string Option, string Message)
    {
        public override string ToString() => Case;
    }

    public static IEnumerable<Func<BadOption>> BadOptions()
    {
        yield return () => new("Id = ''", o => o with { Id = "" }, "Id", "non-empty workflow id");
        yield return () => new("Id = 'half-\ud800'", o => o with { Id = "half-\ud800" }, "Id", "unpaired UTF-16 surrogate");
        yield return () => new("LockTtl = TimeSpan.Zero", o => o with { LockTtl = TimeSpan.Zero }, "LockTtl", "positive and at most ten years");
        yield return () => new("LockTtl = TimeSpan.FromSeconds(-1)", o => o with { LockTtl = TimeSpan.FromSeconds(-1) }, "LockTtl", "positive and at most ten years");
        yield return () => new("LockTtl = TimeSpan.MaxValue", o => o with { LockTtl = TimeSpan.MaxValue }, "LockTtl", "positive and at most ten years");
        yield return () => new("LockTtl = TimeSpan.FromMilliseconds(20)",
            o => o with { LockTtl = TimeSpan.FromMilliseconds(20) }, "HeartbeatInterval", "at least 10 ms and shorter than LockTtl");
        yield return () => new("LockTtl = TimeSpan.FromSeconds(5), HeartbeatInterval = TimeSpan.FromTicks(3)",
            o => o with { LockTtl = TimeSpan.FromSeconds(5), HeartbeatInterval = TimeSpan.FromTicks(3) }, "HeartbeatInterval", "at least 10 ms");
        yield return () => new("LockTtl = TimeSpan.FromSeconds(5), HeartbeatInterval = TimeSpan.FromSeconds(5)",
            o => o with { LockTtl = TimeSpan.FromSeconds(5), HeartbeatInterval = TimeSpan.FromSeconds(5) }, "HeartbeatInterval", "shorter than LockTtl");
        yield return () => new("Name = ''", o => o with { Name = "" }, "Name", "non-empty workflow name");
        yield return () => new("Name = 'orders-\udc00'", o => o with { Name = "orders-\udc00" }, "Name", "unpaired UTF-16 surrogate");
    }

    [Test]
    [MethodDataSource(nameof(BadOptions))]
    public async Task A_bad_option_is_an_argument_error_naming_it_and_nothing_is_written(BadOption bad)
    {
        var (_, change, option, message) = bad;
        await using var store = (LibSqlLockingPersistence)await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", Lock = new LibSqlLockOptions() });
        var ran = false;
        var options = change(new DurableOptions { Id = "valid-id", Store = store });

        var error = await Assert.That(async () => await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => ran = true), options))
            .Throws<ArgumentException>();

        await Assert.That(error!.ParamName).IsEqualTo(option);
        await Assert.That(error.Message).Contains(message);
        await Assert.That(ran).IsFalse();
        await Assert.That(await store.TryAcquireAsync("valid-id", TimeSpan.FromSeconds(5))).IsNotNull().Because("no lease was taken");
        await Assert.That(await Awaitly.Durable.ListPendingAsync(store)).IsEmpty();
    }

    [Test]
    public async Task The_limits_themselves_are_accepted()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:", Lock = new LibSqlLockOptions() });

        var longest = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 1),
            new DurableOptions { Id = "ten-years", Store = store, LockTtl = TimeSpan.FromDays(3650) });
        var shortest = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 2),
            new DurableOptions { Id = "short", Store = store, LockTtl = TimeSpan.FromMilliseconds(50), HeartbeatInterval = TimeSpan.FromMilliseconds(10) });

        await Assert.That(longest.IsOk).IsTrue().Because(longest.IsOk ? "" : longest.Error.ToString());
        await Assert.That(shortest.IsOk).IsTrue().Because(shortest.IsOk ? "" : shortest.Error.ToString());
    }
}
