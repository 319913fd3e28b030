using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Calls of <c>void</c> callees with span outputs inside loops, each output a buffer allocated in
/// the same iteration (SpanCompositionTests.cs): per-sample softmax, partial writes, recurrences
/// through an output, outputs written after the call, chains of outputs, branches and jumps. Each
/// takes w (8 values) and data x (4 values).
/// </summary>
public static partial class SpanComposition
{
    /// <summary>
    /// p = softmax(z), stabilized by the maximum (a kink the points stay away from). It writes every
    /// element of p (by p's own length) before it reads any: callers may also reuse a buffer for p
    /// (Functions/OverwrittenOutputs.cs).
    /// </summary>
    [Differentiable]
    public static void SoftmaxInto(ReadOnlySpan<double> z, Span<double> p)
    {
        double m = z[0];
        for (int j = 1; j < z.Length; j++)
        {
            m = Math.Max(m, z[j]);
        }

        double s = 0;
        for (int j = 0; j < p.Length; j++)
        {
            p[j] = Math.Exp(z[j] - m);
            s += p[j];
        }

        for (int j = 0; j < p.Length; j++)
        {
            p[j] /= s;
        }
    }

    /// <summary>Writes only the even elements of o: the odd ones keep what the caller passed (zeros).</summary>
    [Differentiable]
    public static void EvensInto(ReadOnlySpan<double> v, Span<double> o)
    {
        for (int j = 0; j < v.Length && j < o.Length; j += 2)
        {
            o[j] = v[j] * v[j] + Math.Sin(v[j]);
        }
    }

    /// <summary>h = tanh(W·x) for a row-major W of h.Length × x.Length.</summary>
    [Differentiable]
    public static void DenseInto(ReadOnlySpan<double> W, ReadOnlySpan<double> x, Span<double> h)
    {
        int n = x.Length;
        for (int r = 0; r < h.Length; r++)
        {
            double a = 0;
            for (int c = 0; c < n; c++)
            {
                a += W[r * n + c] * x[c];
            }

            h[r] = Math.Tanh(a);
        }
    }

    /// <summary>Reads its output before writing it: o = a·o + sin(v), on the zeros of a fresh buffer.</summary>
    [Differentiable]
    public static void UpdateInto(ReadOnlySpan<double> v, double a, Span<double> o)
    {
        for (int j = 0; j < v.Length && j < o.Length; j++)
        {
            o[j] = a * o[j] + Math.Sin(v[j]);
        }
    }

    /// <summary>Two outputs: u = v·c, q = v² + c.</summary>
    [Differentiable]
    public static void TwoInto(ReadOnlySpan<double> v, double c, Span<double> u, Span<double> q)
    {
        for (int j = 0; j < v.Length; j++)
        {
            u[j] = v[j] * c;
            q[j] = v[j] * v[j] + c;
        }
    }

    /// <summary>Softmax cross-entropy per sample, both buffers allocated in the iteration.</summary>
    [Differentiable]
    public static double SoftmaxPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] z = new double[3];
            for (int c = 0; c < 3; c++)
            {
                z[c] = w[c] * x[i] + w[c + 3];
            }

            double[] p = new double[3];
            SoftmaxInto(z, p);
            s -= Math.Log(p[i % 3]);
        }

        return s;
    }

    /// <summary>The callee writes only some elements; the caller reads all (the others are zeros).</summary>
    [Differentiable]
    public static double PartialOutputPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] v = new double[5];
            for (int c = 0; c < 5; c++)
            {
                v[c] = w[c] * x[i] + w[7];
            }

            double[] o = new double[5];
            EvensInto(v, o);
            for (int c = 0; c < 5; c++)
            {
                s += o[c] * (c + 1) + o[c] * o[c] * 0.1;
            }
        }

        return s;
    }

    /// <summary>A recurrence h ← tanh(W·h) + 0.1·h + x: the input is a buffer the loop writes, the output fresh each step.</summary>
    [Differentiable]
    public static double RecurrenceThroughAnOutput(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] h = { w[4], w[5] };
        var W = w.Slice(0, 4);
        for (int t = 0; t < x.Length; t++)
        {
            double[] next = new double[2];
            DenseInto(W, h, next);
            for (int c = 0; c < 2; c++)
            {
                h[c] = next[c] + 0.1 * h[c] + x[t] * w[6 + c];
            }
        }

        return h[0] * h[0] + 3 * h[1];
    }

    /// <summary>The output written again after the call, then read.</summary>
    [Differentiable]
    public static double OutputWrittenAfterTheCall(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] z = { w[0] * x[i], w[1] + s * 0.1, w[2] };
            double[] p = new double[3];
            SoftmaxInto(z, p);
            p[0] = p[0] * w[3] + s * 0.01;
            for (int c = 0; c < 3; c++)
            {
                s += p[c] * p[c] * (c + 2);
            }
        }

        return s;
    }

    /// <summary>The call in an inner loop, its input depending on the running sum.</summary>
    [Differentiable]
    public static double OutputInAnInnerLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                double[] z = new double[3];
                for (int c = 0; c < 3; c++)
                {
                    z[c] = w[c + 3 * j] * (x[i] - j + 0.5) + s * 0.01;
                }

                double[] p = new double[3];
                SoftmaxInto(z, p);
                s += p[(i + j) % 3] * w[6 + j];
            }
        }

        return s;
    }

    /// <summary>A callee that reads its output before writing it, into a fresh buffer per sample.</summary>
    [Differentiable]
    public static double OutputReadByTheCalleeFirst(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] o = new double[4];
            UpdateInto(w, w[7] * x[i], o);
            s += o[0] * o[1] + o[2] - o[3] * x[i];
        }

        return s;
    }

    /// <summary>A chain per sample: h = tanh(W·x̂), then p = softmax(h), both fresh.</summary>
    [Differentiable]
    public static double ChainOfOutputs(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        var W = w.Slice(0, 6);
        for (int i = 0; i < x.Length; i++)
        {
            double[] input = { x[i], 1.0 };
            double[] h = new double[3];
            DenseInto(W, input, h);
            double[] p = new double[3];
            SoftmaxInto(h, p);
            s -= Math.Log(p[i % 3]) * w[6 + (i % 2)];
        }

        return s;
    }

    /// <summary>Two outputs per sample, then a scalar callee reading one of them.</summary>
    [Differentiable]
    public static double TwoOutputsPerSample(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] u = new double[3];
            double[] q = new double[3];
            double[] v = { w[i % 2], w[2] * x[i], w[3] };
            TwoInto(v, x[i] + w[7], u, q);
            s += Dot(u, q) + q[1] * 0.5;
        }

        return s;
    }

    /// <summary>The call in a branch of the loop body; a continue before it and a break after it.</summary>
    [Differentiable]
    public static double OutputInABranchWithJumps(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = w[7];
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < -1)
            {
                continue;
            }

            if (x[i] > 0)
            {
                double[] z = { w[i % 3], w[3] * x[i], w[4] };
                double[] p = new double[3];
                SoftmaxInto(z, p);
                s += p[1] * x[i] + p[2];
                if (s > 100)
                {
                    break;
                }
            }
            else
            {
                s *= 1 + 0.1 * w[6];
            }
        }

        return s * s;
    }

    /// <summary>One fresh output written by one callee or another, chosen per sample.</summary>
    [Differentiable]
    public static double OneOutputWrittenByEitherBranch(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] z = { w[0] * x[i], w[1] + w[2] * x[i], w[3] };
            double[] p = new double[3];
            if (x[i] > 0)
            {
                SoftmaxInto(z, p);
            }
            else
            {
                EvensInto(z, p);
            }

            s += p[0] * w[4] + p[1] + p[2] * p[2];
        }

        return s;
    }

    /// <summary>
    /// In a recurrence, an output sized by the length of another buffer of the iteration, itself of
    /// a fixed length (a new user's trial, stop 30: reported as a length that changes).
    /// </summary>
    [Differentiable]
    public static double OutputSizedByAFreshBuffer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = w[7];
        for (int i = 0; i < x.Length; i++)
        {
            double[] z = new double[x.Length - 1];
            for (int c = 0; c < z.Length; c++)
            {
                z[c] = w[c] * x[i] + s * 0.1;
            }

            double[] p = new double[z.Length];
            SoftmaxInto(z, p);
            s = s * 0.5 + p[0] * s + p[1];
        }

        return s;
    }

    /// <summary>A while loop and a do loop around the call.</summary>
    [Differentiable]
    public static double OutputInWhileAndDoLoops(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        int i = 0;
        while (i < x.Length)
        {
            double[] v = new double[4];
            for (int c = 0; c < 4; c++)
            {
                v[c] = w[i + c] * x[i];
            }

            double[] o = new double[4];
            EvensInto(v, o);
            s += o[0] * x[i] + o[2];
            i++;
        }

        int k = 3;
        do
        {
            double[] z = { w[k], w[k + 1] + s * 0.1, w[k + 2] };
            double[] p = new double[3];
            SoftmaxInto(z, p);
            s += p[0] * s * 0.1 + p[2];
        }
        while (k-- > 0);

        return s;
    }
}
