using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Awaitly;

/// <summary>
/// The durable state of one workflow id: its completed steps, in order, and the metadata the engine
/// stores with them (the workflow <c>version</c>, <c>lastStepKey</c>, <c>updatedAt</c> and user keys).
/// Immutable.
/// </summary>
public sealed class WorkflowState
{
    private readonly StepEntry[] _steps;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a state. Later entries with the same key replace earlier ones in place.</summary>
    public WorkflowState(IEnumerable<StepEntry> steps, JsonElement? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (metadata is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("Metadata must be a JSON object.", nameof(metadata));
        }

        var capacity = steps.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var ordered = new List<StepEntry>(capacity);
        _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(steps));
            if (_index.TryGetValue(step.Key, out var at))
            {
                ordered[at] = step;
            }
            else
            {
                _index[step.Key] = ordered.Count;
                ordered.Add(step);
            }
        }

        _steps = [.. ordered];
        Metadata = metadata;
    }

    /// <summary>A state with no steps and no metadata.</summary>
    public static WorkflowState Empty { get; } = new([]);

    /// <summary>The steps, in the order they were first completed.</summary>
    public IReadOnlyList<StepEntry> Steps => _steps;

    /// <summary>The stored metadata object, if any.</summary>
    public JsonElement? Metadata { get; }

    /// <summary>
    /// The workflow logic version: <c>metadata.version</c> when it is a JSON number, read as JavaScript reads it (<c>3</c>,
    /// <c>3.0</c> and <c>3e0</c> are version 3; <c>1.5</c> and <c>1e300</c> stay what they are, so no run at a whole-number
    /// <see cref="DurableOptions.Version"/> matches them; a number too large for a double is infinite), else 1.
    /// </summary>
    public double WorkflowVersion =>
        Metadata is { } metadata && metadata.TryGetProperty("version"u8, out var version) && version.ValueKind == JsonValueKind.Number
            ? NumberAsJavaScriptReadsIt(version)
            : 1;

    private static double NumberAsJavaScriptReadsIt(JsonElement number) =>
        number.TryGetDouble(out var value) ? value
        : number.GetRawText().StartsWith('-') ? double.NegativeInfinity
        : double.PositiveInfinity;

    /// <summary>Finds a step by key.</summary>
    public bool TryGetStep(string key, [MaybeNullWhen(false)] out StepEntry entry)
    {
        if (_index.TryGetValue(key, out var at))
        {
            entry = _steps[at];
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>A copy without the given step, so that a re-run executes it again.</summary>
    public WorkflowState WithoutStep(string key) => new(_steps.Where(s => s.Key != key), Metadata);

    /// <summary>A copy with the given metadata.</summary>
    public WorkflowState WithMetadata(JsonElement? metadata) => new(_steps, metadata);
}
