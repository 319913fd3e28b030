using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0006 at a call of an opaque callee (not <c>[Differentiable]</c>, no known derivative): wraps
/// each active argument in <c>Ad.StopGradient</c>, so that the call sees constants and no derivative
/// is expected through it (the user says so, as with JAX's <c>stop_gradient</c>). Offered only where
/// the diagnostic lists those arguments (<see cref="DiagnosticProperties.ConstantArguments"/>): every
/// active argument a real passed by value, the receiver not active; never for active arrays or spans,
/// nor for a <c>[Differentiable]</c> callee that cannot compose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StopGradientCodeFixProvider)), Shared]
public sealed class StopGradientCodeFixProvider : AutoDiffGenCodeFixProvider
{
    public StopGradientCodeFixProvider()
        : base(DiagnosticDescriptors.NoKnownDerivative)
    {
    }

    private protected override Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ConstantArguments, out var positions) || positions is null
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() is not { } call
            || call.Span != diagnostic.Location.SourceSpan)
        {
            return null;
        }

        var indices = positions.Split(',').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1).ToList();
        if (indices.Any(i => i < 0 || i >= call.ArgumentList.Arguments.Count))
        {
            return null;
        }

        var arguments = indices.Select(i => call.ArgumentList.Arguments[i]).ToList();

        // Ad.StopGradient where the name binds to the runtime's class, else qualified.
        bool inScope = model.LookupNamespacesAndTypes(call.SpanStart, name: "Ad").Any(s => s.ToDisplayString() == "AutoDiffGen.Ad");
        string helper = inScope ? "Ad.StopGradient" : "AutoDiffGen.Ad.StopGradient";
        string title = arguments.Count == 1
            ? $"Treat '{arguments[0].Expression}' as a constant: {helper}({arguments[0].Expression})"
            : $"Treat the active arguments of '{call.Expression}' as constants: {helper}(…)";
        return InDocument(title, document, () => root.ReplaceNodes(arguments, (original, _) =>
            original.WithExpression(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(helper),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(original.Expression.WithoutTrivia()))))
                .WithTriviaFrom(original.Expression))));
    }
}
