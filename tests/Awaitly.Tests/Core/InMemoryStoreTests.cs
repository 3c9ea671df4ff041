using Awaitly.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Awaitly.Tests.Core;

/// <summary>Spec §4 G cases 98–100: the in-memory store.</summary>
public class InMemoryStoreTests
{
    [Test]
    public async Task Case98_save_then_load()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("r", States.With("{\"version\":3}", ("a", "1")));

        var loaded = await store.LoadAsync("r");

        await Assert.That(loaded!.Steps.Single().Payload.GetInt32()).IsEqualTo(1);
        await Assert.That(loaded.WorkflowVersion).IsEqualTo(3);
    }

    [Test]
    public async Task Case99_ttl_expires_the_state()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryStatePersistence(TimeSpan.FromMilliseconds(50), time);
        await store.SaveAsync("r", WorkflowState.Empty);

        var before = await store.LoadAsync("r");
        time.Advance(TimeSpan.FromMilliseconds(100));
        var after = await store.LoadAsync("r");

        await Assert.That(before).IsNotNull();
        await Assert.That(after).IsNull();
        await Assert.That(await store.ListAsync()).IsEmpty();
        await Assert.That(store.PurgeExpired()).IsEqualTo(1);
    }

    [Test]
    public async Task Case100_list_and_delete()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("b", WorkflowState.Empty);
        await store.SaveAsync("a", WorkflowState.Empty);

        await Assert.That(await store.ListAsync()).IsEquivalentTo(["a", "b"]);
        await Assert.That(await store.DeleteAsync("a")).IsTrue();
        await Assert.That(await store.ListAsync()).IsEquivalentTo(["b"]);
    }

    [Test]
    public async Task Lease_is_exclusive_until_released_or_expired_and_fences_grow()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryStatePersistence(timeProvider: time);

        var first = await store.TryAcquireAsync("w", TimeSpan.FromSeconds(10));
        var blocked = await store.TryAcquireAsync("w", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(11));
        var takeover = await store.TryAcquireAsync("w", TimeSpan.FromSeconds(10));

        await Assert.That(first).IsNotNull();
        await Assert.That(blocked).IsNull();
        await Assert.That(takeover!.FencingToken).IsGreaterThan(first!.FencingToken);
        await Assert.That(await first.RenewAsync(TimeSpan.FromSeconds(10))).IsFalse();
        await Assert.That(await first.ReleaseAsync()).IsFalse();
        await Assert.That(async () => await store.SaveAsync("w", WorkflowState.Empty, first.Fence)).Throws<LeaseLostException>();
        await Assert.That(await takeover.ReleaseAsync()).IsTrue();
    }
}
