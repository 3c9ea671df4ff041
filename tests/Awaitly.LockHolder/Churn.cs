using System.Globalization;

namespace Awaitly.LockHolder;

/// <summary>The churn workflows: eight steps whose values are known from the run id, a quarter of them 5 KB (so journaled states occur);
/// a third of the runs end at a step that throws, leaving their state at rest.</summary>
public static class Churn
{
    public const int Steps = 8;

    public static string Key(int step) => "s" + step.ToString(CultureInfo.InvariantCulture);

    public static string Value(string runId, int step) =>
        runId + "/" + step.ToString(CultureInfo.InvariantCulture) + ":" + new string('v', (Stable(runId) + step) % 4 == 0 ? 5000 : 40);

    /// <summary>The step that throws in this run, or 0 when none does.</summary>
    public static int AbandonAt(string runId) => Stable(runId) % 3 == 0 ? 3 + Stable(runId) / 3 % (Steps - 2) : 0;

    // The same in every process (string.GetHashCode is not).
    private static int Stable(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c) & 0x7fffffff;
        }

        return hash;
    }
}
