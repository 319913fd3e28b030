using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AutoDiffGen.CodeFixes;

/// <summary>Adds one of AutoDiffGen's attributes to a declaration, spelled as the file's usings allow.</summary>
internal static class AttributeEdits
{
    /// <summary>
    /// <paramref name="declaration"/> with <c>[<paramref name="attribute"/>]</c> added: written as
    /// <c>global::AutoDiffGen.X</c> and simplified when the fix is applied, to <c>X</c> where
    /// <c>using AutoDiffGen;</c> is in scope, else to the shortest name that binds to it.
    /// </summary>
    public static SyntaxNode WithAttribute(SyntaxGenerator generator, SyntaxNode declaration, string attribute)
    {
        var name = SyntaxFactory.ParseName("global::AutoDiffGen." + attribute).WithAdditionalAnnotations(Simplifier.Annotation);
        return generator.AddAttributes(declaration, generator.Attribute(name));
    }
}
