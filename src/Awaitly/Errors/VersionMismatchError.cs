using System.Globalization;

namespace Awaitly;

/// <summary>The stored state was written by another version of the workflow's logic.</summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="StoredVersion">
/// The version recorded in the stored metadata, as JavaScript reads the number (1 when absent; see <see cref="WorkflowState.WorkflowVersion"/>).
/// </param>
/// <param name="RequestedVersion">The version this run asked for.</param>
public sealed record VersionMismatchError(string WorkflowId, double StoredVersion, int RequestedVersion) : WorkflowError
{
    /// <inheritdoc />
    public override string Code => ErrorCodes.VersionMismatch;

    /// <inheritdoc />
    public override string Message => string.Create(CultureInfo.InvariantCulture,
        $"Workflow '{WorkflowId}' has stored state at version {StoredVersion} but this run requested version {RequestedVersion}. " +
        $"Migrate the stored state to the new version (DurableOptions.OnVersionMismatch), or clear state for this id " +
        $"(e.g. Durable.DeleteStateAsync(store, \"{WorkflowId}\")) and re-run.");
}
