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

    // ---- Elements written in place ----

    [Differentiable]
    public static double ElementWrites(double x, double y)
    {
        (double a, double b) t = (x, y);
        t.Item1 = x * y;
        t.b += x;
        t.a++;
        return t.a * t.b;
    }

    [Differentiable]
    public static double ElementsAssignedOneByOne(double x, double y)
    {
        (double, double) t;
        t.Item1 = x;
        t.Item2 = y * x;
        (t.Item1, t.Item2) = (t.Item2, t.Item1);
        return t.Item1 - 2 * t.Item2;
    }

    [Differentiable]
    public static double ElementWriteInBranch(double x, double y)
    {
        var t = (x, y);
        if (x > y)
        {
            t.Item1 = x * x;
        }
        else
        {
            t.Item2 *= y;
        }

        return t.Item1 * t.Item2;
    }

    [Differentiable]
    public static double ElementWritesInLoop(double x, int n)
    {
        var t = (x, 1.0);
        for (int i = 0; i < n; i++)
        {
            t.Item2 *= t.Item1;
        }

        return t.Item2 + t.Item1;
    }

    [Differentiable]
    public static double TupleAssignedInLoop(double x, double y)
    {
        var t = (x, y);
        for (int i = 0; i < 3; i++)
        {
            t = (t.Item2, t.Item1 + t.Item2);
        }

        return t.Item1 * t.Item2;
    }

    [Differentiable]
    public static double NestedElementWrites(double x, double y)
    {
        var t = (x, (y, 2.0));
        t.Item2.Item1 *= x;
        for (int i = 0; i < 3; i++)
        {
            t.Item2.Item2 += t.Item1 * t.Item2.Item1;
        }

        return t.Item2.Item2;
    }

    [Differentiable]
    public static double ElementWriteOfCallResult(double x)
    {
        var q = Constants(3);
        q.Item1 *= x;
        return q.Item1 * q.Item2 * x;
    }

    [Differentiable]
    public static float ElementWritesSingle(float x, float y)
    {
        (float a, float b) t = (x, y);
        t.Item1 = x * y;
        t.b += x;
        t.a++;
        return t.a * t.b;
    }

    private static (double, double) Constants(int n) => (n, n * 0.5);
}
