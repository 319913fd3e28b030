using System;
using System.Linq;
using AutoDiffGen.Tests.Infrastructure;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// <c>[DerivativeOf]</c>, <c>Ad.StopGradient</c> and <c>Ad.Relu</c> in generated code, against closed
/// forms: a call to a function with a custom derivative composes in forward and reverse mode (gradient,
/// pushforward, pullback, Jacobian of the caller).
/// </summary>
/// <remarks>
/// Tolerances: the generated derivatives evaluate the closed form's own operations (the custom
/// derivative's tanh, the chain rule's products), so they agree with it to a few ulps; 1e-14
/// relative leaves room for the products' rounding. Finite differences (<c>Check</c>) are good to
/// about 1e-8 at the default step, against its 1e-5.
/// </remarks>
public sealed class CustomDerivativeTests
{
    /// <summary>An opaque library function (not [Differentiable]: the generator cannot see into it) and its derivatives, log cosh′ = tanh.</summary>
    private const string Library = """
        using System;
        using AutoDiffGen;

        public static class Special
        {
            public static double LogCosh(double x) => Math.Abs(x) + Math.Log(0.5 * (1 + Math.Exp(-2 * Math.Abs(x))));
            public static float LogCosh(float x) => (float)LogCosh((double)x);
        }

        public static class SpecialDerivatives
        {
            [DerivativeOf(typeof(Special), nameof(Special.LogCosh))]
            public static void LogCoshPushforward(double x, double xTangent, out double resultTangent) => resultTangent = Math.Tanh(x) * xTangent;

            [DerivativeOf(typeof(Special), nameof(Special.LogCosh))]
            public static double LogCoshPullback(double x, double resultAdjoint, ref double xAdjoint)
            {
                xAdjoint += resultAdjoint * Math.Tanh(x);
                return Special.LogCosh(x);
            }

            [DerivativeOf(typeof(Special), nameof(Special.LogCosh))]
            internal static void LogCoshPullback(float x, float resultAdjoint, ref float xAdjoint) => xAdjoint += resultAdjoint * MathF.Tanh(x);
        }
        """;

    private static void Close(double expected, double actual)
        => Assert.True(Math.Abs(expected - actual) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void CustomDerivative_ComposesInBothModes_MatchesClosedForm()
    {
        var run = GeneratedCodeRunner.Compile(Library + """

            public static partial class Model
            {
                // f(x, y) = log cosh(x·y) + x: ∂x = y·tanh(xy) + 1, ∂y = x·tanh(xy)
                [Differentiable]
                public static double F(double x, double y) => Special.LogCosh(x * y) + x;
            }
            """);
        var f = run.Get("Model", "F");
        foreach (var (x, y) in new[] { (0.7, -1.3), (-2.0, 0.4), (3.0, 2.5) })
        {
            double t = Math.Tanh(x * y);
            double[] expected = { y * t + 1, x * t };
            var (value, gradient) = f.Gradient(new object[] { x, y });
            Assert.Equal(Special(x * y) + x, value);
            Close(expected[0], gradient[0]);
            Close(expected[1], gradient[1]);

            // Forward mode along (1, 0) and (0, 1), then a mixed direction.
            Close(expected[0], f.Pushforward(new object[] { x, y }, new[] { 1.0, 0.0 }).Tangent);
            Close(expected[1], f.Pushforward(new object[] { x, y }, new[] { 0.0, 1.0 }).Tangent);
            Close(0.5 * expected[0] - 2 * expected[1], f.Pushforward(new object[] { x, y }, new[] { 0.5, -2.0 }).Tangent);

            // Reverse mode adds seed·gradient into the adjoints it is given.
            var (pulledValue, adjoints) = f.Pullback(new object[] { x, y }, 3.0, new[] { 1.0, -1.0 });
            Assert.Equal(value, pulledValue);
            Close(1 + 3 * expected[0], adjoints[0]);
            Close(-1 + 3 * expected[1], adjoints[1]);
            f.Check(new object[] { x, y });
        }

        static double Special(double x) => Math.Abs(x) + Math.Log(0.5 * (1 + Math.Exp(-2 * Math.Abs(x))));
    }

    [Fact]
    public void CustomDerivative_InLoopsAndBranches_MatchesClosedForm()
    {
        var run = GeneratedCodeRunner.Compile(Library + """

            public static partial class Model
            {
                // Σᵢ log cosh(wᵢ·x) over w ≥ 0, and a recurrence through it: closed forms below.
                [Differentiable]
                public static double Sum(double[] w, double x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        if (w[i] >= 0)
                        {
                            s += Special.LogCosh(w[i] * x);
                        }
                    }

                    return s;
                }

                public static double[] SumG(double[] w, double x)
                {
                    var g = new double[w.Length + 1];
                    SumGradient(w, x, g.AsSpan(0, w.Length), out g[w.Length]);
                    return g;
                }

                [Differentiable]
                public static double Iterate(double x)
                {
                    double v = x;
                    for (int i = 0; i < 3; i++)
                    {
                        v = Special.LogCosh(v) + 0.5 * v;
                    }

                    return v;
                }
            }
            """);
        var w = new[] { 0.5, -1.0, 2.0 };
        double x = 0.8;
        var gradient = (double[])run.Invoke("Model", "SumG", new object?[] { w, x })!;
        double[] expected = { x * Math.Tanh(0.5 * x), 0, x * Math.Tanh(2.0 * x), 0.5 * Math.Tanh(0.5 * x) + 2.0 * Math.Tanh(2.0 * x) };
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], gradient[i]);
        }

        var iterate = run.Get("Model", "Iterate");
        double v = x, derivative = 1;
        for (int i = 0; i < 3; i++)
        {
            derivative *= Math.Tanh(v) + 0.5;
            v = Math.Log(Math.Cosh(v)) + 0.5 * v;
        }

        Close(derivative, iterate.Gradient(new object[] { x }).Gradient[0]);
        Close(derivative, iterate.Pushforward(new object[] { x }, new[] { 1.0 }).Tangent);
    }

    [Fact]
    public void CustomDerivative_InAVectorMethodsJacobian_MatchesClosedForm()
    {
        var run = GeneratedCodeRunner.Compile(Library + """

            public static partial class Model
            {
                // (log cosh x, x·log cosh y): J = [[tanh x, 0], [log cosh y, x·tanh y]]
                [Differentiable]
                public static (double, double) Pair(double x, double y) => (Special.LogCosh(x), x * Special.LogCosh(y));

                public static double[] PairJ(double x, double y)
                {
                    var j = new double[4];
                    PairJacobian(x, y, j);
                    return j;
                }
            }
            """);
        double x = 0.8, y = -1.7;
        var jacobian = (double[])run.Invoke("Model", "PairJ", new object?[] { x, y })!;
        double logCoshY = Math.Log(Math.Cosh(y));
        Close(Math.Tanh(x), jacobian[0]);
        Assert.Equal(0.0, jacobian[1]);
        Assert.True(Math.Abs(logCoshY - jacobian[2]) < 1e-14);
        Close(x * Math.Tanh(y), jacobian[3]);
    }

    [Fact]
    public void CustomDerivative_FloatOverload_ChosenByItsParameters()
    {
        var run = GeneratedCodeRunner.Compile(Library + """

            public static partial class Model
            {
                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static float G(float x) => 2f * Special.LogCosh(x);
            }
            """);
        var gradient = new object?[] { 0.6f, null };
        run.Invoke("Model", "GGradient", gradient);
        Assert.Equal(2f * MathF.Tanh(0.6f), (float)gradient[1]!);
    }

    [Fact]
    public void CustomDerivative_WinsOverAKnownDerivative_StraightThroughRound()
    {
        // The straight-through estimator: Round's value, the identity's derivative (Round alone has 0).
        var run = GeneratedCodeRunner.Compile("""
            using System;
            using AutoDiffGen;

            public static partial class Model
            {
                [DerivativeOf(typeof(Math), nameof(Math.Round))]
                public static void RoundPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

                [DerivativeOf(typeof(Math), nameof(Math.Round))]
                public static void RoundPushforward(double x, double xTangent, out double resultTangent) => resultTangent = xTangent;

                [Differentiable]
                public static double Q(double x, double y) => Math.Round(x) * y;
            }
            """);
        var q = run.Get("Model", "Q");
        var (value, gradient) = q.Gradient(new object[] { 1.7, 3.0 });
        Assert.Equal(6.0, value);
        Assert.Equal(new[] { 3.0, 2.0 }, gradient);
        Assert.Equal(3.0, q.Pushforward(new object[] { 1.7, 3.0 }, new[] { 1.0, 0.0 }).Tangent);
    }

    [Fact]
    public void CustomDerivative_WinsOverLiteralDifferentiation_OfADifferentiableTarget()
    {
        // Softplus differentiated literally is exp(x)/(1 + exp(x)): NaN at x = 800 (∞/∞). The
        // custom derivative is the stable logistic function.
        var run = GeneratedCodeRunner.Compile("""
            using System;
            using AutoDiffGen;

            public static partial class Model
            {
                [Differentiable]
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(typeof(Model), nameof(Softplus))]
                public static void SoftplusStablePullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint / (1 + Math.Exp(-x));

                [DerivativeOf(typeof(Model), nameof(Softplus))]
                public static void SoftplusStablePushforward(double x, double xTangent, out double resultTangent) => resultTangent = xTangent / (1 + Math.Exp(-x));

                [Differentiable]
                public static double Loss(double x) => 2 * Softplus(x);
            }
            """);
        var loss = run.Get("Model", "Loss");
        Assert.Equal(new[] { 2.0 }, loss.Gradient(new object[] { 800.0 }).Gradient);
        Assert.Equal(2.0, loss.Pushforward(new object[] { 800.0 }, new[] { 1.0 }).Tangent);
        var literal = run.Get("Model", "Softplus");
        Assert.True(double.IsNaN(literal.Gradient(new object[] { 800.0 }).Gradient[0]));
    }

    [Fact]
    public void CustomDerivative_NoDerivativeParameter_IsData()
    {
        var run = GeneratedCodeRunner.Compile("""
            using System;
            using AutoDiffGen;

            public static class Lib
            {
                public static double Scaled(double x, double k, int n) => k * n * Math.Sin(x);
            }

            public static partial class Model
            {
                [DerivativeOf(typeof(Lib), nameof(Lib.Scaled))]
                public static void ScaledPullback(double x, [NoDerivative] double k, int n, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint * k * n * Math.Cos(x);

                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double H(double x) => Lib.Scaled(x * x, 1.5, 2);
            }
            """);
        var gradient = new object?[] { 0.9, null };
        run.Invoke("Model", "HGradient", gradient);
        Close(3 * Math.Cos(0.81) * 2 * 0.9, (double)gradient[1]!);
    }

    [Fact]
    public void GradientCheck_CatchesADeliberatelyWrongCustomDerivative()
    {
        // The same caller with a right and a wrong (sign-flipped) custom pullback of log cosh.
        string Source(string sign) => $$"""
            using System;
            using AutoDiffGen;

            public static class Lib
            {
                public static double LogCosh(double x) => Math.Log(Math.Cosh(x));
            }

            public static partial class Model
            {
                [DerivativeOf(typeof(Lib), nameof(Lib.LogCosh))]
                public static void LogCoshPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += {{sign}}resultAdjoint * Math.Tanh(x);

                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double F(double x, double y) => Lib.LogCosh(x - y) + x * y;
            }
            """;
        double Worst(string sign)
        {
            var run = GeneratedCodeRunner.Compile(Source(sign));
            var point = new[] { 0.4, -0.9 };
            var gradient = new object?[] { point[0], point[1], null, null };
            run.Invoke("Model", "FGradient", gradient);
            return GradientCheck.WorstRelativeError(p => (double)run.Invoke("Model", "F", new object?[] { p[0], p[1] })!, point, new[] { (double)gradient[2]!, (double)gradient[3]! });
        }

        // A right gradient: the differences' own error, about 1e-10 here.
        Assert.True(Worst("") < 1e-8);
        // tanh(1.3) ≈ 0.86 with the wrong sign: an error of about 1.7.
        Assert.True(Worst("-") > 0.5);
    }

    [Fact]
    public void CustomDerivative_AddedInAnotherFile_IsPickedUpByTheSameDriver()
    {
        // The IDE's case: the caller is unchanged, a derivative appears in another file; the cached
        // lowering must not keep the caller skipped.
        const string caller = """
            using AutoDiffGen;

            public static class Lib
            {
                public static double Soft(double x) => System.Math.Log(1 + System.Math.Exp(x));
            }

            public static partial class Model
            {
                [Differentiable(Generate = DerivativeMembers.Gradient)]
                public static double F(double x) => 2 * Lib.Soft(x);
            }
            """;
        const string derivative = """
            using AutoDiffGen;

            public static class Derivatives
            {
                [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
                public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint / (1 + System.Math.Exp(-x));
            }
            """;
        var compilation = GeneratorRunner.CreateCompilation(caller);
        var first = GeneratorRunner.Run(GeneratorRunner.CreateDriver(), compilation);
        Assert.Empty(first.GeneratedSources);
        var second = GeneratorRunner.Run(first.Driver, compilation.AddSyntaxTrees(GeneratorRunner.Parse(derivative, "Derivatives.cs")));
        Assert.Contains("global::Derivatives.SoftPullback(", second.SingleGeneratedText);
    }

    [Fact]
    public void StopGradientAndRelu_MatchClosedForms()
    {
        var run = GeneratedCodeRunner.Compile("""
            using System;
            using AutoDiffGen;

            public static partial class Model
            {
                // x·sg(y) + relu(x − y)·y: ∂x = y + [x > y]·y, ∂y = [x > y]·(−y + (x − y))
                [Differentiable]
                public static double F(double x, double y) => x * Ad.StopGradient(y) + Ad.Relu(x - y) * y;

                [Differentiable]
                public static float G(float x) => Ad.Relu(x) + Ad.StopGradient(x * x);
            }
            """);
        var f = run.Get("Model", "F");
        foreach (var (x, y, expected) in new[] { (2.0, 0.5, new[] { 1.0, 1.0 }), (0.5, 2.0, new[] { 2.0, 0.0 }), (1.5, 1.5, new[] { 1.5, 0.0 }) })
        {
            var (value, gradient) = f.Gradient(new object[] { x, y });
            Assert.Equal(x * y + Math.Max(x - y, 0) * y, value);
            Assert.Equal(expected, gradient);
            Assert.Equal(expected[0], f.Pushforward(new object[] { x, y }, new[] { 1.0, 0.0 }).Tangent);
            Assert.Equal(expected[1], f.Pushforward(new object[] { x, y }, new[] { 0.0, 1.0 }).Tangent);
            Assert.Equal(expected, f.Pullback(new object[] { x, y }, 1.0, new[] { 0.0, 0.0 }).Adjoints);
        }

        // Relu at the kink: derivative 0 (where Math.Max(x, 0) would give ½).
        var g = run.Get("Model", "G");
        Assert.Equal(new[] { 0.0 }, g.Gradient(new object[] { 0f }).Gradient);
        Assert.Equal(new[] { 1.0 }, g.Gradient(new object[] { 0.25f }).Gradient);
        Assert.Equal(new[] { 0.0 }, g.Gradient(new object[] { -0.25f }).Gradient);
    }
}
