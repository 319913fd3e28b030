using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// What every AutoDiffGen code fix shares: the diagnostic IDs it answers, Fix All by batching (each
/// fix edits its own span), and one code action per diagnostic where <see cref="CreateFix"/> finds
/// the fix right, with the provider's name as its equivalence key.
/// </summary>
public abstract class AutoDiffGenCodeFixProvider : CodeFixProvider
{
    private protected AutoDiffGenCodeFixProvider(params DiagnosticDescriptor[] fixes)
        => FixableDiagnosticIds = fixes.Select(d => d.Id).ToImmutableArray();

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (CreateFix(context.Document, root, model, diagnostic, context.CancellationToken) is { } fix)
            {
                context.RegisterCodeFix(CodeAction.Create(fix.Title, fix.Apply, equivalenceKey: GetType().Name), diagnostic);
            }
        }
    }

    /// <summary>The fix for <paramref name="diagnostic"/>, or null where none is right.</summary>
    private protected abstract Fix? CreateFix(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>Whether the diagnostic says (<see cref="DiagnosticProperties.Fix"/>) that <paramref name="fix"/> resolves it.</summary>
    private protected static bool Says(Diagnostic diagnostic, string fix)
        => diagnostic.Properties.TryGetValue(DiagnosticProperties.Fix, out var value) && value == fix;

    /// <summary>A fix that edits one document.</summary>
    private protected static Fix InDocument(string title, Document document, Func<SyntaxNode> newRoot)
        => new(title, _ => Task.FromResult(document.WithSyntaxRoot(newRoot()).Project.Solution));

    private protected sealed record Fix(string Title, Func<CancellationToken, Task<Solution>> Apply);
}
