namespace Awaitly;

/// <summary>The error codes of the durable engine (the TypeScript package's <c>type</c> values).</summary>
public static class ErrorCodes
{
    /// <summary>A step returned an expected (typed) error.</summary>
    public const string ExpectedError = "EXPECTED_ERROR";

    /// <summary>An exception was thrown by a step or by the workflow body.</summary>
    public const string UnexpectedError = "UNEXPECTED_ERROR";

    /// <summary>The run was cancelled through its cancellation token.</summary>
    public const string WorkflowCancelled = "WORKFLOW_CANCELLED";

    /// <summary>The stored state belongs to another workflow version.</summary>
    public const string VersionMismatch = "VERSION_MISMATCH";

    /// <summary>Another run with the same id is in progress.</summary>
    public const string ConcurrentExecution = "CONCURRENT_EXECUTION";

    /// <summary>The store failed to load, save or delete the state.</summary>
    public const string PersistenceError = "PERSISTENCE_ERROR";

    /// <summary>The run lost its lease (renewal failed or another process took it over).</summary>
    public const string LeaseExpired = "LEASE_EXPIRED";

    /// <summary>A step did not complete within its timeout.</summary>
    public const string StepTimeout = "STEP_TIMEOUT";

    /// <summary>Two steps of one run used the same key.</summary>
    public const string DuplicateStepKey = "DUPLICATE_STEP_KEY";
}
