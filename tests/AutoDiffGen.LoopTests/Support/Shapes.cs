using System;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>
/// <see cref="VecFn"/> factories for the common shapes of generated methods, so that a method
/// group (or a lambda fixing the int arguments) can be passed directly.
/// </summary>
public static class Shapes
{
    // f(ReadOnlySpan<double> x)
    public delegate double SpanValue(ReadOnlySpan<double> x);
    public delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> dx);
    public delegate double SpanPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> xTangent, out double resultTangent);
    public delegate double SpanPullback(ReadOnlySpan<double> x, double resultAdjoint, Span<double> xAdjoint);

    // f(ReadOnlySpan<double> x, double a)
    public delegate double SpanScalarValue(ReadOnlySpan<double> x, double a);
    public delegate double SpanScalarGradient(ReadOnlySpan<double> x, double a, Span<double> dx, out double da);
    public delegate double SpanScalarPushforward(ReadOnlySpan<double> x, double a, ReadOnlySpan<double> xTangent, double aTangent, out double resultTangent);
    public delegate double SpanScalarPullback(ReadOnlySpan<double> x, double a, double resultAdjoint, Span<double> xAdjoint, ref double aAdjoint);

    // f(double a, double b)
    public delegate double ScalarsValue(double a, double b);
    public delegate double ScalarsGradient(double a, double b, out double da, out double db);
    public delegate double ScalarsPushforward(double a, double b, double aTangent, double bTangent, out double resultTangent);
    public delegate double ScalarsPullback(double a, double b, double resultAdjoint, ref double aAdjoint, ref double bAdjoint);

    /// <summary>p = x.</summary>
    public static VecFn OfSpan(string name, int n, SpanValue value, SpanGradient gradient, SpanPushforward pushforward, SpanPullback pullback) => new(
        name, n, false,
        p => value(p),
        (p, g) => gradient(p, g),
        (double[] p, double[] t, out double tangent) => pushforward(p, t, out tangent),
        (p, seed, a) => pullback(p, seed, a));

    /// <summary>p = (x₀ … x_{n−1}, a).</summary>
    public static VecFn OfSpanScalar(string name, int n, SpanScalarValue value, SpanScalarGradient gradient, SpanScalarPushforward pushforward, SpanScalarPullback pullback) => new(
        name, n + 1, false,
        p => value(p.AsSpan(0, n), p[n]),
        (p, g) => gradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => pushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => pullback(p.AsSpan(0, n), p[n], seed, a.AsSpan(0, n), ref a[n]));

    /// <summary>p = (a, b).</summary>
    public static VecFn OfScalars(string name, ScalarsValue value, ScalarsGradient gradient, ScalarsPushforward pushforward, ScalarsPullback pullback) => new(
        name, 2, false,
        p => value(p[0], p[1]),
        (p, g) => gradient(p[0], p[1], out g[0], out g[1]),
        (double[] p, double[] t, out double tangent) => pushforward(p[0], p[1], t[0], t[1], out tangent),
        (p, seed, a) => pullback(p[0], p[1], seed, ref a[0], ref a[1]));
}
