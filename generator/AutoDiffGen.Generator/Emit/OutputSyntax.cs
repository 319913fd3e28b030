using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// What the consumer's C# version lets a generated file use: the <c>#nullable</c> directive (C# 8)
/// and a file-scoped namespace (C# 10, one indentation level less on every line). Two plain bools,
/// so the pipeline model stays equatable.
/// </summary>
internal readonly record struct OutputSyntax(bool NullableDirective, bool FileScopedNamespace)
{
    /// <summary>The newest syntax, for callers that emit without a compilation's parse options.</summary>
    public static OutputSyntax Latest => new(true, true);

    public static OutputSyntax For(LanguageVersion version) => new(version >= LanguageVersion.CSharp8, version >= LanguageVersion.CSharp10);
}
