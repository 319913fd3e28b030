using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Recursive [Differentiable] methods, direct and mutual: they compose through their own pushforward and pullback.</summary>
public static partial class Recursion
{
    /// <summary>xⁿ by recursion: d/dx = n·xⁿ⁻¹.</summary>
    [Differentiable]
    public static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1);

    /// <summary>Horner's rule from index i: Σ_{k≥i} c[k]·x^(k−i); at i = 0 the polynomial p(x) = Σ c[k]·xᵏ.</summary>
    [Differentiable]
    public static double Horner(double[] c, double x, int i) => i == c.Length ? 0 : c[i] + x * Horner(c, x, i + 1);

    /// <summary>Σ_{k≥i} w[k]², one element per level, through a span.</summary>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> w, int i)
    {
        if (i == w.Length)
        {
            return 0;
        }

        double head = w[i] * w[i];
        return head + SumOfSquares(w, i + 1);
    }

    /// <summary>Σ_{lo≤k&lt;hi} w[k]·sin(w[k]) by halving the range: two recursive calls per level.</summary>
    [Differentiable]
    public static double SplitSum(double[] w, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return w[lo] * Math.Sin(w[lo]);
        }

        int mid = (lo + hi) / 2;
        return SplitSum(w, lo, mid) + SplitSum(w, mid, hi);
    }

    /// <summary>A(x, n) = n == 0 ? sin x : B(x, n − 1)·x, mutually recursive with B.</summary>
    [Differentiable]
    public static double A(double x, int n) => n == 0 ? Math.Sin(x) : B(x, n - 1) * x;

    /// <summary>B(x, n) = n == 0 ? cos x : A(x, n − 1) + x.</summary>
    [Differentiable]
    public static double B(double x, int n) => n == 0 ? Math.Cos(x) : A(x, n - 1) + x;

    /// <summary>(xⁿ, n·xⁿ⁻¹) by recursion on the pair: a vector-valued recursive method.</summary>
    [Differentiable]
    public static (double Power, double Slope) PowAndSlope(double x, int n)
    {
        if (n == 0)
        {
            return (1, 0);
        }

        var (p, d) = PowAndSlope(x, n - 1);
        return (p * x, d * x + p);
    }

    /// <summary>Doubles x n times (x·2ⁿ), and throws at the bottom of the recursion when the result passes the limit.</summary>
    [Differentiable]
    public static double Doubling(double x, int n, double limit)
        => n == 0 ? (x > limit ? throw new ArgumentOutOfRangeException(nameof(x), "past the limit") : x * x) : Doubling(x * 2, n - 1, limit);

    /// <summary>xⁿ in float.</summary>
    [Differentiable]
    public static float PowSingle(float x, int n) => n == 0 ? 1 : x * PowSingle(x, n - 1);

    /// <summary>Σ v² · (1 + ½ + … + ½^(k−1)) = Σ v² · 2(1 − 2^−k), recursing over k with a vectorizable sum per level whose order may change.</summary>
    [Differentiable(ReorderSums = true)]
    public static double Levels(ReadOnlySpan<double> v, int k)
    {
        if (k == 0)
        {
            return 0;
        }

        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s + 0.5 * Levels(v, k - 1);
    }

    /// <summary>A caller that does not reorder sums: its members return exactly its value.</summary>
    [Differentiable]
    public static double LevelsCaller(double[] v) => Levels(v, 3) * 2 + v[0];

    /// <summary>A caller of the recursive methods: Pow(x, 3) + A(x, 3).</summary>
    [Differentiable]
    public static double Caller(double x) => Pow(x, 3) + A(x, 3);
}
