namespace Awaitly.Tests.Packaging;

/// <summary>
/// The repository's sources copied to a fresh folder (no build output, no installed test server), so a command from the
/// README runs exactly as written, as on a fresh clone, without touching this checkout's own build output.
/// </summary>
internal static class RepositoryCopy
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", ".tursodb", "node_modules", "BenchmarkDotNet.Artifacts", "TestResults", "artifacts",
    };

    public static string Create(string parent)
    {
        var target = Path.Combine(parent, "repo");
        Copy(new DirectoryInfo(DotnetCli.RepositoryRoot), target);
        return target;
    }

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            if (file.Extension is not (".db" or ".db-wal" or ".db-shm") || file.FullName.Contains("Fixtures", StringComparison.Ordinal))
            {
                file.CopyTo(Path.Combine(target, file.Name));
            }
        }

        foreach (var directory in source.EnumerateDirectories())
        {
            if (!Skipped.Contains(directory.Name))
            {
                Copy(directory, Path.Combine(target, directory.Name));
            }
        }
    }
}
