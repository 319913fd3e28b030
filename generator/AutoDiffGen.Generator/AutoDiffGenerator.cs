using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
/// differentiates them, and emits one file of derivative members per containing type. Problems are
/// reported by <see cref="Diagnostics.DifferentiableAnalyzer"/>, which runs the same lowering; the
/// generator quietly skips a method it cannot differentiate.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoDiffGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Step 1: find [Differentiable] methods and lower each to an equatable IR model (no symbols,
        // syntax or compilation survive this step, so later steps cache across edits).
        var lowered = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.DifferentiableAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Lower(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(StepNames.Lowering);

        // Step 2: differentiate: gradient and pullback (reverse mode), pushforward (forward mode).
        // The model is differentiated without the method's line (origins count from it), so a
        // method that only moved (a line added above it) is not differentiated again. A method
        // that fails stays in the sequence as null, so that step 3 can pair methods with lines.
        var differentiated = lowered
            .Select(static (m, _) => m with { SourceLine = 0 })
            .Select(static (m, ct) => Differentiate(m, ct))
            .WithTrackingName(StepNames.Differentiation);
        var lines = lowered.Select(static (m, _) => m.SourceLine);

        // Step 3: put each method's line back, group by containing type, in a stable order, and
        // emit one file per type.
        var files = differentiated
            .Collect()
            .Combine(lines.Collect())
            .SelectMany(static (input, _) => TypeFiles(WithLines(input.Left, input.Right)))
            .WithTrackingName(StepNames.Emission);

        // Step 4: whether the consumer's C# has the #nullable directive (C# 8), as a plain bool so
        // the model stays equatable.
        var nullableDirective = context.ParseOptionsProvider
            .Select(static (options, _) => options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions { LanguageVersion: >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8 });

        // Step 5: write each file. A file (or a method in it) that fails to emit is left out on its
        // own; it never takes the other files down (the analyzer reports the method, ADG0010).
        context.RegisterSourceOutput(files.Combine(nullableDirective), static (spc, input) => AddFile(spc, input.Left, input.Right));
    }

    private static void AddFile(SourceProductionContext context, TypeFile file, bool nullableDirective)
    {
        string? text = TryEmit(file.Hierarchy, file.Methods, nullableDirective);
        if (text is null)
        {
            // Keep the methods that emit on their own.
            var good = file.Methods.Where(m => TryEmit(file.Hierarchy, new[] { m }, nullableDirective) is not null).ToList();
            text = good.Count == 0 ? null : TryEmit(file.Hierarchy, good, nullableDirective);
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

    private static string? TryEmit(HierarchyInfo hierarchy, System.Collections.Generic.IEnumerable<DifferentiatedMethod> methods, bool nullableDirective)
    {
        try
        {
            return SourceEmitter.Emit(hierarchy, methods, nullableDirective);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception)
        {
            return null;
        }
    }

    private static LoweredMethod? Lower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        try
        {
            return MethodLowerer.Lower(method, syntax, context.SemanticModel, cancellationToken).Method;
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception)
        {
            // Never break the user's build or IDE: the analyzer reports this method (ADG0010).
            return null;
        }
    }

    private static DifferentiatedMethod? Differentiate(LoweredMethod method, CancellationToken cancellationToken)
    {
        try
        {
            return DifferentiateOrThrow(method, cancellationToken);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Gradient and pullback (reverse mode), pushforward (forward mode), documented. Throws on an
    /// internal failure: the generator then skips the method, and the analyzer, which runs this
    /// too, reports it (ADG0010).
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
                // 'new' only where a base method's derivatives have a member of this kind to hide.
                generated.Add((method.Hidden & kind) == 0 && member.Modifiers.Split(' ').Contains("new")
                    ? member with { Modifiers = string.Join(" ", member.Modifiers.Split(' ').Where(m => m != "new")) }
                    : member);
            }
        }

        var members = FormulaDocumentation.Annotate(method, generated).ToList();
        if (method.Vectorize)
        {
            // Last, on the final IR: a Vector<T> part in front of the loops that allow one.
            members = members.Select(m => Simplification.Vectorizer.Apply(m, method.ReorderSums, method.VarIsKeyword)).ToList();
        }

        foreach (var member in members)
        {
            // C# allows 65,534 locals in a method, the compiler's own temporaries included.
            int locals = new System.Collections.Generic.HashSet<Var>(StatementWalker.All(member.Body).OfType<AssignStmt>().Select(a => a.Target)).Count;
            if (locals > MaxLocals)
            {
                throw new TooLargeException($"it differentiates to more than {MaxLocals} local variables in {member.Name} (C# allows 65,534 in a method)");
            }
        }

        return new DifferentiatedMethod(method.Hierarchy, method.Name, method.SourceLine, members.ToEquatableArray());
    }

    /// <summary>
    /// The differentiated methods with their lines: both sequences come from the lowering step one
    /// for one, in the same order; failed methods (null) are dropped here.
    /// </summary>
    private static ImmutableArray<DifferentiatedMethod> WithLines(ImmutableArray<DifferentiatedMethod?> methods, ImmutableArray<int> lines)
    {
        var result = ImmutableArray.CreateBuilder<DifferentiatedMethod>();
        for (int i = 0; i < methods.Length && i < lines.Length; i++)
        {
            if (methods[i] is { } method)
            {
                result.Add(method with { SourceLine = lines[i] });
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Locals a generated member may declare, with room for the compiler's temporaries.</summary>
    internal const int MaxLocals = 50_000;

    /// <summary>
    /// One file per containing type, in a stable order. Hint names must be unique ignoring case
    /// (<c>Model</c> and <c>MODEL</c> are two types): a clash gets a numbered suffix.
    /// </summary>
    private static ImmutableArray<TypeFile> TypeFiles(ImmutableArray<DifferentiatedMethod> methods)
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
}

/// <summary>
/// A method whose derivatives would exceed what C# can compile (too many locals): the generator
/// skips it and the analyzer reports ADG0010 with the message.
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
/// skips the method and the analyzer reports ADG0005 with the message (which names the construct).
/// </summary>
internal sealed class NotDifferentiableException : System.Exception
{
    public NotDifferentiableException(string construct)
        : base(construct)
    {
    }
}
