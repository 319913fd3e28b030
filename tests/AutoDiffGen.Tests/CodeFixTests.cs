using System;
using System.Composition;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AutoDiffGen.CodeFixes;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// One test per code fix (generator/AutoDiffGen.CodeFixes): the analyzer's diagnostics before, the
/// source after the fix (and after Fix All), and no diagnostic left. Then the places where a fix
/// would be wrong, where none may be offered.
/// </summary>
public sealed class CodeFixTests
{
    /// <summary>
    /// The IDE finds code fixes through MEF: every provider of the assembly must be exported for C#
    /// (and shared), and fix only IDs the analyzer reports.
    /// </summary>
    [Fact]
    public void EveryProviderIsExportedAndFixesAnAnalyzerDiagnostic()
    {
        var providers = typeof(MakeTypePartialCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        var reported = new DifferentiableAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet();

        Assert.Equal(5, providers.Count);
        foreach (var type in providers)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.True(export is not null && export.Languages.SequenceEqual(new[] { LanguageNames.CSharp }), type.Name + " is not exported for C#");
            Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, type.Name + " is not [Shared]");
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, reported));
        }
    }

    // ------------------------------------------------------------------ ADG0001 → partial

    [Fact]
    public Task ADG0001_MakesEveryEnclosingTypePartial() => CodeFixVerifier<MakeTypePartialCodeFixProvider>.VerifyAsync(
        """
        using AutoDiffGen;

        namespace N
        {
            public class {|ADG0001:Outer|}
            {
                [System.Obsolete]
                class {|ADG0001:Middle|}
                {
                    internal static partial class Inner
                    {
                        [Differentiable]
                        public static double F(double x) => x * x;
                    }
                }
            }
        }
        """,
        """
        using AutoDiffGen;

        namespace N
        {
            public partial class Outer
            {
                [System.Obsolete]
                partial class Middle
                {
                    internal static partial class Inner
                    {
                        [Differentiable]
                        public static double F(double x) => x * x;
                    }
                }
            }
        }
        """);

    // ------------------------------------------------------------------ ADG0003 / ADG0004 → [NoDerivative]

    [Fact]
    public Task ADG0003_ParameterHoldingReals_MarkedNoDerivative() => CodeFixVerifier<MarkParameterNoDerivativeCodeFixProvider>.VerifyAsync(
        """
        using System.Collections.Generic;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, {|ADG0003:List<double> weights|}) => x * weights.Count;
        }
        """,
        """
        using System.Collections.Generic;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] List<double> weights) => x * weights.Count;
        }
        """);

    [Fact]
    public Task ADG0004_ParameterOfTheOtherRealType_MarkedNoDerivative() => CodeFixVerifier<MarkParameterNoDerivativeCodeFixProvider>.VerifyAsync(
        """
        public static partial class Functions
        {
            [AutoDiffGen.Differentiable]
            public static (double, double) {|ADG0004:F|}(double x, float scale) => (x, x * scale);
        }
        """,
        """
        public static partial class Functions
        {
            [AutoDiffGen.Differentiable]
            public static (double, double) F(double x, [AutoDiffGen.NoDerivative] float scale) => (x, x * scale);
        }
        """);

    // ------------------------------------------------------------------ ADG0006 → [Differentiable] on the callee

    [Fact]
    public async Task ADG0006_UnmarkedCalleeInAnotherDocument_MarkedDifferentiable()
    {
        var test = new CodeFixVerifier<MarkCalleeDifferentiableCodeFixProvider>.Test();
        test.TestState.Sources.Add(("Functions.cs", """
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => {|ADG0006:Helpers.Square(x)|} + {|ADG0006:Helpers.Square(2 * x)|};
            }
            """));
        test.TestState.Sources.Add(("Helpers.cs", """
            public static partial class Helpers
            {
                /// <summary>x².</summary>
                public static double Square(double x) => x * x;
            }
            """));
        test.FixedState.Sources.Add(("Functions.cs", """
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => Helpers.Square(x) + Helpers.Square(2 * x);
            }
            """));
        test.FixedState.Sources.Add(("Helpers.cs", """
            public static partial class Helpers
            {
                /// <summary>x².</summary>
                [AutoDiffGen.Differentiable]
                public static double Square(double x) => x * x;
            }
            """));
        await test.RunAsync();
    }

    /// <summary>A recursive helper without the attribute: marked, it composes (the fixed code has no diagnostic).</summary>
    [Fact]
    public Task ADG0006_UnmarkedRecursiveCallee_MarkedDifferentiable() => CodeFixVerifier<MarkCalleeDifferentiableCodeFixProvider>.VerifyAsync(
        """
        using AutoDiffGen;

        public static partial class Functions
        {
            static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1);

            [Differentiable]
            public static double F(double x) => {|ADG0006:Pow(x, 3)|};
        }
        """,
        """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1);

            [Differentiable]
            public static double F(double x) => Pow(x, 3);
        }
        """);

    // ------------------------------------------------------------------ ADG0005 → index from the start

    [Fact]
    public Task ADG0005_IndexFromEnd_RewrittenFromTheStart() => CodeFixVerifier<IndexFromStartCodeFixProvider>.VerifyAsync(
        """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double[] w, ReadOnlySpan<double> v, int k) => w[{|ADG0005:^1|}] * {|ADG0005:v[^(k + 1)]|};
        }
        """,
        """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double[] w, ReadOnlySpan<double> v, int k) => w[w.Length - 1] * v[v.Length - (k + 1)];
        }
        """);

    // A write to an output's element from the end gets the same fix (a new user's trial, stop 30).
    [Fact]
    public Task ADG0005_IndexFromEndWrittenIntoAnOutput_RewrittenFromTheStart() => CodeFixVerifier<IndexFromStartCodeFixProvider>.VerifyAsync(
        """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, Span<double> y) { {|ADG0005:y[^1]|} = x[0] * x[0]; }
        }
        """,
        """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, Span<double> y) { y[y.Length - 1] = x[0] * x[0]; }
        }
        """);

    // ------------------------------------------------------------------ ADG0006 → Ad.StopGradient at the active arguments

    [Fact]
    public Task ADG0006_OpaqueCallee_ActiveArgumentTreatedAsConstant() => CodeFixVerifier<StopGradientCodeFixProvider>.VerifyAsync(
        """
        using AutoDiffGen;

        public static partial class Functions
        {
            static double Opaque(double v, int k) => v * k;

            [Differentiable]
            public static double F(double x, double y) => x * {|ADG0006:Opaque(x * y, 3)|} + {|ADG0006:Opaque(k: 2, v: /* scale */ y)|};
        }
        """,
        """
        using AutoDiffGen;

        public static partial class Functions
        {
            static double Opaque(double v, int k) => v * k;

            [Differentiable]
            public static double F(double x, double y) => x * Opaque(Ad.StopGradient(x * y), 3) + Opaque(k: 2, v: /* scale */ Ad.StopGradient(y));
        }
        """);

    [Fact]
    public Task ADG0006_Delegate_EveryActiveArgument_QualifiedWithoutAUsing() => CodeFixVerifier<StopGradientCodeFixProvider>.VerifyAsync(
        """
        public partial class Model
        {
            readonly System.Func<double, double, double> g = (a, b) => a * b;

            [AutoDiffGen.Differentiable]
            public double F(double x, double y) => x + {|ADG0006:g(x, y + 1)|};
        }
        """,
        """
        public partial class Model
        {
            readonly System.Func<double, double, double> g = (a, b) => a * b;

            [AutoDiffGen.Differentiable]
            public double F(double x, double y) => x + g(AutoDiffGen.Ad.StopGradient(x), AutoDiffGen.Ad.StopGradient(y + 1));
        }
        """);

    /// <summary>
    /// Not for an active array (StopGradient takes a real), a [Differentiable] callee that cannot
    /// compose (the fix is in the callee), or an active receiver (wrapping the arguments would not
    /// resolve it).
    /// </summary>
    [Fact]
    public async Task ADG0006_StopGradientNotOffered_WhereItWouldNotResolveIt()
    {
        const string source = """
            using System;
            using System.Linq;
            using AutoDiffGen;

            public static partial class Functions
            {
                static double Sum(double[] v) => v.Sum();

                [Differentiable]
                public static double ArrayArgument(double[] w) => {|ADG0006:Sum(w)|};

                [Differentiable(Generate = DerivativeMembers.Pushforward)]
                public static double ForwardOnly(double x) => x * x;

                [Differentiable]
                public static double CallsForwardOnly(double x) => {|ADG0006:ForwardOnly(x)|};

                [Differentiable]
                public static double ActiveReceiver(double x) => {|ADG0006:x.CompareTo(1.0)|} * x;
            }
            """;
        await new CodeFixVerifier<StopGradientCodeFixProvider>.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    // ------------------------------------------------------------------ no fix where it would be wrong

    /// <summary>
    /// [NoDerivative] does not make a ref parameter supported, nor a method whose outputs are of the
    /// other real type than its first active parameter; [Differentiable] cannot make a method
    /// returning bool, nor one in metadata, differentiable; a range, and an index into an array that
    /// a call returns (written twice, the call would run twice), cannot be rewritten exactly.
    /// </summary>
    [Fact]
    public async Task NoFixWhereItWouldBeWrong()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double RefParameter(double x, {|ADG0003:ref double y|}) => x * y;

                // The first active parameter, not an output, sets the Jacobian's type here: marking x
                // [NoDerivative] would leave the output of the other type.
                [Differentiable]
                public static void {|ADG0004:Outputs|}(float a, double x, Span<double> o) => o[0] = a * x;

                static bool IsLarge(double x) => x > 10;

                [Differentiable]
                public static double BoolCallee(double x) => {|ADG0006:IsLarge(x)|} ? x : -x;

                [Differentiable]
                public static double MetadataCallee(double x) => {|ADG0006:Math.BitIncrement(x)|};

                static double[] Copy(double[] w) => (double[])w.Clone();

                [Differentiable]
                public static double Range(ReadOnlySpan<double> w) => {|ADG0005:w[1..]|}[0];

                [Differentiable]
                public static double ReceiverIsACall([NoDerivative] double[] data, double x) => x * Copy(data)[{|ADG0005:^1|}];
            }
            """;
        await new CodeFixVerifier<MarkParameterNoDerivativeCodeFixProvider>.Test { TestCode = source, FixedCode = source }.RunAsync();
        await new CodeFixVerifier<MarkCalleeDifferentiableCodeFixProvider>.Test { TestCode = source, FixedCode = source }.RunAsync();
        await new CodeFixVerifier<IndexFromStartCodeFixProvider>.Test { TestCode = source, FixedCode = source }.RunAsync();
    }
}
