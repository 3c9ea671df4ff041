namespace Awaitly;

/// <summary>
/// Why a durable run did not produce a value. Pattern-match on the sealed subtypes:
/// <see cref="ExpectedError"/> carries a step's own typed error; the others carry the
/// durable engine's error kinds, each with the TypeScript package's <see cref="Code"/>.
/// </summary>
public abstract record WorkflowError
{
    private protected WorkflowError()
    {
    }

    /// <summary>The error kind, for example <c>VERSION_MISMATCH</c>.</summary>
    public abstract string Code { get; }

    /// <summary>What went wrong and, where it helps, what to do about it.</summary>
    public abstract string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
