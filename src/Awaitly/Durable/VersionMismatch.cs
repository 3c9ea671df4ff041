namespace Awaitly;

/// <summary>Decides what a run does with state stored by another workflow version.</summary>
public delegate ValueTask<VersionMismatchResolution> VersionMismatchHandler(VersionMismatchContext context, CancellationToken cancellationToken);

/// <summary>The mismatch being decided.</summary>
/// <param name="WorkflowId">The durable id.</param>
/// <param name="StoredVersion">The stored version (<see cref="WorkflowState.WorkflowVersion"/>).</param>
/// <param name="RequestedVersion">The version of this run.</param>
/// <param name="StoredState">The stored state.</param>
public sealed record VersionMismatchContext(string WorkflowId, double StoredVersion, int RequestedVersion, WorkflowState StoredState);

/// <summary>The decision of a <see cref="VersionMismatchHandler"/>.</summary>
public abstract record VersionMismatchResolution
{
    private protected VersionMismatchResolution()
    {
    }

    /// <summary>Fail with <see cref="VersionMismatchError"/>; the state is untouched.</summary>
    public static VersionMismatchResolution Fail { get; } = new FailResolution();

    /// <summary>Delete the stored state and start from scratch.</summary>
    public static VersionMismatchResolution Clear { get; } = new ClearResolution();

    /// <summary>Resume from <paramref name="state"/> instead of the stored state.</summary>
    public static VersionMismatchResolution Migrate(WorkflowState state) => new MigrateResolution(state);

    internal sealed record FailResolution : VersionMismatchResolution;

    internal sealed record ClearResolution : VersionMismatchResolution;

    internal sealed record MigrateResolution(WorkflowState State) : VersionMismatchResolution;
}
