using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Inactive parameters (int, bool, enum, [NoDerivative]), inactive calls and parameter naming.</summary>
public static partial class Parameters
{
    private const double Half = 0.5;

    [Differentiable]
    public static double IntParameter(double x, int n) => x * n + n * n * x * x;

    [Differentiable]
    public static double IntParameterPow(double x, int n) => Math.Pow(x, n);

    [Differentiable]
    public static double BoolParameter(double x, bool square) => square ? x * x : x;

    [Differentiable]
    public static double EnumParameter(double x, Shape shape)
    {
        double k = shape == Shape.Linear ? 1 : 2;
        if (shape != Shape.Cubic)
        {
            return k * x;
        }

        return x * x * x;
    }

    [Differentiable]
    public static double MixedOrder(int n, double x, bool negate, double y, Shape shape)
    {
        double r = n * x * y + (shape == Shape.Quadratic ? y * y : 0);
        return negate ? -r : r;
    }

    [Differentiable]
    public static double NoDerivativeParameter(double x, [NoDerivative] double scale) => scale * x * x + Math.Sin(scale);

    [Differentiable]
    public static double NoDerivativeMiddle(double x, [NoDerivative] double c, double y) => c * x * y + c;

    [Differentiable]
    public static float NoDerivativeSingle(float x, [NoDerivative] float c) => c * x * x;

    [Differentiable]
    public static double InactiveCalls(double x, int n, bool flag)
    {
        double k = Helper(n, flag);
        double m = Math.Pow(2, n);
        return k * x + m * x * x + Math.Sqrt(Half);
    }

    [Differentiable]
    public static double NameClash(double x, double dx) => x * dx + dx;

    [Differentiable]
    public static double TangentNameClash(double x, double xTangent) => x * xTangent;

    [Differentiable]
    public static double AdjointNameClash(double x, double xAdjoint) => x * xAdjoint;

    [Differentiable]
    internal static double InternalMethod(double x) => x * x;

    private static double Helper(int n, bool flag) => flag ? n * 0.5 : n;
}
