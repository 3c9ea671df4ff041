namespace Awaitly.LibSql;

/// <summary>A stored workflow state as its row holds it: the document and the row's timestamps.</summary>
/// <param name="WorkflowId">The workflow id (the row key without the store's prefix).</param>
/// <param name="Document">The stored JSON document, as written (by this library or the TypeScript package).</param>
/// <param name="UpdatedAt">When the row was last written, or <see langword="null"/> when the writer recorded no time.</param>
/// <param name="ExpiresAt">When the row expires, or <see langword="null"/> when it never does.</param>
/// <param name="SizeInBytes">The UTF-8 size of the document.</param>
public sealed record StoredState(string WorkflowId, string Document, DateTimeOffset? UpdatedAt, DateTimeOffset? ExpiresAt, long SizeInBytes)
{
    /// <summary>Why a state kept in a step journal could not be assembled (its <see cref="Document"/> is then the row as stored).</summary>
    internal WorkflowStateFormatException? Unassembled { get; init; }

    /// <summary>Reads the document.</summary>
    /// <exception cref="WorkflowStateFormatException">The document is not a valid state document.</exception>
    public WorkflowState ReadState() => Unassembled is { } problem
        ? throw new WorkflowStateFormatException(problem.Message, problem)
        : WorkflowStateSerializer.Deserialize(Document);
}

/// <summary>One page of stored states, in the order of <see cref="StateListOptions"/>.</summary>
/// <param name="States">The states on this page.</param>
/// <param name="NextOffset">The next page's offset, or <see langword="null"/> on the last page.</param>
/// <param name="Total">All matching states, when requested.</param>
public sealed record StoredStatePage(IReadOnlyList<StoredState> States, int? NextOffset, long? Total);
