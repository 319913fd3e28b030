using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Calls to vector-valued (tuple-returning) [Differentiable] methods, composed through their pushforward and pullback.</summary>
public static partial class TupleComposition
{
    [Differentiable]
    public static (double u, double v) Pair(double x, double y) => (x * y, x + Math.Sin(y));

    [Differentiable]
    public static (double, double) Scaled(double x, int n) => (x * n, x * x);

    [Differentiable]
    public static (float u, float v) PairSingle(float x, float y) => (x * y, x + MathF.Sin(y));

    [Differentiable]
    public static double Deconstructed(double x, double y)
    {
        var (a, b) = Pair(x, y);
        return a * b;
    }

    [Differentiable]
    public static double TupleLocal(double x, double y)
    {
        (double a, double b) t = Pair(x, y);
        return t.Item1 + t.b * t.b;
    }

    [Differentiable]
    public static double ElementOfCall(double x, double y) => Pair(x, y).Item1 + Pair(y, x).v;

    [Differentiable]
    public static double InactiveArguments(double x, double y) => Pair(x, 2.0).u * Pair(3.0, y).v;

    [Differentiable]
    public static double UnusedElements(double x, double y)
    {
        var (a, _) = Pair(x, y);
        Scaled(y, 3);
        _ = Pair(y, x);
        return a + Scaled(x, 2).Item1;
    }

    [Differentiable]
    public static double InLoop(double x, double y)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            var (p, q) = Pair(x, y);
            s += p + i * q;
        }

        return s;
    }

    [Differentiable]
    public static double CarriedThroughLoop(double x, double y)
    {
        double s = x;
        for (int i = 0; i < 2; i++)
        {
            (s, _) = Pair(s, y);
        }

        return s;
    }

    [Differentiable]
    public static double InBranch(double x, double y)
    {
        if (x > y)
        {
            var (a, b) = Pair(x, y);
            return a - b;
        }

        return Pair(y, x).u;
    }

    [Differentiable]
    public static double ElementWrittenAfterTheCall(double x, double y)
    {
        var t = Pair(x, y);
        t.u *= t.v;
        return t.u;
    }

    [Differentiable]
    public static float DeconstructedSingle(float x, float y)
    {
        var (a, b) = PairSingle(x, y);
        return a * b;
    }

    /// <summary>A vector-valued method composing one: (x + sin y, 2xy).</summary>
    [Differentiable]
    public static (double, double) Rotated(double x, double y)
    {
        var (a, b) = Pair(x, y);
        return (b, a * 2);
    }

    /// <summary>Pair(Pair(x, y)) reversed: (ab, b + sin a) with a = xy, b = x + sin y.</summary>
    [Differentiable]
    public static (double, double) PairOfPair(double x, double y)
    {
        var (a, b) = Pair(x, y);
        return Pair(b, a);
    }
}
