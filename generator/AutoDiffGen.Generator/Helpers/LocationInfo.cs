using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generator.Helpers;

/// <summary>
/// Where a diagnostic goes, as equatable values (a <see cref="Location"/> holds its syntax tree, so
/// it must not travel through the incremental pipeline): the file path, the text span and the line
/// span, from which <see cref="ToLocation"/> makes the location again.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location location)
        => location.SourceTree is { } tree ? new LocationInfo(tree.FilePath, location.SourceSpan, location.GetLineSpan().Span) : null;

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>The location in the syntax tree of <paramref name="compilation"/> with this file path, if it has one.</summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && Span.End <= tree.Length)
            {
                return Location.Create(tree, Span);
            }
        }

        return ToLocation();
    }
}
