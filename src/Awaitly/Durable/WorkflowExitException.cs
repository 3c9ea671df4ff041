namespace Awaitly;

/// <summary>
/// Unwinds the workflow body when a step ends the run (an expected error, a timeout, a lost lease).
/// Caught by the run that threw it; workflow code should not catch it.
/// </summary>
internal sealed class WorkflowExitException(object run, WorkflowError error) : Exception(error.Message)
{
    public object Run { get; } = run;

    public WorkflowError Error { get; } = error;
}
