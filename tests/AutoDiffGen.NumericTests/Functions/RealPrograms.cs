using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;

// Constructs real programs use (issue: coverage for real programs): local constant tables, foreach
// over lists of data and over arrays of tuples, and argument guards. Tests in RealProgramTests.cs.
namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Local constant tables: arrays, ReadOnlySpan collection expressions, and spans of active values.</summary>
public static partial class ConstantTables
{
    /// <summary>The standard normal CDF by Abramowitz and Stegun 26.2.17 (error below 7.5e-8), for x ≥ 0.</summary>
    [Differentiable]
    public static double NormalCdf(double x)
    {
        double[] b = { 0.319381530, -0.356563782, 1.781477937, -1.821255978, 1.330274429 };
        double t = 1 / (1 + 0.2316419 * x);
        double poly = 0;
        for (int i = b.Length - 1; i >= 0; i--)
        {
            poly = poly * t + b[i];
        }

        double pdf = Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
        return 1 - pdf * poly * t;
    }

    /// <summary>ln Γ(x) by Lanczos (Numerical Recipes' gammln), with the coefficients in a ReadOnlySpan collection expression.</summary>
    [Differentiable]
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        double ser = 1.000000000190015;
        for (int j = 0; j < c.Length; j++)
        {
            y += 1;
            ser += c[j] / y;
        }

        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>A float polynomial with its coefficients in a ReadOnlySpan&lt;float&gt; collection expression.</summary>
    [Differentiable]
    public static float PolySingle(float x)
    {
        ReadOnlySpan<float> c = [1f, -2f, 0.5f, 0.25f];
        float s = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            s = s * x + c[i];
        }

        return s;
    }

    /// <summary>A span of active values made by a collection expression: a local buffer.</summary>
    [Differentiable]
    public static double ActiveSpan(double x, double y)
    {
        Span<double> v = [x, y, x * y];
        v[0] += v[2];
        return v[0] * v[1];
    }
}

/// <summary>foreach over data that is not an array of reals.</summary>
public static partial class ForEachData
{
    [Differentiable]
    public static double OverList(double w, [NoDerivative] List<double> data)
    {
        double s = 0;
        foreach (var d in data)
        {
            s += Math.Sin(w * d);
        }

        return s;
    }

    [Differentiable]
    public static double OverReadOnlyList(double w, [NoDerivative] IReadOnlyList<double> data)
    {
        double s = 0;
        foreach (double d in data)
        {
            if (d < 0)
            {
                continue;
            }

            s += w * w * d;
        }

        return s;
    }

    [Differentiable]
    public static double OverImmutableArray(double w, [NoDerivative] ImmutableArray<double> data)
    {
        double s = 0;
        foreach (var d in data)
        {
            s += Math.Exp(w * d);
        }

        return s;
    }

    /// <summary>Least squares of a line through points given as an array of tuples, deconstructed.</summary>
    [Differentiable]
    public static double LineFit(double slope, double intercept, [NoDerivative] (double X, double Y)[] points)
    {
        double loss = 0;
        foreach (var (x, y) in points)
        {
            double r = y - (slope * x + intercept);
            loss += r * r;
        }

        return loss / points.Length;
    }

    /// <summary>Weighted points as a list of tuples, deconstructed, with a float array read as double.</summary>
    [Differentiable]
    public static double WeightedList(double a, [NoDerivative] List<(double X, double W)> points, [NoDerivative] float[] scales)
    {
        double s = 0;
        foreach (var (x, weight) in points)
        {
            s += weight * Math.Tanh(a * x);
        }

        foreach (double scale in scales)
        {
            s += scale * a;
        }

        return s;
    }
}

/// <summary>The same constructs in float.</summary>
public static partial class RealProgramsSingle
{
    [Differentiable]
    public static float LineFit(float slope, [NoDerivative] List<(float X, float Y)> points)
    {
        ArgumentOutOfRangeException.ThrowIfZero(points.Count);
        ReadOnlySpan<float> weights = [1f, 0.5f, 0.25f, 0.125f];
        float loss = 0;
        int k = 0;
        foreach (var (x, y) in points)
        {
            float r = y - slope * x;
            loss += weights[k % weights.Length] * r * r;
            k++;
        }

        return loss;
    }

    [Differentiable]
    public static float LogOf(float x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        return x > 100 ? throw new ArgumentOutOfRangeException(nameof(x), x, null) : MathF.Log(x) * x;
    }
}

/// <summary>Argument guards: throw helpers, exceptions that take the active value, Debug.Assert.</summary>
public static partial class Guards
{
    /// <summary>The log-density of N(mu, sigma²) at x, guarded by the .NET throw helpers.</summary>
    [Differentiable]
    public static double GaussianLogPdf(double x, double mu, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(x - mu), 1e6);
        double z = (x - mu) / sigma;
        return -0.5 * z * z - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
    }

    /// <summary>A guard that hands the active value to the exception as its ActualValue.</summary>
    [Differentiable]
    public static double LogOf(double x)
    {
        if (x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The argument must be positive.");
        }

        Debug.Assert(x > 0);
        return Math.Log(x) * x;
    }

    /// <summary>Debug.Assert with an interpolated message (bound to its interpolated string handler).</summary>
    [Differentiable]
    public static double AssertWithMessage(double x, [NoDerivative] int n)
    {
        Debug.Assert(x > 0, $"x = {x:F2} with n = {n,4}");
        return x * n + Math.Log(x);
    }

    /// <summary>A message formatting a call with a format specifier: the hole needs parentheses in the generated code (global::…:F2).</summary>
    [Differentiable]
    public static double FormattedMessage(double x)
        => x > 0 ? Math.Log(x) : throw new ArgumentOutOfRangeException(nameof(x), $"sin x = {Math.Sin(x):F2}, {(x < -1 ? "far" : "near")}");

    /// <summary>A throw expression with the active value boxed, and a null check of data.</summary>
    [Differentiable]
    public static double Scaled(double x, [NoDerivative] double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double w = weights.Length > 0 ? weights[0] : throw new ArgumentException($"no weights for {x}", nameof(weights));
        return x > -1 ? w * Math.Sqrt(1 + x) : throw new ArgumentOutOfRangeException(nameof(x), x, null);
    }

    /// <summary>A vector method with a guard: its Jacobian throws too.</summary>
    [Differentiable]
    public static (double, double) Polar(double r, double theta)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(r);
        return (r * Math.Cos(theta), r * Math.Sin(theta));
    }
}
