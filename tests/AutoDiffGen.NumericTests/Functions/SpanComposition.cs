using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Calls to [Differentiable] methods with array and span parameters (SpanCompositionTests.cs):
/// the arguments are active inputs of the caller or slices of them.
/// </summary>
public static partial class SpanComposition
{
    /// <summary>a·b over the shorter length.</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>x·w₀ + w₁² (the WeightedPair, returning one value).</summary>
    [Differentiable]
    public static double WeightedPair(double x, ReadOnlySpan<double> w) => x * w[0] + w[1] * w[1];

    /// <summary>Σ sin(wᵢ) over an array parameter.</summary>
    [Differentiable]
    public static double SumSin(double[] w)
    {
        double s = 0;
        foreach (double v in w)
        {
            s += Math.Sin(v);
        }

        return s;
    }

    /// <summary>(Σw², Σw) with a tuple result and a span parameter.</summary>
    [Differentiable]
    public static (double squares, double sum) Moments(ReadOnlySpan<double> w)
    {
        double q = 0, s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            q += w[i] * w[i];
            s += w[i];
        }

        return (q, s);
    }

    /// <summary>WeightedPair(x, w[1..]) + Dot(w, v) + x·SumSin(u): slices and whole arrays, spans and an array.</summary>
    [Differentiable]
    public static double Caller(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, double[] u)
        => WeightedPair(x, w.Slice(1)) + Dot(w, v) + x * SumSin(u);

    /// <summary>Calls in a loop, a slice made before it: Σₖ k·x·Dot(w[1..], v).</summary>
    [Differentiable]
    public static double InLoop(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        var tail = w.Slice(1);
        double acc = 0;
        for (int k = 1; k <= 3; k++)
        {
            acc += k * x * Dot(tail, v);
        }

        return acc;
    }

    /// <summary>A tuple-returning callee with a span parameter: var (q, s) = Moments(w); q / (1 + s²).</summary>
    [Differentiable]
    public static double Normalized(ReadOnlySpan<double> w)
    {
        var (q, s) = Moments(w);
        return q / (1 + s * s);
    }

    /// <summary>A vector method composing a span callee: (Dot(w, v), x·SumSin(u)).</summary>
    [Differentiable]
    public static (double dot, double scaled) Pair(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, double[] u)
        => (Dot(w, v), x * SumSin(u));

    /// <summary>a·v₀·v₁.</summary>
    [Differentiable]
    public static double Scaled(ReadOnlySpan<double> v, double a) => a * v[0] * v[1];

    /// <summary>A slice argument held ahead of a later argument that may throw (w[n % w.Length]): fuzz seed 26, program 93.</summary>
    [Differentiable]
    public static double HeldSlice(ReadOnlySpan<double> w, int n, double x) => Scaled(w.Slice(1), w[n % w.Length] * x);
}
