using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Constants read by differentiable methods of another type.</summary>
public static class PhysicalConstants
{
    public const double Gravity = 9.81;
    public static readonly double Drag = 0.47;
    public const float GravitySingle = 9.81f;
}

/// <summary>Arithmetic operators, literals, constants, locals and assignments, in double.</summary>
public static partial class Operators
{
    public const double Half = 0.5;
    public static readonly double Scale = 2.5;
    private const int Three = 3;

    [Differentiable]
    public static double Add(double x, double y) => x + y;

    [Differentiable]
    public static double Subtract(double x, double y) => x - y;

    [Differentiable]
    public static double Multiply(double x, double y) => x * y;

    [Differentiable]
    public static double Divide(double x, double y) => x / y;

    [Differentiable]
    public static double Remainder(double x, double y) => x % y;

    [Differentiable]
    public static double Negate(double x, double y) => -x * y + -(x - y);

    [Differentiable]
    public static double Literals(double x) => 2.5 * x * x - 1e-1 * x + 3 + 0.5e1 / x;

    [Differentiable]
    public static double IntLiteralsAndLocals(double x)
    {
        int n = 3;
        int m = n * 2 - 1;
        return n * x * x + m * x + m / 2;
    }

    [Differentiable]
    public static double Constants(double x)
    {
        const double local = 4.0;
        return Half * x * x + Scale * x + local * Three;
    }

    [Differentiable]
    public static double OtherTypeConstants(double x) => PhysicalConstants.Gravity * x + PhysicalConstants.Drag * x * x;

    [Differentiable]
    public static double Reassignment(double x, double y)
    {
        double a = x;
        a = a * a;
        a = a + y;
        a = a * y;
        return a;
    }

    [Differentiable]
    public static double CompoundAssignment(double x, double y)
    {
        double s = x;
        s += y * y;
        s -= 0.5 * x;
        s *= y;
        s /= 1 + x * x;
        return s;
    }

    [Differentiable]
    public static double IncrementDecrement(double x, double y)
    {
        double a = x;
        a++;
        ++a;
        a--;
        double b = a++ * y;
        return a * b;
    }

    [Differentiable]
    public static double IncrementInExpression(double x, double y)
    {
        double a = x;
        double c = ++a * y;
        double d = a-- - x;
        return c + d * x + a;
    }

    [Differentiable]
    public static double IntCounter(double x)
    {
        int k = 0;
        k++;
        k += 2;
        --k;
        return k * x * x;
    }

    [Differentiable]
    public static double MultipleDeclarators(double x, double y)
    {
        double a = x * y, b = x + y, c;
        c = a - b;
        return a * b + c;
    }

    [Differentiable]
    public static double VarLocals(double x, double y)
    {
        var a = x * 2;
        var b = a * y;
        var n = 2;
        return b * n + a;
    }

    [Differentiable]
    public static double BlockBody(double x, double y)
    {
        double t = Math.Sin(x) * y;
        return t * t;
    }

    [Differentiable]
    public static double Composite(double x, double y) => Math.Exp(Math.Sin(x * y)) + Math.Sqrt(1 + x * x) * Math.Log(1 + y * y);
}

/// <summary>The same constructs in float: everything stays float.</summary>
public static partial class OperatorsSingle
{
    public const float Half = 0.5f;
    public static readonly float Scale = 2.5f;

    [Differentiable]
    public static float Add(float x, float y) => x + y;

    [Differentiable]
    public static float Subtract(float x, float y) => x - y;

    [Differentiable]
    public static float Multiply(float x, float y) => x * y;

    [Differentiable]
    public static float Divide(float x, float y) => x / y;

    [Differentiable]
    public static float Remainder(float x, float y) => x % y;

    [Differentiable]
    public static float Negate(float x, float y) => -x * y + -(x - y);

    [Differentiable]
    public static float Literals(float x) => 2.5f * x * x - 1e-1f * x + 3 + 0.5e1f / x;

    [Differentiable]
    public static float Constants(float x)
    {
        const float local = 4f;
        return Half * x * x + Scale * x + local * 3 + PhysicalConstants.GravitySingle;
    }

    [Differentiable]
    public static float CompoundAssignment(float x, float y)
    {
        float s = x;
        s += y * y;
        s -= 0.5f * x;
        s *= y;
        s /= 1 + x * x;
        return s;
    }

    [Differentiable]
    public static float IncrementDecrement(float x, float y)
    {
        float a = x;
        a++;
        ++a;
        a--;
        float b = a++ * y;
        return a * b;
    }

    [Differentiable]
    public static float IntConversion(float x, int n)
    {
        int m = n + 1;
        return m * x * x + n;
    }

    [Differentiable]
    public static float Composite(float x, float y) => MathF.Exp(MathF.Sin(x * y)) + MathF.Sqrt(1 + x * x) * MathF.Log(1 + y * y);
}
