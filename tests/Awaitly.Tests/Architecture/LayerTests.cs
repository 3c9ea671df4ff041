using Awaitly.Tests.Packaging;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Awaitly.Tests.Architecture;

/// <summary>
/// The folders of src/Awaitly.LibSql are layers used one way: options, statements, drivers and their tracing (embedded, then remote),
/// then the key/value layer, state store and lock. A type of a lower layer that names a type of a higher one fails here.
/// </summary>
public class LayerTests
{
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Configuration"] = 0,
        ["Sql"] = 1,
        ["Driver"] = 2,
        ["Diagnostics"] = 2,
        ["Remote"] = 3,
        ["Store"] = 4,
        ["Lock"] = 4,
        ["Inspection"] = 5,
        [""] = 6,
    };

    private static string LibraryRoot => Path.Combine(DotnetCli.RepositoryRoot, "src", "Awaitly.LibSql");

    private static List<(string Folder, string File, SyntaxNode Root)> Sources() =>
        [.. Directory.EnumerateFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Folder(f), f, CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot()))];

    private static string Folder(string file)
    {
        var relative = Path.GetRelativePath(LibraryRoot, Path.GetDirectoryName(file)!);
        return relative == "." ? "" : relative.Split(Path.DirectorySeparatorChar)[0];
    }

    private static Dictionary<string, string> DeclaringFolders(IEnumerable<(string Folder, string File, SyntaxNode Root)> sources) =>
        sources.SelectMany(s => s.Root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => (t.Identifier.Text, s.Folder)))
            .GroupBy(t => t.Text)
            .ToDictionary(g => g.Key, g => g.First().Folder, StringComparer.Ordinal);

    private static List<string> Edges()
    {
        var sources = Sources();
        var declared = DeclaringFolders(sources);
        return [.. sources
            .SelectMany(s => s.Root.DescendantNodes().OfType<SimpleNameSyntax>()
                .Select(n => n.Identifier.Text)
                .Where(declared.ContainsKey)
                .Select(name => (s.Folder, File: Path.GetFileName(s.File), Name: name, Target: declared[name])))
            .Where(e => e.Target != e.Folder)
            .Select(e => $"{(e.Folder.Length == 0 ? "(root)" : e.Folder)}/{e.File} -> {e.Target}/{e.Name}")
            .Distinct()];
    }

    [Test]
    public async Task Every_folder_is_a_known_layer()
    {
        var folders = Sources().Select(s => s.Folder).Distinct().ToList();

        await Assert.That(folders.Where(f => !Layers.ContainsKey(f))).IsEmpty();
    }

    [Test]
    public async Task No_lower_layer_names_a_type_of_a_higher_layer()
    {
        var edges = Edges();
        var upward = edges.Where(e =>
        {
            var (from, to) = (e[..e.IndexOf('/', StringComparison.Ordinal)], e[(e.IndexOf("-> ", StringComparison.Ordinal) + 3)..e.LastIndexOf('/')]);
            return Layers[from == "(root)" ? "" : from] < Layers[to];
        }).ToList();

        await Assert.That(edges).Contains(e => e.StartsWith("Store/LibSqlKeyValueStore.cs -> Driver/", StringComparison.Ordinal)).Because("the analysis sees real dependencies");
        await Assert.That(upward).IsEmpty().Because(string.Join("\n", upward));
    }

    [Test]
    public async Task Internal_types_live_in_the_namespace_of_their_folder()
    {
        var wrong = new List<string>();
        foreach (var (folder, file, root) in Sources())
        {
            var ns = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();
            var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax).ToList();
            var isPublic = types.Any(t => t.Modifiers.Any(SyntaxKind.PublicKeyword));
            var expected = isPublic ? null : folder.Length == 0 ? "Awaitly.LibSql" : "Awaitly.LibSql." + folder;
            if (expected is not null && ns != expected)
            {
                wrong.Add($"{Path.GetRelativePath(LibraryRoot, file)}: {ns}, expected {expected}");
            }

            if (isPublic && ns is not ("Awaitly.LibSql" or "Awaitly.LibSql.Infrastructure"))
            {
                wrong.Add($"{Path.GetRelativePath(LibraryRoot, file)}: public types belong to Awaitly.LibSql or Awaitly.LibSql.Infrastructure, not {ns}");
            }
        }

        await Assert.That(wrong).IsEmpty().Because(string.Join("\n", wrong));
    }

    [Test]
    public async Task The_core_opens_its_internals_to_no_library_project()
    {
        var project = await File.ReadAllTextAsync(Path.Combine(DotnetCli.RepositoryRoot, "src", "Awaitly", "Awaitly.csproj"));

        await Assert.That(project).DoesNotContain("InternalsVisibleTo Include=\"Awaitly.LibSql");
    }
}
