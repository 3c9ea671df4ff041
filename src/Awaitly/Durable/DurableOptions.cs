using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Awaitly;

/// <summary>What a durable run does when a checkpoint cannot be saved.</summary>
public enum PersistFailurePolicy
{
    /// <summary>End the run with <see cref="PersistenceError"/> (operation save). Durability first; the default.</summary>
    FailRun,

    /// <summary>Report <see cref="DurableEventKind.PersistFailed"/> and carry on without the checkpoint (the TypeScript package's behaviour).</summary>
    Continue,
}

/// <summary>Options of one durable run.</summary>
public sealed record DurableOptions
{
    /// <summary>The durable id: the persistence key of the run's state and the name of its lease.</summary>
    public required string Id { get; init; }

    /// <summary>Where state is kept. Default: <see cref="InMemoryStatePersistence.Shared"/>.</summary>
    public IStatePersistence? Store { get; init; }

    /// <summary>The version of the workflow's logic, stored as <c>metadata.version</c>. Default 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Decides what to do when the stored state has another version. Default: fail with <see cref="VersionMismatchError"/>.</summary>
    public VersionMismatchHandler? OnVersionMismatch { get; init; }

    /// <summary>Skip both the in-process check and the store's lease. Default false.</summary>
    public bool AllowConcurrent { get; init; }

    /// <summary>The lease duration, when the store is an <see cref="IWorkflowLock"/>. Default 60 s; at most ten years.</summary>
    public TimeSpan LockTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed while the workflow runs. Default: a third of <see cref="LockTtl"/>; at least 10 ms and shorter than it.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>
    /// Extra keys merged into the stored metadata on every save (the engine's own keys win). Read once, at the run's
    /// first checkpoint: later changes to the object do not reach that run.
    /// </summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>Receives step and persistence events. Exceptions it throws are ignored.</summary>
    public Action<DurableEvent>? OnEvent { get; init; }

    /// <summary>
    /// JSON metadata for step values and errors, usually a source-generated <c>JsonSerializerContext</c>.
    /// Strings, numbers, booleans, <see cref="Guid"/>, dates and <c>JsonElement</c> work without it.
    /// </summary>
    public IJsonTypeInfoResolver? Json { get; init; }

    /// <summary>What to do when a checkpoint cannot be saved. Default: <see cref="PersistFailurePolicy.FailRun"/>.</summary>
    public PersistFailurePolicy OnPersistFailure { get; init; } = PersistFailurePolicy.FailRun;

    /// <summary>
    /// Also store a step that threw, as an entry with <c>meta.origin = "throw"</c>, for diagnosis. It is never
    /// replayed: the step runs again on resume. Default false, because the TypeScript package awaitly-libsql (6114dd9)
    /// would replay such an entry as a failure when it resumes a state written here; every thrown step is
    /// always reported through <see cref="DurableEventKind.StepFailed"/>.
    /// </summary>
    public bool RecordThrownSteps { get; init; }

    /// <summary>
    /// The workflow's name (for example <c>checkout</c>), when it has one: stored as the metadata key
    /// <c>awaitly:workflow</c> (a user key the TypeScript package keeps), so a resumer can find the runs of each
    /// registered workflow, and reported as <c>awaitly.workflow.name</c> on traces and metrics. Default: none.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// Record in the stored metadata how the run ended, so a resumer can tell a run that ended on a step's error from
    /// one that was interrupted: every checkpoint writes <c>awaitly:outcome</c> = <c>running</c>, and a run that ends on
    /// a step's error (typed or thrown) saves its state once more with <c>failed</c> and <c>awaitly:error</c> = the error
    /// code. A crash, a cancellation, a lost lease or a failed save leaves <c>running</c>. Default false (no extra keys).
    /// </summary>
    public bool RecordOutcome { get; init; }

    /// <summary>Where the run logs (event ids in <see cref="AwaitlyEventIds"/>). Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for timestamps, timeouts and the lease heartbeat.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    private static readonly TimeSpan ShortestHeartbeat = TimeSpan.FromMilliseconds(10);

    internal TimeSpan EffectiveHeartbeat => HeartbeatInterval ?? LockTtl / 3;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first option that is out of range, as <see cref="Durable.RunAsync"/>
    /// does before it touches the store (for checking configuration at start-up).
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Id))
        {
            throw new ArgumentException("DurableOptions.Id must be a non-empty workflow id.", nameof(Id));
        }

        if (Utf16.HasUnpairedSurrogate(Id))
        {
            throw new ArgumentException("DurableOptions.Id contains an unpaired UTF-16 surrogate, which a store would keep as another id; use valid Unicode text.", nameof(Id));
        }

        if (LockTtl <= TimeSpan.Zero || LockTtl > LeaseTtl.Longest)
        {
            throw new ArgumentOutOfRangeException(nameof(LockTtl), LockTtl, "DurableOptions.LockTtl must be positive and at most ten years (the longest lease a lock takes).");
        }

        // A renewal every few ticks would keep a core busy renewing.
        if (EffectiveHeartbeat < ShortestHeartbeat || EffectiveHeartbeat >= LockTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), EffectiveHeartbeat,
                $"DurableOptions.HeartbeatInterval (by default LockTtl / 3) must be at least {ShortestHeartbeat.TotalMilliseconds} ms and shorter than LockTtl, " +
                "or the lease lapses between renewals.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (Name is { Length: 0 })
        {
            throw new ArgumentException("DurableOptions.Name must be null or a non-empty workflow name.", nameof(Name));
        }

        // The stored name is how a resumer finds the workflow again.
        if (Name is not null && Utf16.HasUnpairedSurrogate(Name))
        {
            throw new ArgumentException(
                "DurableOptions.Name contains an unpaired UTF-16 surrogate, which is stored as another name (a resumer would not find the workflow); use valid Unicode text.",
                nameof(Name));
        }
    }
}
