using System.Diagnostics;
using Awaitly.LibSql;
using Awaitly.LockHolder;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.LibSql;

/// <summary>
/// A process running workflows from eight loops at once (group commit, leases, abandoned runs, and in the journal layout
/// journaled states) is killed with SIGKILL at a random moment. The file passes SQLite's integrity check, every state left
/// holds exactly the steps before some point with their values, and each resumes without running a stored step again.
/// </summary>
// One at a time: each child keeps both cores busy.
[NotInParallel("churn")]
public class RandomKillTests
{
    [Test]
    [Arguments("churn", StateLayout.Document, 11)]
    [Arguments("churn-journal", StateLayout.StepJournal, 12)]
    [Arguments("churn-journal", StateLayout.Document, 13)]
    public async Task Every_state_a_killed_process_leaves_is_whole_and_resumes_from_its_last_step(string mode, StateLayout resumeWith, int seed)
    {
        using var db = new TempDatabase();
        using (var child = CrossProcessLockTests.Start(mode, db.Url, "churn", "8"))
        {
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (ready != "ready")
            {
                throw new InvalidOperationException("The churn process did not start: " + await child.StandardError.ReadToEndAsync());
            }

            await Task.Delay(new Random(seed).Next(400, 1500));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var killed = Stopwatch.StartNew();
        await Assert.That(db.Sql("PRAGMA integrity_check")).IsEqualTo("ok");
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = db.Url, Lock = new LibSqlLockOptions(), Layout = resumeWith });
        var pending = await Awaitly.Durable.ListPendingAsync(store);
        var stored = new Dictionary<string, int>();
        foreach (var id in pending)
        {
            var state = await store.LoadAsync(id);
            var keys = state!.Steps.Select(s => s.Key).ToList();
            await Assert.That(keys).IsEquivalentTo(Enumerable.Range(1, keys.Count).Select(Churn.Key), TUnit.Assertions.Enums.CollectionOrdering.Matching)
                .Because($"{id} holds the steps before some point, in order");
            foreach (var (step, entry) in state.Steps.Select((entry, i) => (i + 1, entry)))
            {
                await Assert.That(entry.Payload.GetString()).IsEqualTo(Churn.Value(id, step));
            }

            stored[id] = keys.Count;
        }

        await Assert.That(pending.Count).IsGreaterThan(0).Because("runs were abandoned and in flight when the process died");

        // The dead process's leases last a second.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 1200 - killed.ElapsedMilliseconds)));
        foreach (var id in pending)
        {
            var executed = new List<int>();
            var result = await Awaitly.Durable.RunAsync(0, async ctx =>
            {
                for (var step = 1; step <= Churn.Steps; step++)
                {
                    var s = step;
                    await ctx.Step(Churn.Key(s), () => { executed.Add(s); return Churn.Value(id, s); });
                }

                return 0;
            }, new DurableOptions { Id = id, Store = store });

            await Assert.That(result.IsOk).IsTrue().Because(result.IsOk ? "" : result.Error.ToString());
            await Assert.That(executed).IsEquivalentTo(Enumerable.Range(stored[id] + 1, Churn.Steps - stored[id]), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        }

        await Assert.That(await Awaitly.Durable.ListPendingAsync(store)).IsEmpty();
        if (resumeWith == StateLayout.StepJournal)
        {
            await Assert.That(Convert.ToInt64(db.Sql("SELECT count(*) FROM awaitly_workflow_state_steps"))).IsEqualTo(0);
        }
    }
}
