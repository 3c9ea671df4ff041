namespace Awaitly.LibSql.Hosting;

/// <summary>A registered workflow as the resumer sees it: its name, store and version, and a way to run a stored id again.</summary>
internal interface IResumableWorkflow
{
    string Name { get; }

    string StoreName { get; }

    int Version { get; }

    bool Resumes { get; }

    /// <summary>Runs <paramref name="workflowId"/> again; the error it ended with, or null when it completed.</summary>
    Task<WorkflowError?> ResumeAsync(string workflowId, CancellationToken cancellationToken);
}
