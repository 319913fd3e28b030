using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Reports, live in the IDE, everything lowering finds that keeps a <c>[Differentiable]</c> method
/// from being differentiated: it runs the very lowering the generator runs
/// (<see cref="MethodLowerer"/>, for <see cref="LoweringPurpose.Diagnostics"/>), so what it accepts
/// is exactly what the generator lowers. It does not differentiate or emit: the generator reports a
/// failure of those steps itself (ADG0005 or ADG0010 at the method's name), so that each diagnostic
/// comes from one place.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TypeNotPartial,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.UnsupportedParameter,
        DiagnosticDescriptors.UnsupportedMethodShape,
        DiagnosticDescriptors.UnsupportedConstruct,
        DiagnosticDescriptors.NoKnownDerivative,
        DiagnosticDescriptors.WriteToNonLocal,
        DiagnosticDescriptors.ZeroDerivative,
        DiagnosticDescriptors.ResultDoesNotDependOnActiveInputs,
        DiagnosticDescriptors.TooComplex,
        DiagnosticDescriptors.GeneratedMemberConflict,
        DiagnosticDescriptors.MisplacedAttribute,
        DiagnosticDescriptors.OverrideNotDifferentiable,
        DiagnosticDescriptors.CustomDerivativeTarget,
        DiagnosticDescriptors.CustomDerivativeSignature,
        DiagnosticDescriptors.DuplicateCustomDerivative,
        DiagnosticDescriptors.UnusedCustomDerivative);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(KnownNames.DifferentiableAttribute);
            if (attribute is null)
            {
                return;
            }

            // A method with a body: Roslyn's analyzer driver hands over the body's operation, bound
            // once for every analyzer that asks for operations. A method without one has no
            // operation to wait for (lowering stops at its shape).
            // The targets [Differentiable] methods call, for ADG0017 (see below); null without [DerivativeOf].
            var called = start.Compilation.GetTypeByMetadataName(KnownNames.DerivativeOfAttribute) is null
                ? null
                : new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationBlockAction(block => AnalyzeMethodWithBody(block, attribute, called));
            start.RegisterSyntaxNodeAction(node => AnalyzeMethodWithoutBody(node, attribute), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(node => AnalyzeUnmarkedOverride(node, attribute), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(
                node => AnalyzeNonPartialType(node, attribute),
                SyntaxKind.ClassDeclaration,
                SyntaxKind.StructDeclaration,
                SyntaxKind.RecordDeclaration,
                SyntaxKind.RecordStructDeclaration,
                SyntaxKind.InterfaceDeclaration);
            start.RegisterSyntaxNodeAction(
                node => AnalyzeMisplaced(node, attribute),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.SimpleLambdaExpression,
                SyntaxKind.GetAccessorDeclaration,
                SyntaxKind.SetAccessorDeclaration,
                SyntaxKind.InitAccessorDeclaration,
                SyntaxKind.AddAccessorDeclaration,
                SyntaxKind.RemoveAccessorDeclaration,
                SyntaxKind.OperatorDeclaration,
                SyntaxKind.ConversionOperatorDeclaration);

            // [DerivativeOf]: each declaration's checks where it is written; at the end, the ones no
            // [Differentiable] method calls the target of (ADG0017 needs every method's calls).
            if (called is not null)
            {
                start.RegisterSyntaxNodeAction(AnalyzeCustomDerivative, SyntaxKind.MethodDeclaration);
                start.RegisterCompilationEndAction(end => ReportUnusedCustomDerivatives(end, called));
            }
        });
    }

    /// <summary>ADG0014, ADG0015 and ADG0016 at a <c>[DerivativeOf]</c> method, from the compilation's index of them.</summary>
    private static void AnalyzeCustomDerivative(SyntaxNodeAnalysisContext context)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (!CustomDerivativeIndex.HasDerivativeOfSyntax(syntax)
            || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        var index = CustomDerivativeIndex.Of(context.Compilation, context.CancellationToken);
        if (index.Declared.FirstOrDefault(c => SymbolEqualityComparer.Default.Equals(c.Method, method)) is not { } check)
        {
            return;
        }

        foreach (var problem in check.Problems)
        {
            context.ReportDiagnostic(problem);
        }

        if (check.Derivative is { } derivative)
        {
            foreach (var rival in index.Rivals(derivative))
            {
                var location = derivative.Method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.DerivativeOfAttribute)?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
                    ?? syntax.Identifier.GetLocation();
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateCustomDerivative, location, method.Name, rival.Method.ContainingType.Name + "." + rival.Method.Name,
                    derivative.Kind == CustomDerivativeKind.Pushforward ? "pushforward" : "pullback", derivative.Target.ContainingType.Name + "." + derivative.Target.Name));
            }
        }
    }

    /// <summary>The methods a <c>[Differentiable]</c> method's body calls, into <paramref name="called"/> when there is one (for ADG0017).</summary>
    private static void RecordCalls(IOperation body, System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>? called)
    {
        if (called is null)
        {
            return;
        }

        foreach (var invocation in body.DescendantsAndSelf().OfType<IInvocationOperation>())
        {
            called.TryAdd(invocation.TargetMethod.OriginalDefinition, true);
        }
    }

    /// <summary>
    /// ADG0017: a valid custom derivative whose target no <c>[Differentiable]</c> method of the
    /// compilation calls, and that no other assembly can use (a public one of a function of this
    /// assembly, or an internal one of an assembly with <c>InternalsVisibleTo</c>, serves the projects
    /// that reference this one).
    /// </summary>
    private static void ReportUnusedCustomDerivatives(CompilationAnalysisContext context, System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> called)
    {
        bool friends = context.Compilation.Assembly.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InternalsVisibleToAttribute");
        bool Exported(ISymbol symbol)
        {
            for (var s = symbol; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
            {
                if (!(s.DeclaredAccessibility == Accessibility.Public || (friends && s.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedOrInternal)))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var check in CustomDerivativeIndex.Of(context.Compilation, context.CancellationToken).Declared)
        {
            // (Consumers import the derivatives of a library's own functions only.)
            if (check.Derivative is { } derivative && !called.ContainsKey(derivative.Target.OriginalDefinition)
                && !(Exported(derivative.Method) && SymbolEqualityComparer.Default.Equals(derivative.Target.ContainingAssembly, context.Compilation.Assembly)))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusedCustomDerivative, derivative.Method.Locations.FirstOrDefault(),
                    derivative.Method.Name, derivative.Target.ContainingType.Name + "." + derivative.Target.Name));
            }
        }
    }

    /// <summary>
    /// ADG0013: an override without <c>[Differentiable]</c> of a differentiable method inherits that
    /// method's virtual derivatives, which differentiate the base method, not this one: a silently
    /// wrong derivative for every call through the base type.
    /// </summary>
    private static void AnalyzeUnmarkedOverride(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (!syntax.Modifiers.Any(SyntaxKind.OverrideKeyword)
            || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol { IsOverride: true } method
            || method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
        {
            return;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.OverrideNotDifferentiable,
                    syntax.Identifier.GetLocation(),
                    method.Name,
                    overridden.ContainingType.Name + "." + overridden.Name,
                    MemberKindsOf.Describe(MethodLowerer.GeneratedMembers(overridden), overridden.Name, MethodLowerer.IsVectorValued(overridden))));
                return;
            }
        }
    }

    /// <summary>
    /// ADG0001, for each <c>[Differentiable]</c> method declared inside a type that is not partial: the
    /// lowering finds it too (and the generator skips the method), but it is reported here, from the
    /// type's own declaration, so that the diagnostic is local to the syntax it is reported at, which
    /// is what lets the IDE offer its code fix (making the type partial) at the type's name.
    /// </summary>
    private static void AnalyzeNonPartialType(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var type = (TypeDeclarationSyntax)context.Node;
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword)
            || context.SemanticModel.GetDeclaredSymbol(type, context.CancellationToken) is not INamedTypeSymbol symbol)
        {
            return;
        }

        // (Not for a method of an interface: it cannot be differentiated whatever its type is, ADG0004.)
        foreach (var method in MarkedMethodsWithin(symbol, type, attribute, context.CancellationToken).Where(m => m.ContainingType.TypeKind != TypeKind.Interface))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name));
        }
    }

    /// <summary>The methods the generator lowers (<see cref="IsMarked"/>) that are declared inside <paramref name="declaration"/>, nested types included.</summary>
    private static System.Collections.Generic.IEnumerable<IMethodSymbol> MarkedMethodsWithin(INamedTypeSymbol type, TypeDeclarationSyntax declaration, INamedTypeSymbol attribute, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(reference.Span)
                        && reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax && IsMarked(method, syntax, attribute))
                    {
                        yield return method;
                        break;
                    }
                }
            }
            else if (member is INamedTypeSymbol nested)
            {
                foreach (var inner in MarkedMethodsWithin(nested, declaration, attribute, cancellationToken))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// [Differentiable] where C# allows it (its target is Method) but the generator never looks:
    /// local functions, lambdas, accessors and operators. Said at the attribute, so it is not
    /// silently ignored.
    /// </summary>
    private static void AnalyzeMisplaced(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var lists = context.Node switch
        {
            LocalFunctionStatementSyntax f => f.AttributeLists,
            LambdaExpressionSyntax l => l.AttributeLists,
            AccessorDeclarationSyntax a => a.AttributeLists,
            BaseMethodDeclarationSyntax m => m.AttributeLists,
            _ => default,
        };
        foreach (var list in lists)
        {
            foreach (var attributeSyntax in list.Attributes)
            {
                if (!SymbolEqualityComparer.Default.Equals(context.SemanticModel.GetTypeInfo(attributeSyntax, context.CancellationToken).Type, attribute))
                {
                    continue;
                }

                var (what, advice) = context.Node switch
                {
                    LocalFunctionStatementSyntax f => ("local function '" + f.Identifier.ValueText + "'", "only methods of a partial type are differentiated; make it a static method of the type"),
                    LambdaExpressionSyntax => ("a lambda expression", "only methods of a partial type are differentiated; make it a static method of the type"),
                    AccessorDeclarationSyntax a => ("a '" + a.Keyword.ValueText + "' accessor", "property and event accessors are not differentiated; move the computation into a [Differentiable] method and call it from the accessor"),
                    _ => ("an operator", "operators are not differentiated; move the computation into a [Differentiable] method and call it from the operator"),
                };
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MisplacedAttribute, attributeSyntax.GetLocation(), what, advice));
            }
        }
    }

    /// <param name="called">Where to record the methods a <c>[Differentiable]</c> method calls (for ADG0017), or null.</param>
    private static void AnalyzeMethodWithBody(OperationBlockAnalysisContext context, INamedTypeSymbol attribute, System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>? called)
    {
        if (context.OwningSymbol is not IMethodSymbol method)
        {
            return;
        }

        foreach (var block in context.OperationBlocks)
        {
            // The body lowering reads (a block body, else an expression body: C# allows one, but
            // code being typed may have both).
            if (block.Syntax.Parent is MethodDeclarationSyntax syntax && block.Syntax == ((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody)
                && block.SemanticModel is { } model && IsMarked(method, syntax, attribute))
            {
                Analyze(method, syntax, model, block, context.ReportDiagnostic, context.CancellationToken);
                RecordCalls(block, called);
            }
        }
    }

    private static void AnalyzeMethodWithoutBody(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.Body is null && syntax.ExpressionBody is null && syntax.AttributeLists.Count > 0
            && context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is IMethodSymbol method && IsMarked(method, syntax, attribute))
        {
            Analyze(method, syntax, context.SemanticModel, null, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    /// <summary>
    /// Whether the declaration is one the generator lowers: it has attributes of its own (the generator
    /// finds the declaration that carries the attribute) and its method is <c>[Differentiable]</c>.
    /// </summary>
    private static bool IsMarked(IMethodSymbol method, MethodDeclarationSyntax syntax, INamedTypeSymbol attribute)
    {
        if (syntax.AttributeLists.Count == 0)
        {
            return false;
        }

        foreach (var data in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static void Analyze(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, IOperation? body, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = MethodLowerer.Lower(method, syntax, model, cancellationToken, LoweringPurpose.Diagnostics, body).Diagnostics;
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception exception)
        {
            // The generator's lowering throws too, and leaves this method to be reported here.
            diagnostics = ImmutableArray.Create(DiagnosticInfo.MethodFailed(method.Name, exception).ToDiagnostic(syntax.Identifier.GetLocation()));
        }

        if (diagnostics.IsEmpty)
        {
            // Nearly every method: no need to ask the compiler for its errors.
            return;
        }

        // Where the compiler already reports an error in the method, ours would only double the
        // squiggles (the code has to be fixed first, and may well be differentiable then; an error
        // elsewhere in the method made follow-on reports, as a new user's trial found in stop 25:
        // 'goto nowhere', a lock on an undefined name).
        if (model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError))
        {
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == DiagnosticDescriptors.TypeNotPartial.Id)
            {
                // Reported from the type's declaration instead (AnalyzeNonPartialType).
                continue;
            }

            report(diagnostic);
        }
    }
}
