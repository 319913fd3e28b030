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

    /// <summary>A null guard on an active array: every member throws the guard's exception.</summary>
    [Differentiable]
    public static double NullGuard(double[] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i];
        }

        return s;
    }

    /// <summary>No guard: the method throws NullReferenceException where it reads, and so do its members.</summary>
    [Differentiable]
    public static double NoNullGuard(double x, double[] w) => x * w[0];

    /// <summary>A null active array handled by the method: its members run it too.</summary>
    [Differentiable]
    public static double NullTolerant(double x, double[] w)
    {
        if (w == null)
        {
            return x * x;
        }

        return x * w[0];
    }

    /// <summary>A vector method with a null guard: its Jacobian throws the same exception.</summary>
    [Differentiable]
    public static (double, double) NullGuardVector(double x, double[] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return (x * w[0], x + w[0]);
    }
}
