namespace Awaitly;

/// <summary>A write carried a <see cref="LeaseFence"/> that is no longer the current holder's; nothing was written.</summary>
public sealed class LeaseLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeaseLostException(string workflowId)
        : base($"The lease for workflow '{workflowId}' is no longer held by this run (it expired and was taken over, or was released); the write was refused.")
    {
        WorkflowId = workflowId;
    }

    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; }
}
