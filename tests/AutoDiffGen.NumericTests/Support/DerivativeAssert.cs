using System;
using System.Globalization;
using System.Linq;
using Xunit;

namespace AutoDiffGen.NumericTests.Support;

/// <summary>
/// Checks the three generated methods of a <see cref="DiffFn"/> against an expected gradient
/// (a closed form) or against central finite differences.
/// </summary>
public static class DerivativeAssert
{
    // A tangent direction and a pullback seed/initial adjoint with no special structure, so that
    // a mixed-up or dropped term cannot cancel out. All are exactly representable in float.
    private static readonly double[] Direction = { 1.5, -0.75, 2.25, -1.25, 0.5, 3.0 };
    private static readonly double[] InitialAdjoints = { 0.25, -1.5, 3.0, 0.75, -2.0, 1.0 };
    private const double Seed = -2.5;

    /// <summary>|actual − expected| ≤ tolerance · max(1, scale); equal infinities also pass.</summary>
    public static void Close(double expected, double actual, double tolerance, string what, double? scale = null)
    {
        if (double.IsInfinity(expected) && actual == expected)
        {
            return;
        }

        double s = Math.Max(1.0, scale ?? Math.Abs(expected));
        double error = Math.Abs(actual - expected);
        if (!(error <= tolerance * s))
        {
            Assert.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: expected {1:R}, got {2:R} (|error| = {3:E2}, allowed {4:E2})",
                what,
                expected,
                actual,
                error,
                tolerance * s));
        }
    }

    /// <summary>A double result against a closed form: within <see cref="Tolerances.DoubleClosedForm"/> (see <see cref="Close(double, double, double, string, double?)"/>).</summary>
    public static void ClosedForm(double expected, double actual) => Close(expected, actual, Tolerances.DoubleClosedForm, "closed form");

    /// <summary>
    /// Gradient, Pushforward (along every unit vector and along a mixed direction, which checks
    /// linearity) and Pullback (seed 1 from zero adjoints, and a seed of −2.5 added onto non-zero
    /// adjoints, which checks accumulation) all agree with <paramref name="expected"/>, and all
    /// three return the function's value.
    /// </summary>
    public static void ClosedForm(DiffFn fn, double[] point, double[] expected)
    {
        double[] x = fn.Representable(point);
        double tolerance = fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
        string at = " at " + Format(x);
        Check(fn, x, expected, tolerance, at);
    }

    /// <summary>Same as <see cref="ClosedForm"/>, with the expected gradient from central differences.</summary>
    public static void FiniteDifferences(DiffFn fn, double[] point)
    {
        double[] x = fn.Representable(point);
        double[] estimate = fn.IsSingle ? SingleCentralDifferences(fn, x) : DoubleCentralDifferences(fn, x);
        double tolerance = fn.IsSingle ? Tolerances.SingleFiniteDifference : Tolerances.DoubleFiniteDifference;
        Check(fn, x, estimate, tolerance, " (vs finite differences " + Format(estimate) + ") at " + Format(x));
    }

    private static void Check(DiffFn fn, double[] x, double[] expected, double tolerance, string at)
    {
        int n = fn.Arity;
        Assert.Equal(n, x.Length);
        Assert.Equal(n, expected.Length);
        double valueTolerance = fn.IsSingle ? Tolerances.SingleValue : Tolerances.DoubleValue;
        double value = fn.Value(x);

        // Gradient.
        var gradient = new double[n];
        Close(value, fn.Gradient(x, gradient), valueTolerance, "Gradient value" + at);
        for (int i = 0; i < n; i++)
        {
            Close(expected[i], gradient[i], tolerance, $"Gradient d{i}" + at);
        }

        // Pushforward along each unit vector: the partial derivative. Where another partial is
        // infinite (Sqrt or Pow at 0), forward mode multiplies it by a zero tangent, and IEEE
        // 0·∞ = NaN; there only the direction of the infinite partial itself is checked.
        bool anyInfinite = !expected.All(double.IsFinite);
        for (int i = 0; i < n; i++)
        {
            if (anyInfinite && double.IsFinite(expected[i]))
            {
                continue;
            }

            var unit = new double[n];
            unit[i] = 1;
            var (v, tangent) = fn.Pushforward(x, unit);
            Close(value, v, valueTolerance, "Pushforward value" + at);
            Close(expected[i], tangent, tolerance, $"Pushforward along e{i}" + at);
        }

        // Pushforward along a mixed direction: linear in the tangent (skipped when an expected
        // partial is infinite, where 0·∞ terms would make the sum meaningless).
        if (!anyInfinite)
        {
            var direction = Direction.Take(n).ToArray();
            double sum = 0, magnitude = 0;
            for (int i = 0; i < n; i++)
            {
                sum += direction[i] * expected[i];
                magnitude += Math.Abs(direction[i] * expected[i]);
            }

            var (_, mixed) = fn.Pushforward(x, direction);
            Close(sum, mixed, tolerance, $"Pushforward along ({Format(direction)})" + at, magnitude);
        }

        // Pullback with seed 1 from zero adjoints: the gradient.
        var adjoints = new double[n];
        Close(value, fn.Pullback(x, 1.0, adjoints), valueTolerance, "Pullback value" + at);
        for (int i = 0; i < n; i++)
        {
            Close(expected[i], adjoints[i], tolerance, $"Pullback (seed 1) adjoint {i}" + at);
        }

        // Pullback adds seed·gradient onto whatever the adjoints held.
        if (!anyInfinite)
        {
            var accumulated = InitialAdjoints.Take(n).ToArray();
            fn.Pullback(x, Seed, accumulated);
            for (int i = 0; i < n; i++)
            {
                double want = InitialAdjoints[i] + Seed * expected[i];
                Close(want, accumulated[i], tolerance, $"Pullback (seed {Seed}, initial {InitialAdjoints[i]}) adjoint {i}" + at, Math.Abs(InitialAdjoints[i]) + Math.Abs(Seed * expected[i]));
            }
        }
    }

    private static double[] DoubleCentralDifferences(DiffFn fn, double[] x)
    {
        var estimate = new double[x.Length];
        GradientCheck.Gradient(fn.Value, x, estimate);
        return estimate;
    }

    private static double[] SingleCentralDifferences(DiffFn fn, double[] x)
    {
        var estimate = new double[x.Length];
        var point = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double h = Tolerances.SingleStepFactor * Math.Max(1.0, Math.Abs(x[i]));

            // Round the two abscissae to float first and divide by their actual distance, so the
            // rounding of x ± h does not leak into the estimate.
            double up = (float)(x[i] + h);
            double down = (float)(x[i] - h);
            point[i] = up;
            double fUp = fn.Value(point);
            point[i] = down;
            double fDown = fn.Value(point);
            point[i] = x[i];
            estimate[i] = (fUp - fDown) / (up - down);
        }

        return estimate;
    }

    public static string Format(double[] values)
        => "(" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";
}
