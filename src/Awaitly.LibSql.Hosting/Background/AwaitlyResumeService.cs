using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awaitly.LibSql.Hosting;

/// <summary>
/// With <see cref="AwaitlyResumeOptions.Enabled"/>: at start-up and every interval, finds the stored states of the store's
/// registered workflows and runs the interrupted ones again, a few at a time. A state held by a live lease is skipped (its
/// run is alive); one whose run ended on a step's error at the registered version is left for the application (reported
/// once per process). States of unregistered workflows, or written without a name, are never touched. On shutdown the
/// runs in flight are cancelled and keep their state.
/// </summary>
internal sealed class AwaitlyResumeService(AwaitlyStoreHost host, IReadOnlyList<IResumableWorkflow> workflows, ILoggerFactory? loggerFactory) : BackgroundService
{
    private static readonly Meter Meter = new(AwaitlyTelemetry.MeterName);
    private static readonly Counter<long> Results = Meter.CreateCounter<long>("awaitly.resume.runs", "{run}",
        "Pending runs the resumer found, by what it did with them (resumed, skipped, left).");

    private readonly ILogger _log = loggerFactory?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;
    private readonly Dictionary<string, IResumableWorkflow> _byName = workflows.Where(w => w.Resumes).ToDictionary(w => w.Name, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _reportedLeft = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = host.Options.Resume;
        if (!options.Enabled || _byName.Count == 0)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Interval, host.TimeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One scan; the counts of what it did.</summary>
    internal async Task<ResumeScan> ScanAsync(CancellationToken cancellationToken)
    {
        var options = host.Options.Resume;
        int resumed = 0, completed = 0, skipped = 0, left = 0;
        try
        {
            var store = host.Store;
            var ids = await PendingIdsAsync(store, options.MaxPerScan, cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken },
                async (id, ct) =>
                {
                    switch (await ResumeOneAsync(store, id, ct).ConfigureAwait(false))
                    {
                        case Outcome.Completed:
                            Interlocked.Increment(ref resumed);
                            Interlocked.Increment(ref completed);
                            break;
                        case Outcome.Resumed:
                            Interlocked.Increment(ref resumed);
                            break;
                        case Outcome.Skipped:
                            Interlocked.Increment(ref skipped);
                            break;
                        case Outcome.Left:
                            Interlocked.Increment(ref left);
                            break;
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            HostingLog.ScanFailed(_log, host.Describe(), ex);
        }

        if (resumed + left > 0)
        {
            HostingLog.ScanCompleted(_log, host.Describe(), resumed, completed, skipped, left);
        }
        else if (skipped > 0)
        {
            HostingLog.OnlySkipped(_log, host.Describe(), skipped);
        }

        return new ResumeScan(resumed, completed, skipped, left);
    }

    private async Task<Outcome> ResumeOneAsync(LibSqlPersistence store, string id, CancellationToken cancellationToken)
    {
        WorkflowState? state;
        try
        {
            state = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowStateFormatException)
        {
            // Not a state this engine can run; the CLI's doctor and show report it.
            return Outcome.Ignored;
        }

        if (state is null)
        {
            return Outcome.Ignored;
        }

        var pending = PendingRun.Read(id, state);
        if (pending.Name is null || !_byName.TryGetValue(pending.Name, out var workflow))
        {
            return Outcome.Ignored;
        }

        if (pending.EndedOnStepError && pending.StoredVersion == workflow.Version)
        {
            if (_reportedLeft.TryAdd(id, 0))
            {
                HostingLog.Left(_log, id, workflow.Name, pending.ErrorCode);
            }

            Count("left", workflow.Name);
            return Outcome.Left;
        }

        HostingLog.Resuming(_log, id, workflow.Name, pending.StoredVersion);
        var error = await workflow.ResumeAsync(id, cancellationToken).ConfigureAwait(false);
        if (error is ConcurrentExecutionError)
        {
            HostingLog.Skipped(_log, id);
            Count("skipped", workflow.Name);
            return Outcome.Skipped;
        }

        _reportedLeft.TryRemove(id, out _);
        Count("resumed", workflow.Name);
        return error is null ? Outcome.Completed : Outcome.Resumed;
    }

    private static async Task<List<string>> PendingIdsAsync(LibSqlPersistence store, int max, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var page = new StateListOptions { Limit = Math.Min(max, 500), OrderBy = StateOrderBy.UpdatedAt, Direction = SortDirection.Ascending };
        while (ids.Count < max)
        {
            var result = await Durable.ListPendingAsync(store, page, cancellationToken).ConfigureAwait(false);
            ids.AddRange(result.Ids.Take(max - ids.Count));
            if (result.NextOffset is not { } next)
            {
                break;
            }

            page = page with { Offset = next };
        }

        return ids;
    }

    private static void Count(string result, string workflow)
    {
        if (Results.Enabled)
        {
            Results.Add(1, new KeyValuePair<string, object?>("awaitly.resume.result", result), new KeyValuePair<string, object?>("awaitly.workflow.name", workflow));
        }
    }

    private enum Outcome
    {
        Ignored,
        Completed,
        Resumed,
        Skipped,
        Left,
    }
}

/// <summary>What one scan for pending runs did.</summary>
internal readonly record struct ResumeScan(int Resumed, int Completed, int Skipped, int Left);
