using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>Loops that only accumulate (recomputed instead of taped in reverse mode), and loop control.</summary>
public static partial class Reductions
{
    /// <summary>Σ xᵢ·xᵢ₊₁ over pairs (0,1), (2,3), …: a loop with step 2.</summary>
    [Differentiable]
    public static double PairProducts(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            s += x[i] * x[i + 1];
        }

        return s;
    }

    /// <summary>Σ sin(v)·v with foreach.</summary>
    [Differentiable]
    public static double ForeachSum(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += Math.Sin(v) * v;
        }

        return s;
    }

    /// <summary>Σ xᵢ² up to (not including) the first negative element: break.</summary>
    [Differentiable]
    public static double SumSquaresUntilNegative(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                break;
            }

            s += x[i] * x[i];
        }

        return s;
    }

    /// <summary>Σ exp(xᵢ)·y over the non-negative elements: continue.</summary>
    [Differentiable]
    public static double SumExpSkippingNegative(ReadOnlySpan<double> x, double y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            s += Math.Exp(x[i]) * y;
        }

        return s;
    }

    /// <summary>The quadratic form xᵀAx with A n×n row-major data: nested loops.</summary>
    [Differentiable]
    public static double QuadraticForm(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += x[i] * A[i * n + j] * x[j];
            }
        }

        return s;
    }

    /// <summary>dot(head, tail) of the two halves, taken with Slice.</summary>
    [Differentiable]
    public static double HalvesDot(ReadOnlySpan<double> x)
    {
        int m = x.Length / 2;
        ReadOnlySpan<double> head = x.Slice(0, m);
        ReadOnlySpan<double> tail = x.Slice(m);
        double s = 0;
        for (int i = 0; i < m; i++)
        {
            s += head[i] * tail[i];
        }

        return s;
    }

    /// <summary>Σ over rows of a NoDerivative matrix taken with Slice, weighted by w: Σᵢ (w·Xᵢ)².</summary>
    [Differentiable]
    public static double RowSlices(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> X)
    {
        int d = w.Length, n = X.Length / d;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = X.Slice(i * d, d);
            double z = 0;
            for (int j = 0; j < d; j++) z += w[j] * row[j];
            s += z * z;
        }

        return s;
    }

    /// <summary>
    /// Prefix sums in a <c>new double[n]</c> buffer: cₖ = Σ_{i≤k} xᵢ², result Σₖ cₖ·cₖ.
    /// </summary>
    [Differentiable]
    public static double PrefixSquares(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] c = new double[n];
        c[0] = x[0] * x[0];
        for (int i = 1; i < n; i++)
        {
            c[i] = c[i - 1] + x[i] * x[i];
        }

        double s = 0;
        for (int k = 0; k < n; k++)
        {
            s += c[k] * c[k];
        }

        return s;
    }

    /// <summary>
    /// Bins accumulated with <c>h[k] += …</c> in a stackalloc buffer: bₖ = Σ_{i ≡ k mod m} xᵢ², result Σ bₖ².
    /// </summary>
    [Differentiable]
    public static double Bins(ReadOnlySpan<double> x, int m)
    {
        Span<double> bins = stackalloc double[m];
        for (int i = 0; i < x.Length; i++)
        {
            bins[i % m] += x[i] * x[i];
        }

        double s = 0;
        for (int k = 0; k < m; k++)
        {
            s += bins[k] * bins[k];
        }

        return s;
    }

    /// <summary>Σ xᵢ·wᵢ in single precision over spans.</summary>
    [Differentiable]
    public static float DotSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> w)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * w[i];
        }

        return s;
    }

    /// <summary>‖x‖₂ = √(Σ xᵢ²): the result is a non-linear function of the accumulated sum.</summary>
    [Differentiable]
    public static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return Math.Sqrt(s);
    }

    /// <summary>log Σ exp(xᵢ): log-sum-exp, a non-linear function of the accumulated sum.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += Math.Exp(v);
        return Math.Log(s);
    }

    /// <summary>(Σ xᵢ)·(Σ xᵢ²) with a branch on the sums after the loop: two accumulators used non-linearly.</summary>
    [Differentiable]
    public static double TwoSumsThenBranch(ReadOnlySpan<double> x)
    {
        double s = 0, q = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
            q += x[i] * x[i];
        }

        if (s > 1)
        {
            return s * q;
        }

        return q * q;
    }
}
