using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>Which generated member a custom derivative stands in for.</summary>
internal enum CustomDerivativeKind
{
    Pushforward,
    Pullback,
}

/// <summary>
/// A <c>[DerivativeOf]</c> method whose signature matches its target: calls to <see cref="Target"/>
/// compose through it. <see cref="ActiveParameters"/> says, per parameter of the target, whether it
/// gets a tangent or adjoint (a <c>double</c>/<c>float</c> parameter the derivative does not mark
/// <c>[NoDerivative]</c>).
/// </summary>
internal sealed record CustomDerivative(IMethodSymbol Method, IMethodSymbol Target, CustomDerivativeKind Kind, IReadOnlyList<bool> ActiveParameters);

/// <summary>
/// What checking one <c>[DerivativeOf]</c> method found: the derivative, or the problems (ADG0014,
/// ADG0015) to report; <see cref="Target"/> is the function it was meant for where that is known (so
/// that a call to it is reported instead of being differentiated some other way).
/// </summary>
internal sealed record CustomDerivativeCheck(IMethodSymbol Method, IMethodSymbol? Target, CustomDerivative? Derivative, IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// The custom derivatives of a compilation: every <c>[DerivativeOf]</c> method declared in its source,
/// checked, and the valid ones of referenced assemblies it can call, indexed by target. One index per compilation, shared by the analyzer and the
/// generator's lowering (which consults it at every call), built on first use.
/// </summary>
internal sealed class CustomDerivativeIndex
{
    private static readonly CustomDerivativeIndex Empty = new(new List<CustomDerivativeCheck>());
    private static readonly ConditionalWeakTable<Compilation, CustomDerivativeIndex> Indexes = new();

    private readonly Dictionary<IMethodSymbol, List<CustomDerivativeCheck>> byTarget = new(SymbolEqualityComparer.Default);

    private CustomDerivativeIndex(List<CustomDerivativeCheck> declared, List<CustomDerivativeCheck>? imported = null)
    {
        Declared = declared;
        Imported = imported ?? new List<CustomDerivativeCheck>();
        foreach (var check in declared)
        {
            Add(check);
        }

        // A referenced assembly's derivatives serve the targets this compilation declares none for:
        // a project may replace a library's derivative with its own.
        var local = new HashSet<IMethodSymbol>(byTarget.Keys, SymbolEqualityComparer.Default);
        foreach (var check in Imported)
        {
            if (!local.Contains(check.Target!.OriginalDefinition))
            {
                Add(check);
            }
        }
    }

    private void Add(CustomDerivativeCheck check)
    {
        if (check.Target is { } target)
        {
            if (!byTarget.TryGetValue(target.OriginalDefinition, out var list))
            {
                byTarget[target.OriginalDefinition] = list = new List<CustomDerivativeCheck>();
            }

            list.Add(check);
        }
    }

    /// <summary>Every <c>[DerivativeOf]</c> method of the compilation, in source order (file path, then position).</summary>
    public IReadOnlyList<CustomDerivativeCheck> Declared { get; }

    /// <summary>
    /// The valid <c>[DerivativeOf]</c> methods of referenced assemblies that this compilation can call
    /// (public, or internal with <c>InternalsVisibleTo</c>), in assembly and declaration order.
    /// </summary>
    public IReadOnlyList<CustomDerivativeCheck> Imported { get; }

    /// <summary>The <c>[DerivativeOf]</c> methods meant for <paramref name="target"/> (right or wrong); empty when none is.</summary>
    public IReadOnlyList<CustomDerivativeCheck> For(IMethodSymbol target)
        => byTarget.TryGetValue(target.OriginalDefinition, out var list) ? list : (IReadOnlyList<CustomDerivativeCheck>)System.Array.Empty<CustomDerivativeCheck>();

    /// <summary>The other valid derivatives of the same target and kind as <paramref name="derivative"/> (ADG0016).</summary>
    public IEnumerable<CustomDerivative> Rivals(CustomDerivative derivative)
        => For(derivative.Target).Select(c => c.Derivative).OfType<CustomDerivative>()
            .Where(d => d.Kind == derivative.Kind && !SymbolEqualityComparer.Default.Equals(d.Method, derivative.Method));

    /// <summary>The index of <paramref name="compilation"/>, built once.</summary>
    public static CustomDerivativeIndex Of(Compilation compilation, CancellationToken cancellationToken)
        => Indexes.GetValue(compilation, c => Build(c, cancellationToken));

    /// <summary>
    /// Finds the <c>[DerivativeOf]</c> methods: only the declarations of types and namespaces are
    /// walked (never a method body), and only an attribute written <c>DerivativeOf</c> or
    /// <c>DerivativeOfAttribute</c> (qualified or not) is bound; an alias of the attribute is not seen.
    /// </summary>
    private static CustomDerivativeIndex Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = compilation.GetTypeByMetadataName(KnownNames.DerivativeOfAttribute);
        if (attribute is null)
        {
            return Empty;
        }

        var declared = new List<CustomDerivativeCheck>();
        foreach (var tree in compilation.SyntaxTrees.OrderBy(t => t.FilePath, System.StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            var candidates = tree.GetRoot(cancellationToken)
                .DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                .OfType<MethodDeclarationSyntax>()
                .Where(HasDerivativeOfSyntax);
            foreach (var syntax in candidates)
            {
                model ??= compilation.GetSemanticModel(tree);
                if (model.GetDeclaredSymbol(syntax, cancellationToken) is IMethodSymbol method
                    && method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) is { } data)
                {
                    declared.Add(CustomDerivatives.Check(method, data, cancellationToken));
                }
            }
        }

        var imported = ImportedDerivatives(compilation, attribute, cancellationToken);
        return declared.Count == 0 && imported.Count == 0 ? Empty : new CustomDerivativeIndex(declared, imported);
    }

    /// <summary>
    /// The <c>[DerivativeOf]</c> methods of the referenced assemblies that reference AutoDiffGen's
    /// runtime themselves (only they can declare one), for targets declared in the same assembly (a
    /// library's derivatives of its own functions: one of <c>Math.Max</c> would change the tie rule
    /// of every consumer, and two libraries' would clash there), accessible here and valid (a library
    /// with an invalid one did not build: it was reported there).
    /// </summary>
    private static List<CustomDerivativeCheck> ImportedDerivatives(Compilation compilation, INamedTypeSymbol attribute, CancellationToken cancellationToken)
    {
        var result = new List<CustomDerivativeCheck>();
        string runtime = attribute.ContainingAssembly.Identity.Name;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(a => a.Name == runtime)))
            {
                continue;
            }

            foreach (var method in Candidates.GetValue(assembly, FindCandidates))
            {
                if (compilation.IsSymbolAccessibleWithin(method, compilation.Assembly)
                    && method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) is { } data)
                {
                    var check = CustomDerivatives.Check(method, data, cancellationToken);
                    if (check.Derivative is not null && check.Problems.Count == 0 && SymbolEqualityComparer.Default.Equals(check.Target!.ContainingAssembly, assembly))
                    {
                        result.Add(check);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A referenced assembly's static methods with a <c>[DerivativeOf]</c> attribute, found once per
    /// assembly symbol (the compiler reuses a metadata reference's symbol across the compilations of
    /// an IDE session, so an edit does not walk the library again).
    /// </summary>
    private static readonly ConditionalWeakTable<IAssemblySymbol, List<IMethodSymbol>> Candidates = new();

    private static List<IMethodSymbol> FindCandidates(IAssemblySymbol assembly)
    {
        var found = new List<IMethodSymbol>();
        var containers = new Stack<INamespaceOrTypeSymbol>();
        containers.Push(assembly.GlobalNamespace);
        while (containers.Count > 0)
        {
            foreach (var member in containers.Pop().GetMembers())
            {
                switch (member)
                {
                    case INamespaceSymbol or INamedTypeSymbol { DeclaredAccessibility: not Accessibility.Private }:
                        containers.Push((INamespaceOrTypeSymbol)member);
                        break;
                    case IMethodSymbol { IsStatic: true, DeclaredAccessibility: not Accessibility.Private } method
                        when method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DerivativeOfAttribute):
                        found.Add(method);
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>Whether the method has an attribute spelled like <c>[DerivativeOf]</c> (a syntactic test, before binding).</summary>
    internal static bool HasDerivativeOfSyntax(MethodDeclarationSyntax method)
        => method.AttributeLists.SelectMany(l => l.Attributes).Any(a => (a.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax q => q.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => "",
        }) is "DerivativeOf" or "DerivativeOfAttribute");
}

/// <summary>
/// The rules of <c>[DerivativeOf]</c> (see the attribute's documentation): which function a
/// derivative is for, and whether its signature is that function's pushforward or pullback.
/// </summary>
internal static class CustomDerivatives
{
    /// <summary>Checks one <c>[DerivativeOf]</c> method against its target.</summary>
    public static CustomDerivativeCheck Check(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<Diagnostic>();
        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var arguments = attributeSyntax?.ArgumentList?.Arguments;
        var attributeLocation = attributeSyntax?.GetLocation() ?? method.Locations.FirstOrDefault();
        var typeLocation = arguments is { Count: > 0 } a0 ? a0[0].GetLocation() : attributeLocation;
        var nameLocation = arguments is { Count: > 1 } a1 ? a1[1].GetLocation() : attributeLocation;
        var nameOfMethod = syntax?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault();

        CustomDerivativeCheck Fail(IMethodSymbol? target, DiagnosticDescriptor descriptor, Location? location, params object[] args)
        {
            problems.Add(Diagnostic.Create(descriptor, location, args));
            return new CustomDerivativeCheck(method, target, null, problems);
        }

        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type || type.TypeKind == TypeKind.Error
            || attribute.ConstructorArguments[1].Value is not string name)
        {
            // The compiler reports a missing or wrong argument itself.
            return new CustomDerivativeCheck(method, null, null, problems);
        }

        string typeName = type.Name;
        if (IsGenericOrFileLocal(type))
        {
            return Fail(null, DiagnosticDescriptors.CustomDerivativeTarget, typeLocation, method.Name,
                $"'{typeName}' is generic or file-local (or nested in such a type); custom derivatives are for static methods of other types");
        }

        var candidates = type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        if (candidates.Count == 0)
        {
            return Fail(null, DiagnosticDescriptors.CustomDerivativeTarget, nameLocation, method.Name, $"'{typeName}' has no method named '{name}'");
        }

        // Each overload against this method's signature; the one it fits, else the one whose
        // parameters it begins with, else the only one, is the target it was meant for.
        var fits = candidates.Select(c => (Target: c, Problem: Mismatch(method, c, syntax, attributeLocation, nameLocation))).ToList();
        var matching = fits.Where(f => f.Problem is null).ToList();
        if (matching.Count > 1)
        {
            return Fail(null, DiagnosticDescriptors.CustomDerivativeTarget, nameLocation, method.Name,
                $"it fits {matching.Count} overloads of '{typeName}.{name}'; give the overloads different parameter types");
        }

        if (matching.Count == 1)
        {
            var target = matching[0].Target;
            if (!method.IsStatic || method.IsGenericMethod)
            {
                return Fail(target, DiagnosticDescriptors.CustomDerivativeSignature, nameOfMethod, method.Name, typeName + "." + name,
                    "a custom derivative must be a static, non-generic method");
            }

            if (IsGenericOrFileLocal(method.ContainingType))
            {
                // Generated code in other files calls it by its type's name.
                return Fail(target, DiagnosticDescriptors.CustomDerivativeSignature, nameOfMethod, method.Name, typeName + "." + name,
                    "a custom derivative must be declared in a type that is neither generic nor file-local (nor nested in one)");
            }

            var activeParameters = ActiveOf(method, target);
            var active = target.Parameters.Select(p => activeParameters.Contains(p, SymbolEqualityComparer.Default)).ToList();
            var kind = method.Parameters.Any(p => p.RefKind == RefKind.Out) ? CustomDerivativeKind.Pushforward : CustomDerivativeKind.Pullback;
            return new CustomDerivativeCheck(method, target, new CustomDerivative(method, target, kind, active), problems);
        }

        var begun = fits.Where(f => f.Target.Parameters.Length <= method.Parameters.Length
            && f.Target.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, method.Parameters[i].Type) && method.Parameters[i].RefKind == RefKind.None).All(same => same)).ToList();
        var counted = begun.Where(f => method.Parameters.Length == f.Target.Parameters.Length + ActiveOf(method, f.Target).Count + 1).ToList();
        var meant = counted.Count == 1 ? counted[0] : begun.Count == 1 ? begun[0] : fits.Count == 1 ? fits[0] : default;
        if (meant.Target is null)
        {
            return Fail(null, DiagnosticDescriptors.CustomDerivativeTarget, nameLocation, method.Name,
                $"none of the {fits.Count} overloads of '{typeName}.{name}' has parameters that begin the parameters of '{method.Name}' (a derivative takes the target's parameters first, then the tangents or the seed and adjoints)");
        }

        problems.Add(meant.Problem!);
        return new CustomDerivativeCheck(method, meant.Target.IsStatic && MethodLowerer.IsReal(meant.Target.ReturnType) ? meant.Target : null, null, problems);
    }

    /// <summary>
    /// Why <paramref name="method"/> is neither the pushforward nor the pullback of <paramref name="target"/>
    /// (a diagnostic at the parameter, the return type, the attribute's argument naming a target of the
    /// wrong kind, or the attribute), or null when it is one of them.
    /// </summary>
    private static Diagnostic? Mismatch(IMethodSymbol method, IMethodSymbol target, MethodDeclarationSyntax? syntax, Location? attributeLocation, Location? nameLocation)
    {
        string targetName = target.ContainingType.Name + "." + target.Name;
        Diagnostic Problem(Location? location, string message)
            => Diagnostic.Create(DiagnosticDescriptors.CustomDerivativeSignature, location, method.Name, targetName, message);
        Location? ParameterLocation(int i) => syntax is not null && i < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[i].GetLocation() : attributeLocation;
        Location? ListLocation() => syntax?.ParameterList.GetLocation() ?? attributeLocation;

        if (!target.IsStatic)
        {
            return Diagnostic.Create(DiagnosticDescriptors.CustomDerivativeTarget, nameLocation, method.Name,
                $"'{targetName}' is an instance method; custom derivatives are for static methods (call an instance method from a [Differentiable] method of its own type instead)");
        }

        if (target.IsGenericMethod || !MethodLowerer.IsReal(target.ReturnType) || target.ReturnsByRef || target.ReturnsByRefReadonly
            || target.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams))
        {
            return Diagnostic.Create(DiagnosticDescriptors.CustomDerivativeTarget, nameLocation, method.Name,
                $"'{targetName}' must be a non-generic method that returns double or float and takes its parameters by value (no ref, out, in or params)");
        }

        int n = target.Parameters.Length;
        string result = target.ReturnType.ToDisplayString();
        for (int i = 0; i < n && i < method.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, target.Parameters[i].Type) || method.Parameters[i].RefKind != RefKind.None)
            {
                return Problem(ParameterLocation(i), $"its parameter {i + 1} must be '{target.Parameters[i].Type.ToDisplayString()} {target.Parameters[i].Name}', as the target's; expected {Expected(method, target)}");
            }
        }

        var active = ActiveOf(method, target);
        if (active.Count == 0)
        {
            return Problem(ListLocation(), $"'{targetName}' has no double or float parameter left to differentiate");
        }

        if (method.Parameters.Length != n + active.Count + 1)
        {
            return Problem(ListLocation(), $"it takes {method.Parameters.Length} parameters, and {n + active.Count + 1} are expected: {Expected(method, target)}");
        }

        // A single ref parameter, last, where the pullback would take one per active parameter: a
        // pushforward whose result tangent is written ref instead of out (found by the new-user
        // trial: it was read as a pullback and its tangents were reported as misplaced adjoints).
        bool pushforward = method.Parameters.Any(p => p.RefKind == RefKind.Out)
            || (active.Count > 1 && method.Parameters.Count(p => p.RefKind == RefKind.Ref) == 1 && method.Parameters[method.Parameters.Length - 1].RefKind == RefKind.Ref);
        bool pullback = !pushforward && method.Parameters.Any(p => p.RefKind == RefKind.Ref);
        if (!pushforward && !pullback)
        {
            return Problem(ListLocation(), $"it has no out parameter (a pushforward) and no ref parameter (a pullback); expected {Expected(method, target)}");
        }

        for (int j = 0; j < active.Count + 1; j++)
        {
            var parameter = method.Parameters[n + j];
            var (type, refKind, role) = pushforward
                ? j < active.Count ? (active[j].Type, RefKind.None, $"the tangent of '{active[j].Name}'") : (target.ReturnType, RefKind.Out, "the result's tangent")
                : j == 0 ? (target.ReturnType, RefKind.None, "the result's adjoint (the seed)") : (active[j - 1].Type, RefKind.Ref, $"the adjoint of '{active[j - 1].Name}'");
            if (!SymbolEqualityComparer.Default.Equals(parameter.Type, type) || parameter.RefKind != refKind)
            {
                string written = (refKind == RefKind.None ? "" : refKind == RefKind.Out ? "out " : "ref ") + type.ToDisplayString();
                return Problem(ParameterLocation(n + j), $"its parameter {n + j + 1} is {role} and must be '{written}'; expected {Expected(method, target)}");
            }
        }

        if (!method.ReturnsVoid && !SymbolEqualityComparer.Default.Equals(method.ReturnType, target.ReturnType))
        {
            return Problem(syntax?.ReturnType.GetLocation() ?? attributeLocation, $"it must return void or {result} (the value, which is ignored: the value always comes from '{targetName}')");
        }

        return null;
    }

    /// <summary>Whether the type or a type enclosing it is generic or file-local: generated code could not name it.</summary>
    private static bool IsGenericOrFileLocal(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType || t.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The target's parameters that get a tangent or adjoint: its reals, but for those the derivative marks <c>[NoDerivative]</c>.</summary>
    private static List<IParameterSymbol> ActiveOf(IMethodSymbol method, IMethodSymbol target)
        => target.Parameters.Where((p, i) => MethodLowerer.IsReal(p.Type) && !(i < method.Parameters.Length && MethodLowerer.HasNoDerivative(method.Parameters[i]))).ToList();

    /// <summary>The two signatures a derivative of <paramref name="target"/> may have, written out for a message.</summary>
    private static string Expected(IMethodSymbol method, IMethodSymbol target)
    {
        string result = target.ReturnType.ToDisplayString();
        var primal = target.Parameters.Select(p => p.Type.ToDisplayString() + " " + p.Name).ToList();
        var active = ActiveOf(method, target);
        string pushforward = string.Join(", ", primal.Concat(active.Select(p => p.Type.ToDisplayString() + " " + p.Name + "Tangent")).Concat(new[] { "out " + result + " resultTangent" }));
        string pullback = string.Join(", ", primal.Concat(new[] { result + " resultAdjoint" }).Concat(active.Select(p => "ref " + p.Type.ToDisplayString() + " " + p.Name + "Adjoint")));
        return $"the pushforward 'static void {target.Name}Pushforward({pushforward})' or the pullback 'static void {target.Name}Pullback({pullback})'";
    }
}
