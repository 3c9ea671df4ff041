using Awaitly.Tests.Packaging;

namespace Awaitly.Tests.Architecture;

/// <summary>The style rules the compiler cannot check (the others are build errors through .editorconfig).</summary>
public class StyleTests
{
    private const int MaxLineLength = 180;

    [Test]
    public async Task Source_lines_stay_within_the_editorconfig_line_length()
    {
        var editorconfig = await File.ReadAllTextAsync(Path.Combine(DotnetCli.RepositoryRoot, ".editorconfig"));
        var tooLong = new[] { "src", "generators" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(DotnetCli.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(DotnetCli.RepositoryRoot, f), Line: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{l.File}:{l.Line} ({l.Length} characters)")
            .ToList();

        await Assert.That(editorconfig).Contains($"max_line_length = {MaxLineLength}");
        await Assert.That(tooLong).IsEmpty().Because(string.Join("\n", tooLong));
    }
}
