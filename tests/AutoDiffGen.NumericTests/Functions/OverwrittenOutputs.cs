using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Calls of <c>void</c> callees that write their span output whole before they read it, into
/// buffers that already hold values: allocated before the loop around the call (scratch reused per
/// sample, as batch code allocates it once), or written before the call (SpanCompositionTests.cs).
/// Each takes w (8 values) and data x (4 values).
/// </summary>
public static partial class SpanComposition
{
    /// <summary>Two outputs written whole: u = v·c, then q = u² + c (q reads u after u is written).</summary>
    [Differentiable]
    public static void PairWhole(ReadOnlySpan<double> v, double c, Span<double> u, Span<double> q)
    {
        for (int j = 0; j < u.Length; j++)
        {
            u[j] = v[j] * c;
        }

        for (int j = 0; j < q.Length; j++)
        {
            q[j] = u[j] * u[j] + c;
        }
    }

    /// <summary>A hidden layer per sample into one buffer allocated before the loop (a sum: no tape).</summary>
    [Differentiable]
    public static double ReusedLayerPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        double[] h = new double[2];
        double[] row = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = x[i] * (c + 1) - 0.5 * c;
            }

            DenseInto(layer, row, h);
            s += w[6] * h[0] + w[7] * h[1] * h[1];
        }

        return s;
    }

    /// <summary>Softmax cross-entropy per sample into one buffer allocated before the loop.</summary>
    [Differentiable]
    public static double ReusedSoftmaxPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] z = new double[3];
        double[] p = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                z[c] = w[c] * x[i] + w[c + 3];
            }

            SoftmaxInto(z, p);
            s -= Math.Log(p[i % 3]);
        }

        return s;
    }

    /// <summary>A recurrence: the layer's input is built from its previous output (read before the call), so reverse mode tapes the loop.</summary>
    [Differentiable]
    public static double RecurrenceThroughAReusedOutput(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        double[] h = new double[2];
        double[] input = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            input[0] = h[0] + x[i];
            input[1] = h[1] * w[6];
            input[2] = 1;
            DenseInto(layer, input, h);
            s = 0.5 * s + h[0] * h[1];
        }

        return s + w[7] * h[1];
    }

    /// <summary>The last sample's output read after the loop.</summary>
    [Differentiable]
    public static double ReusedOutputReadAfterTheLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        double[] h = new double[2];
        double[] row = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            row[0] = x[i];
            row[1] = x[(i + 1) % x.Length];
            row[2] = w[7];
            DenseInto(layer, row, h);
            s += h[0] - h[1];
        }

        return s * h[1] + h[0];
    }

    /// <summary>
    /// On odd samples the layer's weights are data: the call has no active argument, but it
    /// overwrites a buffer whose earlier values had derivatives (their tangents and adjoints must
    /// not survive it).
    /// </summary>
    [Differentiable]
    public static double ReusedOutputOfAnInactiveCall(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> fixedWeights = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6];
        var layer = w.Slice(0, 6);
        double[] h = new double[2];
        double[] row = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            row[0] = x[i];
            row[1] = 1;
            row[2] = -x[i];
            if (i % 2 == 0)
            {
                DenseInto(layer, row, h);
            }
            else
            {
                DenseInto(fixedWeights, row, h);
            }

            s = s * w[6] + h[0] * h[1];
        }

        return s + w[7] * h[0];
    }

    /// <summary>Outside loops: one buffer filled by stores, read, overwritten by a call, read again; then overwritten by a second call.</summary>
    [Differentiable]
    public static double OverwrittenTwiceOutsideLoops(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] p = new double[3];
        p[0] = w[0] * w[1];
        p[1] = w[2];
        p[2] = x[0];
        double a = p[0] * p[1] + p[2];
        var logits = w.Slice(3, 3);
        SoftmaxInto(logits, p);
        double b = p[0] * 3 + p[1] * p[2];
        double[] z = new double[3];
        z[0] = a;
        z[1] = b;
        z[2] = w[6] * x[1];
        SoftmaxInto(z, p);
        return a + b * p[0] + Math.Log(p[2]) * w[7];
    }

    /// <summary>Two outputs of one call, both allocated before the loop (one with stackalloc).</summary>
    [Differentiable]
    public static double TwoReusedOutputs(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> u = stackalloc double[4];
        double[] q = new double[4];
        var v = w.Slice(2, 4);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            PairWhole(v, x[i] + w[7], u, q);
            s += u[i] * q[(i + 1) % 4];
        }

        return s;
    }

    /// <summary>The buffer allocated in the outer loop's body, the call in the inner loop.</summary>
    [Differentiable]
    public static double ReusedInAnInnerLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            double[] h = new double[2];
            double[] row = new double[3];
            for (int j = 0; j < x.Length; j++)
            {
                row[0] = x[j] * w[6 + i];
                row[1] = x[(j + i) % x.Length];
                row[2] = 1;
                DenseInto(layer, row, h);
                s += h[0] * h[1] + h[i];
            }
        }

        return s;
    }

    /// <summary>A softmax over logits that depend on the previous step's probabilities (read before the call in each iteration).</summary>
    [Differentiable]
    public static double SoftmaxOfThePreviousStep(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] z = new double[3];
        double[] p = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                z[c] = w[c] * x[i] + w[c + 3] * p[c];
            }

            SoftmaxInto(z, p);
            s += Math.Log(p[(i + 1) % 3]) * w[6 + i % 2];
        }

        return s;
    }

    /// <summary>
    /// One scratch buffer reused by two loops in a row (a training sum, then a validation sum), each
    /// overwriting it before a callee reads it: the second loop's writes come after the first
    /// loop's calls, which is fine since the first loop writes the buffer too.
    /// </summary>
    [Differentiable]
    public static double TwoLoopsShareAScratchBuffer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        var head = w.Slice(6, 2);
        double[] h = new double[2];
        double[] row = new double[3];
        double train = 0;
        for (int i = 0; i < 2; i++)
        {
            row[0] = x[i];
            row[1] = 1;
            row[2] = x[i] * x[i];
            DenseInto(layer, row, h);
            train += Dot(head, h);
        }

        double validation = 0;
        for (int i = 2; i < x.Length; i++)
        {
            row[0] = x[i];
            row[1] = -1;
            row[2] = 0.5;
            DenseInto(layer, row, h);
            validation += Dot(head, h) * Dot(head, h);
        }

        return train + 0.25 * validation;
    }

    /// <summary>The same with a recurrence in the first loop (run backwards from a tape), and the buffer filled by stores in the second.</summary>
    [Differentiable]
    public static double ARecurrenceThenAnotherLoopOverItsBuffer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var layer = w.Slice(0, 6);
        var head = w.Slice(6, 2);
        double[] h = new double[2];
        double[] row = new double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            row[0] = x[i] + s;
            row[1] = 1;
            row[2] = h[1];
            DenseInto(layer, row, h);
            s = 0.5 * s + Dot(head, h);
        }

        for (int i = 0; i < 3; i++)
        {
            h[0] = w[i] * s;
            h[1] = x[i];
            s += Dot(head, h);
        }

        return s;
    }

    /// <summary>Two layers, the second into the output: writes it whole (through the call), so it takes reused buffers too.</summary>
    [Differentiable]
    public static void TwoLayersInto(ReadOnlySpan<double> p, ReadOnlySpan<double> x, Span<double> y)
    {
        var first = p.Slice(0, 4);
        var second = p.Slice(4, 4);
        Span<double> h = stackalloc double[2];
        DenseInto(first, x, h);
        DenseInto(second, h, y);
    }

    /// <summary>A two-layer stack (itself a composed callee) per sample into one buffer allocated before the loop.</summary>
    [Differentiable]
    public static double ReusedThroughAStack(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] y = new double[2];
        double[] row = new double[2];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            row[0] = x[i];
            row[1] = s;
            TwoLayersInto(w, row, y);
            s = 0.5 * s + y[0] * y[1] + y[1];
        }

        return s;
    }
}

