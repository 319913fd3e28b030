using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator;

/// <summary>
/// The incremental generator: finds <c>[Differentiable]</c> methods, lowers them to the IR,
/// differentiates them, and emits one file of derivative members per containing type. What lowering
/// finds is reported by <see cref="Diagnostics.DifferentiableAnalyzer"/>, which applies the same
/// rules; the generator quietly skips such a method. A failure of the steps after lowering
/// (differentiation, emission), which the analyzer does not run, the generator reports itself, at
/// the method's name.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoDiffGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Step 1: find [Differentiable] methods and lower each to an equatable IR model (no symbols,
        // syntax or compilation survive this step, so later steps cache across edits). A method the
        // analyzer reports is dropped here; one that failed only in what the analyzer skips is kept
        // as a diagnostic to report.
        var loweringResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.DifferentiableAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Lower(ctx, ct))
            .Where(static r => r is not null)
            .Select(static (r, _) => r!);
        var lowered = loweringResults
            .Where(static r => r.Method is not null)
            .Select(static (r, _) => r.Method!)
            .WithTrackingName(StepNames.Lowering);
        var loweringFailures = loweringResults
            .Where(static r => r.Failure is not null)
            .Select(static (r, _) => r.Failure!)
            .Collect();

        // Step 2: differentiate: gradient and pullback (reverse mode), pushforward (forward mode).
        // The model is differentiated without the method's line and location (origins count from
        // the line), so a method that only moved (a line added above it) is not differentiated
        // again. A method that fails stays in the sequence as its failure, so that step 3 can pair
        // methods with places.
        var differentiated = lowered
            .Select(static (m, _) => m with { SourceLine = 0, Location = null })
            .Select(static (m, ct) => Differentiate(m, ct))
            .WithTrackingName(StepNames.Differentiation);
        var places = lowered.Select(static (m, _) => new Place(m.SourceLine, m.Location));

        // Step 3: put each method's line and location back (a method that failed is reported in
        // step 6); group the others by containing type, in a stable order, and emit one file per type.
        var placed = differentiated
            .Collect()
            .Combine(places.Collect())
            .Select(static (input, _) => WithPlaces(input.Left, input.Right));
        var files = placed
            .SelectMany(static (p, _) => TypeFiles(p.Methods))
            .WithTrackingName(StepNames.Emission);

        // Step 4: what the consumer's C# version lets the files use (#nullable, file-scoped
        // namespaces), as plain bools so the model stays equatable.
        var syntax = context.ParseOptionsProvider
            .Select(static (options, _) => options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions parse ? OutputSyntax.For(parse.LanguageVersion) : OutputSyntax.Latest);

        // Step 5: write each file. A method that fails to emit is left out on its own and reported
        // (ADG0010); it never takes the other methods or files down.
        context.RegisterSourceOutput(files.Combine(syntax), static (spc, input) => AddFile(spc, input.Left, input.Right));

        // Step 6: report the methods that failed in step 1 or 2 where they are in the source, so that
        // #pragma and [SuppressMessage] apply to them as to the analyzer's diagnostics (a location
        // made from a file path alone is in no syntax tree). The compilation only serves to find the
        // tree; this runs on every edit, but does nothing when nothing failed.
        var failures = loweringFailures.Combine(placed.Select(static (p, _) => p.Failures));
        context.RegisterSourceOutput(failures.Combine(context.CompilationProvider), static (spc, input) =>
        {
            foreach (var failure in input.Left.Left.Concat(input.Left.Right))
            {
                spc.ReportDiagnostic(failure.ToDiagnostic(failure.Location?.ToLocation(input.Right)));
            }
        });
    }

    private static void AddFile(SourceProductionContext context, TypeFile file, OutputSyntax syntax)
    {
        string? text = TryEmit(file.Hierarchy, file.Methods, syntax, out _);
        if (text is null)
        {
            // Keep the methods that emit on their own; report the others.
            var good = new System.Collections.Generic.List<DifferentiatedMethod>();
            foreach (var method in file.Methods)
            {
                if (TryEmit(file.Hierarchy, new[] { method }, syntax, out var failure) is not null)
                {
                    good.Add(method);
                }
                else
                {
                    ReportEmissionFailure(context, method, failure);
                }
            }

            System.Exception? together = null;
            text = good.Count == 0 ? null : TryEmit(file.Hierarchy, good, syntax, out together);
            if (text is null)
            {
                // Each emits alone but not together: none is left out silently.
                foreach (var method in good)
                {
                    ReportEmissionFailure(context, method, together);
                }
            }
        }

        if (text is null)
        {
            return;
        }

        try
        {
            context.AddSource(file.HintName, text);
        }
        catch (System.ArgumentException)
        {
            // An invalid or duplicate hint name: never expected (HintName is sanitized and
            // TypeFiles makes names unique), and never a reason to fail the whole generator.
        }
    }

    private static void ReportEmissionFailure(SourceProductionContext context, DifferentiatedMethod method, System.Exception? failure)
    {
        if (failure is not null)
        {
            context.ReportDiagnostic((DiagnosticInfo.MethodFailed(method.OriginalName, failure) with { Location = method.Location }).ToDiagnostic());
        }
    }

    private static string? TryEmit(HierarchyInfo hierarchy, System.Collections.Generic.IEnumerable<DifferentiatedMethod> methods, OutputSyntax syntax, out System.Exception? failure)
    {
        failure = null;
        try
        {
            return SourceEmitter.Emit(hierarchy, methods, syntax);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception exception)
        {
            failure = exception;
            return null;
        }
    }

    /// <summary>
    /// The method's model, or null when the analyzer reports why there is none (an error found by
    /// lowering, or an exception the analyzer's lowering throws too), or the diagnostic to report
    /// when lowering threw in what only the model needs (the analyzer, which skips that, cannot).
    /// </summary>
    private static LoweringResult? Lower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        try
        {
            return MethodLowerer.Lower(method, syntax, context.SemanticModel, cancellationToken).Method is { } lowered ? new LoweringResult(lowered, null) : null;
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception exception)
        {
            // Never break the user's build or IDE. Rare, so it may cost a second lowering: the
            // analyzer's (diagnostics only). If that throws too or finds an error, the analyzer
            // reports this method; if not, only the generator can.
            try
            {
                if (MethodLowerer.Lower(method, syntax, context.SemanticModel, cancellationToken, LoweringPurpose.Diagnostics).Body is null)
                {
                    return null;
                }
            }
            catch (System.Exception again) when (again is not System.OperationCanceledException)
            {
                return null;
            }

            return new LoweringResult(null, DiagnosticInfo.MethodFailed(method.Name, exception) with { Location = LocationInfo.From(syntax.Identifier.GetLocation()) });
        }
    }

    private static DifferentiationResult Differentiate(LoweredMethod method, CancellationToken cancellationToken)
    {
        try
        {
            return new DifferentiationResult(DifferentiateOrThrow(method, cancellationToken), null);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception exception)
        {
            return new DifferentiationResult(null, DiagnosticInfo.MethodFailed(method.Name, exception));
        }
    }

    /// <summary>
    /// Gradient and pullback (reverse mode), pushforward (forward mode), documented. Throws on a
    /// failure: the generator then skips the method and reports it (ADG0005 or ADG0010, see
    /// <see cref="DiagnosticInfo.MethodFailed"/>).
    /// </summary>
    internal static DifferentiatedMethod DifferentiateOrThrow(LoweredMethod method, CancellationToken cancellationToken)
    {
        // The members asked for ([Differentiable(Generate = …)]), in this order.
        var generated = new System.Collections.Generic.List<GeneratedMethod>();
        foreach (var (kind, build) in new (MemberKinds, System.Func<LoweredMethod, GeneratedMethod>)[]
        {
            (MemberKinds.Gradient, m => m.IsVector ? JacobianDriver.Generate(m, m.DenominatorLayout) : ReverseModeTransform.Gradient(m)),
            (MemberKinds.Pushforward, ForwardModeTransform.Transform),
            (MemberKinds.Pullback, ReverseModeTransform.Pullback),
        })
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((method.Members & kind) != 0)
            {
                var member = build(method);
                // Lowering makes every member 'new' when a base method's derivatives are hidden; only
                // those of a kind the base generates hide one.
                generated.Add((method.Hidden & kind) == 0 && method.Hidden != MemberKinds.None
                    ? member with { Modifiers = string.Join(" ", member.Modifiers.Split(' ').Where(m => m != "new")), Kind = kind }
                    : member with { Kind = kind });
            }
        }

        var members = FormulaDocumentation.Annotate(method, generated).ToList();
        if (method.Vectorize)
        {
            // Last, on the final IR: a Vector<T> part in front of the loops that allow one.
            members = members.Select(m => Simplification.Vectorizer.Apply(m, method.ReorderSums, method.VarIsKeyword)).ToList();
            int gradient = members.FindIndex(m => m.Kind == MemberKinds.Gradient);
            if (gradient >= 0 && !method.IsVector)
            {
                members[gradient] = OwnSweepGradient(method, members[gradient], members.Find(m => m.Kind == MemberKinds.Pullback)) ?? members[gradient];
            }
        }

        // Last: the generator's temporaries read once written into their reads.
        members = members.Select(m => Simplification.SingleUseTemporaries.Apply(m, method.NamesLikeTemporaries)).ToList();
        foreach (var member in members)
        {
            // C# allows 65,534 locals in a method, the compiler's own temporaries included.
            // Counted only when the assignments, an upper bound of the targets, could be too many.
            var assignments = new int[1];
            StatementWalker.Any(member.Body, assignments, static (s, count) =>
            {
                if (s is AssignStmt)
                {
                    count[0]++;
                }

                return false;
            });
            if (assignments[0] > MaxLocals
                && new System.Collections.Generic.HashSet<Var>(StatementWalker.All(member.Body).OfType<AssignStmt>().Select(a => a.Target)).Count > MaxLocals)
            {
                throw new TooLargeException($"it differentiates to more than {MaxLocals} local variables in {member.Name} (C# allows 65,534 in a method)");
            }
        }

        return new DifferentiatedMethod(method.Hierarchy, method.Name, method.SourceLine, members.ToEquatableArray(),
            DocumentationId: method.DocumentationId, RepeatedEffect: method.RepeatedEffect, ReadsState: method.ReadsState,
            CopiedAttributes: method.CopiedAttributes, Suppressions: method.Suppressions, WritesWhole: method.WritesWhole);
    }

    /// <summary>
    /// The gradient with a sweep of its own that writes a derivative span first in a vectorized loop
    /// instead of clearing it (<see cref="Simplification.FirstTouch"/>), or null to keep
    /// <paramref name="gradient"/>. A gradient that calls the pullback gets such a sweep only where
    /// the pullback's code has a gathered block at its top level, the one place where the clear
    /// costs a pass over the span that the loop's own stores can replace.
    /// </summary>
    private static GeneratedMethod? OwnSweepGradient(LoweredMethod method, GeneratedMethod gradient, GeneratedMethod? pullback)
    {
        if (pullback is null)
        {
            return Simplification.FirstTouch.Apply(gradient);
        }

        if (!pullback.Body.Any(s => s is VectorPrologueStmt { Plan: { } plan } && plan.Ops.Any(o => o.Kind == VectorOpKind.GatherLoad)))
        {
            return null;
        }

        GeneratedMethod own;
        try
        {
            own = Simplification.Vectorizer.Apply(ReverseModeTransform.Gradient(method, ownSweep: true), method.ReorderSums, method.VarIsKeyword);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // A speed-up only: where the sweep of its own cannot be built (a body too large, say),
            // the gradient that calls the pullback is as right.
            return null;
        }

        return Simplification.FirstTouch.Apply(own) is { } written
            ? written with { Modifiers = gradient.Modifiers, Kind = gradient.Kind, Remarks = gradient.Remarks }
            : null;
    }

    /// <summary>
    /// The differentiated methods with their lines and locations, and the failures with theirs: both
    /// sequences come from the lowering step one for one, in the same order.
    /// </summary>
    private static Placed WithPlaces(ImmutableArray<DifferentiationResult> results, ImmutableArray<Place> places)
    {
        var methods = new System.Collections.Generic.List<DifferentiatedMethod>();
        var failures = new System.Collections.Generic.List<DiagnosticInfo>();
        for (int i = 0; i < results.Length && i < places.Length; i++)
        {
            if (results[i].Method is { } method)
            {
                methods.Add(method with { SourceLine = places[i].SourceLine, Location = places[i].Location });
            }
            else if (results[i].Failure is { } failure)
            {
                failures.Add(failure with { Location = places[i].Location });
            }
        }

        return new Placed(methods.ToEquatableArray(), failures.ToEquatableArray());
    }

    /// <summary>Locals a generated member may declare, with room for the compiler's temporaries.</summary>
    internal const int MaxLocals = 50_000;

    /// <summary>
    /// One file per containing type, in a stable order. Hint names must be unique ignoring case
    /// (<c>Model</c> and <c>MODEL</c> are two types): a clash gets a numbered suffix.
    /// </summary>
    private static ImmutableArray<TypeFile> TypeFiles(EquatableArray<DifferentiatedMethod> methods)
    {
        var used = new System.Collections.Generic.HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        var files = ImmutableArray.CreateBuilder<TypeFile>();
        foreach (var group in methods.GroupBy(m => m.Hierarchy).OrderBy(g => g.Key.HintName, System.StringComparer.Ordinal))
        {
            string hintName = group.Key.HintName;
            for (int n = 2; !used.Add(hintName); n++)
            {
                hintName = group.Key.HintName.Replace(".AutoDiff.g.cs", "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".AutoDiff.g.cs");
            }

            var ordered = group.OrderBy(m => m.SourceLine).ThenBy(m => m.OriginalName, System.StringComparer.Ordinal).ToEquatableArray();
            files.Add(new TypeFile(group.Key, hintName, ordered));
        }

        return files.ToImmutable();
    }

    private sealed record TypeFile(HierarchyInfo Hierarchy, string HintName, EquatableArray<DifferentiatedMethod> Methods);

    /// <summary>Step 1's outcome for a method: its model, or the diagnostic the generator reports for it.</summary>
    private sealed record LoweringResult(LoweredMethod? Method, DiagnosticInfo? Failure);

    /// <summary>Step 2's outcome for a method: its derivatives, or why there are none (without a location).</summary>
    private sealed record DifferentiationResult(DifferentiatedMethod? Method, DiagnosticInfo? Failure);

    /// <summary>What step 2 leaves out of the model and step 3 puts back.</summary>
    private sealed record Place(int SourceLine, LocationInfo? Location);

    /// <summary>Step 3: every method that was differentiated, with its place, and every failure, located.</summary>
    private sealed record Placed(EquatableArray<DifferentiatedMethod> Methods, EquatableArray<DiagnosticInfo> Failures);
}

/// <summary>
/// A method whose derivatives would exceed what C# can compile (too many locals): the generator
/// skips it and reports ADG0010 with the message.
/// </summary>
internal sealed class TooLargeException : System.Exception
{
    public TooLargeException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A construct that differentiation, not lowering, finds it cannot handle soundly: the generator
/// skips the method and reports ADG0005 with the message (which names the construct).
/// </summary>
internal sealed class NotDifferentiableException : System.Exception
{
    public NotDifferentiableException(string construct)
        : base(construct)
    {
    }
}
