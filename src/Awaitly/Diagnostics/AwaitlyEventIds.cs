namespace Awaitly;

/// <summary>
/// The event ids of everything Awaitly logs, in one place: 1xxx the durable engine, 2xxx a store, 3xxx hosting (purge,
/// resume of pending runs). Workflow ids, step keys and error codes are logged; step values, bound SQL values and auth
/// tokens never are.
/// </summary>
public static class AwaitlyEventIds
{
    /// <summary>A run started (Debug).</summary>
    public const int RunStarted = 1000;

    /// <summary>A run completed and its state was deleted (Information).</summary>
    public const int RunCompleted = 1001;

    /// <summary>A run ended without a value; the error code is logged (Warning).</summary>
    public const int RunFailed = 1002;

    /// <summary>A step was answered from the stored state without executing (Debug).</summary>
    public const int StepReplayed = 1003;

    /// <summary>A step returned its typed error or threw (Warning).</summary>
    public const int StepFailed = 1004;

    /// <summary>A checkpoint could not be saved (Error).</summary>
    public const int CheckpointFailed = 1005;

    /// <summary>The run took the lease of its id (Debug).</summary>
    public const int LeaseAcquired = 1006;

    /// <summary>The lease was renewed by the heartbeat (Trace).</summary>
    public const int LeaseRenewed = 1007;

    /// <summary>The lease was lost (renewal refused or a checkpoint fenced out); the run stops (Warning).</summary>
    public const int LeaseLost = 1008;

    /// <summary>The lease was held by another run, so this run did not start (Information).</summary>
    public const int LeaseHeld = 1009;

    /// <summary>The state of a finished run could not be deleted (Warning).</summary>
    public const int CleanupFailed = 1010;

    /// <summary>The run took over the expired lease of an earlier run of its id, which crashed or stalled (Information).</summary>
    public const int LeaseTakenOver = 1011;

    /// <summary>A store was opened (Information).</summary>
    public const int StoreOpened = 2000;

    /// <summary>A remote request failed transiently and is retried (Warning).</summary>
    public const int RemoteRequestRetried = 2001;

    /// <summary>A remote request failed (Error).</summary>
    public const int RemoteRequestFailed = 2002;

    /// <summary>Expired rows were purged; the count is logged (Information, Debug when none).</summary>
    public const int PurgeCompleted = 2003;

    /// <summary>A purge of expired rows failed (Error).</summary>
    public const int PurgeFailed = 2004;

    /// <summary>A state kept in the step-journal layout could not be folded back into its document on load (it stays readable through the journal; Warning).</summary>
    public const int JournalFoldFailed = 2005;

    /// <summary>A scan for pending runs finished; how many were resumed, skipped and left is logged (Information).</summary>
    public const int PendingRunsResumed = 3000;

    /// <summary>A pending run is being resumed, unless a live lease holds it: its process died, or it was cancelled or lost its lease (Debug).</summary>
    public const int PendingRunResumed = 3001;

    /// <summary>A pending run ended on a step's error, so it is left for the application (Warning).</summary>
    public const int PendingRunLeft = 3002;

    /// <summary>A pending run is held by a live lease and was skipped (Debug).</summary>
    public const int PendingRunSkipped = 3003;

    /// <summary>A scan for pending runs failed (Error).</summary>
    public const int ResumeScanFailed = 3004;
}
