namespace Awaitly.Tests.Core;

public class CheckpointGateTests
{
    [Test]
    public async Task An_uncontended_gate_is_entered_at_once_and_can_be_entered_again_after_exit()
    {
        var gate = new CheckpointGate();

        var first = gate.EnterAsync();
        await Assert.That(first.IsCompletedSuccessfully).IsTrue();
        gate.Exit();
        var second = gate.EnterAsync();
        await Assert.That(second.IsCompletedSuccessfully).IsTrue();
        gate.Exit();
    }

    [Test]
    public async Task Waiters_get_the_gate_one_at_a_time_in_the_order_they_came()
    {
        var gate = new CheckpointGate();
        await gate.EnterAsync();
        var waiting = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync().AsTask()).ToArray();
        await Assert.That(waiting.Any(w => w.IsCompleted)).IsFalse();

        for (var i = 0; i < waiting.Length; i++)
        {
            gate.Exit();
            await waiting[i].WaitAsync(TimeSpan.FromSeconds(10));
            await Assert.That(waiting.Skip(i + 1).Any(w => w.IsCompleted)).IsFalse();
        }

        gate.Exit();
        await Assert.That(gate.EnterAsync().IsCompletedSuccessfully).IsTrue();
    }

    // Enough rounds that a lost hand-over (a waiter queued just as the holder left by the fast path) shows up as a
    // timeout: a gate that marked its waiter without checking the holder was still there failed here every time.
    [Test]
    public async Task Threads_racing_for_the_gate_never_hold_it_together_and_none_is_left_waiting()
    {
        var gate = new CheckpointGate();
        var inside = 0;
        var overlaps = 0;
        var entries = 0;

        async Task Worker()
        {
            for (var i = 0; i < 200_000; i++)
            {
                await gate.EnterAsync();
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                entries++;
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        await Assert.That(overlaps).IsEqualTo(0);
        await Assert.That(entries).IsEqualTo(1_600_000);
        await Assert.That(gate.EnterAsync().IsCompletedSuccessfully).IsTrue();
    }
}
