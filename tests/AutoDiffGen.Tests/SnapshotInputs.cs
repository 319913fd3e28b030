namespace AutoDiffGen.Tests;

/// <summary>The inputs of the snapshot tests, shared with the numeric checks of the generated code.</summary>
internal static class SnapshotInputs
{
    public const string ScalarProduct = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, double y) => 3 * x * x * y;
        }
        """;

    public const string LocalsAndIfElse = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double G(double x, double y)
            {
                double wave = Math.Sin(x) * Math.Exp(-y);
                double piece;
                if (x > y)
                {
                    piece = Math.Log(1 + x * x);
                }
                else
                {
                    piece = x * y;
                }

                return wave + piece;
            }
        }
        """;

    public const string EarlyReturnFromNestedBlock = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Piecewise(double x, double y)
            {
                double s = x * y;
                if (x > 0)
                {
                    double t = s * s;
                    if (y > 1)
                    {
                        return t + x;
                    }

                    s = t - y;
                }

                return s * x;
            }
        }
        """;

    public const string SwitchExpressionWithRelationalPatterns = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Ramp(double x, double k) => x switch
            {
                < 0 => 0.0,
                >= 0 and < 1 => k * x * x,
                _ => k * (2 * x - 1),
            };
        }
        """;

    public const string FloatMethod = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static float H(float x) => x * x / (1f + x * x);
        }
        """;

    public const string InstanceMethodInNestedStruct = """
        using System;
        using AutoDiffGen;

        namespace Physics.Models
        {
            public partial class Outer
            {
                public partial struct Spring
                {
                    public double Stiffness;

                    [Differentiable]
                    public readonly double Energy(double x, double v) => 0.5 * Stiffness * x * x + 0.5 * v * v + Math.Cos(x);
                }
            }
        }
        """;

    public const string IntAndNoDerivativeParameters = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Scaled(double x, int n, [NoDerivative] double scale) => scale * Math.Pow(x, n) + n * x;
        }
        """;

    public const string ReductionLoopReluLoss = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> w, double b,
                                      [NoDerivative] ReadOnlySpan<double> X, [NoDerivative] ReadOnlySpan<double> y)
            {
                int n = y.Length, d = w.Length;
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double z = b;
                    for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
                    double r = y[i] - Math.Max(0, z);
                    sum += r * r;
                }

                return sum / n;
            }
        }
        """;

    public const string LoopCarriedIteratedMap = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Iterate(double x, double a, int k)
            {
                for (int t = 0; t < k; t++)
                {
                    x = x - a * Math.Sin(x);
                }

                return x;
            }
        }
        """;

    public const string WhileLoopNewton = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double NewtonSqrt(double a)
            {
                double x = a > 1 ? a : 1.0;
                double step = x;
                while (Math.Abs(step) > 1e-15 * x)
                {
                    double next = 0.5 * (x + a / x);
                    step = next - x;
                    x = next;
                }

                return x;
            }
        }
        """;

    public const string LocalBufferMlp = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Mlp(ReadOnlySpan<double> W1, ReadOnlySpan<double> b1, ReadOnlySpan<double> W2, double b2,
                                     [NoDerivative] ReadOnlySpan<double> input, [NoDerivative] double target)
            {
                int h = b1.Length, d = input.Length;
                Span<double> hidden = stackalloc double[h];
                for (int k = 0; k < h; k++)
                {
                    double s = b1[k];
                    for (int j = 0; j < d; j++) s += W1[k * d + j] * input[j];
                    hidden[k] = Math.Tanh(s);
                }

                double o = b2;
                for (int k = 0; k < h; k++) o += W2[k] * hidden[k];
                double e = o - target;
                return e * e;
            }
        }
        """;

    public const string TriangularLocalBuffers = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable(Generate = DerivativeMembers.Pullback)]
            public static double Triangular(ReadOnlySpan<double> l, ReadOnlySpan<double> x, ReadOnlySpan<double> m)
            {
                int n = x.Length;
                Span<double> c = stackalloc double[n];
                Span<double> y = stackalloc double[n];
                for (int j = 0; j < n; j++) c[j] = x[j] - m[j];
                for (int j = 0; j < n; j++) y[j] = c[j];
                int p = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = i + 1; j < n; j++)
                    {
                        y[j] += l[p] * c[i];
                        p++;
                    }
                }

                double s = 0;
                for (int j = 0; j < n; j++) s += y[j] * y[j];
                return 0.5 * s;
            }
        }
        """;

    public const string VectorFG = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static (double f, double g) FG(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));
        }
        """;

    public const string VectorWithArrayDenominator = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable(Layout = JacobianLayout.Denominator)]
            public static (double sum, double product) SumAndProduct(double scale, ReadOnlySpan<double> w)
            {
                double s = 0, p = 1;
                for (int i = 0; i < w.Length; i++)
                {
                    s += scale * w[i];
                    p *= w[i];
                }

                return (s, p);
            }
        }
        """;

    /// <summary>The element-wise product with a span output, denominator layout: the compressed Jacobian.</summary>
    public const string SpanOutputMul = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable(Layout = JacobianLayout.Denominator)]
            public static void Mul(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = w[i] * x[i];
                }
            }
        }
        """;

    /// <summary>A real returned beside a span output, with an output read back: the dense Jacobian chosen at run time.</summary>
    public const string SpanOutputBesideReal = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Cumulative(double a, ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = a * x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    y[i] = y[i - 1] + a * x[i];
                }

                return y[x.Length - 1];
            }
        }
        """;

    /// <summary>A call composed through a user's [DerivativeOf] pushforward and pullback, beside Ad.StopGradient and Ad.Relu.</summary>
    public const string CustomDerivativeCall = """
        using System;
        using AutoDiffGen;

        public static class Special
        {
            public static double LogCosh(double x) => Math.Log(Math.Cosh(x));
        }

        public static partial class Functions
        {
            [DerivativeOf(typeof(Special), nameof(Special.LogCosh))]
            public static void LogCoshPushforward(double x, double xTangent, out double resultTangent) => resultTangent = Math.Tanh(x) * xTangent;

            [DerivativeOf(typeof(Special), nameof(Special.LogCosh))]
            public static void LogCoshPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint * Math.Tanh(x);

            [Differentiable]
            public static double Loss(double w, double b, double target)
            {
                double z = Ad.Relu(w * 2.0 + b);
                return Special.LogCosh(z - Ad.StopGradient(target * w));
            }
        }
        """;
}
