using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Arrays and stack buffers created with initializers of active values.</summary>
public static partial class ArrayInitializers
{
    [Differentiable]
    public static double ImplicitlyTyped(double x, double y)
    {
        var a = new[] { x, y };
        return a[0] * a[1] + a[1] * a[1];
    }

    [Differentiable]
    public static double TypedWithConstant(double x, double y)
    {
        double[] b = new double[] { x * y, 2 };
        return b[0] * b[1];
    }

    [Differentiable]
    public static double Sized(double x, double y)
    {
        var c = new double[2] { Math.Sin(x), y };
        return c[0] * c[1];
    }

    [Differentiable]
    public static double InLoop(double x, double y)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            var d = new[] { x * i, y };
            d[1] *= d[0];
            s += d[1];
        }

        return s;
    }

    [Differentiable]
    public static double StackAlloc(double x, double y)
    {
        Span<double> h = stackalloc double[] { x, y * x };
        h[0] += h[1];
        return h[0] * h[1];
    }

    [Differentiable]
    public static double ImplicitStackAlloc(double x, double y)
    {
        Span<double> k = stackalloc[] { y, 3.0 };
        return k[0] * k[1] * x;
    }

    [Differentiable]
    public static double CollectionExpression(double x, double y)
    {
        double[] c = [x * x, y];
        return c[0] + c[1] * x;
    }

    [Differentiable]
    public static double IndexedDirectly(double x, double y) => new[] { x, y * y }[1] * x;

    [Differentiable]
    public static double ForEachOverInitializer(double x, double y)
    {
        double s = 0;
        foreach (var v in new[] { x, y, x * y })
        {
            s += v * v;
        }

        return s;
    }

    [Differentiable]
    public static float Single(float x, float y)
    {
        var a = new[] { x, y };
        float[] c = [x * x, y];
        Span<float> h = stackalloc float[] { a[1], 2 };
        return a[0] * a[1] + c[0] + h[0] * h[1];
    }
}
