namespace Awaitly.Tests.Durable;

public class SmokeTests
{
    [Test]
    public async Task Runs()
    {
        var result = await Awaitly.Durable.RunAsync(0, async ctx => await ctx.Step("a", () => 42), new DurableOptions { Id = "smoke" });
        await Assert.That(result.IsOk).IsTrue();
        await Assert.That(result.Value).IsEqualTo(42);
    }
}
