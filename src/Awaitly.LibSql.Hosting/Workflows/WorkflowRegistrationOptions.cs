using System.Text.Json.Serialization.Metadata;

namespace Awaitly.LibSql.Hosting;

/// <summary>How a registered workflow runs: declared once, used by the injectable runner and by the resumer alike.</summary>
public sealed class WorkflowRegistrationOptions
{
    /// <summary>The version of the workflow's logic (<see cref="DurableOptions.Version"/>). Default 1.</summary>
    public int Version { get; set; } = 1;

    /// <summary>
    /// What to do with a stored state of another version (<see cref="DurableOptions.OnVersionMismatch"/>). The resumer runs
    /// such states even when they ended on a step's error, so this policy decides them. Default: fail with <see cref="VersionMismatchError"/>.
    /// </summary>
    public VersionMismatchHandler? OnVersionMismatch { get; set; }

    /// <summary>The lease duration. Default 60 s.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed. Default: a third of <see cref="LockTtl"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>JSON metadata of step values and errors. Default: the store's (<c>[AwaitlyStore(Json = ...)]</c>), if any.</summary>
    public IJsonTypeInfoResolver? Json { get; set; }

    /// <summary>What to do when a checkpoint cannot be saved. Default <see cref="PersistFailurePolicy.FailRun"/>.</summary>
    public PersistFailurePolicy OnPersistFailure { get; set; } = PersistFailurePolicy.FailRun;

    /// <summary>Let the resumer resume this workflow's pending runs (when resume is enabled on the store). Default true.</summary>
    public bool Resume { get; set; } = true;

    /// <summary>Receives each run's step and persistence events.</summary>
    public Action<DurableEvent>? OnEvent { get; set; }
}
