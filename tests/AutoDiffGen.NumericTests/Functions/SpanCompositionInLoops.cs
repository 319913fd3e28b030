using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Local buffers written inside the loop around a call that reads them (SpanCompositionTests.cs):
/// per-sample hidden layers, writes after the call, buffers allocated in the loop, calls in inner
/// loops and branches. Each takes w (8 values) and data x.
/// </summary>
public static partial class SpanComposition
{
    /// <summary>A batch MLP: per sample, a hidden layer of 2 tanh units in a stack buffer, then Dot(w₂, h).</summary>
    [Differentiable]
    public static double BatchHidden(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        var w2 = w.Slice(4, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                h[j] = Math.Tanh(w[2 * j] * x[i] + w[2 * j + 1]);
            }

            double y = Dot(w2, h) - x[i];
            s += y * y;
        }

        return s;
    }

    /// <summary>An array buffer rewritten per iteration, read by a callee in a recurrence (not a reduction).</summary>
    [Differentiable]
    public static double RecurrenceOverABuffer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[3];
        double s = w[7];
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                h[j] = Math.Sin(w[j] * x[i] + s);
            }

            s = 0.5 * s + LogSumExp(h) * w[3];
        }

        return s * s;
    }

    /// <summary>The buffer carries values across iterations and is written after the call (h[0] = f(s)).</summary>
    [Differentiable]
    public static double WrittenAfterTheCall(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        h[0] = w[0];
        h[1] = w[1];
        h[2] = w[2];
        var v = w.Slice(3, 3);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Dot(h, v) * x[i];
            h[0] = Math.Cos(s) * w[6];
            h[2] += h[1] * 0.5;
        }

        return s;
    }

    /// <summary>Two calls read the buffer in one iteration, with a write between them.</summary>
    [Differentiable]
    public static double WriteBetweenTwoCalls(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[2];
        var v = w.Slice(3, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[0] = w[0] * x[i];
            h[1] = w[1] + s * 0.1;
            double a = LogSumExp(h);
            h[1] = Math.Sin(a) * w[2];
            s += a * Dot(h, v);
        }

        return s;
    }

    /// <summary>A new array per iteration, read by a callee after a write that follows another call.</summary>
    [Differentiable]
    public static double AllocatedInTheLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0.25;
        var v = w.Slice(3, 3);
        for (int i = 0; i < x.Length; i++)
        {
            var h = new double[3];
            h[0] = w[0] * s;
            h[1] = w[1] * x[i];
            h[2] = w[2];
            double a = Dot(h, v);
            h[0] = a * a;
            s = s * w[6] + LogSumExp(h);
        }

        return s;
    }

    /// <summary>The call in an inner loop that also writes the buffer; the outer loop writes it too.</summary>
    [Differentiable]
    public static double CallInAnInnerLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        var v = w.Slice(2, 4);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[0] = w[0] * x[i];
            h[1] = w[1];
            for (int k = 0; k < 3; k++)
            {
                s += Dot(h, v) * w[6 + k % 2];
                h[k % 2] = Math.Tanh(h[0] + h[1] * w[7]);
            }
        }

        return s;
    }

    /// <summary>Views of the buffer (a slice, a read-only alias) passed in the loop that writes it.</summary>
    [Differentiable]
    public static double ViewsOfAWrittenBuffer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[4];
        ReadOnlySpan<double> all = h;
        var middle = h.Slice(1, 2);
        var v = w.Slice(4, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                h[j] = w[j] * x[i] + s * 0.1;
            }

            s += Dot(middle, v) + 0.5 * LogSumExp(all);
        }

        return s;
    }

    /// <summary>A vector-valued callee (a tuple) in the loop that writes its buffer.</summary>
    [Differentiable]
    public static double VectorCalleeInTheLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[0] = w[0] * x[i];
            h[1] = w[1] * s;
            h[2] = w[2];
            var (q, t) = Moments(h);
            s += q * w[3] + t * t;
        }

        return s;
    }

    /// <summary>A while loop left by break after the call, and the call on one path only.</summary>
    [Differentiable]
    public static double BranchAndBreak(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[2];
        var v = w.Slice(2, 2);
        double s = 0;
        int i = 0;
        while (true)
        {
            h[0] = w[0] * x[i] + s;
            h[1] = w[1];
            if (x[i] > 0)
            {
                s += Dot(h, v);
            }
            else
            {
                h[1] = w[4] * s;
                s += 0.5 * LogSumExp(h);
            }

            i++;
            if (i >= x.Length)
            {
                break;
            }
        }

        return s;
    }

    /// <summary>A sum over samples (a reduction, the method's last loop) whose buffer is written after the call in each iteration.</summary>
    [Differentiable]
    public static double WrittenAfterTheCallInASum(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        var v = w.Slice(3, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[0] = w[0] * x[i];
            h[1] = w[1];
            s += LogSumExp(h) * Dot(h, v);
            h[1] = 5 * w[2];
        }

        return s;
    }

    /// <summary>A sum whose iteration i writes h[i] (a distinct element each time) and then reads all of h through a callee, before a sine.</summary>
    [Differentiable]
    public static double FilledAlongTheSum(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[4];
        var v = w.Slice(4, 4);
        double s = 0;
        for (int i = 0; i < 4; i++)
        {
            h[i] = w[i] * x[i];
            s += Dot(h, v);
        }

        return Math.Sin(s);
    }

    /// <summary>A per-sample buffer written whole, then read by two callees (scratch of a sum: recomputed, no tape).</summary>
    [Differentiable]
    public static double ScratchReadByTwoCallees(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        var v = w.Slice(3, 3);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                h[j] = Math.Sin(w[j] * x[i] + w[6]);
            }

            s += LogSumExp(h) * Dot(h, v);
        }

        return Math.Exp(0.1 * s);
    }

    /// <summary>The same buffer read by a callee in an inner loop that does not write it.</summary>
    [Differentiable]
    public static double ScratchCalledInAnInnerLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[3];
        var v = w.Slice(3, 3);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                h[j] = Math.Tanh(w[j] * x[i]);
            }

            double u = 0;
            for (int r = 0; r < 2; r++)
            {
                u += Dot(h, v) * w[6 + r];
            }

            s += u * u;
        }

        return s;
    }

    /// <summary>Written whole per sample, then rewritten in an inner loop around the call (after it): not scratch, saved.</summary>
    [Differentiable]
    public static double RewrittenAroundTheCallInAnInnerLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        var v = w.Slice(2, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                h[j] = w[j] * x[i];
            }

            for (int r = 0; r < 2; r++)
            {
                s += Dot(h, v);
                h[r] = h[r] * w[6] + w[7];
            }
        }

        return s;
    }

    /// <summary>Written whole per sample, read by a callee, then one element stored after the call: not scratch, saved.</summary>
    [Differentiable]
    public static double StoredAfterTheCallInASum(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        var v = w.Slice(2, 2);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                h[j] = w[j] * x[i];
            }

            s += Dot(h, v);
            h[0] = 5 * w[6];
        }

        return s;
    }

    /// <summary>Float: per sample, a buffer of 2 then DotF.</summary>
    [Differentiable]
    public static float BatchHiddenF(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> x)
    {
        Span<float> h = stackalloc float[2];
        var v = w.Slice(3, 2);
        float s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[0] = MathF.Tanh(w[0] * x[i] + w[1]);
            h[1] = MathF.Tanh(w[2] * x[i] + s * 0.1f);
            s += DotF(h, v);
        }

        return s;
    }
}
