using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Data ([NoDerivative] arrays, slices of them, a static table) passed to a parameter that a
/// [Differentiable] callee differentiates (SpanCompositionTests.cs): its tangent is zeros and its
/// adjoint goes nowhere. Each takes w (8 values) and data x (4 values).
/// </summary>
public static partial class SpanComposition
{
    private static readonly double[] Weights = { 0.5, -1.25, 2.0, 0.75 };

    /// <summary>Per sample, a slice of the data dotted with weights: Dot differentiates both.</summary>
    [Differentiable]
    public static double DataSlicePerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var v = w.Slice(0, 2);
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double r = Dot(x.Slice(i, 2), v) - w[7];
            s += r * r;
        }

        return s;
    }

    /// <summary>The whole data array and a static table, each dotted with weights, outside loops.</summary>
    [Differentiable]
    public static double DataAndATableDotted(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
        => Dot(x, w.Slice(0, 4)) * Dot(Weights, w.Slice(4, 4)) + LogSumExp(x) * w[0];

    /// <summary>
    /// A recurrence over the samples (a loop reverse mode runs backwards): a slice of the data per
    /// step, read by a callee and by element in an inner loop; the reverse sweep makes it again.
    /// </summary>
    [Differentiable]
    public static double DataSliceInARecurrence(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var v = w.Slice(0, 2);
        double s = w[7];
        for (int i = 0; i + 1 < x.Length; i++)
        {
            var row = x.Slice(i, 2);
            double e = 0;
            for (int k = 0; k < 2; k++)
            {
                e += row[k] * v[k] * s;
            }

            s = Math.Tanh(s * 0.5 + Dot(row, v) + e * 0.1);
        }

        return s * s;
    }

    /// <summary>Rows cut in a recurrence from a view of the data made before the loop (a new user's trial, stop 30).</summary>
    [Differentiable]
    public static double DataSubSliceInARecurrence(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var v = w.Slice(0, 2);
        var tail = x.Slice(1);
        double s = w[7];
        for (int i = 0; i + 1 < tail.Length; i++)
        {
            s = Math.Tanh(s * w[6] + Dot(tail.Slice(i, 2), v));
        }

        return s;
    }

    /// <summary>The same with two slices per step, one of them read only by element, in a while loop.</summary>
    [Differentiable]
    public static double TwoDataSlicesPerStep(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = w[6];
        var u = w.Slice(2, 2);
        int i = 0;
        while (i + 2 < x.Length)
        {
            var a = x.Slice(i, 2);
            var b = x.Slice(i + 1, 2);
            s = Math.Sin(s * w[7] + Dot(a, u) * b[1] + b[0] * s);
            i++;
        }

        return s;
    }

    /// <summary>A layer whose input is data, into a fresh buffer per step of a recurrence.</summary>
    [Differentiable]
    public static double DataIntoALayer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var W = w.Slice(0, 8);
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            double[] h = new double[2];
            DenseInto(W, x, h);
            s = s * 0.5 + h[0] * h[1] + Dot(h, Weights) * s;
        }

        return s;
    }
}
