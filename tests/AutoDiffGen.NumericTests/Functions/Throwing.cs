using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Methods that throw on invalid input: the generated methods must throw the same exception.</summary>
public static partial class Throwing
{
    [Differentiable]
    public static double ThrowStatement(double x, double y)
    {
        if (x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "x must be non-negative");
        }

        return Math.Sqrt(x) * y;
    }

    [Differentiable]
    public static double ThrowExpression(double x) => x > 0 ? Math.Log(x) : throw new ArgumentException("x must be positive", nameof(x));

    [Differentiable]
    public static double ThrowInSwitchArm(double x, int mode) => mode switch
    {
        0 => x * x,
        1 => -x,
        _ => throw new InvalidOperationException("unknown mode"),
    };

    [Differentiable]
    public static double ThrowInNestedBlock(double x, double y)
    {
        double r = x * y;
        if (r > 10)
        {
            if (y > 0)
            {
                throw new NotSupportedException("too large");
            }

            r = -r;
        }

        return r;
    }

    [Differentiable]
    public static float ThrowSingle(float x)
    {
        if (x == 0)
        {
            throw new DivideByZeroException();
        }

        return 1 / x;
    }
}
