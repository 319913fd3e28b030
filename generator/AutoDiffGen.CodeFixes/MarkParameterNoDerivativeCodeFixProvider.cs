using System.Composition;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// Marks a parameter <c>[NoDerivative]</c> (passes it as data, not differentiated) where that is what
/// resolves the diagnostic, as the diagnostic says through <see cref="DiagnosticProperties"/>:
/// ADG0003 for a parameter whose type holds reals that cannot be differentiated (<c>List&lt;double&gt;</c>,
/// <c>double[,]</c>), and ADG0004 for an active parameter of the other real type than the Jacobian's.
/// Never for a <c>ref</c>/<c>out</c>/<c>in</c> parameter or a ref struct, which <c>[NoDerivative]</c>
/// does not make supported.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkParameterNoDerivativeCodeFixProvider)), Shared]
public sealed class MarkParameterNoDerivativeCodeFixProvider : AutoDiffGenCodeFixProvider
{
    public MarkParameterNoDerivativeCodeFixProvider()
        : base(DiagnosticDescriptors.UnsupportedParameter, DiagnosticDescriptors.UnsupportedMethodShape)
    {
    }

    private protected override Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!Says(diagnostic, DiagnosticProperties.MarkParameterNoDerivative)
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Parameter, out var name) || name is null)
        {
            return null;
        }

        var method = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var parameter = method?.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == name);
        if (parameter is null)
        {
            return null;
        }

        return InDocument($"Mark '{name}' [NoDerivative] (pass it as data, not differentiated)", document,
            () => root.ReplaceNode(parameter, AttributeEdits.WithAttribute(SyntaxGenerator.GetGenerator(document), parameter, "NoDerivative")));
    }
}
