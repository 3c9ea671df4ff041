using System.Text.Json;

namespace Awaitly;

/// <summary>What kind of cause a stored state document recorded.</summary>
public enum PersistedCauseKind
{
    /// <summary>An exception (<c>{"type":"error", errorName, errorMessage, errorStack}</c>).</summary>
    Error,

    /// <summary>Any other JSON value (<c>{"type":"value", value}</c>).</summary>
    Value,
}

/// <summary>
/// A cause rebuilt from a stored state document: what the TypeScript package awaitly-libsql exception was called, its
/// message and its stack text exactly as stored. The original exception type is not recreated.
/// </summary>
public sealed class PersistedCauseException : Exception
{
    private readonly string? _storedStack;

    /// <summary>Creates a rebuilt exception cause.</summary>
    public PersistedCauseException(string errorName, string message, string? storedStack)
        : base(message)
    {
        Kind = PersistedCauseKind.Error;
        ErrorName = errorName;
        _storedStack = storedStack;
    }

    /// <summary>Creates a rebuilt value cause.</summary>
    public PersistedCauseException(JsonElement value)
        : base(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
    {
        Kind = PersistedCauseKind.Value;
        ErrorName = "Error";
        Value = value.Clone();
    }

    /// <summary>Whether the stored cause was an exception or a plain value.</summary>
    public PersistedCauseKind Kind { get; }

    /// <summary>The stored error name (for example <c>GatewayError</c>); <c>Error</c> for value causes.</summary>
    public string ErrorName { get; }

    /// <summary>The stored value, for <see cref="PersistedCauseKind.Value"/> causes.</summary>
    public JsonElement? Value { get; }

    /// <summary>The stack text exactly as stored (it names the frames of the process that failed).</summary>
    public string? StoredStack => _storedStack;

    /// <inheritdoc />
    public override string? StackTrace => _storedStack ?? base.StackTrace;

    /// <inheritdoc />
    public override string ToString() => Kind == PersistedCauseKind.Error
        ? _storedStack ?? $"{ErrorName}: {Message}"
        : $"value cause: {Message}";
}
