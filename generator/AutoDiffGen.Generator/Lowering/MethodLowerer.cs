using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
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
    public LoweringOutcome(ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<Stmt>? body = null, LoweredMethod? method = null, EffectfulCall? effect = null, string? stateRead = null, ImmutableArray<string> wholeOutputs = default)
    {
        Diagnostics = diagnostics;
        Body = body;
        Method = method;
        Effect = effect;
        StateRead = stateRead;
        WholeOutputs = wholeOutputs.IsDefault ? ImmutableArray<string>.Empty : wholeOutputs;
    }

    /// <summary>The span outputs (by parameter name) the body writes whole before it reads any of their elements (see <see cref="Differentiation.ScratchBuffers.WritesWholeFirst"/>).</summary>
    public ImmutableArray<string> WholeOutputs { get; }

    /// <summary>The first state the body reads that a call can change (see <see cref="MethodLowerer.StateRead"/>); null when there is none, or when an error was found.</summary>
    public string? StateRead { get; }

    /// <summary>The first call in the body that running it again would repeat (see <see cref="MethodLowerer.RepeatedEffect"/>); null when there is none, or when an error was found.</summary>
    public EffectfulCall? Effect { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The lowered body, or null when an error was found (the generator then skips the method).</summary>
    public IReadOnlyList<Stmt>? Body { get; }

    /// <summary>
    /// The whole model, when lowered for <see cref="LoweringPurpose.Model"/> and no error was found;
    /// null for <see cref="LoweringPurpose.Diagnostics"/>.
    /// </summary>
    public LoweredMethod? Method { get; }
}

/// <summary>A call with a possible effect, named as written, and where it is (null when the lowering did not record it).</summary>
internal sealed record EffectfulCall(string Name, Location? Location);

/// <summary>
/// Why a call to a <c>[Differentiable]</c> callee cannot compose (<see cref="MethodLowerer.ComposeProblem"/>):
/// the reason, worded for ADG0006, and where inside the callee the problem sits (the offending
/// syntax first, then where that points on), reported as the diagnostic's additional locations.
/// </summary>
internal sealed record CompositionProblem(string Reason, ImmutableArray<Location> Inside = default);

/// <summary>What <see cref="MethodLowerer.Lower"/> is run for.</summary>
internal enum LoweringPurpose
{
    /// <summary>The generator: the model to differentiate (names, statement origins, modifiers, hierarchy).</summary>
    Model,

    /// <summary>
    /// The analyzer, and a caller checking a callee: every diagnostic and the lowered body, but not
    /// what only the generated code needs (the origin text of each statement, the model record).
    /// The rules applied are the same, so the diagnostics are too.
    /// </summary>
    Diagnostics,
}

/// <summary>
/// The rules of what can be differentiated, shared by the generator (which skips a method with an
/// error) and the analyzer (which reports every diagnostic): checks the method's shape, then
/// lowers its body through <see cref="BodyLowerer"/>.
/// </summary>
internal static class MethodLowerer
{
    /// <summary>
    /// How types are spelled in the IR and the generated code: fully qualified, and without nullable
    /// reference annotations (<c>double[]</c>, never <c>double[]?</c>), so that a type means the same
    /// string in every nullable context and language version. The generated file is
    /// nullable-oblivious (<c>#nullable disable</c> where the language version has the directive).
    /// </summary>
    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// <see cref="TypeFormat"/> with nullable reference annotations (<c>T?</c>): the generated members'
    /// signatures keep them, so that a <c>T? tag</c> of a generic type still takes <c>null</c> where
    /// <c>T</c> is bound to a non-nullable type (found in a new user's trial: CS8625).
    /// </summary>
    internal static readonly SymbolDisplayFormat AnnotatedTypeFormat = TypeFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The oldest C# the generated code compiles with (the <c>default</c> literal, <c>Span</c> from <c>stackalloc</c>).</summary>
    internal const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp7_3;

    /// <summary>
    /// Checks the method's shape, then lowers its body; <paramref name="body"/> is the body's
    /// operation when the caller has it already (the analyzer gets it from Roslyn's analyzer driver,
    /// which builds it once for every analyzer), else it is taken from <paramref name="model"/>.
    /// </summary>
    public static LoweringOutcome Lower(
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        SemanticModel model,
        CancellationToken cancellationToken,
        LoweringPurpose purpose = LoweringPurpose.Model,
        IOperation? body = null)
    {
        // A partial method with [Differentiable] on its declaring part: the part with the body is
        // differentiated (a new user's trial found "it has no body").
        if (method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementationSyntax)
        {
            model = implementationSyntax.SyntaxTree == syntax.SyntaxTree ? model : model.Compilation.GetSemanticModel(implementationSyntax.SyntaxTree);
            method = implementation;
            syntax = implementationSyntax;
            body = null;
        }

        var diagnostics = new List<Diagnostic>();
        var name = syntax.Identifier;

        // A signature the compiler reports an error in (a `T?` that the language version does not
        // allow): every member would repeat the error, so the method is left out, as one with an
        // error in its body is (the analyzer reports nothing of ours beside a compiler error).
        if (SignatureHasError(model, syntax, cancellationToken))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "its signature has a compiler error"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // The containing type and every enclosing type must be partial, so members can be added. (Not
        // said of an interface's method, which cannot be differentiated whatever its type is.)
        bool inInterface = syntax.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is InterfaceDeclarationSyntax;
        foreach (var type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!inInterface && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name));
            }
        }

        if (inInterface)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "methods of interfaces cannot be differentiated"));
        }

        if (method.ContainingType is { TypeKind: not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface) })
        {
            // A C# 14 extension block's member (extension(double x) { … }): silently skipped before.
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                "it is a member of an extension block; write it as a static method of a static class, with the receiver as its first parameter (this double x)"));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, syntax.TypeParameterList!.GetLocation(), method.Name, "generic methods are not supported"));
        }

        if (method.IsAsync || syntax.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "async methods are not supported"));
        }

        if (method.ContainingType is { } containing && EnclosingTypes(containing).Any(t => t.IsFileLocal))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                "it is in a file-local type, and C# keeps every part of a file-local type in one file, so the generated derivatives cannot be added to it; declare the type internal instead of file"));
        }

        if (syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: var languageVersion } && languageVersion < MinimumLanguageVersion)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                $"the generated code needs C# 7.3 or later, and this project uses C# {languageVersion.ToDisplayString()}; set <LangVersion> to 7.3 or later"));
        }

        if (AliasedName(syntax, model, cancellationToken) is { } aliased)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, aliased.Location, method.Name,
                $"it names '{aliased.Name}', of an assembly this project references only through the extern alias '{aliased.Alias}', which the generated code cannot name; reference that assembly without an alias too, or reach it through a method of this project"));
        }

        if (syntax.Body is null && syntax.ExpressionBody is null && !inInterface)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "it has no body"));
        }

        // Span<T> parameters of reals are outputs: a method with some may return void, a real (one
        // more output, first) or a tuple of reals (their elements first).
        bool spanOutputs = method.Parameters.Any(p => p.RefKind == RefKind.None && IsOutputSpan(p.Type)
            && !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute));
        var outputs = new List<ParameterModel>();
        // An async method's Task is said once, by ADG0004 above (a new user's trial, stop 30).
        bool isAsync = method.IsAsync || syntax.Modifiers.Any(SyntaxKind.AsyncKeyword);
        if (!isAsync && (method.ReturnsByRef || method.ReturnsByRefReadonly
            || !(IsReal(method.ReturnType) || TupleOutputs(method.ReturnType, outputs) || (spanOutputs && method.ReturnsVoid))))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString()));
        }
        else if (spanOutputs && IsReal(method.ReturnType))
        {
            outputs.Add(new ParameterModel("result", method.ReturnType.ToDisplayString(TypeFormat), ParameterRole.ActiveScalar));
        }

        if (AttributeArgument(method, "Generate") is int asked && (asked <= 0 || (asked & ~(int)MemberKinds.All) != 0))
        {
            string what = asked <= 0 ? "names no derivative member" : $"has flags that name no derivative member ({asked & ~(int)MemberKinds.All})";
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, AttributeArgumentLocation(method, "Generate", cancellationToken) ?? name.GetLocation(), method.Name,
                $"its [Differentiable(Generate = …)] {what}; combine one or more of DerivativeMembers.Gradient (the Jacobian of a vector-valued method), DerivativeMembers.Pushforward and DerivativeMembers.Pullback with '|', or leave Generate out for all of them"));
        }

        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var parameterSyntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax;
            var location = parameterSyntax?.GetLocation() ?? name.GetLocation();
            bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);
            string? problem = null;
            bool dataWouldDo = false;
            if (parameter.RefKind != RefKind.None)
            {
                problem = "ref, out and in parameters are not supported";
            }
            else if (!noDerivative && parameter.Type is IArrayTypeSymbol { Rank: > 1 } multi && IsReal(multi.ElementType))
            {
                problem = "multi-dimensional arrays are not supported; use a one-dimensional array in row-major order, or mark it [NoDerivative] to pass it as data";
                dataWouldDo = true;
            }
            else if (parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                // (The generated members would need an unsafe context: CS0214, a new user's trial.)
                problem = $"pointer type '{parameter.Type.ToDisplayString()}' is not supported; pass the data as an array or a span";
            }
            else if (parameter.Type.IsRefLikeType && !IsSpanLike(parameter.Type))
            {
                problem = $"ref struct type '{parameter.Type.ToDisplayString()}' is not supported";
            }
            else if (!noDerivative && !IsReal(parameter.Type) && RealElementType(parameter.Type) is null && !IsOutputSpan(parameter.Type) && HoldsReals(parameter.Type, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)))
            {
                problem = $"its type '{parameter.Type.ToDisplayString()}' holds double or float values that cannot be differentiated (only double, float, and one-dimensional arrays and ReadOnlySpans of them are); mark it [NoDerivative] to pass it as data";
                dataWouldDo = true;
            }

            if (problem is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedParameter, location,
                    dataWouldDo ? DiagnosticProperties.ForParameter(DiagnosticProperties.MarkParameterNoDerivative, parameter.Name) : null,
                    parameter.Name, method.Name, problem));
            }

            parameters.Add(ModelOf(parameter, noDerivative));
        }

        // One Jacobian, of one real type: every output and every active input in it.
        var realTypes = outputs.Select(o => (o.Name, Type: o.Type, IsOutput: true))
            .Concat(parameters.Where(p => p.Role != ParameterRole.Inactive).Select(p => (p.Name, Type: p.Role == ParameterRole.ActiveScalar ? p.Type : p.ElementType, IsOutput: p.Role == ParameterRole.Output)))
            .ToList();
        if ((outputs.Count > 0 || spanOutputs) && realTypes.FirstOrDefault(r => r.Type != realTypes[0].Type) is { Name: not null } mixed)
        {
            string first = realTypes[0].Type;
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(),
                // The outputs set the Jacobian's type (they come first): an input of the other type can be data.
                realTypes[0].IsOutput && !mixed.IsOutput ? DiagnosticProperties.ForParameter(DiagnosticProperties.MarkParameterNoDerivative, mixed.Name.TrimStart('@')) : null,
                method.Name,
                $"its Jacobian holds {first} values, but '{mixed.Name.TrimStart('@')}' is {(mixed.IsOutput ? "an output" : "differentiated")} in another type; make the active parameters and the outputs all double or all float{(mixed.IsOutput ? "" : $", or mark '{mixed.Name.TrimStart('@')}' [NoDerivative]")}"));
        }

        if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            CheckGeneratedMembers(method, parameters, outputs, name.GetLocation(), diagnostics);
        }

        bool withoutSpan = model.Compilation.GetTypeByMetadataName("System.Span`1") is null;
        if (withoutSpan && parameters.Any(p => p.Role == ParameterRole.ActiveArray))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                "the derivatives of array parameters are System.Span<T>, which this project does not reference; reference the System.Memory package, or mark the arrays [NoDerivative]"));
        }
        else if (withoutSpan && outputs.Count > 0 && (AskedMembers(method) & MemberKinds.Gradient) != 0)
        {
            // A tuple's Jacobian is written into a Span<T> (a new user's trial, stop 26: the generated
            // code did not compile on netstandard2.0 without System.Memory).
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                "its Jacobian is written into a System.Span<T>, which this project does not reference; reference the System.Memory package, or ask for the other members only: [Differentiable(Generate = DerivativeMembers.Pushforward | DerivativeMembers.Pullback)]"));
        }

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        body ??= BodyModel(model).GetOperation((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!, cancellationToken);
        if (body is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name, "its body could not be analysed"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        var reserved = new HashSet<string>(ReservedNames(method, syntax));
        // The names the derivatives' own parameters take (dx, xAdjoint, resultTangent, …) are kept
        // free of the method's locals, so that the public signature does not depend on what a local
        // is called (a local resultAdjoint is resultAdjoint_1 in the generated code instead).
        var derivativeNames = Differentiation.DerivativeNames.All(parameters.Select(p => p.Name).Concat(outputs.Select(o => o.Name)))
            .Where(n => !reserved.Contains(n)).ToList();
        int sourceLine = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var lowerer = new BodyLowerer(method, parameters, reserved.Concat(derivativeNames), sourceLine, purpose == LoweringPurpose.Model, diagnostics, cancellationToken);
        var statements = LowerOnStack(method, lowerer, body, out bool recursive);

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // Recursion composes through the method's own pullback, which runs the method (its forward
        // sweep) and then the pullbacks of the calls that lead back to it, which run it again: an
        // effect in it would be repeated, once more per level. (A vector method with an effect is
        // refused below in any case.)
        var repeatedEffect = RepeatedEffect(statements, lowerer.EffectSites);
        if (recursive && repeatedEffect is { } recursiveEffect && (outputs.Count == 0 && !spanOutputs))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoKnownDerivative, lowerer.RecursiveCall ?? name.GetLocation(), Where(recursiveEffect), lowerer.RecursiveCallee ?? method.ContainingType.Name + "." + method.Name,
                $"the call leads back to '{method.Name}' (recursion), which calls {recursiveEffect.Name}, which may have a side effect; the pullback of a recursive method runs it again at every level, so reverse mode would repeat it; call it outside and pass the result as a [NoDerivative] argument"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // A Jacobian runs the method's derivative sweeps once per output or per input: an inactive
        // call with an effect would run as often, and the rows would be derivatives at different
        // values (a counter, a random draw). Refuse rather than give a silently mixed Jacobian.
        if ((outputs.Count > 0 || spanOutputs) && repeatedEffect is { } effect)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, name.GetLocation(), method.Name,
                $"it {(spanOutputs ? "writes span outputs" : "returns a tuple")}, and its Jacobian runs it once per output or per input, but it calls {effect.Name}, which may have a side effect or a different result each time; call it outside and pass the result as a [NoDerivative] argument"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // A callee that reads state is run again by its pullback, in the reverse sweep, after all of
        // this method's forward sweep: a call after it that may change that state would make the
        // derivatives (and a value merged from two calls) see another value than the method did.
        if (StateChangedAfterRead(statements, lowerer.EffectSites) is var (reading, change))
        {
            string callee = reading.Receiver.Replace("global::", "") + "." + reading.Method;
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoKnownDerivative, lowerer.EffectSites.TryGetValue(reading, out var at) ? at : name.GetLocation(), Where(change), callee,
                $"it reads {reading.ReadsState}, which the call to {change.Name} after it (or in the same loop) may change, and the derivatives run '{reading.Method}' again (its pullback) after that call, so they would see another value than this method did; make that call before it (and outside any loop around both), or read the state here and pass it as a [NoDerivative] argument"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // An override's derivatives run wherever the base method's are composed through (callers
        // bind to the base; dispatch picks the override), and those callers were checked against the
        // base: an effect or a state read the base does not have would go unseen there (found in a
        // new user's trial: a state-reading override, a merged pair of calls, a wrong gradient).
        // (What an override reads is assumed at every call that dispatches: see BodyLowerer's
        // composed calls of virtual methods.)
        string? stateRead = StateRead(statements, parameters, lowerer.StateReads);
        var wholeOutputs = parameters.Where(p => p.Role == ParameterRole.Output && Differentiation.ScratchBuffers.WritesWholeFirst(statements, new Var(p.Name, p.Type)))
            .Select(p => p.Name.TrimStart('@')).ToImmutableArray();
        if (method.IsOverride && method.OverriddenMethod is { } baseMethod && IsDifferentiableMethod(baseMethod) && repeatedEffect is { } own
            && ComposeProblem(baseMethod, method, model.Compilation, cancellationToken, out _) is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, name.GetLocation(), Where(own), method.Name,
                $"its derivatives override those of '{baseMethod.ContainingType.Name}.{baseMethod.Name}', which callers compose through (their pullbacks run it again), and it calls {own.Name}, which may have a side effect, where '{baseMethod.ContainingType.Name}.{baseMethod.Name}' calls nothing of the kind, so those callers would repeat it unchecked; call it in the callers instead, and pass its result as a [NoDerivative] argument"));
            return new LoweringOutcome(diagnostics.ToImmutableArray());
        }

        // Only when the result does not depend on an active parameter at all: one that depends on
        // x through a step (Floor, a comparison) has derivative zero too, but ADG0008 or the
        // branch says why.
        if (!lowerer.ResultDependsOnActiveInputs)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ResultDoesNotDependOnActiveInputs, name.GetLocation(), method.Name));
        }

        if (purpose == LoweringPurpose.Diagnostics)
        {
            return new LoweringOutcome(diagnostics.ToImmutableArray(), statements, effect: repeatedEffect, stateRead: stateRead, wholeOutputs: wholeOutputs);
        }

        var hidden = HiddenMembers(method, parameters, outputs);
        var attribute = model.Compilation.GetTypeByMetadataName(KnownNames.DerivativeMemberAttribute);
        var lowered = new LoweredMethod(
            Hierarchy: GetHierarchy(method),
            Name: method.Name,
            Modifiers: Modifiers(method, hidden),
            ReturnType: method.ReturnType.ToDisplayString(TypeFormat),
            Outputs: outputs.ToEquatableArray(),
            Parameters: parameters.ToEquatableArray(),
            Body: statements.ToEquatableArray(),
            ReservedNames: lowerer.UsedNames.Except(derivativeNames).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
            SourceFile: System.IO.Path.GetFileName(syntax.SyntaxTree.FilePath),
            NamesLikeTemporaries: syntax.DescendantTokens()
                .Where(token => token.IsKind(SyntaxKind.IdentifierToken) && Simplification.SingleUseTemporaries.IsTemporaryName(token.ValueText))
                .Select(token => token.ValueText).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
            SourceLine: sourceLine,
            DenominatorLayout: AttributeArgument(method, "Layout") is int layout && layout == 1,
            Vectorize: AttributeArgument(method, "Vectorize") is not false,
            ReorderSums: ReordersSums(method),
            Generate: AskedMembers(method),
            VarIsKeyword: model.LookupNamespacesAndTypes(syntax.SpanStart, name: "var").IsEmpty,
            Hidden: hidden,
            Location: LocationInfo.From(name.GetLocation()),
            // Written on the generated members as [DerivativeMember], where the runtime has it (an
            // older runtime beside this generator would not: the members then go without).
            DocumentationId: attribute is null ? "" : method.OriginalDefinition.GetDocumentationCommentId() ?? "",
            RepeatedEffect: repeatedEffect?.Name,
            // (Only where the runtime's attribute has the property: an older runtime's has not.)
            ReadsState: attribute?.GetMembers("ReadsState").IsEmpty == false ? stateRead : null,
            WritesWhole: wholeOutputs.IsEmpty || attribute?.GetMembers("WritesWhole").IsEmpty != false ? null : string.Join(", ", wholeOutputs),
            CopiedAttributes: CopiedAttributes(method),
            Suppressions: ExperimentalIds(body));
        return new LoweringOutcome(diagnostics.ToImmutableArray(), statements, lowered, repeatedEffect, stateRead, wholeOutputs);
    }

    /// <summary>
    /// Whether the compiler reports an error (not a warning made an error) in the method's signature
    /// (from the declaration's start to its parameter list or constraint clauses): the declaration
    /// diagnostics of that span, as
    /// <see cref="SemanticModel.GetDeclarationDiagnostics"/> with that span gives them. Asked of the
    /// whole tree once per semantic model (the generator gets one per tree and run, for all of its
    /// methods) and filtered here: one call per span walked every declaration diagnostic of the
    /// compilation and ran the CLS compliance check once per method.
    /// </summary>
    private static bool SignatureHasError(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        int signatureEnd = syntax.ConstraintClauses.Count > 0 ? syntax.ConstraintClauses.Span.End : syntax.ParameterList.Span.End;
        var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.SpanStart, signatureEnd);
        var errors = TreeDeclarationErrors.GetValue(model, m => new DeclarationErrors(m.GetDeclarationDiagnostics(null, cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError).ToImmutableArray()));

        // As Roslyn filters a span (Diagnostic.HasIntersectingLocation): the location or an
        // additional one in this tree, intersecting the span.
        foreach (var error in errors.Diagnostics)
        {
            if (Intersects(error.Location) || error.AdditionalLocations.Any(Intersects))
            {
                return true;
            }
        }

        return false;

        bool Intersects(Location location)
            => location.IsInSource && location.SourceTree == syntax.SyntaxTree && span.IntersectsWith(location.SourceSpan);
    }

    private sealed class DeclarationErrors
    {
        public DeclarationErrors(ImmutableArray<Diagnostic> diagnostics) => Diagnostics = diagnostics;

        public ImmutableArray<Diagnostic> Diagnostics { get; }
    }

    /// <summary>The declaration errors of a semantic model's tree, kept as long as the model lives.</summary>
    private static readonly ConditionalWeakTable<SemanticModel, DeclarationErrors> TreeDeclarationErrors = new();

    /// <summary>
    /// The model the body is bound with: <paramref name="model"/>'s tree without the nullable
    /// analysis, which Roslyn otherwise runs over every body it binds where nullable is enabled, and
    /// which nothing in lowering reads (types are written without nullable annotations; the
    /// signatures' annotations come from the declared symbols). Where the Roslyn that runs the
    /// generator lacks the option (experimental in Roslyn 4.x), <paramref name="model"/> itself.
    /// </summary>
    private static SemanticModel BodyModel(SemanticModel model)
    {
        if (withoutNullableAnalysisUnavailable)
        {
            return model;
        }

        try
        {
            return WithoutNullableAnalysis(model);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // A Roslyn without the option (MissingMemberException, TypeLoadException), or one that
            // rejects it: the driver's model, which binds the same operations.
            withoutNullableAnalysisUnavailable = true;
            return model;
        }
    }

    private static bool withoutNullableAnalysisUnavailable;

    [MethodImpl(MethodImplOptions.NoInlining)]
#pragma warning disable RSEXPERIMENTAL001 // SemanticModelOptions: guarded above, with the model itself as the fallback.
    private static SemanticModel WithoutNullableAnalysis(SemanticModel model)
        => model.Compilation.GetSemanticModel(model.SyntaxTree, SemanticModelOptions.DisableNullableAnalysis | (model.IgnoresAccessibility ? SemanticModelOptions.IgnoreAccessibility : SemanticModelOptions.None));
#pragma warning restore RSEXPERIMENTAL001

    /// <summary>The method's <c>[Obsolete]</c> and <c>[Experimental]</c> as C# (see <see cref="LoweredMethod.CopiedAttributes"/>).</summary>
    private static EquatableArray<string> CopiedAttributes(IMethodSymbol method)
    {
        var copied = new List<string>();
        foreach (var a in method.GetAttributes())
        {
            string? name = a.AttributeClass?.ToDisplayString();
            if (name is "System.ObsoleteAttribute" or "System.Diagnostics.CodeAnalysis.ExperimentalAttribute" && a.ApplicationSyntaxReference is not null)
            {
                var arguments = a.ConstructorArguments.Select(c => c.Value switch
                {
                    string text => SymbolDisplay.FormatLiteral(text, quote: true),
                    bool flag => flag ? "true" : "false",
                    _ => "null",
                }).Concat(a.NamedArguments.Where(n => n.Value.Value is string).Select(n => n.Key + " = " + SymbolDisplay.FormatLiteral((string)n.Value.Value!, quote: true)));
                copied.Add("[global::" + name + "(" + string.Join(", ", arguments) + ")]");
            }
        }

        return copied.ToEquatableArray();
    }

    /// <summary>The diagnostic IDs of the <c>[Experimental]</c> members, types or assemblies the body uses (see <see cref="LoweredMethod.Suppressions"/>).</summary>
    private static EquatableArray<string> ExperimentalIds(IOperation body)
    {
        var ids = new SortedSet<string>(System.StringComparer.Ordinal);
        // Each symbol (a member, its containing types, its assembly) is looked at once per body: a
        // body calls the same few types' members again and again.
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        void Add(ISymbol? symbol)
        {
            for (var s = symbol; s is not null && seen.Add(s); s = s.ContainingSymbol is INamespaceSymbol ? null : s.ContainingSymbol)
            {
                Collect(s.GetAttributes());
            }

            if (symbol?.ContainingAssembly is { } assembly && seen.Add(assembly))
            {
                Collect(assembly.GetAttributes());
            }
        }

        void Collect(ImmutableArray<AttributeData> attributes)
        {
            foreach (var a in attributes)
            {
                if (a.AttributeClass is { Name: "ExperimentalAttribute", ContainingNamespace: { Name: "CodeAnalysis", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
                    && a.ConstructorArguments.FirstOrDefault().Value is string id && id.Length > 0)
                {
                    ids.Add(id);
                }
            }
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            Add(operation switch
            {
                IInvocationOperation call => call.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                IMemberReferenceOperation member => member.Member,
                _ => null,
            });
        }

        return ids.ToEquatableArray();
    }

    /// <summary>
    /// <c>((T)literal)</c>, a constant of a type without a literal of its own (an enum, <c>nint</c>,
    /// <c>short</c>); a negative one in parentheses, <c>((nint)(-5))</c>, as C# requires after a cast to
    /// a type name that is no keyword (CS0075).
    /// </summary>
    internal static string CastLiteral(string type, string literal)
        => "((" + type + ")" + (literal.StartsWith("-", System.StringComparison.Ordinal) ? "(" + literal + ")" : literal) + ")";

    internal static bool IsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>
    /// For a tuple of reals of one type (<c>(double f, double g)</c>, <c>(float, float, float)</c>):
    /// adds one output per element, named by the element's name or <c>itemK</c>, and returns true.
    /// </summary>
    private static bool TupleOutputs(ITypeSymbol type, List<ParameterModel> outputs)
    {
        if (type is not INamedTypeSymbol { IsTupleType: true } tuple
            || tuple.TupleElements.Any(e => !IsReal(e.Type) || !SymbolEqualityComparer.Default.Equals(e.Type, tuple.TupleElements[0].Type)))
        {
            return false;
        }

        for (int i = 0; i < tuple.TupleElements.Length; i++)
        {
            var element = tuple.TupleElements[i];
            string name = element.IsExplicitlyNamedTupleElement ? element.Name : "item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            outputs.Add(new ParameterModel(EscapeIdentifier(name), element.Type.ToDisplayString(TypeFormat), ParameterRole.ActiveScalar));
        }

        return true;
    }

    private static IEnumerable<INamedTypeSymbol> EnclosingTypes(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            yield return t;
        }
    }

    /// <summary>
    /// Whether a value of <paramref name="type"/> carries <c>double</c>/<c>float</c> data that a
    /// parameter of that type would silently pass as a constant: a real, an array of them, a type
    /// argument that holds reals (<c>List&lt;double&gt;</c>, <c>double?</c>, tuples,
    /// <c>Memory&lt;double&gt;</c>), a <c>System.Numerics</c> value type (<c>Vector2</c>,
    /// <c>Complex</c>, …), or a struct, record or class with an instance field or property that
    /// holds reals. Delegates, enums, <c>string</c> and <c>decimal</c> do not.
    /// </summary>
    internal static bool HoldsReals(ITypeSymbol type, int depth, HashSet<ITypeSymbol> seen)
    {
        if (IsReal(type))
        {
            return true;
        }

        if (depth > 4 || !seen.Add(type))
        {
            return false;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return HoldsReals(array.ElementType, depth + 1, seen);
            case INamedTypeSymbol named:
                if (named.TypeKind is TypeKind.Delegate or TypeKind.Enum || named.SpecialType != SpecialType.None)
                {
                    return false;
                }

                if (named.TypeArguments.Any(t => HoldsReals(t, depth + 1, seen)))
                {
                    return true;
                }

                if (named.ContainingNamespace is { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    && named.Name is "Complex" or "Vector2" or "Vector3" or "Vector4" or "Quaternion" or "Plane" or "Matrix3x2" or "Matrix4x4" or "BFloat16")
                {
                    return true;
                }

                // The other floating types (a real value each, not differentiated: a new user's
                // trial found a Half parameter taken as a constant, with no diagnostic).
                if ((named.Name == "Half" && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                    || (named.Name == "NFloat" && named.ContainingNamespace is { Name: "InteropServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }))
                {
                    return true;
                }

                // Instance data: every field of a type declared in source; public fields (and, in
                // source, properties) of others, as far as metadata shows them.
                bool inSource = named.Locations.Any(l => l.IsInSource);
                foreach (var member in named.GetMembers())
                {
                    if (member.IsStatic || member.IsImplicitlyDeclared && member is not IFieldSymbol)
                    {
                        continue;
                    }

                    var memberType = member switch
                    {
                        IFieldSymbol f when inSource || f.DeclaredAccessibility == Accessibility.Public => f.Type,
                        IPropertySymbol { IsIndexer: false } p when inSource => p.Type,
                        _ => null,
                    };
                    if (memberType is not null && HoldsReals(memberType, depth + 1, seen))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>What a parameter is to the derivatives: its role, and the element type of an active array or an output span.</summary>
    private static ParameterModel ModelOf(IParameterSymbol parameter, bool noDerivative)
    {
        var elementType = RealElementType(parameter.Type);
        bool output = !noDerivative && IsOutputSpan(parameter.Type);
        var role = noDerivative ? ParameterRole.Inactive
            : IsReal(parameter.Type) ? ParameterRole.ActiveScalar
            : elementType is not null ? ParameterRole.ActiveArray
            : output ? ParameterRole.Output
            : ParameterRole.Inactive;
        string element = role == ParameterRole.ActiveArray ? elementType!
            : role == ParameterRole.Output ? ((INamedTypeSymbol)parameter.Type).TypeArguments[0].ToDisplayString(TypeFormat)
            : "";
        string type = parameter.Type.ToDisplayString(TypeFormat);
        string declared = parameter.Type.ToDisplayString(AnnotatedTypeFormat);
        return new ParameterModel(EscapeIdentifier(parameter.Name), type, role, element, declared == type ? null : declared);
    }

    /// <summary>
    /// The generated members of <paramref name="method"/>, by kind: name suffix and parameter types
    /// (<c>out </c>/<c>ref </c> prefixed), as <see cref="CheckGeneratedMembers"/> compares them.
    /// </summary>
    private static List<(MemberKinds Kind, string Suffix, List<string> Types)> GeneratedShapes(IMethodSymbol method, List<ParameterModel> parameters, List<ParameterModel> outputs)
    {
        var spans = parameters.Where(p => p.Role == ParameterRole.Output).ToList();
        bool vector = outputs.Count > 0 || spans.Count > 0;
        var results = vector ? outputs.Select(o => o.Type).ToList() : new List<string> { method.ReturnType.ToDisplayString(TypeFormat) };
        var original = parameters.Select(p => p.Type).ToList();
        var active = parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveArray).ToList();
        string Span(ParameterModel p, bool readOnly) => (readOnly ? "global::System.ReadOnlySpan<" : "global::System.Span<") + p.ElementType + ">";
        var generated = MemberKindsOf.Generated(AskedMembers(method), vector);
        var shapes = new (MemberKinds Kind, string Suffix, List<string> Types)[]
        {
            vector
                ? (MemberKinds.Gradient, "Jacobian", original.Append("global::System.Span<" + (outputs.Count > 0 ? outputs[0].Type : spans[0].ElementType) + ">").ToList())
                : (MemberKinds.Gradient, "Gradient", original.Concat(active.Select(p => p.Role == ParameterRole.ActiveArray ? Span(p, false) : "out " + p.Type)).ToList()),
            (MemberKinds.Pushforward, "Pushforward", original.Concat(active.Select(p => p.Role == ParameterRole.ActiveArray ? Span(p, true) : p.Type)).Concat(results.Select(r => "out " + r)).Concat(spans.Select(o => Span(o, false))).ToList()),
            (MemberKinds.Pullback, "Pullback", original.Concat(results).Concat(spans.Select(o => Span(o, true))).Concat(active.Select(p => p.Role == ParameterRole.ActiveArray ? Span(p, false) : "ref " + p.Type)).ToList()),
        };
        return shapes.Where(s => (generated & s.Kind) != 0).ToList();
    }

    /// <summary>The parameter types of the members another differentiable method generates (<see cref="GeneratedShapes"/>), or null when it returns no real, tuple of reals or void.</summary>
    private static List<(MemberKinds Kind, string Suffix, List<string> Types)>? GeneratedShapesOf(IMethodSymbol other)
    {
        var outputs = new List<ParameterModel>();
        if (!IsReal(other.ReturnType) && !TupleOutputs(other.ReturnType, outputs) && !other.ReturnsVoid)
        {
            return null;
        }

        var parameters = other.Parameters.Select(p => ModelOf(p, p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute))).ToList();
        if (parameters.Any(p => p.Role == ParameterRole.Output) && IsReal(other.ReturnType))
        {
            outputs.Add(new ParameterModel("result", other.ReturnType.ToDisplayString(TypeFormat), ParameterRole.ActiveScalar));
        }

        return GeneratedShapes(other, parameters, outputs);
    }

    /// <summary>
    /// The generated members must not collide with what the type already has: a member of the same
    /// name that is not a method, or a method of the same name and parameter types (CS0102/CS0111),
    /// and an override needs derivatives in the base to override (CS0115). Each collision is ADG0011.
    /// </summary>
    private static void CheckGeneratedMembers(IMethodSymbol method, List<ParameterModel> parameters, List<ParameterModel> outputs, Location location, List<Diagnostic> diagnostics)
    {
        var type = method.ContainingType;
        bool vector = outputs.Count > 0 || parameters.Any(p => p.Role == ParameterRole.Output);
        var generated = MemberKindsOf.Generated(AskedMembers(method), vector);
        var shapes = GeneratedShapes(method, parameters, outputs);
        foreach (var (kind, suffix, types) in shapes)
        {
            string memberName = method.Name + suffix;
            foreach (var existing in type.GetMembers(memberName))
            {
                if (IsGeneratedByUs(existing))
                {
                    continue;
                }

                string? clash = existing switch
                {
                    IMethodSymbol m when SameSignature(m, types) => $"the type already has a method '{memberName}' with the parameters the generated one would have",
                    IMethodSymbol => null,
                    _ => $"the type already has a {existing.Kind.ToString().ToLowerInvariant()} named '{memberName}'",
                };
                if (clash is not null)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name, clash + "; rename it or the differentiable method"));
                }
            }
        }

        // Another [Differentiable] overload's generated members may have the same parameters as this
        // one's (F(double w, double b) and F(double w, [NoDerivative] double x, [NoDerivative] double y)
        // both get FPushforward(double, double, double, double, out double): CS0111).
        // Also those of base types (found in a new user's trial: a derived overload's 'new'
        // FPushforward hid the base overload's, so a call of the base overload bound to it).
        var overriddenChain = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var up = method.OverriddenMethod; up is not null; up = up.OverriddenMethod)
        {
            overriddenChain.Add(up.OriginalDefinition);
        }

        var overloads = new List<IMethodSymbol>();
        for (var holder = type; holder is not null; holder = holder.BaseType)
        {
            overloads.AddRange(holder.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Where(m => SymbolEqualityComparer.Default.Equals(holder, type) || m.DeclaredAccessibility != Accessibility.Private));
        }

        foreach (var overload in overloads)
        {
            bool inBase = !SymbolEqualityComparer.Default.Equals(overload.ContainingType, type);
            if (SymbolEqualityComparer.Default.Equals(overload, method) || SymbolEqualityComparer.Default.Equals(overload, method.PartialDefinitionPart)
                || overriddenChain.Contains(overload.OriginalDefinition)
                || !IsDifferentiableMethod(overload) || overload.Parameters.Any(p => p.RefKind != RefKind.None)
                || (inBase && (IsOverriddenIn(overload, type) || overload.Parameters.Select(p => p.Type).SequenceEqual(method.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default))))
            {
                // (Itself, one it overrides, one overridden further down, or a base method this one hides, signature for signature.)
                continue;
            }

            if (GeneratedShapesOf(overload) is not { } overloadShapes)
            {
                continue;
            }

            foreach (var (kind, suffix, types) in shapes)
            {
                if (overloadShapes.Any(o => o.Suffix == suffix && o.Types.SequenceEqual(types, ByRefAgnostic.Instance)))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name,
                        $"its '{method.Name}{suffix}' would have the same parameters as the one generated for the overload '{overload.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'; rename one of them, or give them parameters that tell their derivatives apart"));
                    break;
                }
            }
        }

        // An override of a differentiable method overrides its derivatives (see Modifiers): the base
        // must have them.
        if (method.IsOverride && method.OverriddenMethod is { } overridden && IsDifferentiableMethod(overridden) && SameRoles(overridden, method))
        {
            string? why = overridden.IsAbstract ? "it is abstract, so none are generated for it"
                : overridden.DeclaringSyntaxReferences.Length == 0 && overridden.ContainingType.GetMembers(overridden.Name + "Pullback").IsEmpty ? "its assembly has none"
                : null;
            if (why is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name,
                    $"its derivatives would override those of '{overridden.ContainingType.Name}.{overridden.Name}', but {why}; give the base method a body, or remove [Differentiable] from it"));
            }
            else if (GeneratedMembers(overridden) != generated)
            {
                // Fewer would leave a base derivative of another function callable on this type; more
                // would override members the base does not have.
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name,
                    $"its derivatives override those of '{overridden.ContainingType.Name}.{overridden.Name}', which generates {MemberKindsOf.Describe(GeneratedMembers(overridden), overridden.Name, vector)}, and this method would generate {MemberKindsOf.Describe(generated, method.Name, vector)}; give both the same [Differentiable(Generate = …)]"));
            }
            else if (ReordersSums(overridden) != ReordersSums(method))
            {
                // A caller's pushforward takes the value from the callee's pushforward unless the
                // method it calls (statically) reorders sums: the override must agree with its base.
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name,
                    $"its derivatives override those of '{overridden.ContainingType.Name}.{overridden.Name}', which {(ReordersSums(overridden) ? "reorders" : "does not reorder")} its sums, and this method {(ReordersSums(method) ? "does" : "does not")}; give both the same [Differentiable(ReorderSums = …)]"));
            }
        }
        else if (method.IsOverride && method.OverriddenMethod is { } other && IsDifferentiableMethod(other))
        {
            // Other [NoDerivative] parameters give the derivatives other signatures: they cannot
            // override the base's, which this type would inherit, differentiating the base method.
            var different = FirstOtherRole(other, method);
            var inBase = different is null ? null : other.OriginalDefinition.Parameters[different.Ordinal];
            string which = different is not null && inBase is not null && !HasNoDerivative(inBase) && !HasNoDerivative(different)
                // Not an attribute: the base's parameter is of a type parameter (data in its members).
                ? $"its parameter '{different.Name}' is differentiated here, but in '{other.ContainingType.Name}.{other.Name}' it is of type '{inBase.Type.ToDisplayString()}', which its derivatives take as data; mark '{different.Name}' [NoDerivative]"
                : "mark the same parameters [NoDerivative] as the base method";
            string differ = which.StartsWith("its parameter", System.StringComparison.Ordinal) ? "it differentiates other parameters" : "its [NoDerivative] parameters are not the same";
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberConflict, location, method.Name,
                $"its derivatives would override those of '{other.ContainingType.Name}.{other.Name}', but {differ}, so they would have other parameters and this type would inherit the base's, which differentiate '{other.ContainingType.Name}.{other.Name}'; {which}"));
        }

        static bool SameSignature(IMethodSymbol m, List<string> types)
        {
            if (m.Parameters.Length != types.Count)
            {
                return false;
            }

            for (int i = 0; i < types.Count; i++)
            {
                var p = m.Parameters[i];
                string expected = types[i];
                bool byRef = expected.StartsWith("out ", System.StringComparison.Ordinal) || expected.StartsWith("ref ", System.StringComparison.Ordinal);
                // ref and out cannot overload each other, so either counts as a clash.
                if (byRef != (p.RefKind is RefKind.Ref or RefKind.Out) || (byRef ? expected.Substring(4) : expected) != p.Type.ToDisplayString(TypeFormat))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Whether a method of a base type is overridden in <paramref name="type"/> or a type between.</summary>
    private static bool IsOverriddenIn(IMethodSymbol baseMethod, INamedTypeSymbol type)
    {
        for (var holder = type; holder is not null && !SymbolEqualityComparer.Default.Equals(holder, baseMethod.ContainingType); holder = holder.BaseType)
        {
            foreach (var m in holder.GetMembers(baseMethod.Name).OfType<IMethodSymbol>())
            {
                for (var up = m.OverriddenMethod; up is not null; up = up.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(up.OriginalDefinition, baseMethod.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Parameter types compared as C# overloads them: <c>ref</c> and <c>out</c> of one type are one.</summary>
    private sealed class ByRefAgnostic : IEqualityComparer<string>
    {
        public static readonly ByRefAgnostic Instance = new();

        public bool Equals(string? x, string? y) => Strip(x) == Strip(y);

        public int GetHashCode(string obj) => Strip(obj)?.GetHashCode() ?? 0;

        private static string? Strip(string? type)
            => type is not null && (type.StartsWith("out ", System.StringComparison.Ordinal) || type.StartsWith("ref ", System.StringComparison.Ordinal)) ? "&" + type.Substring(4) : type;
    }

    /// <summary>Members AutoDiffGen generated (the analyzer sees them in the compilation).</summary>
    private static bool IsGeneratedByUs(ISymbol symbol)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == KnownNames.GeneratorName);

    internal static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// A type's or type parameter's name as a declaration: keywords escaped, and contextual ones too
    /// (<c>@var</c>, <c>@record</c>), so that the generated part neither misparses nor draws the
    /// lower-case type name warning (CS8981) the user's own declaration escaped.
    /// </summary>
    private static string EscapeTypeName(string name)
        => SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : EscapeIdentifier(name);

    /// <summary><c>Span&lt;double&gt;</c> or <c>Span&lt;float&gt;</c>: an output parameter of a vector-valued method.</summary>
    internal static bool IsOutputSpan(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Span" } span && IsSpanLike(span) && IsReal(span.TypeArguments[0]);

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

    /// <summary>
    /// Names a generated local or parameter must not take: the method's parameters, the containing
    /// types' names, type parameters and primary-constructor parameters, and those of their members
    /// that the method mentions. Generated code reaches every member through <c>this.</c> or its
    /// type's full name, so only a member whose name the method's own text uses (and which the
    /// generated code may copy) needs reserving; an unrelated member added to the type leaves the
    /// model, and so the differentiation, unchanged.
    /// </summary>
    private static IEnumerable<string> ReservedNames(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var type = TypeNamesOf(method.ContainingType);
        var names = new HashSet<string>(type.Reserved);
        foreach (var mention in syntax.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            string text = mention.Identifier.ValueText;
            if (type.Members.Contains(text))
            {
                names.Add(text);
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

    /// <summary>
    /// The names a type gives all its methods' generated code to avoid, computed once per type and
    /// compilation (symbols are per compilation, so an edit that changes the type makes a new one):
    /// the generator and the analyzer lower every method of a type, and each would otherwise walk the
    /// same members of the same types and base types again.
    /// </summary>
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeNames> typeNames = new();

    /// <summary>The referenced assemblies a compilation reaches only through an extern alias, with that alias.</summary>
    private static readonly ConditionalWeakTable<Compilation, Dictionary<IAssemblySymbol, string>> aliasedAssemblies = new();

    /// <summary>The referenced assemblies <paramref name="compilation"/> reaches only through an extern alias (<c>extern alias L;</c>), with that alias; once per compilation.</summary>
    internal static Dictionary<IAssemblySymbol, string> AliasedAssemblies(Compilation compilation)
        => aliasedAssemblies.GetValue(compilation, static compilation =>
        {
            var map = new Dictionary<IAssemblySymbol, string>(SymbolEqualityComparer.Default);
            foreach (var reference in compilation.References)
            {
                var aliases = reference.Properties.Aliases;
                if (!aliases.IsDefaultOrEmpty && !aliases.Contains(MetadataReferenceProperties.GlobalAlias)
                    && compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
                {
                    map[assembly] = aliases[0];
                }
            }

            return map;
        });

    /// <summary>The alias of the assembly a symbol or type (its type arguments and element types included) comes from, when that is one of <paramref name="aliased"/>; else null.</summary>
    internal static string? AliasOf(ISymbol? symbol, Dictionary<IAssemblySymbol, string> aliased) => symbol switch
    {
        null => null,
        IArrayTypeSymbol array => AliasOf(array.ElementType, aliased),
        INamedTypeSymbol named when named.TypeArguments.Select(t => AliasOf(t, aliased)).FirstOrDefault(a => a is not null) is { } argument => argument,
        IMethodSymbol generic when generic.TypeArguments.Select(t => AliasOf(t, aliased)).FirstOrDefault(a => a is not null) is { } argument => argument,
        _ => symbol.ContainingAssembly is { } assembly && aliased.TryGetValue(assembly, out var alias) ? alias : null,
    };

    /// <summary>
    /// The first name in the method (signature or body) of a symbol or type, type arguments and
    /// element types included, from an assembly referenced only through an extern alias (<c>extern
    /// alias L; … L::Shapes.Box</c>): the generated code names types from <c>global::</c>, where such
    /// a type is not (CS0400 in the generated file before; stop 25). Null where there is none, at
    /// once for a project without such references.
    /// </summary>
    private static (Location Location, string Name, string Alias)? AliasedName(MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        var aliased = AliasedAssemblies(model.Compilation);
        if (aliased.Count == 0)
        {
            return null;
        }

        foreach (var name in syntax.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var symbol in new[] { model.GetSymbolInfo(name, cancellationToken).Symbol, model.GetTypeInfo(name, cancellationToken).Type })
            {
                if (AliasOf(symbol, aliased) is { } alias)
                {
                    return (name.GetLocation(), symbol!.Name, alias);
                }
            }
        }

        return null;
    }

    private static TypeNames TypeNamesOf(INamedTypeSymbol containing) => typeNames.GetValue(containing, static containing =>
    {
        var members = new HashSet<string>();
        var reserved = new HashSet<string>();
        for (var type = containing; type is not null; type = type.ContainingType)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                members.UnionWith(t.MemberNames);
            }

            reserved.Add(type.Name);
            foreach (var constructor in type.InstanceConstructors)
            {
                // Primary-constructor parameters are in scope in the generated part too.
                if (constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax))
                {
                    foreach (var parameter in constructor.Parameters)
                    {
                        reserved.Add(EscapeIdentifier(parameter.Name));
                    }
                }
            }

            foreach (var typeParameter in type.TypeParameters)
            {
                reserved.Add(typeParameter.Name);
            }
        }

        return new TypeNames(members, reserved);
    });

    /// <param name="Members">Names of the members of the containing types and their base types: reserved where a method mentions them.</param>
    /// <param name="Reserved">The containing types' names, type parameters and primary-constructor parameters: reserved always.</param>
    private sealed record TypeNames(HashSet<string> Members, HashSet<string> Reserved);

    /// <param name="hidden">What the derivatives of base methods of the same name generate (<see cref="HiddenMembers"/>): anything makes the members <c>new</c>, which differentiation takes off those of other kinds.</param>
    private static string Modifiers(IMethodSymbol method, MemberKinds hidden)
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
            return accessibility + (hidden != MemberKinds.None ? " new static" : " static");
        }

        // The derivatives follow the method: an override of a differentiable method overrides its
        // derivatives too, a virtual method has virtual derivatives, and a method that hides a
        // differentiable one hides its derivatives.
        if (method.IsOverride && method.OverriddenMethod is { } overridden && IsDifferentiable(overridden) && SameRoles(overridden, method))
        {
            return accessibility + (method.IsSealed ? " sealed override" : " override");
        }

        string hides = hidden != MemberKinds.None ? " new" : "";
        if (method.IsReadOnly && method.ContainingType.TypeKind == TypeKind.Struct && !method.ContainingType.IsReadOnly)
        {
            // A readonly member of a struct gets readonly derivatives (no defensive copies).
            return accessibility + hides + " readonly";
        }

        bool canBeVirtual = !method.ContainingType.IsSealed && method.ContainingType.TypeKind == TypeKind.Class;
        return accessibility + hides + ((method.IsVirtual || (method.IsOverride && !method.IsSealed)) && canBeVirtual ? " virtual" : "");
    }

    private static bool IsDifferentiable(IMethodSymbol method) => IsDifferentiableMethod(method);

    /// <summary>Whether <paramref name="method"/> says <c>[Differentiable(ReorderSums = true)]</c>.</summary>
    internal static bool ReordersSums(IMethodSymbol method) => AttributeArgument(method, "ReorderSums") is true;

    /// <summary>The value of a named argument of the method's <c>[Differentiable]</c> attribute, or null when it is not given.</summary>
    private static object? AttributeArgument(IMethodSymbol method, string key)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == key)
                    {
                        return argument.Value.Value;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Where a named argument of the method's <c>[Differentiable]</c> is written, or null.</summary>
    private static Location? AttributeArgumentLocation(IMethodSymbol method, string key, CancellationToken cancellationToken)
        => method.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute)
            .Select(a => a.ApplicationSyntaxReference?.GetSyntax(cancellationToken))
            .OfType<AttributeSyntax>()
            .SelectMany(a => a.ArgumentList?.Arguments ?? default)
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == key)?.GetLocation();

    /// <summary>The members <c>[Differentiable(Generate = …)]</c> asks for (all when it is not given).</summary>
    internal static MemberKinds AskedMembers(IMethodSymbol method)
        => AttributeArgument(method, "Generate") is int asked ? (MemberKinds)asked & MemberKinds.All : MemberKinds.All;

    /// <summary>The members generated for a differentiable method (see <see cref="MemberKindsOf.Generated"/>).</summary>
    internal static MemberKinds GeneratedMembers(IMethodSymbol method)
        => MemberKindsOf.Generated(AskedMembers(method), IsVectorValued(method));

    /// <summary>Whether a method returns a tuple or has span outputs (it gets a Jacobian instead of a gradient).</summary>
    internal static bool IsVectorValued(IMethodSymbol method)
        => method.ReturnType is INamedTypeSymbol { IsTupleType: true }
            || method.Parameters.Any(p => p.RefKind == RefKind.None && IsOutputSpan(p.Type) && !HasNoDerivative(p));

    internal static bool IsDifferentiableMethod(IMethodSymbol method)
        => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute);

    internal static bool HasNoDerivative(IParameterSymbol parameter)
        => parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);

    /// <summary>
    /// The methods whose bodies this thread is lowering, outermost first. A caller lowers each
    /// <c>[Differentiable]</c> callee to check it (<see cref="ComposeProblem"/>), so a chain of calls
    /// is a stack here, and a call to a method already on it closes a cycle: recursion, direct or
    /// mutual. The analyzer and the generator lower on many threads at once, each with its own stack.
    /// </summary>
    [System.ThreadStatic]
    private static List<IMethodSymbol>? lowering;

    /// <summary>Methods on <see cref="lowering"/> that a call reached again: each is recursive.</summary>
    [System.ThreadStatic]
    private static HashSet<IMethodSymbol>? reentered;

    /// <summary>Whether a call reached <paramref name="method"/> again while it is being lowered (it is recursive).</summary>
    internal static bool IsReentered(IMethodSymbol method) => reentered?.Contains(method.OriginalDefinition) == true;

    /// <summary>
    /// What <see cref="ComposeProblem"/> found for each callee it lowered during the outermost
    /// lowering on this thread, with the methods further up the stack it took to compose (the calls
    /// that closed a cycle): an answer holds again wherever those are all still on the stack, so each
    /// callee is lowered once per such set, not once per path through the call graph (a layered call
    /// graph, or methods that all call each other, have exponentially many paths).
    /// </summary>
    [System.ThreadStatic]
    private static Dictionary<IMethodSymbol, List<(CompositionProblem? Problem, string? StateRead, ImmutableArray<string> WholeOutputs, IMethodSymbol[] Assumed)>>? composed;

    /// <summary>For each <see cref="ComposeProblem"/> in progress on this thread, the methods on the stack its calls reached again.</summary>
    [System.ThreadStatic]
    private static List<HashSet<IMethodSymbol>>? assuming;

    /// <summary>Lowers the body with the method on <see cref="lowering"/>; <paramref name="recursive"/> says whether a call reached it again.</summary>
    private static List<Stmt> LowerOnStack(IMethodSymbol method, BodyLowerer lowerer, IOperation body, out bool recursive)
    {
        var key = method.OriginalDefinition;
        (lowering ??= new List<IMethodSymbol>()).Add(key);
        try
        {
            return lowerer.LowerBody(body);
        }
        finally
        {
            lowering.RemoveAt(lowering.Count - 1);
            recursive = reentered?.Remove(key) == true;
            if (lowering.Count == 0)
            {
                // The answers hold for this compilation and this outermost method's stack only.
                composed = null;
            }
        }
    }

    /// <summary>A call reached <paramref name="key"/>, which is being lowered further up: it is recursive, and every check in progress assumed it composes.</summary>
    private static void Reenter(IMethodSymbol key)
    {
        (reentered ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(key);
        foreach (var frame in assuming ?? Enumerable.Empty<HashSet<IMethodSymbol>>())
        {
            frame.Add(key);
        }
    }

    /// <summary>
    /// Why calls to <paramref name="callee"/> cannot compose through its generated members, or null
    /// when they can: it is differentiable itself (lowered here), or, from another assembly, has its
    /// pushforward and pullback. The reason is worded for ADG0006 ("'G' is called with an active
    /// argument, but …"); where the problem sits inside the callee, <see cref="CompositionProblem.Inside"/>
    /// says where.
    /// </summary>
    /// <remarks>
    /// A callee being lowered further up this thread's stack (the method itself, or one that calls
    /// it: recursion) is taken to compose. That is what it is checked for where it is lowered:
    /// its own errors are its own diagnostics, and a recursive method whose pullback would repeat an
    /// effect is refused there (in <see cref="Lower"/>). So each method is judged with every
    /// method it reaches lowered once, and no cycle is followed twice.
    /// </remarks>
    /// <param name="stateRead">The first state the callee reads that a call can change (<see cref="StateRead"/>), when it composes.</param>
    internal static CompositionProblem? ComposeProblem(IMethodSymbol callee, IMethodSymbol caller, Compilation? compilation, CancellationToken cancellationToken, out string? stateRead)
        => ComposeProblem(callee, caller, compilation, cancellationToken, out stateRead, out _);

    /// <inheritdoc cref="ComposeProblem(IMethodSymbol, IMethodSymbol, Compilation?, CancellationToken, out string?)"/>
    /// <param name="wholeOutputs">
    /// The callee's span outputs (by parameter name) that its body writes whole before it reads any
    /// of their elements, when it composes: its own lowering's (<see cref="LoweringOutcome.WholeOutputs"/>),
    /// or, from another assembly, its members' <c>[DerivativeMember(WritesWhole = …)]</c>; none for a
    /// callee being lowered further up (recursion).
    /// </param>
    internal static CompositionProblem? ComposeProblem(IMethodSymbol callee, IMethodSymbol caller, Compilation? compilation, CancellationToken cancellationToken, out string? stateRead, out ImmutableArray<string> wholeOutputs)
    {
        stateRead = null;
        wholeOutputs = ImmutableArray<string>.Empty;
        string name = callee.ContainingType.Name + "." + callee.Name;

        // Forward mode calls the callee's pushforward, reverse mode its pullback: what this method
        // generates decides which it needs.
        var needed = MemberKindsOf.NeededOfCallees(GeneratedMembers(caller));
        var syntax = callee.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (syntax is null || compilation is null || !compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            // In another assembly (or another project's compilation, in the IDE): its generated
            // members say, by [DerivativeMember], which exist and whether its body has an effect.
            var (generated, effect, state, whole) = GeneratedElsewhere(callee);
            stateRead = state;
            wholeOutputs = whole;
            if (generated == MemberKinds.None)
            {
                return new($"'{name}' has no generated pushforward or pullback in its assembly (none marked [DerivativeMember] for it: that assembly was built without AutoDiffGen, with an older version of it, with a [Differentiable(Generate = …)] that leaves both out, or AutoDiffGen reported an error on '{callee.Name}' there); rebuild it with this version of AutoDiffGen, generating its pushforward and pullback");
            }

            if ((needed & ~generated) is var missing and not MemberKinds.None)
            {
                return LeftOut(missing);
            }

            return effect is null ? null : Repeats(effect);
        }

        if ((needed & ~GeneratedMembers(callee)) is var leftOut and not MemberKinds.None)
        {
            return LeftOut(leftOut);
        }

        CompositionProblem Repeats(string effect)
            => new($"'{name}' calls {effect}, which may have a side effect, and its pullback runs '{name}' again, so reverse mode would repeat it; call it in this method instead and pass the result to '{name}' as a [NoDerivative] argument");

        CompositionProblem LeftOut(MemberKinds missing)
            => new($"its [Differentiable(Generate = …)] leaves out {MemberKindsOf.Describe(missing, callee.Name, vector: false)}, through which the derivatives of '{caller.Name}' compose; add {string.Join(" | ", new[] { MemberKinds.Pushforward, MemberKinds.Pullback }.Where(k => (missing & k) != 0).Select(k => "DerivativeMembers." + k))} to its Generate");

        var key = callee.OriginalDefinition;
        if (lowering is not null && lowering.Contains(key, SymbolEqualityComparer.Default))
        {
            // Recursion: the callee is being lowered further up (see the remarks).
            Reenter(key);
            return null;
        }

        // Lowered before in this outermost lowering, under assumptions that still hold: the same
        // answer, and the same methods found recursive.
        if (composed is not null && composed.TryGetValue(key, out var answers))
        {
            foreach (var (problem, state, whole, assumed) in answers)
            {
                if (assumed.All(m => lowering?.Contains(m, SymbolEqualityComparer.Default) == true))
                {
                    foreach (var m in assumed)
                    {
                        Reenter(m);
                    }

                    stateRead = state;
                    wholeOutputs = whole;
                    return problem;
                }
            }
        }

        var below = new HashSet<IMethodSymbol>(lowering ?? Enumerable.Empty<IMethodSymbol>(), SymbolEqualityComparer.Default);
        var frame = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        (assuming ??= new List<HashSet<IMethodSymbol>>()).Add(frame);
        CompositionProblem? answer;
        string? read = null;
        var written = ImmutableArray<string>.Empty;
        try
        {
            answer = LoweredProblem();
        }
        finally
        {
            assuming.RemoveAt(assuming.Count - 1);
        }

        if (lowering is { Count: > 0 })
        {
            // Only the methods that were on the stack below this check are assumptions of its answer.
            var assumedHere = frame.Where(below.Contains).ToArray();
            composed ??= new Dictionary<IMethodSymbol, List<(CompositionProblem?, string?, ImmutableArray<string>, IMethodSymbol[])>>(SymbolEqualityComparer.Default);
            if (!composed.TryGetValue(key, out var list))
            {
                composed[key] = list = new List<(CompositionProblem?, string?, ImmutableArray<string>, IMethodSymbol[])>();
            }

            list.Add((answer, read, written, assumedHere));
        }

        stateRead = read;
        wholeOutputs = written;
        return answer;

        CompositionProblem? LoweredProblem()
        {
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
            // The method as declared: the body's operations name its own parameters, not those of a
            // constructed generic type's method (Gn<int>.H; found by the fuzzer, stop 20: every read
            // of a parameter was "before it is assigned", a false ADG0006 at the call).
            var outcome = Lower(callee.OriginalDefinition, syntax, model, cancellationToken, LoweringPurpose.Diagnostics);
            if (outcome.Body is not null)
            {
                read = outcome.StateRead;
                written = outcome.WholeOutputs;
                // "While differentiating this call": the effect inside the callee, as an additional location.
                return outcome.Effect is { } effect ? Repeats(effect.Name) with { Inside = Where(effect) } : null;
            }

            // Swift's note style: say what inside the callee stops it, and point there.
            var first = outcome.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (first is null)
            {
                return new($"'{name}' cannot be differentiated itself; fix the errors reported on it");
            }

            var line = first.Location.GetLineSpan();
            string where = line.IsValid ? $" (line {line.StartLinePosition.Line + 1})" : "";
            return new(
                $"'{name}' cannot be differentiated itself: while differentiating this call, {first.Id}{where}: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}",
                new[] { first.Location }.Concat(first.AdditionalLocations).Where(l => l.IsInSource).ToImmutableArray());
        }
    }

    /// <summary>
    /// For a <c>[Differentiable]</c> method compiled elsewhere: the members generated for it, as its
    /// type's members marked <c>[DerivativeMember]</c> with its documentation ID say (an overload's
    /// members are told from another's by the ID, a generic type's by its definition's), and the
    /// effect they record that its pullback would repeat.
    /// </summary>
    /// <summary>
    /// Why a callee in this compilation is not seen to write its span output
    /// <paramref name="parameter"/> whole first (<see cref="Differentiation.ScratchBuffers.NotWrittenWholeFirst"/>),
    /// for ADG0006's message; null for one in another assembly (its metadata says only which outputs
    /// it writes whole) or one that cannot be lowered. Lowers the callee again: called only when a
    /// call is refused.
    /// </summary>
    internal static string? NotWrittenWholeReason(IMethodSymbol callee, string parameter, Compilation? compilation, CancellationToken cancellationToken)
    {
        var syntax = callee.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var declared = callee.OriginalDefinition.Parameters.FirstOrDefault(p => p.Name == parameter);
        if (syntax is null || compilation is null || !compilation.ContainsSyntaxTree(syntax.SyntaxTree) || declared is null || BufferElementType(declared.Type) is not { } element)
        {
            return null;
        }

        var outcome = Lower(callee.OriginalDefinition, syntax, compilation.GetSemanticModel(syntax.SyntaxTree), cancellationToken, LoweringPurpose.Diagnostics);
        return outcome.Body is null ? null : Differentiation.ScratchBuffers.NotWrittenWholeFirst(outcome.Body, new Var(EscapeIdentifier(parameter), $"global::System.Span<{element}>"));
    }

    private static (MemberKinds Generated, string? Effect, string? State, ImmutableArray<string> WholeOutputs) GeneratedElsewhere(IMethodSymbol callee)
    {
        string? id = callee.OriginalDefinition.GetDocumentationCommentId();
        var generated = MemberKinds.None;
        string? effect = null, state = null, whole = null;
        foreach (var member in callee.ContainingType.OriginalDefinition.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (var attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == KnownNames.DerivativeMemberAttribute
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string original && original == id
                    && attribute.ConstructorArguments[1].Value is int kind)
                {
                    generated |= (MemberKinds)kind & MemberKinds.All;
                    effect ??= attribute.NamedArguments.FirstOrDefault(a => a.Key == "RepeatedEffect").Value.Value as string;
                    state ??= attribute.NamedArguments.FirstOrDefault(a => a.Key == "ReadsState").Value.Value as string;
                    whole ??= attribute.NamedArguments.FirstOrDefault(a => a.Key == "WritesWhole").Value.Value as string;
                }
            }
        }

        // Names as the caller's symbols spell them (an escaped keyword's '@' dropped on both sides).
        var wholeOutputs = whole is null ? ImmutableArray<string>.Empty
            : whole.Split(new[] { ", " }, System.StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
        return (generated, effect, state, wholeOutputs);
    }

    /// <summary>
    /// The first call in a lowered body that running the body again would repeat (an inactive call,
    /// which may count, log or draw a random number), named as written; null when there is none.
    /// Allocations, overflow checks, guards (<see cref="TemplateExpr.Repeatable"/>) and the exceptions
    /// of throw statements are not such calls. <paramref name="sites"/> (by reference) say where calls are.
    /// </summary>
    internal static EffectfulCall? RepeatedEffect(IEnumerable<Stmt> body, IReadOnlyDictionary<object, Location> sites)
    {
        foreach (var statement in StatementWalker.All(body))
        {
            if (statement is ThrowStmt)
            {
                continue;
            }

            foreach (var e in Simplification.Cleanup.Expressions(statement).SelectMany(ExprWalker.DescendantsAndSelf))
            {
                if (EffectOf(e, sites) is { } effect)
                {
                    return effect;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="e"/> itself as a call that running it again would repeat (see <see cref="RepeatedEffect"/>), or null.
    /// A property read (no parentheses) is taken to be free of effects; calls that repeat harmlessly
    /// (guards, Math, views) are marked where they are lowered.
    /// </summary>
    private static EffectfulCall? EffectOf(Expr e, IReadOnlyDictionary<object, Location> sites)
    {
        if (!IsEffect(e))
        {
            return null;
        }

        // Named as written: the receiver (a field, a local, a delegate) and the method.
        var call = (TemplateExpr)e;
        string name = Written(call);
        int open = name.IndexOf('(');
        return new EffectfulCall("'" + (open > 0 ? name.Substring(0, open) : name).Replace("global::", "") + "'", sites.TryGetValue(call, out var site) ? site : null);
    }

    /// <summary>
    /// Whether <paramref name="e"/> itself is a call that may have an effect and that running again
    /// would repeat: a method, a delegate (<c>act()</c>) or a constructor (<c>new C(a)</c>); not an
    /// array allocation, an overflow context, a harmlessly repeatable call, nor a property read (no
    /// parentheses: getters are taken to be free of effects).
    /// </summary>
    internal static bool IsEffect(Expr e) => e is TemplateExpr call && RunsAgainVisibly(call) && string.Concat(call.Segments).IndexOf('(') >= 0;

    /// <summary>
    /// A template that, run again, may do or read something else: a call or a read of state (its
    /// effect, or what it reads, may change); not an array allocation, an overflow context, nor a call
    /// marked harmlessly repeatable. <see cref="IsEffect"/> takes those with parentheses (calls),
    /// <see cref="StateRead"/> those without (property and field reads).
    /// </summary>
    private static bool RunsAgainVisibly(TemplateExpr t)
        => t.HasSideEffects && !Differentiation.ArrayPlumbing.IsAllocation(t) && !t.IsOverflowContext && !t.Repeatable;

    /// <summary>A template's text with its holes named (a literal's text, a variable's name, a nested template's text, … otherwise).</summary>
    private static string Written(TemplateExpr call)
    {
        var written = new System.Text.StringBuilder(call.Segments[0]);
        for (int i = 0; i < call.Holes.Count; i++)
        {
            written.Append(Hole(call.Holes[i])).Append(call.Segments[i + 1]);
        }

        return written.ToString();

        // (A receiver read through a cast or another member, ((Holder)o).k: named, not "…".)
        static string Hole(Expr e) => e switch
        {
            LiteralExpr l => l.Text,
            VarExpr v => v.Var.Name.TrimStart('@'),
            TemplateExpr t => Written(t),
            ConvertExpr c => "((" + c.Type.Replace("global::", "") + ")" + Hole(c.Operand) + ")",
            _ => "…",
        };
    }

    /// <summary>
    /// The first state a lowered body reads that a call can change, named as written: a property or a
    /// field that is not readonly (read as a call without parentheses), an element of memory the
    /// method neither allocated nor differentiates (a field's array, a [NoDerivative] array, a call's
    /// result, a list through its indexer, also through a local or a view), or what a
    /// <c>[Differentiable]</c> method it calls reads. Null when it reads none: then running it again
    /// (its pullback does) gives the same value whatever its caller did in between. The arrays it
    /// differentiates and its span outputs are taken to change only through it (no call the caller
    /// makes can reach an active array: passing one is ADG0006).
    /// </summary>
    internal static string? StateRead(IReadOnlyList<Stmt> body, IEnumerable<ParameterModel> parameters, IReadOnlyDictionary<object, string> callsReadingState)
    {
        // Built at the first element read (most methods read a few, and many none): the analyzer
        // lowers on every edit.
        Simplification.MemoryModel? memory = null;
        HashSet<Var>? own = null;
        bool Own(Expr array)
        {
            if (memory is null || own is null)
            {
                memory = new Simplification.MemoryModel(body);
                own = memory.OwnedRoots(body, parameters.Where(p => p.Role is ParameterRole.ActiveArray or ParameterRole.Output).Select(p => new Var(p.Name, p.Type)));
            }

            return memory.Owns(own, array);
        }

        string Named(Expr e) => e switch
        {
            VarExpr v => v.Var.Name.TrimStart('@'),
            LiteralExpr l => l.Text.Replace("global::", "").Replace("this.", ""),
            TemplateExpr t => Written(t).Replace("global::", "").Replace("this.", ""),
            SliceExpr slice => Named(slice.Array),
            ConvertExpr conversion => Named(conversion.Operand),
            _ => "…",
        };

        foreach (var statement in StatementWalker.All(body))
        {
            foreach (var e in Simplification.Cleanup.Expressions(statement).SelectMany(ExprWalker.DescendantsAndSelf))
            {
                switch (e)
                {
                    case DifferentiableCallExpr { ReadsState: { } inner }:
                        return inner;
                    case TemplateExpr call when callsReadingState.TryGetValue(call, out var inner):
                        return inner;
                    case TemplateExpr element when Simplification.MemoryModel.IsElementTemplate(element) && !Own(element.Holes[0]):
                        return "the elements of '" + Named(element.Holes[0]) + "'";
                    case TemplateExpr read when RunsAgainVisibly(read) && string.Concat(read.Segments).IndexOf('(') < 0:
                        return "'" + Named(read) + "'";
                    case IndexExpr { Array: var array } when !Own(array):
                        return "the elements of '" + Named(array) + "'";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// An active call to a <c>[Differentiable]</c> method that reads state (<see cref="StateRead"/>),
    /// with a call that may change state after it in the forward sweep, or anywhere in a loop around
    /// both (a later iteration's call comes after it); null when there is none.
    /// </summary>
    private static (DifferentiableCallExpr Reading, EffectfulCall Change)? StateChangedAfterRead(IReadOnlyList<Stmt> body, IReadOnlyDictionary<object, Location> sites)
    {
        DifferentiableCallExpr? first = null;
        var loops = new List<(DifferentiableCallExpr? Reading, EffectfulCall? Change)>();
        (DifferentiableCallExpr, EffectfulCall)? found = null;
        // Whether the block can complete (a return or a throw ends it): a reading on a path that
        // returns is not before what follows (found in a new user's trial: a change on the other side
        // of an if, or after `return Model(x)`, was reported as "after").
        bool Visit(IEnumerable<Stmt> block)
        {
            foreach (var statement in block)
            {
                if (found is not null)
                {
                    return true;
                }

                if (statement is LoopStmt)
                {
                    // Its condition runs in every iteration: inside the loop's frame (below).
                }
                else if (statement is not ThrowStmt)
                {
                    foreach (var e in Simplification.Cleanup.Expressions(statement).SelectMany(ExprWalker.DescendantsAndSelf))
                    {
                        Look(e);
                    }
                }

                switch (statement)
                {
                    case ReturnStmt or ThrowStmt:
                        return false;
                    case IfStmt branch:
                    {
                        var before = first;
                        bool thenCompletes = Visit(branch.Then);
                        var afterThen = first;
                        first = before;
                        bool elseCompletes = Visit(branch.Else);
                        var afterElse = first;
                        first = before ?? (thenCompletes ? afterThen : null) ?? (elseCompletes ? afterElse : null);
                        if (!thenCompletes && !elseCompletes)
                        {
                            return false;
                        }

                        break;
                    }

                    case LoopStmt loop:
                        loops.Add((null, null));
                        foreach (var e in ExprWalker.DescendantsAndSelf(loop.Condition))
                        {
                            Look(e);
                        }

                        Visit(loop.Body);
                        var (reading, change) = loops[loops.Count - 1];
                        loops.RemoveAt(loops.Count - 1);
                        if (found is null && reading is not null && change is not null)
                        {
                            found = (reading, change);
                        }

                        break;
                }
            }

            return true;
        }

        void Look(Expr e)
        {
            if (found is not null)
            {
                return;
            }

            if (e is DifferentiableCallExpr { ReadsState: not null } reading && reading.ActiveParameters.Any(a => a))
            {
                first ??= reading;
                for (int k = 0; k < loops.Count; k++)
                {
                    loops[k] = (loops[k].Reading ?? reading, loops[k].Change);
                }
            }
            else if (EffectOf(e, sites) is { } change && !(e is TemplateExpr { Segments: var segments } && segments[0].StartsWith("new global::System.", System.StringComparison.Ordinal)) )
            {
                // (A new object of the runtime's, new List<double>(), changes no state that exists:
                // from a new user's trial. Writing to the console does not count as none: Console.SetOut,
                // a trace listener or a debug provider may run the user's code.)
                if (first is not null)
                {
                    found = (first, change);
                    return;
                }

                for (int k = 0; k < loops.Count; k++)
                {
                    loops[k] = (loops[k].Reading, loops[k].Change ?? change);
                }
            }
        }

        Visit(body);
        return found;
    }

    /// <summary>An effect's location as a diagnostic's additional locations (none when it is not known).</summary>
    private static ImmutableArray<Location> Where(EffectfulCall effect)
        => effect.Location is { } location ? ImmutableArray.Create(location) : ImmutableArray<Location>.Empty;

    private static bool SameRoles(IMethodSymbol overridden, IMethodSymbol method) => FirstOtherRole(overridden, method) is null;

    /// <summary>
    /// The first parameter that the base's derivatives and the override's would treat differently
    /// (differentiated in one, data in the other), or null. The base's as declared: one of a type
    /// parameter (<c>Base&lt;T&gt;.E(double x, T t)</c>) is data in its members even where the
    /// override's type binds T to double.
    /// </summary>
    private static IParameterSymbol? FirstOtherRole(IMethodSymbol overridden, IMethodSymbol method)
    {
        var declared = overridden.OriginalDefinition.Parameters;
        static bool Differentiated(IParameterSymbol p) => !HasNoDerivative(p) && (IsReal(p.Type) || RealElementType(p.Type) is not null || IsOutputSpan(p.Type));
        // (An override has its base's parameters, one for one.)
        return method.Parameters.Where((p, i) => i < declared.Length && Differentiated(p) != Differentiated(declared[i])).FirstOrDefault();
    }

    /// <summary>
    /// The kinds of our derivative members that hide one a differentiable method of the same name in
    /// a base type generates (<c>new</c>): an accessible one of the same kind with the same parameter
    /// types (a base method this one hides, signature for signature). A base overload's members are
    /// overloads of ours, not hidden (<c>new</c> there is CS0109; one whose members would have our
    /// parameters is ADG0011, see <see cref="CheckGeneratedMembers"/>). <see cref="MemberKinds.None"/> when there are none.
    /// </summary>
    private static MemberKinds HiddenMembers(IMethodSymbol method, List<ParameterModel> parameters, List<ParameterModel> outputs)
    {
        var hidden = MemberKinds.None;
        var shapes = GeneratedShapes(method, parameters, outputs);
        for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(method.Name).OfType<IMethodSymbol>().Where(m => m.DeclaredAccessibility != Accessibility.Private && IsDifferentiable(m)))
            {
                if (GeneratedShapesOf(member) is { } theirs)
                {
                    foreach (var (kind, suffix, types) in shapes)
                    {
                        if (theirs.Any(o => o.Suffix == suffix && o.Types.SequenceEqual(types, ByRefAgnostic.Instance)))
                        {
                            hidden |= kind;
                        }
                    }
                }
            }
        }

        return hidden;
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
                ? EscapeTypeName(type.Name)
                : EscapeTypeName(type.Name) + "<" + string.Join(", ", type.TypeParameters.Select(p => EscapeTypeName(p.Name))) + ">";
            types.Insert(0, new TypeDeclarationInfo(keyword, name, type.MetadataName));
        }

        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        return new HierarchyInfo(ns, types.ToEquatableArray());
    }
}
