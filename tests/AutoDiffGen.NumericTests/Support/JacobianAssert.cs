using System;
using System.Globalization;
using System.Linq;
using Xunit;

namespace AutoDiffGen.NumericTests.Support;

/// <summary>
/// Checks the three generated methods of a <see cref="VectorFn"/> (Jacobian, Pushforward,
/// Pullback) against an expected m×n Jacobian (a closed form, or central finite differences),
/// and against each other.
/// </summary>
/// <remarks>
/// Every entry of a Jacobian is the derivative of one scalar output with respect to one scalar
/// input, so the per-entry tolerances of <see cref="Tolerances"/> (and their justification)
/// apply unchanged, entry by entry; the domains of the vector cases respect the bounds stated
/// there. Values are compared bitwise: DESIGN.md's rule 2 ("Same value") says every generated
/// member returns exactly what the method returns.
/// </remarks>
public static class JacobianAssert
{
    // A tangent direction, output seeds and initial adjoints with no special structure, so that a
    // mixed-up or dropped term cannot cancel out. All are exactly representable in float. Longer
    // vectors cycle through them, scaled, so no two entries are equal.
    private static readonly double[] Direction = { 1.5, -0.75, 2.25, -1.25, 0.5, 3.0, -2.0, 0.25, 1.75 };
    private static readonly double[] Seeds = { -2.5, 1.25, 0.75, -1.5 };
    private static readonly double[] InitialAdjoints = { 0.25, -1.5, 3.0, 0.75, -2.0, 1.0, 0.5 };

    /// <summary>All generated methods agree with the closed-form m×n Jacobian <paramref name="expected"/> at <paramref name="point"/>.</summary>
    public static void ClosedForm(VectorFn fn, double[] point, double[] expected)
    {
        double[] x = fn.Representable(point);
        double tolerance = fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
        Check(fn, x, expected, tolerance, " at " + Format(x));
    }

    /// <summary>Same as <see cref="ClosedForm"/>, with the expected Jacobian from central differences.</summary>
    public static void FiniteDifferences(VectorFn fn, double[] point)
    {
        double[] x = fn.Representable(point);
        double[] estimate = CentralDifferences(fn, x);
        double tolerance = fn.IsSingle ? Tolerances.SingleFiniteDifference : Tolerances.DoubleFiniteDifference;
        Check(fn, x, estimate, tolerance, " (vs finite differences " + Format(estimate) + ") at " + Format(x));
    }

    /// <summary>
    /// The m×n Jacobian by central differences of the original method, one column per input,
    /// with the step of <see cref="GradientCheck"/> (double) or <see cref="Tolerances.SingleStepFactor"/>
    /// with float-rounded abscissae (float), as <see cref="DerivativeAssert"/> does for scalars.
    /// </summary>
    public static double[] CentralDifferences(VectorFn fn, double[] x)
    {
        int n = fn.Inputs, m = fn.Outputs;
        var estimate = new double[m * n];
        var point = (double[])x.Clone();
        for (int j = 0; j < n; j++)
        {
            double up, down;
            if (fn.IsSingle)
            {
                double h = Tolerances.SingleStepFactor * Math.Max(1.0, Math.Abs(x[j]));
                up = (float)(x[j] + h);
                down = (float)(x[j] - h);
            }
            else
            {
                double h = GradientCheck.DefaultStep(x[j]);
                up = x[j] + h;
                down = x[j] - h;
            }

            point[j] = up;
            double[] fUp = fn.Value(point);
            point[j] = down;
            double[] fDown = fn.Value(point);
            point[j] = x[j];
            for (int k = 0; k < m; k++)
            {
                estimate[k * n + j] = (fUp[k] - fDown[k]) / (up - down);
            }
        }

        return estimate;
    }

    /// <summary>The transpose of a rows×cols row-major matrix.</summary>
    public static double[] Transpose(double[] a, int rows, int cols)
    {
        Assert.Equal(rows * cols, a.Length);
        var t = new double[a.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[c * rows + r] = a[r * cols + c];
            }
        }

        return t;
    }

    /// <summary>The two tuples are the same, element by element and bit for bit (NaN equals NaN).</summary>
    public static void SameValue(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            if (!expected[k].Equals(actual[k]))
            {
                Assert.Fail(string.Format(CultureInfo.InvariantCulture, "{0}: output {1} is {2:R}, but the method returns {3:R}", what, k, actual[k], expected[k]));
            }
        }
    }

    /// <summary>A direction for n inputs: <see cref="Direction"/> cycled and scaled.</summary>
    public static double[] DirectionFor(int n) => Enumerable.Range(0, n).Select(i => Direction[i % Direction.Length] * (1 + i / Direction.Length)).ToArray();

    /// <summary>Seeds for m outputs.</summary>
    public static double[] SeedsFor(int m) => Enumerable.Range(0, m).Select(k => Seeds[k % Seeds.Length] * (1 + k / Seeds.Length)).ToArray();

    /// <summary>Initial adjoints for n inputs.</summary>
    public static double[] InitialAdjointsFor(int n) => Enumerable.Range(0, n).Select(i => InitialAdjoints[i % InitialAdjoints.Length] * (1 + i / InitialAdjoints.Length)).ToArray();

    public static string Format(double[] values)
        => "(" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

    private static void Check(VectorFn fn, double[] x, double[] expected, double tolerance, string at)
    {
        int n = fn.Inputs, m = fn.Outputs;
        Assert.Equal(n, x.Length);
        Assert.Equal(m * n, expected.Length);

        // The generated methods against each other: each is an exact derivative formula evaluated
        // in the working precision, differing only in the order of operations, so they agree to
        // the closed-form tolerance whatever the accuracy of 'expected' (a finite difference).
        double consistency = fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
        double[] value = fn.Value(x);

        // Jacobian, into a buffer full of NaN: the generated method must overwrite every entry
        // (not add to, nor leave, what the buffer held).
        var buffer = new double[m * n];
        Array.Fill(buffer, double.NaN);
        SameValue(value, fn.Jacobian(x, buffer), "Jacobian value" + at);
        double[] jacobian = fn.Layout == JacobianLayout.Numerator ? buffer : Transpose(buffer, n, m);
        for (int k = 0; k < m; k++)
        {
            for (int j = 0; j < n; j++)
            {
                DerivativeAssert.Close(expected[k * n + j], jacobian[k * n + j], tolerance, $"Jacobian ∂output{k}/∂x{j} ({fn.Layout} layout)" + at);
            }
        }

        // Columns: a pushforward along each unit tangent.
        for (int j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            var (v, tangent) = fn.Pushforward(x, unit);
            SameValue(value, v, "Pushforward value" + at);
            for (int k = 0; k < m; k++)
            {
                DerivativeAssert.Close(expected[k * n + j], tangent[k], tolerance, $"Pushforward along e{j}, output {k}" + at);
                DerivativeAssert.Close(jacobian[k * n + j], tangent[k], consistency, $"Jacobian column {j} vs Pushforward along e{j}, output {k}" + at);
            }
        }

        // Rows: a pullback of each unit seed, from zero adjoints.
        for (int k = 0; k < m; k++)
        {
            var seed = new double[m];
            seed[k] = 1;
            var adjoints = new double[n];
            SameValue(value, fn.Pullback(x, seed, adjoints), "Pullback value" + at);
            for (int j = 0; j < n; j++)
            {
                DerivativeAssert.Close(expected[k * n + j], adjoints[j], tolerance, $"Pullback of e{k}, adjoint {j}" + at);
                DerivativeAssert.Close(jacobian[k * n + j], adjoints[j], consistency, $"Jacobian row {k} vs Pullback of e{k}, adjoint {j}" + at);
            }
        }

        // Pushforward along a general direction d is J·d (linearity in the tangent).
        var direction = DirectionFor(n);
        var (_, mixed) = fn.Pushforward(x, direction);
        for (int k = 0; k < m; k++)
        {
            double sum = 0, magnitude = 0;
            for (int j = 0; j < n; j++)
            {
                sum += expected[k * n + j] * direction[j];
                magnitude += Math.Abs(expected[k * n + j] * direction[j]);
            }

            DerivativeAssert.Close(sum, mixed[k], tolerance, $"Pushforward along {Format(direction)}, output {k} (J·d)" + at, magnitude);
        }

        // Pullback of a general seed s onto non-zero adjoints a adds sᵀJ: a + sᵀJ.
        var seeds = SeedsFor(m);
        var initial = InitialAdjointsFor(n);
        var accumulated = (double[])initial.Clone();
        fn.Pullback(x, seeds, accumulated);
        for (int j = 0; j < n; j++)
        {
            double want = initial[j], magnitude = Math.Abs(initial[j]);
            for (int k = 0; k < m; k++)
            {
                want += seeds[k] * expected[k * n + j];
                magnitude += Math.Abs(seeds[k] * expected[k * n + j]);
            }

            DerivativeAssert.Close(want, accumulated[j], tolerance, $"Pullback of {Format(seeds)} onto {Format(initial)}, adjoint {j} (a + sᵀJ)" + at, magnitude);
        }
    }
}
