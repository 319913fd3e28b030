using System;
using System.Linq;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// <c>[Differentiable(Generate = …)]</c>: exactly the members asked for are generated (a vector-valued
/// method's Jacobian brings its pushforward and pullback), a gradient without a pullback has a sweep of
/// its own and is right, callers that compose through a left-out member are reported (ADG0006), an
/// override must generate what its base generates (ADG0011), and a Generate that names nothing is
/// ADG0004 at the argument.
/// </summary>
public sealed class GenerateOptionTests
{
    private static string InClass(string members) => $$"""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
        {{members}}
        }
        """;

    private static string[] Generated(GeneratedCodeRunner runner, string method)
        => runner.MethodNames("Functions").Where(n => n.StartsWith(method, StringComparison.Ordinal) && n != method).Distinct().ToArray();

    [Fact]
    public void GradientOnly_WithoutLoops_HasItsOwnSweepAndIsRight()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double F(double x, double y) => Math.Sin(x * y) + x * x * y;
            }
            """;
        var text = GeneratorRunner.Run(source).AssertCleanOutput().SingleGeneratedText;
        Assert.DoesNotContain("FPullback", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FPushforward", text, StringComparison.Ordinal);

        var runner = GeneratedCodeRunner.Compile(source);
        Assert.Equal(new[] { "FGradient" }, Generated(runner, "F"));
        foreach (var (x, y) in new[] { (0.3, -1.2), (2.0, 0.5), (-1.7, 3.1) })
        {
            var arguments = new object?[] { x, y, null, null };
            double value = (double)runner.Invoke("Functions", "FGradient", arguments)!;
            Assert.Equal(Math.Sin(x * y) + x * x * y, value);
            // Closed forms: ∂/∂x = y cos(xy) + 2xy, ∂/∂y = x cos(xy) + x².
            Assert.Equal(y * Math.Cos(x * y) + 2 * x * y, (double)arguments[2]!, 12);
            Assert.Equal(x * Math.Cos(x * y) + x * x, (double)arguments[3]!, 12);
        }
    }

    [Fact]
    public void GradientOnly_WithALoop_IsRight()
    {
        var runner = GeneratedCodeRunner.Compile(InClass("""
                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double Norm2(double[] v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * v[i];
                    }

                    return s;
                }

                // Reflection cannot pass a span: an array-taking caller of the generated gradient.
                public static double Call(double[] v, double[] dv) => Norm2Gradient(v, dv);
            """));
        Assert.Equal(new[] { "Norm2Gradient" }, Generated(runner, "Norm2"));
        foreach (int n in new[] { 0, 1, 3, 4, 5, 9, 17 })
        {
            var v = Enumerable.Range(0, n).Select(i => Math.Sin(i + 0.3) * 3).ToArray();
            var dv = Enumerable.Repeat(double.NaN, n).ToArray();
            double value = (double)runner.Invoke("Functions", "Call", new object?[] { v, dv })!;
            Assert.Equal(v.Sum(e => e * e), value, 12);
            Assert.Equal(v.Select(e => 2 * e).ToArray(), dv); // ∂/∂vᵢ Σ v² = 2vᵢ, exact in floating point
        }
    }

    [Fact]
    public void PushforwardAndPullback_WithoutGradient()
    {
        var runner = GeneratedCodeRunner.Compile(InClass("""
                [Differentiable(Generate = DerivativeMembers.Pushforward | DerivativeMembers.Pullback)]
                public static double F(double x) => x * x * x;
            """));
        Assert.Equal(new[] { "FPullback", "FPushforward" }, Generated(runner, "F"));
        var push = new object?[] { 2.0, 0.5, null };
        Assert.Equal(8.0, (double)runner.Invoke("Functions", "FPushforward", push)!);
        Assert.Equal(3 * 4.0 * 0.5, (double)push[2]!); // 3x²·v
        var pull = new object?[] { 2.0, 2.0, 1.0 };
        runner.Invoke("Functions", "FPullback", pull);
        Assert.Equal(1.0 + 2.0 * 3 * 4.0, (double)pull[2]!); // adds seed·3x²
    }

    [Fact]
    public void VectorValued_JacobianBringsItsSweeps_PullbackAlone()
    {
        var runner = GeneratedCodeRunner.Compile(InClass("""
                [Differentiable(Generate = DerivativeMembers.Jacobian)]
                public static (double a, double b) G(double x, double y) => (x * y, x + y * y);

                [Differentiable(Generate = DerivativeMembers.Pullback)]
                public static (double a, double b) H(double x, double y) => (x * y, x + y * y);
            """));
        Assert.Equal(new[] { "GJacobian", "GPullback", "GPushforward" }, Generated(runner, "G"));
        Assert.Equal(new[] { "HPullback" }, Generated(runner, "H"));
    }

    [Fact]
    public Task GenerateNamingNothing_ADG0004AtTheArgument() => VerifyAsync(InClass("""
            [Differentiable({|#0:Generate = 0|})]
            public static double F(double x) => x * x;

            [Differentiable({|#1:Generate = DerivativeMembers.Gradient | (DerivativeMembers)8|})]
            public static double G(double x) => x * x;

            [Differentiable(Generate = DerivativeMembers.All)]
            public static double H(double x) => x * x;
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F", NamesNothing),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(1).WithArguments("G", NamesNothing.Replace("names no derivative member", "has flags that name no derivative member (8)")));

    private const string NamesNothing = "its [Differentiable(Generate = …)] names no derivative member; combine one or more of DerivativeMembers.Gradient (the Jacobian of a vector-valued method), DerivativeMembers.Pushforward and DerivativeMembers.Pullback with '|', or leave Generate out for all of them";

    [Fact]
    public Task CallerNeedsALeftOutMember_ADG0006() => VerifyAsync(InClass("""
            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double Square(double x) => x * x;

            [Differentiable(Generate = DerivativeMembers.Pushforward)]
            public static double Cube(double x) => x * x * x;

            // Reverse mode (the gradient) composes through Cube's pullback, left out.
            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double A(double x) => {|#0:Cube(x)|} + 1;

            // All three members: both of Square's are left out.
            [Differentiable]
            public static double B(double x) => {|#1:Square(x)|} + 1;

            // Forward mode only: Cube's pushforward is there.
            [Differentiable(Generate = DerivativeMembers.Pushforward)]
            public static double C(double x) => Cube(x) + 1;

            // Inactive arguments need no derivative.
            [Differentiable]
            public static double D(double x, [NoDerivative] double k) => x * Square(k);
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Cube",
            "its [Differentiable(Generate = …)] leaves out 'CubePullback', through which the derivatives of 'A' compose; add DerivativeMembers.Pullback to its Generate"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Square",
            "its [Differentiable(Generate = …)] leaves out 'SquarePushforward' and 'SquarePullback', through which the derivatives of 'B' compose; add DerivativeMembers.Pushforward | DerivativeMembers.Pullback to its Generate"));

    [Fact]
    public void CallerAndCalleeWithWhatTheyNeed_ComposeRightly()
    {
        var runner = GeneratedCodeRunner.Compile(InClass("""
                [Differentiable(Generate = DerivativeMembers.Pullback)]
                public static double Square(double x) => x * x;

                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double A(double x) => Math.Exp(Square(x));
            """));
        Assert.Equal(new[] { "AGradient" }, Generated(runner, "A"));
        var arguments = new object?[] { 0.7, null };
        double value = (double)runner.Invoke("Functions", "AGradient", arguments)!;
        Assert.Equal(Math.Exp(0.49), value, 14);
        Assert.Equal(2 * 0.7 * Math.Exp(0.49), (double)arguments[1]!, 12); // d/dx e^{x²} = 2x e^{x²}
    }

    [Fact]
    public Task OverrideGeneratingOtherMembersThanItsBase_ADG0011() => VerifyAsync("""
        using AutoDiffGen;

        public partial class Base
        {
            [Differentiable]
            public virtual double A(double x) => x;

            [Differentiable(Generate = DerivativeMembers.Pullback)]
            public virtual double B(double x) => x;
        }

        public partial class Derived : Base
        {
            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public override double {|#0:A|}(double x) => x * x;

            [Differentiable(Generate = DerivativeMembers.Pullback)]
            public override double B(double x) => x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("A",
            "its derivatives override those of 'Base.A', which generates 'AGradient', 'APushforward' and 'APullback', and this method would generate 'AGradient'; give both the same [Differentiable(Generate = …)]"));

    [Fact]
    public Task OverrideReorderingSumsUnlikeItsBase_ADG0011() => VerifyAsync("""
        using AutoDiffGen;

        public partial class Base
        {
            [Differentiable]
            public virtual double A(double x) => x;

            [Differentiable(ReorderSums = true)]
            public virtual double B(double x) => x;
        }

        public partial class Derived : Base
        {
            [Differentiable(ReorderSums = true)]
            public override double {|#0:A|}(double x) => x * x;

            [Differentiable(ReorderSums = true)]
            public override double B(double x) => x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("A",
            "its derivatives override those of 'Base.A', which does not reorder its sums, and this method does; give both the same [Differentiable(ReorderSums = …)]"));

    [Fact]
    public Task ExistingMemberNamedLikeALeftOutOne_NoConflict() => VerifyAsync(InClass("""
            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x) => x * x;

            public static double FPullback(double x, double seed, ref double dx) { dx += 2 * x * seed; return x * x; }
        """));

    /// <summary>
    /// A method that hides a base method's derivatives ('new') hides only the members the base
    /// generates: the others get no 'new' (CS0109 otherwise, an error with warnings as errors).
    /// </summary>
    [Fact]
    public void HidingABaseWithOtherMembers_NewOnlyWhereSomethingIsHidden()
    {
        var text = GeneratorRunner.Run("""
            using AutoDiffGen;

            public partial class HideBase
            {
                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public double E(double x) => x * x;
            }

            public partial class HideDerived : HideBase
            {
                [Differentiable]
                public new double E(double x) => x * x * x;
            }
            """).AssertCleanOutput().GeneratedSources.Single(s => s.HintName.Contains("HideDerived", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public new double EGradient(", text, StringComparison.Ordinal);
        Assert.Contains("public double EPushforward(", text, StringComparison.Ordinal);
        Assert.Contains("public double EPullback(", text, StringComparison.Ordinal);
    }
}
