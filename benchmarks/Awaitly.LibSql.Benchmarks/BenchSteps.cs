using System.Text.Json;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>The stored steps the checkpoint and load benchmarks build states from: ~200-byte objects keyed <c>step-0001</c>….</summary>
internal static class BenchSteps
{
    public static List<StepEntry> Numbered(int count) => [.. Enumerable.Range(1, count).Select(i => StepEntry.Success($"step-{i:0000}", JsonSerializer.SerializeToElement(
        new Dictionary<string, string> { ["id"] = $"item-{i}", ["note"] = new string('v', 150) }, BenchJson.Default.DictionaryStringString)))];

    /// <summary>Metadata naming step <paramref name="last"/> as the last one.</summary>
    public static JsonElement MetadataAt(int last) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["lastStepKey"] = $"step-{last:0000}" }, BenchJson.Default.DictionaryStringString);
}
