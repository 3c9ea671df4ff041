namespace Awaitly;

/// <summary>
/// The user keys the engine adds to a state's metadata when <see cref="DurableOptions.Name"/> or
/// <see cref="DurableOptions.RecordOutcome"/> is set. They are plain metadata keys, so the TypeScript package reads and
/// keeps them; a resumer reads them to find the runs of a registered workflow and to tell interrupted runs from failed ones.
/// </summary>
public static class WorkflowMetadataKeys
{
    /// <summary>The workflow's name (<see cref="DurableOptions.Name"/>).</summary>
    public const string Name = "awaitly:workflow";

    /// <summary>How the run stands: <see cref="Running"/> or <see cref="Failed"/>.</summary>
    public const string Outcome = "awaitly:outcome";

    /// <summary>The error code a <see cref="Failed"/> run ended with (null after it runs again).</summary>
    public const string Error = "awaitly:error";

    /// <summary>The run was checkpointing; if its state is still stored it was interrupted (crash, cancellation, lost lease, failed save).</summary>
    public const string Running = "running";

    /// <summary>The run ended on a step's error: running it again would replay or repeat that error.</summary>
    public const string Failed = "failed";
}
