using System;
using System.Globalization;
using System.Linq;
using Xunit;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>Assertions on the three generated methods of a <see cref="VecFn"/>.</summary>
public static class LoopAssert
{
    /// <summary>|actual − expected| ≤ tolerance · max(1, scale); scale defaults to |expected|.</summary>
    public static void Close(double expected, double actual, double tolerance, string what, double? scale = null)
    {
        double s = Math.Max(1.0, scale ?? Math.Abs(expected));
        double error = Math.Abs(actual - expected);
        if (!(error <= tolerance * s))
        {
            Assert.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: expected {1:R}, got {2:R} (|error| = {3:E2}, allowed {4:E2})",
                what, expected, actual, error, tolerance * s));
        }
    }

    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Σ |aᵢ·bᵢ|: the scale of a dot product for a tolerance.</summary>
    public static double AbsDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Abs(a[i] * b[i]);
        return s;
    }

    /// <summary>
    /// Gradient (into a buffer filled with garbage, which it must overwrite), Pushforward (along
    /// every unit vector, and along random directions: dot(expected, direction)) and Pullback (seed
    /// 1 from zero adjoints; and a seed of −2.5 added onto random non-zero adjoints, which checks
    /// accumulation) all agree with <paramref name="expected"/>, and all three return f(p).
    /// </summary>
    public static void Matches(VecFn fn, double[] point, double[] expected, double tolerance, int seed = 1)
    {
        int n = fn.Arity;
        Assert.Equal(n, point.Length);
        Assert.Equal(n, expected.Length);
        double[] p = fn.Representable(point);
        double valueTolerance = fn.IsSingle ? Tolerances.SingleValue : Tolerances.DoubleValue;
        double value = fn.Value(p);
        Assert.True(double.IsFinite(value), $"{fn}: value {value} at the test point is not finite");
        string at = $" of {fn.Name}";

        // Gradient: overwrites whatever is in the buffer.
        var gradient = Enumerable.Repeat(1e300, n).ToArray();
        Close(value, fn.Gradient(p, gradient), valueTolerance, "Gradient value" + at);
        AllClose(expected, gradient, tolerance, "Gradient" + at);

        // Gradient twice in a row gives the same (nothing is left over from the first call, e.g. on a tape).
        var again = new double[n];
        fn.Gradient(p, again);
        Assert.Equal(gradient, again);

        // Pushforward along unit vectors (at most 24 of them, spread over p).
        var direction = new double[n];
        int stride = Math.Max(1, n / 24);
        for (int i = 0; i < n; i += stride)
        {
            Array.Clear(direction);
            direction[i] = 1;
            Close(value, fn.Pushforward(p, direction, out double tangent), valueTolerance, "Pushforward value" + at);
            Close(expected[i], tangent, tolerance, $"Pushforward along e{i}" + at);
        }

        // Pushforward along random directions: the directional derivative is dot(gradient, direction).
        var random = new Random(seed);
        for (int trial = 0; trial < 4; trial++)
        {
            for (int i = 0; i < n; i++) direction[i] = Representable(fn, random.NextDouble() * 4 - 2);
            fn.Pushforward(p, direction, out double tangent);
            Close(Dot(expected, direction), tangent, tolerance, $"Pushforward along random direction {trial}" + at, AbsDot(expected, direction));
        }

        // Pullback from zero adjoints with seed 1: the gradient.
        var adjoint = new double[n];
        Close(value, fn.Pullback(p, 1, adjoint), valueTolerance, "Pullback value" + at);
        AllClose(expected, adjoint, tolerance, "Pullback(seed 1)" + at);

        // Pullback accumulates: initial + seed·gradient.
        const double Seed = -2.5;
        var initial = new double[n];
        for (int i = 0; i < n; i++) initial[i] = Representable(fn, Math.Round(random.NextDouble() * 8 - 4, 2));
        Array.Copy(initial, adjoint, n);
        fn.Pullback(p, Seed, adjoint);
        for (int i = 0; i < n; i++)
        {
            Close(initial[i] + Seed * expected[i], adjoint[i], tolerance, $"Pullback accumulation[{i}]" + at,
                Math.Abs(initial[i]) + Math.Abs(Seed * expected[i]));
        }
    }

    private static double Representable(VecFn fn, double v) => fn.IsSingle ? (float)v : v;
}

/// <summary>Finite-difference checks.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// All three generated methods agree with central differences of f (GradientCheck) at the
    /// point, within <see cref="Tolerances.DoubleFiniteDifference"/>. The caller picks points where
    /// f is smooth within a step (no branch or break threshold within ~1e-5).
    /// </summary>
    public static void Matches(VecFn fn, double[] point)
    {
        var numeric = new double[point.Length];
        GradientCheck.Gradient(p => fn.Value(p), point, numeric);
        LoopAssert.Matches(fn, point, numeric, Tolerances.DoubleFiniteDifference);
    }
}
