using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The hand-written gradients of <see cref="HandWritten"/>, vectorized by hand with
/// <see cref="Vector{T}"/>: the same formulas, lane by lane, with a scalar tail for the elements
/// that do not fill a vector and <see cref="Vector.Sum{T}(Vector{T})"/> for the horizontal sums.
/// Only the order of the summations differs from the scalar code. Checked against the generated
/// gradients in tests/AutoDiffGen.NumericTests (HandVectorizedTests, which links this file).
/// </summary>
public static class HandVectorized
{
    /// <summary>Σᵢ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)² and its gradient, written into <paramref name="g"/>.</summary>
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        if (g.Length != x.Length)
        {
            throw new ArgumentException("g must have the length of x.", nameof(g));
        }

        int n = x.Length;
        if (n < 2)
        {
            g.Clear();
            return 0;
        }

        // gᵢ = −2aᵢ − 400 bᵢ xᵢ (for i < n − 1) + 200 bᵢ₋₁ (for i > 0), with aᵢ = 1 − xᵢ and
        // bᵢ = xᵢ₊₁ − xᵢ²: each element is written once, from x[i − 1], x[i] and x[i + 1].
        double a0 = 1 - x[0];
        double b0 = x[1] - x[0] * x[0];
        double sum = a0 * a0 + 100 * b0 * b0;
        g[0] = -2 * a0 - 400 * b0 * x[0];

        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double gr = ref MemoryMarshal.GetReference(g);
        int width = Vector<double>.Count;
        var one = Vector<double>.One;
        var hundred = new Vector<double>(100.0);
        var minusTwo = new Vector<double>(-2.0);
        var fourHundred = new Vector<double>(400.0);
        var twoHundred = new Vector<double>(200.0);
        var acc = Vector<double>.Zero;
        int i = 1;

        // Lanes i … i + width − 1 must all be ≤ n − 2 (they have a right neighbour); the loads read
        // x[i − 1] … x[i + width] ≤ x[n − 1].
        for (; i + width <= n - 1; i += width)
        {
            var xm = Vector.LoadUnsafe(ref xr, (nuint)(i - 1));
            var xi = Vector.LoadUnsafe(ref xr, (nuint)i);
            var xp = Vector.LoadUnsafe(ref xr, (nuint)(i + 1));
            var a = one - xi;
            var b = xp - xi * xi;
            var bm = xi - xm * xm;
            acc += a * a + hundred * b * b;
            (minusTwo * a - fourHundred * b * xi + twoHundred * bm).StoreUnsafe(ref gr, (nuint)i);
        }

        // Scalar tail: the interior elements left over.
        for (; i < n - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            double bm = x[i] - x[i - 1] * x[i - 1];
            sum += a * a + 100 * b * b;
            g[i] = -2 * a - 400 * b * x[i] + 200 * bm;
        }

        // The last element has only a left neighbour.
        g[n - 1] = 200 * (x[n - 1] - x[n - 2] * x[n - 2]);
        return sum + Vector.Sum(acc);
    }

    /// <summary>The ReLU neuron's mean squared error and its gradient (see <see cref="HandWritten.ReluLossGradient"/>).</summary>
    public static double ReluLossGradient(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, Span<double> dw, out double db)
    {
        int n = y.Length, d = w.Length;
        if (X.Length != n * d)
        {
            throw new ArgumentException("X must hold y.Length rows of w.Length values.", nameof(X));
        }

        if (dw.Length != d)
        {
            throw new ArgumentException("dw must have the length of w.", nameof(dw));
        }

        dw.Clear();
        db = 0;
        double sum = 0;
        int width = Vector<double>.Count;
        int dv = d - d % width;
        ref double wr = ref MemoryMarshal.GetReference(w);
        ref double dwr = ref MemoryMarshal.GetReference(dw);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = X.Slice(i * d, d);
            ref double rr = ref MemoryMarshal.GetReference(row);

            // z = b + w·row: width partial sums, one horizontal sum, then the scalar tail.
            var acc = Vector<double>.Zero;
            int j = 0;
            for (; j < dv; j += width)
            {
                acc += Vector.LoadUnsafe(ref wr, (nuint)j) * Vector.LoadUnsafe(ref rr, (nuint)j);
            }

            double z = b + Vector.Sum(acc);
            for (; j < d; j++)
            {
                z += w[j] * row[j];
            }

            double r = y[i] - Math.Max(0, z);
            sum += r * r;
            if (z > 0)
            {
                double g = -2 * r / n;
                var vg = new Vector<double>(g);
                for (j = 0; j < dv; j += width)
                {
                    (Vector.LoadUnsafe(ref dwr, (nuint)j) + vg * Vector.LoadUnsafe(ref rr, (nuint)j)).StoreUnsafe(ref dwr, (nuint)j);
                }

                for (; j < d; j++)
                {
                    dw[j] += g * row[j];
                }

                db += g;
            }
        }

        return sum / n;
    }
}
