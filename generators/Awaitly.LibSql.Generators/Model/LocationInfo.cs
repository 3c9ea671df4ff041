using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Awaitly.LibSql.Generators.Model;

/// <summary>Where a diagnostic points, as plain data (a <see cref="Location"/> would pin the compilation).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    /// <summary>The location in <paramref name="compilation"/>'s tree of that path, so #pragma suppression applies to it.</summary>
    public Location ToLocation(Compilation? compilation)
    {
        if (compilation is not null)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath == FilePath)
                {
                    return Location.Create(tree, Span);
                }
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }
}
