using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// do … while loops that step their counter in the condition with a postfix operator: the test
/// reads the value before the step (DoWhileConditionTests.cs; a new user's trial, stop 29: every
/// generated member tested the value after it and ran the body once less).
/// </summary>
public static partial class DoWhileConditions
{
    /// <summary>y ← 0.9y + x, n + 1 times.</summary>
    [Differentiable]
    public static double PostDecrement(double x, int n)
    {
        double y = x;
        int k = n;
        do
        {
            y = y * 0.9 + x;
        }
        while (k-- > 0);

        return y;
    }

    /// <summary>y ← y·x, n + 1 times: x^(n+2).</summary>
    [Differentiable]
    public static double PostIncrement(double x, int n)
    {
        double y = x;
        int i = 0;
        do
        {
            y *= x;
        }
        while (i++ < n);

        return y;
    }

    /// <summary>A double counter from n + 0.75 tested against 0.5: the body runs n + 2 times, x + (n + 2)·sin x.</summary>
    [Differentiable]
    public static double DoubleCounter(double x, int n)
    {
        double y = x;
        double c = n + 0.75;
        do
        {
            y += Math.Sin(x);
        }
        while (c-- > 0.5);

        return y;
    }

    /// <summary>The body reads the counter: k = n, n − 1, …, 0, so x + x²·n(n + 1)/2.</summary>
    [Differentiable]
    public static double BodyReadsTheCounter(double x, int n)
    {
        double y = x;
        int k = n;
        do
        {
            y += k * x * x;
        }
        while (k-- != 0);

        return y;
    }

    /// <summary>A while loop with a postfix test inside such a do loop: y ← 0.5y + x twice per outer iteration, n + 1 outer iterations.</summary>
    [Differentiable]
    public static double NestedPostfixTests(double x, int n)
    {
        double y = 1;
        int k = n;
        do
        {
            int j = 0;
            while (j++ < 2)
            {
                y = y * 0.5 + x;
            }
        }
        while (k-- > 0);

        return y;
    }
}
