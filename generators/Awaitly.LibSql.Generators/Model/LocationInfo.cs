using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Awaitly.LibSql.Generators.Model
{
    /// <summary>Where a diagnostic points, as plain data (a <see cref="Location"/> would pin the compilation).</summary>
    internal sealed class LocationInfo : IEquatable<LocationInfo>
    {
        public LocationInfo(string filePath, TextSpan span, LinePositionSpan lineSpan)
        {
            FilePath = filePath;
            Span = span;
            LineSpan = lineSpan;
        }

        public string FilePath { get; }

        public TextSpan Span { get; }

        public LinePositionSpan LineSpan { get; }

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

        public bool Equals(LocationInfo? other) =>
            other is not null && FilePath == other.FilePath && Span.Equals(other.Span) && LineSpan.Equals(other.LineSpan);

        public override bool Equals(object? obj) => Equals(obj as LocationInfo);

        public override int GetHashCode() => (FilePath.GetHashCode() * 31) + Span.GetHashCode();
    }
}
