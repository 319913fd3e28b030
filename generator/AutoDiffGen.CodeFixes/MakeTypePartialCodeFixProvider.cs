using System.Composition;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0001: declares the type that the diagnostic names (at its identifier) <c>partial</c>. Each
/// enclosing type that is not partial has a diagnostic of its own, so Fix All makes them all partial.
/// Adding <c>partial</c> to a type with one declaration never changes what the code means.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider)), Shared]
public sealed class MakeTypePartialCodeFixProvider : AutoDiffGenCodeFixProvider
{
    public MakeTypePartialCodeFixProvider()
        : base(DiagnosticDescriptors.TypeNotPartial)
    {
    }

    private protected override Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        if (token.Parent is not TypeDeclarationSyntax type || type.Identifier != token || type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return null;
        }

        return InDocument($"Make '{token.ValueText}' partial", document, () => root.ReplaceNode(type, WithPartial(type)));
    }

    /// <summary>
    /// <c>partial</c> goes last among the modifiers, right before the keyword, as C# requires; with no
    /// modifiers it takes over the keyword's leading trivia (indentation, or the line after an attribute).
    /// </summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count > 0)
        {
            return type.WithModifiers(type.Modifiers.Add(partial));
        }

        var keyword = type.Keyword;
        return type
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
