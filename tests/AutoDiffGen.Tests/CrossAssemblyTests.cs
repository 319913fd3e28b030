using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// A [Differentiable] method calling one compiled in another assembly: the caller finds the callee's
/// generated members by their [DerivativeMember] attributes (by documentation ID, so an overload
/// without members is not taken for one with them), and learns from them what it cannot see without
/// the body (an effect its pullback would repeat). The callee's assembly is referenced as metadata
/// (as dotnet build does) and as another compilation (as the IDE does between projects, where the
/// callee has syntax in a tree of the other compilation). Two real projects are built and run by
/// AutoDiffGen.NumericTests' CrossProjectTests.
/// </summary>
public sealed class CrossAssemblyTests
{
    private const string Library = """
        using AutoDiffGen;

        namespace Lib
        {
            public static partial class L
            {
                private static int count;

                private static double Tick() => ++count;

                [Differentiable]
                public static double Square(double x) => x * x;

                // The library's generator skips this overload (ADG0005 there): it has no members.
                [Differentiable]
                public static double Square(double x, double y)
                {
                    try { return x * y; } catch { return 0; }
                }

                [Differentiable]
                public static double Counted(double x) => x * Tick();

                [Differentiable(Generate = DerivativeMembers.Pushforward)]
                public static double ForwardOnly(double x) => x * x;

                // Writes its output whole (WritesWhole = "y" on its members): a caller may reuse a buffer for it.
                [Differentiable]
                public static void Whole(System.ReadOnlySpan<double> a, System.Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++) y[i] = a[i] * a[i];
                }

                // Leaves y[0] unwritten: a caller must pass a fresh buffer.
                [Differentiable]
                public static void Part(System.ReadOnlySpan<double> a, System.Span<double> y)
                {
                    for (int i = 1; i < y.Length; i++) y[i] = a[i] * a[i];
                }
            }
        }
        """;

    /// <summary>Built without AutoDiffGen: [Differentiable], but no generated members.</summary>
    private const string BareLibrary = """
        using AutoDiffGen;

        namespace Lib2
        {
            public static class Bare
            {
                [Differentiable]
                public static double Cube(double x) => x * x * x;
            }
        }
        """;

    private const string Consumer = """
        using AutoDiffGen;
        using Lib;
        using Lib2;

        public static partial class Functions
        {
            [Differentiable]
            public static double Composes(double x) => L.Square(x) * 2 + L.Square(3.0, 2.0);

            [Differentiable]
            public static double OverloadWithoutMembers(double x) => L.Square(x) + {|#0:L.Square(x, 2.0)|};

            [Differentiable]
            public static double RepeatsAnEffect(double x) => {|#1:L.Counted(x)|};

            [Differentiable]
            public static double NeedsAPullback(double x) => {|#2:L.ForwardOnly(x)|};

            [Differentiable(Generate = DerivativeMembers.Pushforward)]
            public static double NeedsOnlyAPushforward(double x) => L.ForwardOnly(x);

            [Differentiable]
            public static double BuiltWithoutAutoDiffGen(double x) => {|#3:Bare.Cube(x)|};

            [Differentiable]
            public static double ReusesAWholeOutput(double[] a)
            {
                double[] y = new double[a.Length];
                double s = 0;
                for (int k = 0; k < 2; k++) { L.Whole(a, y); s += y[0] * k; }
                return s;
            }

            [Differentiable]
            public static double ReusesAPartialOutput(double[] a)
            {
                double[] y = new double[a.Length];
                double s = 0;
                for (int k = 0; k < 2; k++) { L.Part(a, {|#4:y|}); s += y[1] * k; }
                return s;
            }
        }
        """;

    public static TheoryData<bool> ReferenceKinds => new() { true, false };

    /// <summary>The library, its generated members added (for the bare one, none), as metadata or as a compilation.</summary>
    private static MetadataReference[] LibraryReferences(bool asMetadata)
    {
        var library = GeneratorRunner.Run(CSharpCompilation.Create("Lib", new[] { GeneratorRunner.Parse(Library) }, GeneratorRunner.References, GeneratorRunner.CompilationOptions));
        library.AssertGeneratorDidNotThrow();
        Assert.Empty(library.WarningsAndErrors);
        var bare = CSharpCompilation.Create("Lib2", new[] { GeneratorRunner.Parse(BareLibrary) }, GeneratorRunner.References, GeneratorRunner.CompilationOptions);
        return new[] { Reference(library.OutputCompilation, asMetadata), Reference(bare, asMetadata) };
    }

    private static MetadataReference Reference(Compilation compilation, bool asMetadata)
    {
        if (!asMetadata)
        {
            return compilation.ToMetadataReference();
        }

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    [Theory]
    [MemberData(nameof(ReferenceKinds))]
    public async Task CallsIntoAnotherAssembly_ComposeOrSayWhyNot(bool asMetadata)
    {
        var test = new Test { TestCode = Consumer };
        test.TestState.AdditionalReferences.AddRange(LibraryReferences(asMetadata));
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("L.Square",
                "'L.Square' has no generated pushforward or pullback in its assembly (none marked [DerivativeMember] for it: that assembly was built without AutoDiffGen, with an older version of it, with a [Differentiable(Generate = …)] that leaves both out, or AutoDiffGen reported an error on 'Square' there); rebuild it with this version of AutoDiffGen, generating its pushforward and pullback"),
            Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("L.Counted",
                "'L.Counted' calls 'Lib.L.Tick', which may have a side effect, and its pullback runs 'L.Counted' again, so reverse mode would repeat it; call it in this method instead and pass the result to 'L.Counted' as a [NoDerivative] argument"),
            Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("L.ForwardOnly",
                "its [Differentiable(Generate = …)] leaves out 'ForwardOnlyPullback', through which the derivatives of 'NeedsAPullback' compose; add DerivativeMembers.Pullback to its Generate"),
            Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(3).WithArguments("Bare.Cube",
                "'Bare.Cube' has no generated pushforward or pullback in its assembly (none marked [DerivativeMember] for it: that assembly was built without AutoDiffGen, with an older version of it, with a [Differentiable(Generate = …)] that leaves both out, or AutoDiffGen reported an error on 'Cube' there); rebuild it with this version of AutoDiffGen, generating its pushforward and pullback"),
            Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(4).WithArguments("L.Part",
                "the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and 'L.Part' is not seen to write every element of 'y' first (allocate the buffer in the loop's body, as a fresh buffer for each call: double[] h = new double[n];, or make 'L.Part' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        });
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(ReferenceKinds))]
    public void TheComposedCallCompilesAndRuns(bool asMetadata)
    {
        const string consumer = """
            using AutoDiffGen;
            using Lib;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => L.Square(x) * L.Square(x) + x;
            }
            """;
        var compilation = CSharpCompilation.Create("Consumer", new[] { GeneratorRunner.Parse(consumer) },
            GeneratorRunner.References.Concat(LibraryReferences(asMetadata)), GeneratorRunner.CompilationOptions);
        var run = GeneratorRunner.Run(compilation).AssertCleanOutput();
        string generated = run.SingleGeneratedText;
        Assert.Contains("global::Lib.L.SquarePullback(", generated);
        Assert.Contains("global::Lib.L.SquarePushforward(", generated);
        // Its own members carry the metadata too, for a project that calls it in turn.
        Assert.Contains("[global::AutoDiffGen.DerivativeMember(\"M:Functions.F(System.Double)\", global::AutoDiffGen.DerivativeMembers.Pullback)]", generated);
    }

    /// <summary>A library with opaque functions and custom derivatives of them: public ones serve its consumers.</summary>
    private const string DerivativeLibrary = """
        using System;
        using AutoDiffGen;

        namespace Lib3
        {
            public static class Special
            {
                public static double Soft(double x) => Math.Log(1 + Math.Exp(x));

                public static double Hidden(double x) => x * x;

                public static double Mine(double x) => Math.Exp(x);
            }

            public static class SpecialDerivatives
            {
                [DerivativeOf(typeof(Special), nameof(Special.Soft))]
                public static void SoftPushforward(double x, double xTangent, out double resultTangent) => resultTangent = xTangent / (1 + Math.Exp(-x));

                [DerivativeOf(typeof(Special), nameof(Special.Soft))]
                public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint / (1 + Math.Exp(-x));

                // Internal: not the consumer's to call, so not imported.
                [DerivativeOf(typeof(Special), nameof(Special.Hidden))]
                internal static void HiddenPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += 2 * x * resultAdjoint;

                // The consumer declares its own: this one is not used there.
                [DerivativeOf(typeof(Special), nameof(Special.Mine))]
                public static void MinePullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += 1000 * resultAdjoint;

                // Of a function of another assembly: not imported (it would change the tie rule of
                // every consumer's Math.Max, and two libraries' would clash there).
                [DerivativeOf(typeof(Math), nameof(Math.Max))]
                public static void MaxPullback(double a, double b, double resultAdjoint, ref double aAdjoint, ref double bAdjoint) => aAdjoint += resultAdjoint;
            }
        }
        """;

    private const string DerivativeConsumer = """
        using System;
        using AutoDiffGen;
        using Lib3;

        public static partial class Functions
        {
            [Differentiable]
            public static double UsesSoft(double x) => Special.Soft(x * x);

            [Differentiable]
            public static double UsesHidden(double x) => {|#0:Special.Hidden(x)|};

            [DerivativeOf(typeof(Special), nameof(Special.Mine))]
            public static void MinePullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint * Math.Exp(x);

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double UsesMine(double x) => Special.Mine(x);

            [Differentiable]
            public static double UsesMax(double x, double y) => Math.Max(x, y);
        }
        """;

    private static MetadataReference DerivativeLibraryReference(bool asMetadata)
        => Reference(CSharpCompilation.Create("Lib3", new[] { GeneratorRunner.Parse(DerivativeLibrary) }, GeneratorRunner.References, GeneratorRunner.CompilationOptions), asMetadata);

    /// <summary>
    /// A referenced assembly's public [DerivativeOf] methods of its own functions serve the consumer's
    /// calls of them (in both modes); an internal one does not (the call is reported as for any opaque
    /// function), nor one of another assembly's function (Math.Max keeps its tie rule), and the
    /// consumer's own derivative of a target replaces the library's.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReferenceKinds))]
    public async Task LibraryCustomDerivatives_ServeTheConsumer(bool asMetadata)
    {
        var test = new Test { TestCode = DerivativeConsumer };
        test.TestState.AdditionalReferences.Add(DerivativeLibraryReference(asMetadata));
        test.ExpectedDiagnostics.Add(Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Special.Hidden",
            "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));
        await test.RunAsync();

        var compilation = CSharpCompilation.Create("Consumer", new[] { GeneratorRunner.Parse(DerivativeConsumer.Replace("{|#0:", "").Replace("|}", "").Replace("Special.Hidden(x)", "Special.Hidden(Ad.StopGradient(x))")) },
            GeneratorRunner.References.Append(DerivativeLibraryReference(asMetadata)), GeneratorRunner.CompilationOptions);
        string generated = GeneratorRunner.Run(compilation).AssertCleanOutput().SingleGeneratedText;
        Assert.Contains("global::Lib3.SpecialDerivatives.SoftPullback(", generated);
        Assert.Contains("global::Lib3.SpecialDerivatives.SoftPushforward(", generated);
        Assert.Contains("MinePullback(", generated);
        Assert.DoesNotContain("SpecialDerivatives.MinePullback", generated);
        Assert.DoesNotContain("SpecialDerivatives.MaxPullback", generated);
    }

    /// <summary>
    /// A library referenced only through an extern alias: the generated code names types from
    /// <c>global::</c>, where its types are not, so a method that names one is ADG0004 at that name
    /// (the generated file did not compile before: CS0400, stop 25); a method that names none is
    /// differentiated as usual.
    /// </summary>
    [Fact]
    public async Task ALibraryBehindAnExternAlias_IsReportedWhereNamed_NotCompiledWrong()
    {
        var library = CSharpCompilation.Create("Shapes", new[] { GeneratorRunner.Parse("""
            namespace Shapes
            {
                public sealed class Box { public double W = 2; }
                public static class Sizes { public const double Unit = 3; }
            }
            """) }, GeneratorRunner.References, GeneratorRunner.CompilationOptions);
        var consumer = CSharpCompilation.Create("Consumer", new[] { GeneratorRunner.Parse("""
            extern alias L;
            using AutoDiffGen;
            using L::Shapes;

            public static partial class Functions
            {
                [Differentiable]
                public static double Scaled(double x, [NoDerivative] Box b) => x * b.W;

                [Differentiable]
                public static double Plain(double x) => x * x;
            }
            """) }, GeneratorRunner.References.Append(library.ToMetadataReference().WithAliases(new[] { "L" })), GeneratorRunner.CompilationOptions);
        var run = GeneratorRunner.Run(consumer).AssertGeneratorDidNotThrow();
        var analyzers = consumer.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()));
        var reported = Assert.Single(await analyzers.GetAnalyzerDiagnosticsAsync());
        Assert.Equal("ADG0004", reported.Id);
        Assert.Contains("it names 'Box', of an assembly this project references only through the extern alias 'L'", reported.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal("Box", consumer.SyntaxTrees[0].GetText().ToString(reported.Location.SourceSpan));
        Assert.Empty(run.WarningsAndErrors);
        Assert.Contains("PlainGradient(", run.SingleGeneratedText, System.StringComparison.Ordinal);
        Assert.DoesNotContain("ScaledGradient(", run.SingleGeneratedText, System.StringComparison.Ordinal);
    }
}
