using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Code whose untaken side would fail if it were evaluated (Log/Sqrt of a negative number, an
/// integer division by zero, a throw), short-circuit && that guards a division, a dead local
/// whose derivative is infinite, an active value inside an interpolated exception message, and
/// double.IsNaN/IsInfinity tests on an active value.
/// </summary>
public static partial class BranchSafety
{
    [Differentiable]
    public static double SafeTernaryLog(double x) => x > 0 ? Math.Log(x) : x * x;

    [Differentiable]
    public static double SafeTernarySqrt(double x) => x >= 0 ? Math.Sqrt(x) : -x;

    [Differentiable]
    public static double SafeTernaryIntDivision(double x, int n) => n != 0 ? x * (10 / n) : x;

    [Differentiable]
    public static double ShortCircuit(double x, int n)
    {
        if (n != 0 && 10 / n > 2)
        {
            return x * x;
        }

        return x;
    }

    [Differentiable]
    public static double DeadSqrt(double x)
    {
        double unused = Math.Sqrt(x);
        return x * 2;
    }

    [Differentiable]
    public static double InterpolatedThrow(double x) => x > -10 ? x * x : throw new ArgumentException($"bad {x}");

    [Differentiable]
    public static double NaNCheck(double x) => double.IsNaN(x) || double.IsInfinity(x) ? 0 : x * x;
}
