using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// Harder loop shapes: accumulators read inside the loop, branches and loop control in taped
/// loops, overwritten buffer elements, triangular nests, kinks, do-while with continue.
/// </summary>
public static partial class ControlFlow
{
    /// <summary>s ← s + xᵢ·s: looks like an accumulation but reads s, so it is Π(1 + xᵢ).</summary>
    [Differentiable]
    public static double SelfReferentialAccumulation(ReadOnlySpan<double> x)
    {
        double s = 1;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * s;
        }

        return s;
    }

    /// <summary>Σ xᵢ², stopping after the partial sum first exceeds 2 (the accumulator read in a branch).</summary>
    [Differentiable]
    public static double AccumulatorReadInBranch(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            if (s > 2)
            {
                break;
            }
        }

        return s;
    }

    /// <summary>Σ xᵢ² while the partial sum is below 3 (the accumulator read in the loop condition).</summary>
    [Differentiable]
    public static double AccumulatorReadInCondition(ReadOnlySpan<double> x)
    {
        double s = 0;
        int i = 0;
        while (s < 3 && i < x.Length)
        {
            s += x[i] * x[i];
            i++;
        }

        return s;
    }

    /// <summary>p ← p·xᵢ for positive xᵢ, p ← p + xᵢ otherwise: a branch in a taped loop.</summary>
    [Differentiable]
    public static double ConditionalProduct(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                p *= x[i];
            }
            else
            {
                p += x[i];
            }
        }

        return p;
    }

    /// <summary>Buffer elements overwritten in place, rounds times: hₖ ← hₖ²/2 + xₖ.</summary>
    [Differentiable]
    public static double InPlaceUpdates(ReadOnlySpan<double> x, int rounds)
    {
        int n = x.Length;
        Span<double> h = stackalloc double[n];
        for (int k = 0; k < n; k++) h[k] = x[k];
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < n; k++)
            {
                h[k] = 0.5 * h[k] * h[k] + x[k];
            }
        }

        double s = 0;
        for (int k = 0; k < n; k++) s += h[k];
        return s;
    }

    /// <summary>Each buffer element written twice; only the second write counts: Σ xₖ².</summary>
    [Differentiable]
    public static double OverwrittenBuffer(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> h = stackalloc double[n];
        for (int k = 0; k < n; k++) h[k] = 3 * x[k];
        for (int k = 0; k < n; k++) h[k] = x[k] * x[k];
        double s = 0;
        for (int k = 0; k < n; k++) s += h[k];
        return s;
    }

    /// <summary>A triangular nest of reductions: Σ_{j&lt;i} xᵢ·xⱼ².</summary>
    [Differentiable]
    public static double TriangularReduction(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                s += x[i] * x[j] * x[j];
            }
        }

        return s;
    }

    /// <summary>A triangular nest of a recurrence: p ← p/2 + xⱼ·xᵢ for j ≤ i.</summary>
    [Differentiable]
    public static double TriangularRecurrence(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                p = 0.5 * p + x[j] * x[i];
            }
        }

        return p;
    }

    /// <summary>while (true) with a break: v ← cos(v)·a, five times.</summary>
    [Differentiable]
    public static double WhileTrueBreak(double x, double a)
    {
        double v = x;
        int k = 0;
        while (true)
        {
            v = Math.Cos(v) * a;
            k++;
            if (k >= 5)
            {
                break;
            }
        }

        return v;
    }

    /// <summary>continue in a taped loop: v ← v·xᵢ + 1, skipping negative xᵢ.</summary>
    [Differentiable]
    public static double ContinueInRecurrence(ReadOnlySpan<double> x, double a)
    {
        double v = a;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            v = v * x[i] + 1;
        }

        return v;
    }

    /// <summary>The loop index as a value: Σ i·xᵢ² and a recurrence p ← p·a + i.</summary>
    [Differentiable]
    public static double IndexAsValue(ReadOnlySpan<double> x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += i * x[i] * x[i];
        double p = 0;
        for (int i = 0; i < x.Length; i++) p = p * a + i;
        return s + p;
    }

    /// <summary>A step given by a parameter: Σ xᵢ³ over i = 0, step, 2·step, ….</summary>
    [Differentiable]
    public static double StepParameter(ReadOnlySpan<double> x, int step)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i += step)
        {
            s += x[i] * x[i] * x[i];
        }

        return s;
    }

    /// <summary>foreach over a double[] parameter with a loop-carried value.</summary>
    [Differentiable]
    public static double ForeachArrayRecurrence(double[] x)
    {
        double p = 0;
        foreach (double v in x)
        {
            p = 0.5 * p + Math.Sin(v);
        }

        return p;
    }

    /// <summary>An early return before a loop, and a loop in each branch of an if.</summary>
    [Differentiable]
    public static double LoopsInBranches(ReadOnlySpan<double> x, double t)
    {
        if (t > 5)
        {
            return t * t;
        }

        double s = t;
        if (t > 0)
        {
            for (int i = 0; i < x.Length; i++) s += x[i] * t;
        }
        else
        {
            for (int i = 0; i < x.Length; i++) s *= 1 + x[i] * x[i];
        }

        return s;
    }

    /// <summary>A running maximum with Math.Max: max xᵢ² (the derivative flows to the argmax).</summary>
    [Differentiable]
    public static double RunningMax(ReadOnlySpan<double> x)
    {
        double m = 0;
        for (int i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, x[i] * x[i]);
        }

        return m;
    }

    /// <summary>A return from inside a nested loop.</summary>
    [Differentiable]
    public static double ReturnFromNestedLoop(ReadOnlySpan<double> x, double scale, [NoDerivative] double limit)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                double q = x[i] * x[j];
                if (q > limit)
                {
                    return q * scale + s;
                }

                s += q;
            }
        }

        return s * scale;
    }

    /// <summary>A reduction with a return inside the loop: Σ xᵢ², or twice the partial sum at the first negative.</summary>
    [Differentiable]
    public static double ReturnInsideReduction(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                return s * 2;
            }

            s += x[i] * x[i];
        }

        return s;
    }

    /// <summary>A softmax-weighted mean in float with a stackalloc float buffer: Σ eˣᵏ·xₖ / Σ eˣᵏ.</summary>
    [Differentiable]
    public static float SoftmaxMeanSingle(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        Span<float> e = stackalloc float[n];
        float z = 0;
        for (int k = 0; k < n; k++)
        {
            e[k] = MathF.Exp(x[k]);
            z += e[k];
        }

        float s = 0;
        for (int k = 0; k < n; k++) s += e[k] * x[k];
        return s / z;
    }

    /// <summary>A recurrence through a new double[] buffer: cᵢ = cᵢ₋₁·xᵢ + 1; returns Σ cᵢ.</summary>
    [Differentiable]
    public static double ArrayBufferRecurrence(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] c = new double[n];
        c[0] = x[0];
        for (int i = 1; i < n; i++) c[i] = c[i - 1] * x[i] + 1;
        double s = 0;
        for (int i = 0; i < n; i++) s += c[i];
        return s;
    }

    /// <summary>An accumulation and a recurrence in the same loop: (Σ xᵢ)·q with q ← q/2 + xᵢ.</summary>
    [Differentiable]
    public static double MixedLoop(ReadOnlySpan<double> x)
    {
        double s = 0, q = 1;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
            q = 0.5 * q + x[i];
        }

        return s * q;
    }

    /// <summary>Subtracting accumulation: y − Σ xᵢ·y².</summary>
    [Differentiable]
    public static double SubtractingReduction(ReadOnlySpan<double> x, double y)
    {
        double s = y;
        for (int i = 0; i < x.Length; i++) s -= x[i] * y * y;
        return s;
    }

    /// <summary>continue inside a do-while jumps to the condition: v ← v·a + 1 on odd k only.</summary>
    [Differentiable]
    public static double DoWhileContinue(double v, double a, int n)
    {
        int k = 0;
        do
        {
            k++;
            if (k % 2 == 0)
            {
                continue;
            }

            v = v * a + 1;
        }
        while (k < n);

        return v;
    }

    /// <summary>An index counting up from a variable declared before the loop, used after it.</summary>
    [Differentiable]
    public static double IndexUsedAfterLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        int i = 0;
        for (; i < x.Length && x[i] > 0; i++) s += Math.Log(x[i]);
        return s * (i + 1);
    }

    /// <summary>Elements read back to front: Σ xᵢ·x_{n−1−i}·(i+1).</summary>
    [Differentiable]
    public static double Reversed(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i] * x[n - 1 - i] * (i + 1);
        return s;
    }

    /// <summary>A reduction inside a taped outer loop: v ← tanh(Σⱼ xⱼ·v + 0.1), R rounds.</summary>
    [Differentiable]
    public static double ReductionInsideRecurrence(ReadOnlySpan<double> x, int rounds)
    {
        double v = 1;
        for (int r = 0; r < rounds; r++)
        {
            double s = 0.1;
            for (int j = 0; j < x.Length; j++) s += x[j] * v;
            v = Math.Tanh(s);
        }

        return v;
    }

    /// <summary>Two-element state in a stackalloc buffer rotated each step: (h₀, h₁) ← (h₁, h₀ + h₁·a).</summary>
    [Differentiable]
    public static double RotatingBuffer(double a, double b, int steps)
    {
        Span<double> h = stackalloc double[2];
        h[0] = 1;
        h[1] = b;
        for (int t = 0; t < steps; t++)
        {
            double first = h[0];
            h[0] = h[1];
            h[1] = first + h[1] * a;
        }

        return h[1];
    }

    /// <summary>
    /// A reduction that reads a buffer which a later loop overwrites: t = (Σ 3xₖ)·Σ sin(xₖ²). Reverse
    /// mode must not recompute the reduction from the overwritten buffer.
    /// </summary>
    [Differentiable]
    public static double ReductionReadsBufferOverwrittenLater(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> a = stackalloc double[n];
        for (int k = 0; k < n; k++) a[k] = x[k] * x[k];
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.Sin(a[k]);
        for (int k = 0; k < n; k++) a[k] = 3 * x[k];
        double t = 0;
        for (int k = 0; k < n; k++) t += a[k] * s;
        return t;
    }

    /// <summary>
    /// A loop that stores into one buffer from another which a later loop overwrites:
    /// Σ sin(xₖ²)·xₖ.
    /// </summary>
    [Differentiable]
    public static double StoreLoopReadsBufferOverwrittenLater(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> a = stackalloc double[n];
        Span<double> b = stackalloc double[n];
        for (int k = 0; k < n; k++) a[k] = x[k] * x[k];
        for (int k = 0; k < n; k++) b[k] = Math.Sin(a[k]);
        for (int k = 0; k < n; k++) a[k] = b[k] * x[k];
        double s = 0;
        for (int k = 0; k < n; k++) s += a[k];
        return s;
    }

    /// <summary>The same with <c>new double[n]</c> buffers.</summary>
    [Differentiable]
    public static double ArrayStoreLoopReadsBufferOverwrittenLater(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) a[k] = x[k] * x[k];
        for (int k = 0; k < n; k++) b[k] = Math.Sin(a[k]);
        for (int k = 0; k < n; k++) a[k] = b[k] * x[k];
        double s = 0;
        for (int k = 0; k < n; k++) s += a[k];
        return s;
    }

    /// <summary>A buffer overwritten by a taped loop after a reduction read it: Σ cos(xₖ) · Π-like recurrence.</summary>
    [Differentiable]
    public static double ReductionThenTapedOverwrite(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> a = stackalloc double[n];
        for (int k = 0; k < n; k++) a[k] = x[k];
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.Cos(a[k]);
        double p = 1;
        for (int k = 0; k < n; k++)
        {
            p = p * 0.5 + s;
            a[k] = p;
        }

        return a[n - 1] + s * s;
    }

    /// <summary>The minimal repro of BUGS.md #1: Σ sin(xₖ²), the buffer cleared after the reduction read it.</summary>
    [Differentiable]
    public static double SumSinThenClear(ReadOnlySpan<double> x)
    {
        Span<double> a = stackalloc double[x.Length];
        for (int k = 0; k < x.Length; k++) a[k] = x[k] * x[k];
        double s = 0;
        for (int k = 0; k < x.Length; k++) s += Math.Sin(a[k]);
        for (int k = 0; k < x.Length; k++) a[k] = 0;
        return s;
    }

    /// <summary>foreach over a Slice of an active stackalloc buffer: Σ_{k≥1} e^{2xₖ}.</summary>
    [Differentiable]
    public static double ForeachOverBufferSlice(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length];
        for (int k = 0; k < h.Length; k++) h[k] = Math.Exp(x[k]);
        Span<double> tail = h.Slice(1);
        double s = 0;
        foreach (double v in tail) s += v * v;
        return s;
    }

    /// <summary>
    /// break and continue in the inner loop of a taped nest: for each row i, p ← p·xⱼ + 1 over the
    /// row's elements, skipping negative ones and stopping the row at the first one above 1.
    /// </summary>
    [Differentiable]
    public static double InnerBreakContinue(ReadOnlySpan<double> x, [NoDerivative] int rows)
    {
        int cols = x.Length / rows;
        double p = 0.5;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double v = x[i * cols + j];
                if (v < 0)
                {
                    continue;
                }

                if (v > 1)
                {
                    break;
                }

                p = p * v + 1;
            }
        }

        return p;
    }

    /// <summary>A while loop with a return inside and a loop-carried value.</summary>
    [Differentiable]
    public static double WhileWithReturn(double x, double a)
    {
        double v = x;
        int k = 0;
        while (k < 50)
        {
            v = v * a + Math.Sin(v);
            if (v > 10)
            {
                return v / a;
            }

            k++;
        }

        return v;
    }
}
