using System.Collections.Immutable;
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
        DiagnosticDescriptors.TooComplex);

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
        });
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0 || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
        {
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
            diagnostics = MethodLowerer.Lower(method, syntax, context.SemanticModel, context.CancellationToken).Diagnostics;
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception exception)
        {
            diagnostics = ImmutableArray.Create(Diagnostic.Create(
                DiagnosticDescriptors.TooComplex,
                syntax.Identifier.GetLocation(),
                method.Name,
                "AutoDiffGen failed internally (" + exception.GetType().Name + ": " + exception.Message + "); please report this"));
        }

        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
