namespace Awaitly;

/// <summary>
/// A stored state document is not in the expected shape. The store never treats such a document
/// as absent: the durable run fails with a <see cref="PersistenceError"/> (load) and the row is kept.
/// </summary>
public sealed class WorkflowStateFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowStateFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
