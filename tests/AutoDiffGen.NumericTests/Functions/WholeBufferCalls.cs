using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// <c>Clear</c>, <c>Fill</c> and <c>CopyTo</c> into span outputs and local buffers, which the
/// generator lowers as the loops they stand for (SpanCompositionTests.WholeBufferCallsCompose):
/// scratch cleared per sample, buffers filled with an active value, inputs copied into buffers
/// rewritten in place, and helpers whose output a <c>Clear</c> or <c>Fill</c> writes whole (so
/// callers may reuse one buffer) or a copy writes in part. Each takes w (8 values) and data x
/// (4 values).
/// </summary>
public static partial class SpanComposition
{
    /// <summary>y = W·v with W row-major, accumulated into y after clearing it (a whole write).</summary>
    [Differentiable]
    public static void AccumulateLayer(ReadOnlySpan<double> W, ReadOnlySpan<double> v, Span<double> y)
    {
        y.Clear();
        for (int r = 0; r < y.Length; r++)
        {
            for (int c = 0; c < v.Length; c++)
            {
                y[r] += W[r * v.Length + c] * v[c];
            }
        }
    }

    /// <summary>y = scale·b element-wise, through a Fill with the active scale (a whole write).</summary>
    [Differentiable]
    public static void ScaledBias(ReadOnlySpan<double> b, double scale, Span<double> y)
    {
        y.Fill(scale);
        for (int j = 0; j < y.Length; j++)
        {
            y[j] *= b[j];
        }
    }

    /// <summary>y[..v.Length] = v², through a copy into y (not a whole write: y may be longer).</summary>
    [Differentiable]
    public static void SquaredCopy(ReadOnlySpan<double> v, Span<double> y)
    {
        v.CopyTo(y);
        for (int j = 0; j < v.Length; j++)
        {
            y[j] = y[j] * y[j];
        }
    }

    /// <summary>A scratch buffer allocated once, cleared with Array.Clear per sample, then accumulated into.</summary>
    [Differentiable]
    public static double ClearedScratchPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] h = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Array.Clear(h);
            for (int c = 0; c < h.Length; c++)
            {
                for (int j = 0; j < 2; j++)
                {
                    h[c] += w[2 * c + j] * (x[i] + j);
                }
            }

            for (int c = 0; c < h.Length; c++)
            {
                s += Math.Tanh(h[c]) * w[6 + c % 2];
            }
        }

        return s;
    }

    /// <summary>Array.Fill with an active value per sample, then scaled element by element.</summary>
    [Differentiable]
    public static double FilledWithAnActiveValue(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] h = new double[5];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Array.Fill(h, w[7] * x[i]);
            for (int j = 0; j < h.Length; j++)
            {
                h[j] *= w[j];
            }

            for (int j = 0; j < h.Length; j++)
            {
                s += h[j] * h[j];
            }
        }

        return s;
    }

    /// <summary>The parameters copied into a local buffer, then rewritten in place in rounds (a recurrence).</summary>
    [Differentiable]
    public static double CopiedThenRewrittenInPlace(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] h = new double[w.Length];
        w.CopyTo(h);
        for (int round = 0; round < x.Length; round++)
        {
            for (int j = 0; j < h.Length; j++)
            {
                h[j] = Math.Sin(h[j] + x[round] * h[(j + 1) % h.Length]);
            }
        }

        double s = 0;
        for (int j = 0; j < h.Length; j++)
        {
            s += h[j] * (j + 1);
        }

        return s;
    }

    /// <summary>A stackalloc buffer cleared, the parameters copied into a view of it, neighbours multiplied.</summary>
    [Differentiable]
    public static double CopiedIntoAView(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[w.Length + 2];
        h.Clear();
        w.CopyTo(h.Slice(1));
        double s = 0;
        for (int i = 1; i <= w.Length; i++)
        {
            s += h[i - 1] * h[i + 1] + x[i % x.Length] * h[i];
        }

        return s;
    }

    /// <summary>An array's CopyTo(h, 0) of a copy of the parameters, then a copy between two local buffers.</summary>
    [Differentiable]
    public static double CopiedBetweenLocalBuffers(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] a = new double[w.Length];
        for (int j = 0; j < a.Length; j++)
        {
            a[j] = w[j] * x[j % x.Length];
        }

        double[] b = new double[a.Length];
        a.CopyTo(b, 0);
        for (int j = 0; j < a.Length; j++)
        {
            a[j] = a[j] * b[(j + 3) % b.Length];
        }

        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += a[j] + b[j] * b[j];
        }

        return s;
    }

    /// <summary>A cleared-then-accumulated layer per sample into one buffer allocated before the loop (its Clear proves the whole write).</summary>
    [Differentiable]
    public static double ReusedClearedLayer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        double[] row = new double[3];
        double[] h = new double[2];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = x[i] * (c + 1) - 0.5 * c;
            }

            AccumulateLayer(layer, row, h);
            s += Math.Tanh(h[0]) * w[6] + h[1] * h[1] * w[7];
        }

        return s;
    }

    /// <summary>A helper's Fill writes its output whole: one buffer reused per sample, read after the loop too.</summary>
    [Differentiable]
    public static double ReusedFilledBias(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var bias = w.Slice(0, 4);
        double[] h = new double[4];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            ScaledBias(bias, w[4 + i] * x[i], h);
            for (int j = 0; j < h.Length; j++)
            {
                s += Math.Sin(h[j]);
            }
        }

        return s + h[0] * h[3];
    }

    /// <summary>A helper's copy into a longer buffer, fresh per sample (the copy writes only a part; the rest stays 0).</summary>
    [Differentiable]
    public static double PartlyCopiedPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var v = w.Slice(2, 4);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] h = new double[5];
            SquaredCopy(v, h);
            for (int j = 0; j < h.Length; j++)
            {
                s += h[j] * x[(i + j) % x.Length] + w[j % 2] * h[j];
            }
        }

        return s;
    }

    /// <summary>A data row per sample copied into one buffer with Array.Copy at an offset, then dotted with the parameters.</summary>
    [Differentiable]
    public static double DataRowsCopiedPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] data = new double[x.Length + 3];
        for (int j = 0; j < data.Length; j++)
        {
            data[j] = j < x.Length ? x[j] : 0.5 * j;
        }

        double[] row = new double[3];
        double s = 0;
        for (int i = 0; i + 3 <= data.Length; i++)
        {
            Array.Copy(data, i, row, 0, 3);
            double o = 0;
            for (int j = 0; j < row.Length; j++)
            {
                o += w[j + i % 5] * row[j];
            }

            s += Math.Tanh(o);
        }

        return s;
    }

    /// <summary>The parameters copied into an ODE state with Array.Copy(source, destination, length), then integrated in place.</summary>
    [Differentiable]
    public static double StateCopiedThenIntegrated(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] start = new double[w.Length];
        for (int j = 0; j < start.Length; j++)
        {
            start[j] = w[j];
        }

        double[] state = new double[w.Length + 1];
        Array.Copy(start, state, start.Length);
        for (int t = 0; t < x.Length; t++)
        {
            for (int j = 0; j < state.Length; j++)
            {
                state[j] += 0.1 * x[t] * Math.Sin(state[(j + 1) % state.Length]);
            }
        }

        double s = 0;
        for (int j = 0; j < state.Length; j++)
        {
            s += state[j] * state[j];
        }

        return s;
    }

    /// <summary>Array.Copy(w, 1, h, 2, w.Length - 2): its checks throw for w shorter than 2 (a negative length).</summary>
    [Differentiable]
    public static double CopiedWithAnOffset(double[] w)
    {
        double[] h = new double[w.Length + 1];
        Array.Copy(w, 1, h, 2, w.Length - 2);
        double s = 0;
        for (int j = 0; j < h.Length; j++)
        {
            s += h[j] * h[j] * (j + 1);
        }

        return s;
    }

    /// <summary>Array.Copy(w, h, 4) into a buffer of 3 elements when w is longer than 4, else 4: its checks throw for a source or a destination shorter than 4.</summary>
    [Differentiable]
    public static double CopiedWithLengthOf(double[] w)
    {
        double[] h = new double[w.Length > 4 ? 3 : 4];
        Array.Copy(w, h, 4);
        return h[0] * h[3] + h[1];
    }

    /// <summary>An array's w.CopyTo(h, 0) into a buffer one shorter: throws as Array.Copy does.</summary>
    [Differentiable]
    public static double CopiedIntoAShorterArray(double[] w)
    {
        double[] h = new double[w.Length - 1];
        w.CopyTo(h, 0);
        return h[0] * w[0];
    }

    /// <summary>Array.Copy widening data of int into a double buffer, then dotted with the parameters.</summary>
    [Differentiable]
    public static double WidenedDataCopied(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int[] counts = { 3, -1, 4, 1, -5, 9, 2, -6 };
        double[] h = new double[8];
        Array.Copy(counts, h, 8);
        double s = 0;
        for (int j = 0; j < h.Length; j++)
        {
            s += h[j] * w[j] * w[j] + x[j % x.Length] * w[j];
        }

        return s;
    }

    /// <summary>h.AsSpan().Fill, .CopyTo and .Clear of whole arrays inside a loop (the receiver is the array itself, not a view made in the loop).</summary>
    [Differentiable]
    public static double WholeArraysAsSpansInALoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] h = new double[5];
        double[] g = new double[5];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h.AsSpan().Fill(w[i] * 0.5);
            for (int j = 0; j < h.Length; j++)
            {
                h[j] += w[j + 3] * x[i];
            }

            h.AsSpan().CopyTo(g);
            for (int j = 0; j < g.Length; j++)
            {
                s += Math.Sin(g[j]) * h[j];
            }

            h.AsSpan().Clear();
            s += h[i % h.Length];
        }

        return s;
    }

    /// <summary>An element-wise map bounded by its input's length, which a guard checks equal to the output's: it writes y whole.</summary>
    [Differentiable]
    public static void GuardedSigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length", nameof(y));
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 1 / (1 + Math.Exp(-x[i]));
        }
    }

    /// <summary>The guarded map per sample into one buffer allocated before the loop (its guard proves the whole write).</summary>
    [Differentiable]
    public static double GuardedMapReused(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] row = new double[4];
        double[] h = new double[4];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = w[j] * x[i] + w[j + 4];
            }

            GuardedSigmoid(row, h);
            for (int j = 0; j < h.Length; j++)
            {
                s += h[j] * w[(i + j) % 8];
            }
        }

        return s;
    }
}
