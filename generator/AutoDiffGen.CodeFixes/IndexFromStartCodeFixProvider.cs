using System.Composition;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0005 at an index from the end: rewrites <c>w[^k]</c> as <c>w[w.Length - k]</c>, which means the
/// same for a one-dimensional array or a span and is differentiated like any other index. Offered
/// only where that rewrite is exact: one <c>^</c> index (not a range, not <c>w[1..^1]</c>) into a
/// one-dimensional array, a <c>Span&lt;T&gt;</c> or a <c>ReadOnlySpan&lt;T&gt;</c> that is named by a
/// local, a parameter or a field (<c>w</c>, <c>this.w</c>), so that writing it twice reads the same
/// value and runs nothing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IndexFromStartCodeFixProvider)), Shared]
public sealed class IndexFromStartCodeFixProvider : AutoDiffGenCodeFixProvider
{
    public IndexFromStartCodeFixProvider()
        : base(DiagnosticDescriptors.UnsupportedConstruct)
    {
    }

    private protected override Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // The analyzer reports the whole element access (a span's indexer) or the ^ operand (an array's).
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var access = node.AncestorsAndSelf().TakeWhile(n => n.Span == diagnostic.Location.SourceSpan).OfType<ElementAccessExpressionSyntax>().FirstOrDefault()
            ?? (node is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression, Parent: ArgumentSyntax { Parent: BracketedArgumentListSyntax { Parent: ElementAccessExpressionSyntax outer } } } ? outer : null);
        if (access is null
            || access.ArgumentList.Arguments.Count != 1
            || access.ArgumentList.Arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: (int)SyntaxKind.None, Expression: PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } fromEnd } argument
            || !IsReadWithoutEffects(access.Expression, model)
            || model.GetTypeInfo(access.Expression, cancellationToken).Type is not { } receiverType
            || !HasLengthIndexer(receiverType))
        {
            return null;
        }

        string receiver = access.Expression.ToString();
        return InDocument($"Index from the start: {receiver}[{receiver}.Length - …]", document, () =>
        {
            var length = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName("Length"));
            var fromStart = SyntaxFactory.BinaryExpression(
                    SyntaxKind.SubtractExpression,
                    length,
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.MinusToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    Operand(fromEnd.Operand.WithoutTrivia()))
                .WithTriviaFrom(fromEnd);
            return root.ReplaceNode(argument, argument.WithExpression(fromStart));
        });
    }

    /// <summary>A local, a parameter or a field, by name or through <c>this.</c>: reading it again gives the same array and runs no code.</summary>
    private static bool IsReadWithoutEffects(ExpressionSyntax receiver, SemanticModel model)
    {
        var named = receiver switch
        {
            IdentifierNameSyntax name => name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => name,
            _ => null,
        };
        return named is not null && model.GetSymbolInfo(named).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol;
    }

    /// <summary>A one-dimensional array, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>: <c>x[^k]</c> is <c>x[x.Length - k]</c>.</summary>
    private static bool HasLengthIndexer(ITypeSymbol type)
        => type is IArrayTypeSymbol { Rank: 1 }
            || (type is INamedTypeSymbol { Arity: 1, Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    /// <summary>The operand of ^, parenthesized unless it binds tighter than '-' already.</summary>
    private static ExpressionSyntax Operand(ExpressionSyntax operand)
        => operand is LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax or PrefixUnaryExpressionSyntax
            or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.MultiplyExpression or (int)SyntaxKind.DivideExpression or (int)SyntaxKind.ModuloExpression }
            ? operand
            : SyntaxFactory.ParenthesizedExpression(operand);
}
