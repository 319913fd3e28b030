// The floating-point math surface beyond Math's classic functions (issue: coverage for real
// programs): every function of .NET's generic-math interfaces on double and float that has a
// derivative, as the whole body of a [Differentiable] method, in double and float, spelled
// double.X/float.X and, where Math has the function, Math.X/MathF.X. The tests and domains are in
// MathSurfaceTests.cs; MathSurfaceCoverageTests enumerates the surface by reflection.
// ILogB has derivative 0, so ADG0008 is expected there.
#pragma warning disable ADG0008

using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>The math surface in double: the generic-math spelling on double (double.Asinh(x), …).</summary>
public static partial class SurfaceDouble
{
    [Differentiable]
    public static double Asinh(double x) => double.Asinh(x);

    [Differentiable]
    public static double Acosh(double x) => double.Acosh(x);

    [Differentiable]
    public static double Atanh(double x) => double.Atanh(x);

    [Differentiable]
    public static double SinPi(double x) => double.SinPi(x);

    [Differentiable]
    public static double CosPi(double x) => double.CosPi(x);

    [Differentiable]
    public static double TanPi(double x) => double.TanPi(x);

    [Differentiable]
    public static double AsinPi(double x) => double.AsinPi(x);

    [Differentiable]
    public static double AcosPi(double x) => double.AcosPi(x);

    [Differentiable]
    public static double AtanPi(double x) => double.AtanPi(x);

    [Differentiable]
    public static double Atan2Pi(double y, double x) => double.Atan2Pi(y, x);

    [Differentiable]
    public static double DegreesToRadians(double x) => double.DegreesToRadians(x);

    [Differentiable]
    public static double RadiansToDegrees(double x) => double.RadiansToDegrees(x);

    [Differentiable]
    public static double Exp2(double x) => double.Exp2(x);

    [Differentiable]
    public static double Exp10(double x) => double.Exp10(x);

    [Differentiable]
    public static double ExpM1(double x) => double.ExpM1(x);

    [Differentiable]
    public static double Exp2M1(double x) => double.Exp2M1(x);

    [Differentiable]
    public static double Exp10M1(double x) => double.Exp10M1(x);

    [Differentiable]
    public static double LogP1(double x) => double.LogP1(x);

    [Differentiable]
    public static double Log2P1(double x) => double.Log2P1(x);

    [Differentiable]
    public static double Log10P1(double x) => double.Log10P1(x);

    [Differentiable]
    public static double Hypot(double x, double y) => double.Hypot(x, y);

    [Differentiable]
    public static double RootN3(double x) => double.RootN(x, 3);

    [Differentiable]
    public static double RootN4(double x) => double.RootN(x, 4);

    [Differentiable]
    public static double RootNMinus2(double x) => double.RootN(x, -2);

    [Differentiable]
    public static double CopySign(double x, double y) => double.CopySign(x, y);

    [Differentiable]
    public static double Ieee754Remainder(double x, double y) => double.Ieee754Remainder(x, y);

    [Differentiable]
    public static double Lerp(double a, double b, double t) => double.Lerp(a, b, t);

    [Differentiable]
    public static double MaxMagnitude(double x, double y) => double.MaxMagnitude(x, y);

    [Differentiable]
    public static double MinMagnitude(double x, double y) => double.MinMagnitude(x, y);

    [Differentiable]
    public static double MaxMagnitudeNumber(double x, double y) => double.MaxMagnitudeNumber(x, y);

    [Differentiable]
    public static double MinMagnitudeNumber(double x, double y) => double.MinMagnitudeNumber(x, y);

    [Differentiable]
    public static double MaxNumber(double x, double y) => double.MaxNumber(x, y);

    [Differentiable]
    public static double MinNumber(double x, double y) => double.MinNumber(x, y);

    [Differentiable]
    public static double MaxNative(double x, double y) => double.MaxNative(x, y);

    [Differentiable]
    public static double MinNative(double x, double y) => double.MinNative(x, y);

    [Differentiable]
    public static double ClampNative(double x, double lo, double hi) => double.ClampNative(x, lo, hi);

    [Differentiable]
    public static double MultiplyAddEstimate(double a, double b, double c) => double.MultiplyAddEstimate(a, b, c);

    [Differentiable]
    public static double ScaleB3(double x) => double.ScaleB(x, 3);

    [Differentiable]
    public static double ScaleBMinus2(double x) => double.ScaleB(x, -2);

    [Differentiable]
    public static double ILogB(double x) => x * x + double.ILogB(x);

    [Differentiable]
    public static double SinCos(double x)
    {
        var (s, c) = double.SinCos(x);
        return 2 * s + c * c;
    }

    [Differentiable]
    public static double SinCosElement(double x) => double.SinCos(x).Cos * x;

    [Differentiable]
    public static double SinCosPi(double x)
    {
        var (s, c) = double.SinCosPi(x);
        return s + 3 * c;
    }
}

/// <summary>The math surface in float: the generic-math spelling on float (float.Asinh(x), …).</summary>
public static partial class SurfaceSingle
{
    [Differentiable]
    public static float Asinh(float x) => float.Asinh(x);

    [Differentiable]
    public static float Acosh(float x) => float.Acosh(x);

    [Differentiable]
    public static float Atanh(float x) => float.Atanh(x);

    [Differentiable]
    public static float SinPi(float x) => float.SinPi(x);

    [Differentiable]
    public static float CosPi(float x) => float.CosPi(x);

    [Differentiable]
    public static float TanPi(float x) => float.TanPi(x);

    [Differentiable]
    public static float AsinPi(float x) => float.AsinPi(x);

    [Differentiable]
    public static float AcosPi(float x) => float.AcosPi(x);

    [Differentiable]
    public static float AtanPi(float x) => float.AtanPi(x);

    [Differentiable]
    public static float Atan2Pi(float y, float x) => float.Atan2Pi(y, x);

    [Differentiable]
    public static float DegreesToRadians(float x) => float.DegreesToRadians(x);

    [Differentiable]
    public static float RadiansToDegrees(float x) => float.RadiansToDegrees(x);

    [Differentiable]
    public static float Exp2(float x) => float.Exp2(x);

    [Differentiable]
    public static float Exp10(float x) => float.Exp10(x);

    [Differentiable]
    public static float ExpM1(float x) => float.ExpM1(x);

    [Differentiable]
    public static float Exp2M1(float x) => float.Exp2M1(x);

    [Differentiable]
    public static float Exp10M1(float x) => float.Exp10M1(x);

    [Differentiable]
    public static float LogP1(float x) => float.LogP1(x);

    [Differentiable]
    public static float Log2P1(float x) => float.Log2P1(x);

    [Differentiable]
    public static float Log10P1(float x) => float.Log10P1(x);

    [Differentiable]
    public static float Hypot(float x, float y) => float.Hypot(x, y);

    [Differentiable]
    public static float RootN3(float x) => float.RootN(x, 3);

    [Differentiable]
    public static float RootN4(float x) => float.RootN(x, 4);

    [Differentiable]
    public static float RootNMinus2(float x) => float.RootN(x, -2);

    [Differentiable]
    public static float CopySign(float x, float y) => float.CopySign(x, y);

    [Differentiable]
    public static float Ieee754Remainder(float x, float y) => float.Ieee754Remainder(x, y);

    [Differentiable]
    public static float Lerp(float a, float b, float t) => float.Lerp(a, b, t);

    [Differentiable]
    public static float MaxMagnitude(float x, float y) => float.MaxMagnitude(x, y);

    [Differentiable]
    public static float MinMagnitude(float x, float y) => float.MinMagnitude(x, y);

    [Differentiable]
    public static float MaxMagnitudeNumber(float x, float y) => float.MaxMagnitudeNumber(x, y);

    [Differentiable]
    public static float MinMagnitudeNumber(float x, float y) => float.MinMagnitudeNumber(x, y);

    [Differentiable]
    public static float MaxNumber(float x, float y) => float.MaxNumber(x, y);

    [Differentiable]
    public static float MinNumber(float x, float y) => float.MinNumber(x, y);

    [Differentiable]
    public static float MaxNative(float x, float y) => float.MaxNative(x, y);

    [Differentiable]
    public static float MinNative(float x, float y) => float.MinNative(x, y);

    [Differentiable]
    public static float ClampNative(float x, float lo, float hi) => float.ClampNative(x, lo, hi);

    [Differentiable]
    public static float MultiplyAddEstimate(float a, float b, float c) => float.MultiplyAddEstimate(a, b, c);

    [Differentiable]
    public static float ScaleB3(float x) => float.ScaleB(x, 3);

    [Differentiable]
    public static float ScaleBMinus2(float x) => float.ScaleB(x, -2);

    [Differentiable]
    public static float ILogB(float x) => x * x + float.ILogB(x);

    [Differentiable]
    public static float SinCos(float x)
    {
        var (s, c) = float.SinCos(x);
        return 2 * s + c * c;
    }

    [Differentiable]
    public static float SinCosElement(float x) => float.SinCos(x).Cos * x;

    [Differentiable]
    public static float SinCosPi(float x)
    {
        var (s, c) = float.SinCosPi(x);
        return s + 3 * c;
    }
}

/// <summary>The math surface in double: System.Math, for the functions Math has.</summary>
public static partial class SurfaceMath
{
    [Differentiable]
    public static double Asinh(double x) => Math.Asinh(x);

    [Differentiable]
    public static double Acosh(double x) => Math.Acosh(x);

    [Differentiable]
    public static double Atanh(double x) => Math.Atanh(x);

    [Differentiable]
    public static double CopySign(double x, double y) => Math.CopySign(x, y);

    [Differentiable]
    public static double IEEERemainder(double x, double y) => Math.IEEERemainder(x, y);

    [Differentiable]
    public static double MaxMagnitude(double x, double y) => Math.MaxMagnitude(x, y);

    [Differentiable]
    public static double MinMagnitude(double x, double y) => Math.MinMagnitude(x, y);

    [Differentiable]
    public static double ScaleB3(double x) => Math.ScaleB(x, 3);

    [Differentiable]
    public static double ScaleBMinus2(double x) => Math.ScaleB(x, -2);

    [Differentiable]
    public static double ILogB(double x) => x * x + Math.ILogB(x);

    [Differentiable]
    public static double SinCos(double x)
    {
        var (s, c) = Math.SinCos(x);
        return 2 * s + c * c;
    }

    [Differentiable]
    public static double SinCosElement(double x) => Math.SinCos(x).Cos * x;
}

/// <summary>The math surface in float: System.MathF, for the functions MathF has.</summary>
public static partial class SurfaceMathF
{
    [Differentiable]
    public static float Asinh(float x) => MathF.Asinh(x);

    [Differentiable]
    public static float Acosh(float x) => MathF.Acosh(x);

    [Differentiable]
    public static float Atanh(float x) => MathF.Atanh(x);

    [Differentiable]
    public static float CopySign(float x, float y) => MathF.CopySign(x, y);

    [Differentiable]
    public static float IEEERemainder(float x, float y) => MathF.IEEERemainder(x, y);

    [Differentiable]
    public static float MaxMagnitude(float x, float y) => MathF.MaxMagnitude(x, y);

    [Differentiable]
    public static float MinMagnitude(float x, float y) => MathF.MinMagnitude(x, y);

    [Differentiable]
    public static float ScaleB3(float x) => MathF.ScaleB(x, 3);

    [Differentiable]
    public static float ScaleBMinus2(float x) => MathF.ScaleB(x, -2);

    [Differentiable]
    public static float ILogB(float x) => x * x + MathF.ILogB(x);

    [Differentiable]
    public static float SinCos(float x)
    {
        var (s, c) = MathF.SinCos(x);
        return 2 * s + c * c;
    }

    [Differentiable]
    public static float SinCosElement(float x) => MathF.SinCos(x).Cos * x;
}
/// <summary>
/// The estimates (1/x, 1/√x to about 14 bits on this hardware): they differentiate through the
/// estimate, (1/x)′ = −r², (x^−½)′ = −r³/2 with r the estimate, so the tests compare with that
/// and, loosely, with the exact derivative; finite differences of an estimate say nothing.
/// </summary>
public static partial class SurfaceEstimates
{
    [Differentiable]
    public static double Reciprocal(double x) => Math.ReciprocalEstimate(x);

    [Differentiable]
    public static double ReciprocalSqrt(double x) => double.ReciprocalSqrtEstimate(x);

    [Differentiable]
    public static float ReciprocalSingle(float x) => float.ReciprocalEstimate(x);

    [Differentiable]
    public static float ReciprocalSqrtSingle(float x) => MathF.ReciprocalSqrtEstimate(x);
}

/// <summary>SinCos as a vector-valued method: its result is the method's two outputs.</summary>
public static partial class SurfaceVectors
{
    [Differentiable]
    public static (double Sin, double Cos) SinCos(double x) => Math.SinCos(x);

    [Differentiable]
    public static (float SinPi, float CosPi) SinCosPi(float x) => float.SinCosPi(x);
}
