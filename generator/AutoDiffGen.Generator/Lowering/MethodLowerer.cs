using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>What lowering a method produced: the IR (when it can be differentiated) and diagnostics.</summary>
internal sealed class LoweringOutcome
{
    public LoweringOutcome(LoweredMethod? method, ImmutableArray<Diagnostic> diagnostics)
    {
        Method = method;
        Diagnostics = diagnostics;
    }

    /// <summary>The IR, or null when an error was found (the generator then skips the method).</summary>
    public LoweredMethod? Method { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }
}

/// <summary>
/// The rules of what can be differentiated, shared by the generator (which skips a method with an
/// error) and the analyzer (which reports every diagnostic): checks the method's shape, then
/// lowers its body through <see cref="BodyLowerer"/>.
/// </summary>
internal static class MethodLowerer
{
    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static LoweringOutcome Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        var name = syntax.Identifier;

        // The containing type and every enclosing type must be partial, so members can be added.
        foreach (var type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name));
            }
        }

        if (syntax.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is InterfaceDeclarationSyntax)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "methods of interfaces cannot be differentiated"));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, syntax.TypeParameterList!.GetLocation(), method.Name, "generic methods are not supported"));
        }

        if (method.IsAsync || syntax.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "async methods are not supported"));
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "it has no body"));
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly || !IsReal(method.ReturnType))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString()));
        }

        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var parameterSyntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax;
            var location = parameterSyntax?.GetLocation() ?? name.GetLocation();
            bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);
            string? problem = null;
            if (parameter.RefKind != RefKind.None)
            {
                problem = "ref, out and in parameters are not supported";
            }
            else if (!noDerivative && parameter.Type is INamedTypeSymbol { Name: "Span" } span && IsSpanLike(span) && IsReal(span.TypeArguments[0]))
            {
                problem = "Span<T> outputs (vector-valued methods) are not supported yet; pass inputs as ReadOnlySpan<T>, or mark it [NoDerivative]";
            }
            else if (!noDerivative && parameter.Type is IArrayTypeSymbol { Rank: > 1 } multi && IsReal(multi.ElementType))
            {
                problem = "multi-dimensional arrays are not supported; use a one-dimensional array in row-major order";
            }
            else if (parameter.Type.IsRefLikeType && !IsSpanLike(parameter.Type))
            {
                problem = $"ref struct type '{parameter.Type.ToDisplayString()}' is not supported";
            }

            if (problem is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name, problem));
            }

            var elementType = RealElementType(parameter.Type);
            var role = noDerivative ? ParameterRole.Inactive
                : IsReal(parameter.Type) ? ParameterRole.ActiveScalar
                : elementType is not null ? ParameterRole.ActiveArray
                : ParameterRole.Inactive;
            parameters.Add(new ParameterModel(EscapeIdentifier(parameter.Name), parameter.Type.ToDisplayString(TypeFormat), role, role == ParameterRole.ActiveArray ? elementType! : ""));
        }

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new LoweringOutcome(null, diagnostics.ToImmutableArray());
        }

        var body = model.GetOperation((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!, cancellationToken);
        if (body is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "its body could not be analysed"));
            return new LoweringOutcome(null, diagnostics.ToImmutableArray());
        }

        var reserved = ReservedNames(method);
        var lowerer = new BodyLowerer(method, parameters, reserved, diagnostics, cancellationToken);
        var statements = lowerer.LowerBody(body);

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new LoweringOutcome(null, diagnostics.ToImmutableArray());
        }

        // Only when the result does not depend on an active parameter at all: one that depends on
        // x through a step (Floor, a comparison) has derivative zero too, but ADG0008 or the
        // branch says why.
        if (!lowerer.ResultDependsOnActiveInputs)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ResultDoesNotDependOnActiveInputs, name.GetLocation(), method.Name));
        }

        var lowered = new LoweredMethod(
            Hierarchy: GetHierarchy(method),
            Name: method.Name,
            Modifiers: Modifiers(method),
            ReturnType: method.ReturnType.ToDisplayString(TypeFormat),
            Parameters: parameters.ToEquatableArray(),
            Body: statements.ToEquatableArray(),
            ReservedNames: lowerer.UsedNames.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
            SourceFile: System.IO.Path.GetFileName(syntax.SyntaxTree.FilePath),
            SourceLine: name.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
        return new LoweringOutcome(lowered, diagnostics.ToImmutableArray());
    }

    internal static bool IsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    internal static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static bool IsSpanLike(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// <c>double</c> or <c>float</c> for a one-dimensional array or a <c>ReadOnlySpan</c> of reals
    /// (the array-like inputs that can be active), else null.
    /// </summary>
    internal static string? RealElementType(ITypeSymbol type)
        => type switch
        {
            IArrayTypeSymbol { Rank: 1 } array when IsReal(array.ElementType) => array.ElementType.ToDisplayString(TypeFormat),
            INamedTypeSymbol { Name: "ReadOnlySpan" } named when IsSpanLike(named) && IsReal(named.TypeArguments[0]) => named.TypeArguments[0].ToDisplayString(TypeFormat),
            _ => null,
        };

    /// <summary>Like <see cref="RealElementType"/>, also for <c>Span&lt;T&gt;</c> (local buffers).</summary>
    internal static string? BufferElementType(ITypeSymbol? type)
        => type switch
        {
            INamedTypeSymbol { Name: "Span" } named when IsSpanLike(named) && IsReal(named.TypeArguments[0]) => named.TypeArguments[0].ToDisplayString(TypeFormat),
            null => null,
            _ => RealElementType(type),
        };

    private static IEnumerable<string> ReservedNames(IMethodSymbol method)
    {
        var names = new HashSet<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var member in t.MemberNames)
                {
                    names.Add(member);
                }
            }

            names.Add(type.Name);
            foreach (var typeParameter in type.TypeParameters)
            {
                names.Add(typeParameter.Name);
            }
        }

        foreach (var parameter in method.Parameters)
        {
            names.Add(EscapeIdentifier(parameter.Name));
        }

        // Namespaces' first segments could be shadowed by a local of the same name.
        names.Add("global");
        names.Add("System");
        return names;
    }

    private static string Modifiers(IMethodSymbol method)
    {
        string accessibility = method.DeclaredAccessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };
        if (method.IsStatic)
        {
            return accessibility + (HidesDifferentiable(method) ? " new static" : " static");
        }

        // The derivatives follow the method: an override of a differentiable method overrides its
        // derivatives too, a virtual method has virtual derivatives, and a method that hides a
        // differentiable one hides its derivatives.
        if (method.IsOverride && method.OverriddenMethod is { } overridden && IsDifferentiable(overridden) && SameRoles(overridden, method))
        {
            return accessibility + (method.IsSealed ? " sealed override" : " override");
        }

        string hides = HidesDifferentiable(method) ? " new" : "";
        if (method.IsReadOnly && method.ContainingType.TypeKind == TypeKind.Struct && !method.ContainingType.IsReadOnly)
        {
            // A readonly member of a struct gets readonly derivatives (no defensive copies).
            return accessibility + hides + " readonly";
        }

        bool canBeVirtual = !method.ContainingType.IsSealed && method.ContainingType.TypeKind == TypeKind.Class;
        return accessibility + hides + ((method.IsVirtual || (method.IsOverride && !method.IsSealed)) && canBeVirtual ? " virtual" : "");
    }

    private static bool IsDifferentiable(IMethodSymbol method) => IsDifferentiableMethod(method);

    internal static bool IsDifferentiableMethod(IMethodSymbol method)
        => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute);

    internal static bool HasNoDerivative(IParameterSymbol parameter)
        => parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);

    [System.ThreadStatic]
    private static HashSet<IMethodSymbol>? composing;

    /// <summary>
    /// Whether calls to <paramref name="callee"/> can compose through its generated members: it is
    /// differentiable itself (lowered here, with a guard against recursion), or, from another
    /// assembly, has its pushforward and pullback.
    /// </summary>
    internal static bool CanCompose(IMethodSymbol callee, Compilation? compilation, CancellationToken cancellationToken)
    {
        var syntax = callee.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (syntax is null || compilation is null)
        {
            var members = callee.ContainingType.GetMembers();
            return members.Any(m => m.Name == callee.Name + "Pushforward") && members.Any(m => m.Name == callee.Name + "Pullback");
        }

        composing ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (!composing.Add(callee))
        {
            return false;
        }

        try
        {
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
            return Lower(callee, syntax, model, cancellationToken).Method is not null;
        }
        finally
        {
            composing.Remove(callee);
        }
    }

    private static bool SameRoles(IMethodSymbol a, IMethodSymbol b)
    {
        static bool NoDerivative(IParameterSymbol p) => p.GetAttributes().Any(x => x.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);
        return a.Parameters.Length == b.Parameters.Length && a.Parameters.Zip(b.Parameters, (x, y) => NoDerivative(x) == NoDerivative(y)).All(same => same);
    }

    /// <summary>Whether a base type has a differentiable method of the same name (whose derivatives ours would hide).</summary>
    private static bool HidesDifferentiable(IMethodSymbol method)
    {
        for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(IsDifferentiable))
            {
                return true;
            }
        }

        return false;
    }

    private static HierarchyInfo GetHierarchy(IMethodSymbol method)
    {
        var types = new List<TypeDeclarationInfo>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            string keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = type.TypeParameters.Length == 0
                ? type.Name
                : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
            types.Insert(0, new TypeDeclarationInfo(keyword, name, type.MetadataName));
        }

        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        return new HierarchyInfo(ns, types.ToEquatableArray());
    }
}
