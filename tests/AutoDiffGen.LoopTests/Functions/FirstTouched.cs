using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// Gradients whose sweep writes a derivative span first in a loop with gathered scatters, so the
/// span is not cleared before it (the blocks start from zeros, the loop clears the elements they do
/// not store), each beside a twin with <c>Vectorize = false</c>, whose gradient clears the span and
/// adds into it. Around them: a loop that does not start at 0, a block at offset 1, two gathered
/// spans in one loop, a span the sweep adds into again after the loop, and one it adds into before
/// the loop (which keeps its clear).
/// </summary>
public static partial class FirstTouched
{
    /// <summary>From i = 3: the elements before the first block are cleared by the loop.</summary>
    [Differentiable]
    public static double LateStart(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 3; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double LateStartScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 3; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Offsets 1 and 2: the gathered block starts one element on; element 0 is never written by the loop.</summary>
    [Differentiable(ReorderSums = true)]
    public static double OffsetOne(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i + 2] * x[i + 1] - 0.5;
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(ReorderSums = true, Vectorize = false)]
    public static double OffsetOneScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i + 2] * x[i + 1] - 0.5;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Two spans gathered in one loop, and a scalar.</summary>
    [Differentiable(ReorderSums = true)]
    public static float TwoSpans(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float c)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float d = x[i + 1] * w[i] - x[i] * w[i + 1] + c;
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(ReorderSums = true, Vectorize = false)]
    public static float TwoSpansScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float c)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float d = x[i + 1] * w[i] - x[i] * w[i + 1] + c;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// Code before the loop reads x[0] and x[1]: the reverse sweep adds into them after the loop,
    /// into elements the loop has written.
    /// </summary>
    [Differentiable]
    public static double AddedAfter(ReadOnlySpan<double> x)
    {
        double first = x.Length > 1 ? x[0] * x[1] : 0;
        double sum = first;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - 2 * x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double AddedAfterScalar(ReadOnlySpan<double> x)
    {
        double first = x.Length > 1 ? x[0] * x[1] : 0;
        double sum = first;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - 2 * x[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// Code after the loop reads the last element: the reverse sweep adds into it before the loop, so
    /// the loop is not the first to write the span and the gradient keeps its clear.
    /// </summary>
    [Differentiable]
    public static double AddedBefore(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - 2 * x[i];
            sum += d * d;
        }

        return x.Length > 0 ? sum + 3 * x[x.Length - 1] : sum;
    }

    [Differentiable(Vectorize = false)]
    public static double AddedBeforeScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - 2 * x[i];
            sum += d * d;
        }

        return x.Length > 0 ? sum + 3 * x[x.Length - 1] : sum;
    }

    /// <summary>The gradient only (no pullback to call): its own sweep writes the span first too.</summary>
    [Differentiable(Generate = DerivativeMembers.Gradient)]
    public static double GradientOnly(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }
}
