// Floor, Ceiling, Round, Truncate and Sign have derivative 0; the analyzer reports ADG0008 for each use
// on an active value (expected, so suppressed here; TreatWarningsAsErrors would fail the build otherwise).
#pragma warning disable ADG0008

using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>x² plus a step function (derivative 0), so the derivative is 2x away from the jumps: Math.Floor/Ceiling/Round/Truncate/Sign on double.</summary>
public static partial class MathDoubleSteps
{
    [Differentiable]
    public static double Floor(double x) => x * x + Math.Floor(x);

    [Differentiable]
    public static double Ceiling(double x) => x * x + Math.Ceiling(x);

    [Differentiable]
    public static double Round(double x) => x * x + Math.Round(x);

    [Differentiable]
    public static double Truncate(double x) => x * x + Math.Truncate(x);

    [Differentiable]
    public static double Sign(double x) => x * x + Math.Sign(x);
}

/// <summary>x² plus a step function (derivative 0), so the derivative is 2x away from the jumps: MathF.Floor/Ceiling/Round/Truncate/Sign on float.</summary>
public static partial class MathSingleSteps
{
    [Differentiable]
    public static float Floor(float x) => x * x + MathF.Floor(x);

    [Differentiable]
    public static float Ceiling(float x) => x * x + MathF.Ceiling(x);

    [Differentiable]
    public static float Round(float x) => x * x + MathF.Round(x);

    [Differentiable]
    public static float Truncate(float x) => x * x + MathF.Truncate(x);

    [Differentiable]
    public static float Sign(float x) => x * x + MathF.Sign(x);
}

/// <summary>x² plus a step function (derivative 0), so the derivative is 2x away from the jumps: double.Floor/Ceiling/Round/Truncate/Sign (generic-math spellings).</summary>
public static partial class GenericDoubleSteps
{
    [Differentiable]
    public static double Floor(double x) => x * x + double.Floor(x);

    [Differentiable]
    public static double Ceiling(double x) => x * x + double.Ceiling(x);

    [Differentiable]
    public static double Round(double x) => x * x + double.Round(x);

    [Differentiable]
    public static double Truncate(double x) => x * x + double.Truncate(x);

    [Differentiable]
    public static double Sign(double x) => x * x + double.Sign(x);
}

/// <summary>x² plus a step function (derivative 0), so the derivative is 2x away from the jumps: float.Floor/Ceiling/Round/Truncate/Sign (generic-math spellings).</summary>
public static partial class GenericSingleSteps
{
    [Differentiable]
    public static float Floor(float x) => x * x + float.Floor(x);

    [Differentiable]
    public static float Ceiling(float x) => x * x + float.Ceiling(x);

    [Differentiable]
    public static float Round(float x) => x * x + float.Round(x);

    [Differentiable]
    public static float Truncate(float x) => x * x + float.Truncate(x);

    [Differentiable]
    public static float Sign(float x) => x * x + float.Sign(x);
}
