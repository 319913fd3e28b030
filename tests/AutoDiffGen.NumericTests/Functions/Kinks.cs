// Floor and Sign report ADG0008 (derivative zero); expected here.
#pragma warning disable ADG0008

using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Functions evaluated exactly at their kinks, where fixed conventions apply.</summary>
public static partial class Kinks
{
    [Differentiable]
    public static double BranchAtBoundary(double x) => x > 0 ? 3 * x * x + 2 * x : -x;

    [Differentiable]
    public static double GreaterOrEqualAtBoundary(double x) => x >= 0 ? 5 * x : -x;

    [Differentiable]
    public static double SignTimesX(double x) => Math.Sign(x) * x;
}
