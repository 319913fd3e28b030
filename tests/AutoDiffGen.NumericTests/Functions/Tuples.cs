using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Tuple locals and deconstruction.</summary>
public static partial class Tuples
{
    [Differentiable]
    public static double DeconstructDeclaration(double x, double y)
    {
        var (a, b) = (x * y, x + y);
        return a * b;
    }

    [Differentiable]
    public static double TupleLocal(double x, double y)
    {
        (double s, double p) t = (x + y, x * y);
        return t.s * t.s - t.p;
    }

    [Differentiable]
    public static double DeconstructAssignmentSwap(double x, double y)
    {
        double a, b;
        (a, b) = (x, y);
        (a, b) = (b, a);
        return a * a * b;
    }

    [Differentiable]
    public static double TupleItems(double x, double y)
    {
        var t = (x, 2.0, y);
        return t.Item1 * t.Item2 + t.Item3 * t.Item1;
    }

    [Differentiable]
    public static double DeconstructWithInt(double x, int n)
    {
        var (a, k) = (x * x, n + 1);
        return a * k;
    }

    [Differentiable]
    public static double DeconstructTypedAndDiscard(double x, double y)
    {
        (double a, _) = (Math.Sin(x), y);
        double c;
        (c, double d) = (x * y, y);
        return a + c * d;
    }

    [Differentiable]
    public static float DeconstructSingle(float x, float y)
    {
        var (a, b) = (x * y, x + y);
        return a * b;
    }
}
