using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0006 at a call of a method that is not <c>[Differentiable]</c>: adds <c>[Differentiable]</c> to
/// the callee's declaration (in whichever document of this project it is), so that the call
/// composes through the callee's generated pushforward and pullback. Offered only where that can
/// work: the diagnostic says the callee is an ordinary, unmarked method
/// (<see cref="DiagnosticProperties.MarkCalleeDifferentiable"/>), and the callee has a body in this
/// project (not in metadata, another project or generated code), is not generic, abstract, an
/// extension method or in an interface, and returns <c>double</c>, <c>float</c> or a tuple of one of
/// them. Whatever else keeps the callee from being differentiated, the analyzer then reports at the
/// callee.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkCalleeDifferentiableCodeFixProvider)), Shared]
public sealed class MarkCalleeDifferentiableCodeFixProvider : AutoDiffGenCodeFixProvider
{
    public MarkCalleeDifferentiableCodeFixProvider()
        : base(DiagnosticDescriptors.NoKnownDerivative)
    {
    }

    private protected override Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!Says(diagnostic, DiagnosticProperties.MarkCalleeDifferentiable))
        {
            return null;
        }

        var span = diagnostic.Location.SourceSpan;
        var invocation = root.FindNode(span, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == span);
        if (invocation is null
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol callee
            || !CanBeMarked(callee)
            || FindDeclaration(document.Project, callee, cancellationToken) is not (Document calleeDocument, MethodDeclarationSyntax declaration))
        {
            return null;
        }

        return new Fix($"Mark '{callee.Name}' [Differentiable]", token => MarkAsync(calleeDocument, declaration, token));
    }

    private static bool CanBeMarked(IMethodSymbol callee)
        => callee.MethodKind == MethodKind.Ordinary
            && !callee.IsGenericMethod
            && !callee.IsAbstract
            && !callee.IsExtern
            && !callee.IsExtensionMethod
            && !callee.ReturnsByRef
            && !callee.ReturnsByRefReadonly
            && callee.ContainingType.TypeKind is TypeKind.Class or TypeKind.Struct
            && !callee.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute)
            && ReturnsReals(callee.ReturnType);

    /// <summary><c>double</c>, <c>float</c>, or a tuple of <c>double</c>s or of <c>float</c>s: what a differentiable method may return.</summary>
    private static bool ReturnsReals(ITypeSymbol type)
    {
        if (IsReal(type))
        {
            return true;
        }

        return type is INamedTypeSymbol { IsTupleType: true, TupleElements: { Length: > 1 } elements }
            && elements.All(e => IsReal(e.Type))
            && elements.All(e => e.Type.SpecialType == elements[0].Type.SpecialType);
    }

    private static bool IsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>The declaration with the callee's body, if it is in a document of <paramref name="project"/>.</summary>
    private static (Document, MethodDeclarationSyntax)? FindDeclaration(Project project, IMethodSymbol callee, CancellationToken cancellationToken)
    {
        var method = callee.OriginalDefinition.PartialImplementationPart ?? callee.OriginalDefinition;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { } declaration
                && (declaration.Body is not null || declaration.ExpressionBody is not null)
                && project.GetDocument(declaration.SyntaxTree) is { } document)
            {
                return (document, declaration);
            }
        }

        return null;
    }

    private static async Task<Solution> MarkAsync(Document document, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document.Project.Solution;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var marked = root.ReplaceNode(declaration, AttributeEdits.WithAttribute(generator, declaration, "Differentiable"));
        return document.Project.Solution.WithDocumentSyntaxRoot(document.Id, marked);
    }
}
