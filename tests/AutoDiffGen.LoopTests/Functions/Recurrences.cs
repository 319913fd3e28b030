using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>Loops whose active values are carried from one iteration to the next (taped in reverse mode).</summary>
public static partial class Recurrences
{
    /// <summary>Horner: p(x) = Σ cᵢ xⁱ, evaluated from the top coefficient down (a loop counting down).</summary>
    [Differentiable]
    public static double Horner(ReadOnlySpan<double> c, double x)
    {
        double p = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }

        return p;
    }

    /// <summary>Horner over <c>float[]</c> coefficients, in single precision.</summary>
    [Differentiable]
    public static float HornerSingle(float[] c, float x)
    {
        float p = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }

        return p;
    }

    /// <summary>Horner with <c>foreach</c> over coefficients stored highest first.</summary>
    [Differentiable]
    public static double HornerForeach(ReadOnlySpan<double> highestFirst, double x)
    {
        double p = 0;
        foreach (double c in highestFirst)
        {
            p = p * x + c;
        }

        return p;
    }

    /// <summary>The iterated map x ← x − a·sin(x), k times.</summary>
    [Differentiable]
    public static double IteratedMap(double x, double a, int k)
    {
        for (int t = 0; t < k; t++)
        {
            x = x - a * Math.Sin(x);
        }

        return x;
    }

    /// <summary>The iterated map in single precision.</summary>
    [Differentiable]
    public static float IteratedMapSingle(float x, float a, int k)
    {
        for (int t = 0; t < k; t++)
        {
            x = x - a * MathF.Sin(x);
        }

        return x;
    }

    /// <summary>
    /// Newton's iteration for √a with a convergence test: stops once a step changes x by at most
    /// 1e-15·x, so the iterate the last step started from is already within ~1e-15 of √a.
    /// </summary>
    [Differentiable]
    public static double NewtonSqrt(double a)
    {
        double x = a > 1 ? a : 1.0;
        double step = x;
        while (Math.Abs(step) > 1e-15 * x)
        {
            double next = 0.5 * (x + a / x);
            step = next - x;
            x = next;
        }

        return x;
    }

    /// <summary>A do-while recurrence: v ← v²/2 + c, at least once, n times in all.</summary>
    [Differentiable]
    public static double DoWhileRecurrence(double v, double c, int n)
    {
        int k = 0;
        do
        {
            v = 0.5 * v * v + c;
            k++;
        }
        while (k < n);

        return v;
    }

    /// <summary>A do-while whose exit test reads the active value: halve the log until below 1.</summary>
    [Differentiable]
    public static double DoWhileSqrtUntilSmall(double x)
    {
        double v = x;
        do
        {
            v = Math.Sqrt(v);
        }
        while (v > 1.5);

        return v * v * v;
    }

    /// <summary>A product with a return inside the loop once it exceeds a limit.</summary>
    [Differentiable]
    public static double ProductUntilLimit(ReadOnlySpan<double> x, double scale, [NoDerivative] double limit)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            p *= x[i];
            if (p > limit)
            {
                return p * scale;
            }
        }

        return p;
    }

    /// <summary>A loop counting down by 2: p ← p·xᵢ + 1 for i = n−1, n−3, … .</summary>
    [Differentiable]
    public static double StepDownByTwo(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = x.Length - 1; i >= 0; i -= 2)
        {
            p = p * x[i] + 1;
        }

        return p;
    }

    /// <summary>A while loop over an index with a loop-carried value: exponential smoothing.</summary>
    [Differentiable]
    public static double Smoothing(ReadOnlySpan<double> x, double alpha)
    {
        double s = x[0];
        int i = 1;
        while (i < x.Length)
        {
            s = alpha * x[i] + (1 - alpha) * s;
            i++;
        }

        return s;
    }
}
