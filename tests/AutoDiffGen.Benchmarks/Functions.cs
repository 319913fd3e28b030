using System;
using AutoDiffGen;

namespace AutoDiffGen.Benchmarks;

/// <summary>The functions benchmarked, differentiated by AutoDiffGen.</summary>
public static partial class Functions
{
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    [Differentiable]
    public static double ReluLoss(ReadOnlySpan<double> w, double b,
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

    /// <summary><see cref="Rosenbrock"/> with <c>ReorderSums = true</c>: its sum is vectorized as partial sums too.</summary>
    [Differentiable(ReorderSums = true)]
    public static double RosenbrockReordered(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary><see cref="ReluLoss"/> with <c>ReorderSums = true</c>: the dot products are partial sums.</summary>
    [Differentiable(ReorderSums = true)]
    public static double ReluLossReordered(ReadOnlySpan<double> w, double b,
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

    /// <summary>A two-layer tanh network, one output, squared error on one sample; W1 is h×d row-major.</summary>
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
