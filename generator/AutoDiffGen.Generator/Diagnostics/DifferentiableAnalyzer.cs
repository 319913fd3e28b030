using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Lowering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Reports, live in the IDE, everything that keeps a <c>[Differentiable]</c> method from being
/// differentiated. It runs the very lowering the generator runs (<see cref="MethodLowerer"/>), so
/// what it accepts is exactly what the generator differentiates.
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
        DiagnosticDescriptors.OverrideNotDifferentiable);

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

            start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, attribute), SyntaxKind.MethodDeclaration);
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
        });
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

    /// <summary>
    /// ADG0013: an override without <c>[Differentiable]</c> of a differentiable method inherits that
    /// method's virtual derivatives, which differentiate the base method, not this one: a silently
    /// wrong derivative for every call through the base type.
    /// </summary>
    private static void AnalyzeUnmarkedOverride(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, INamedTypeSymbol attribute)
    {
        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol { IsOverride: true } method)
        {
            return;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
            {
                var generated = MethodLowerer.GeneratedMembers(overridden);
                bool vector = MethodLowerer.IsVectorValued(overridden);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.OverrideNotDifferentiable,
                    syntax.Identifier.GetLocation(),
                    method.Name,
                    overridden.ContainingType.Name + "." + overridden.Name,
                    IR.MemberKindsOf.Describe(generated, overridden.Name, vector)));
                return;
            }
        }
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0)
        {
            if (syntax.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                AnalyzeUnmarkedOverride(context, syntax, attribute);
            }

            return;
        }

        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        if (method.IsOverride && !method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
        {
            AnalyzeUnmarkedOverride(context, syntax, attribute);
            return;
        }

        bool marked = false;
        foreach (var data in method.GetAttributes())
        {
            marked |= SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute);
        }

        if (!marked)
        {
            return;
        }


        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            var outcome = MethodLowerer.Lower(method, syntax, context.SemanticModel, context.CancellationToken);
            diagnostics = outcome.Diagnostics;
            if (outcome.Method is { } lowered)
            {
                // What the generator does next, so that a failure there is reported, not silent.
                var differentiated = AutoDiffGenerator.DifferentiateOrThrow(lowered, context.CancellationToken);
                SourceEmitter.Emit(differentiated.Hierarchy, new[] { differentiated });
            }
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (NotDifferentiableException notDifferentiable)
        {
            diagnostics = ImmutableArray.Create(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, syntax.Identifier.GetLocation(), notDifferentiable.Message));
        }
        catch (TooLargeException tooLarge)
        {
            diagnostics = ImmutableArray.Create(Diagnostic.Create(DiagnosticDescriptors.TooComplex, syntax.Identifier.GetLocation(), method.Name, tooLarge.Message));
        }
        catch (System.Exception exception)
        {
            diagnostics = ImmutableArray.Create(Diagnostic.Create(
                DiagnosticDescriptors.TooComplex,
                syntax.Identifier.GetLocation(),
                method.Name,
                "AutoDiffGen failed internally (" + exception.GetType().Name + ": " + exception.Message + "), so its derivatives are not generated; please report this, and meanwhile simplify the method"));
        }

        // Where the compiler already reports an error, ours would only double the squiggles (the
        // code has to be fixed first, and may well be differentiable then).
        var compilerErrors = context.SemanticModel.GetDiagnostics(syntax.Span, context.CancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Location.SourceSpan)
            .ToList();
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.SourceSpan;
            if (compilerErrors.Any(e => e.IntersectsWith(span) || span.Contains(e) || (e.IsEmpty && span.Contains(e.Start))))
            {
                continue;
            }

            context.ReportDiagnostic(diagnostic);
        }
    }
}
