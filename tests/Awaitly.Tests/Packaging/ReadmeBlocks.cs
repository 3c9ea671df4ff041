using System.Text.RegularExpressions;

namespace Awaitly.Tests.Packaging;

/// <summary>The fenced code blocks of the README.</summary>
internal static partial class ReadmeBlocks
{
    public static List<string> CSharp(string readme) => [.. CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("^```csharp\\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
