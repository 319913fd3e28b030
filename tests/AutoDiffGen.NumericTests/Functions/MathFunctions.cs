using System;

// One [Differentiable] method per supported function, each the whole body, in four spellings:
// Math (double), MathF (float), double.X and float.X (generic math). The tests and their
// domains are in MathFunctionTests.cs.
namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Every differentiable System.Math function, in double.</summary>
public static partial class MathDouble
{
    [Differentiable]
    public static double Sin(double x) => Math.Sin(x);

    [Differentiable]
    public static double Cos(double x) => Math.Cos(x);

    [Differentiable]
    public static double Tan(double x) => Math.Tan(x);

    [Differentiable]
    public static double Asin(double x) => Math.Asin(x);

    [Differentiable]
    public static double Acos(double x) => Math.Acos(x);

    [Differentiable]
    public static double Atan(double x) => Math.Atan(x);

    [Differentiable]
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    [Differentiable]
    public static double Atan2LeftHalf(double y, double x) => Math.Atan2(y, x);

    [Differentiable]
    public static double Sinh(double x) => Math.Sinh(x);

    [Differentiable]
    public static double Cosh(double x) => Math.Cosh(x);

    [Differentiable]
    public static double Tanh(double x) => Math.Tanh(x);

    [Differentiable]
    public static double Exp(double x) => Math.Exp(x);

    [Differentiable]
    public static double Log(double x) => Math.Log(x);

    [Differentiable]
    public static double LogBase(double x, double b) => Math.Log(x, b);

    [Differentiable]
    public static double LogBaseBelowOne(double x, double b) => Math.Log(x, b);

    [Differentiable]
    public static double Log10(double x) => Math.Log10(x);

    [Differentiable]
    public static double Log2(double x) => Math.Log2(x);

    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double CbrtNegative(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double PowConstantExponent(double x) => Math.Pow(x, 3);

    [Differentiable]
    public static double PowConstantBase(double y) => Math.Pow(2.5, y);

    [Differentiable]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x, y);

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x, y);

    [Differentiable]
    public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
}

/// <summary>Every differentiable System.MathF function (Math.Clamp for float), in float: float values, tangents and adjoints.</summary>
public static partial class MathSingle
{
    [Differentiable]
    public static float Sin(float x) => MathF.Sin(x);

    [Differentiable]
    public static float Cos(float x) => MathF.Cos(x);

    [Differentiable]
    public static float Tan(float x) => MathF.Tan(x);

    [Differentiable]
    public static float Asin(float x) => MathF.Asin(x);

    [Differentiable]
    public static float Acos(float x) => MathF.Acos(x);

    [Differentiable]
    public static float Atan(float x) => MathF.Atan(x);

    [Differentiable]
    public static float Atan2(float y, float x) => MathF.Atan2(y, x);

    [Differentiable]
    public static float Atan2LeftHalf(float y, float x) => MathF.Atan2(y, x);

    [Differentiable]
    public static float Sinh(float x) => MathF.Sinh(x);

    [Differentiable]
    public static float Cosh(float x) => MathF.Cosh(x);

    [Differentiable]
    public static float Tanh(float x) => MathF.Tanh(x);

    [Differentiable]
    public static float Exp(float x) => MathF.Exp(x);

    [Differentiable]
    public static float Log(float x) => MathF.Log(x);

    [Differentiable]
    public static float LogBase(float x, float b) => MathF.Log(x, b);

    [Differentiable]
    public static float LogBaseBelowOne(float x, float b) => MathF.Log(x, b);

    [Differentiable]
    public static float Log10(float x) => MathF.Log10(x);

    [Differentiable]
    public static float Log2(float x) => MathF.Log2(x);

    [Differentiable]
    public static float Sqrt(float x) => MathF.Sqrt(x);

    [Differentiable]
    public static float Cbrt(float x) => MathF.Cbrt(x);

    [Differentiable]
    public static float CbrtNegative(float x) => MathF.Cbrt(x);

    [Differentiable]
    public static float Pow(float x, float y) => MathF.Pow(x, y);

    [Differentiable]
    public static float PowConstantExponent(float x) => MathF.Pow(x, 3);

    [Differentiable]
    public static float PowConstantBase(float y) => MathF.Pow(2.5f, y);

    [Differentiable]
    public static float Abs(float x) => MathF.Abs(x);

    [Differentiable]
    public static float Max(float x, float y) => MathF.Max(x, y);

    [Differentiable]
    public static float Min(float x, float y) => MathF.Min(x, y);

    [Differentiable]
    public static float Clamp(float x, float lo, float hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static float FusedMultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
}

/// <summary>The generic-math spellings on double (double.Sin(x), …).</summary>
public static partial class GenericDouble
{
    [Differentiable]
    public static double Sin(double x) => double.Sin(x);

    [Differentiable]
    public static double Cos(double x) => double.Cos(x);

    [Differentiable]
    public static double Tan(double x) => double.Tan(x);

    [Differentiable]
    public static double Asin(double x) => double.Asin(x);

    [Differentiable]
    public static double Acos(double x) => double.Acos(x);

    [Differentiable]
    public static double Atan(double x) => double.Atan(x);

    [Differentiable]
    public static double Atan2(double y, double x) => double.Atan2(y, x);

    [Differentiable]
    public static double Atan2LeftHalf(double y, double x) => double.Atan2(y, x);

    [Differentiable]
    public static double Sinh(double x) => double.Sinh(x);

    [Differentiable]
    public static double Cosh(double x) => double.Cosh(x);

    [Differentiable]
    public static double Tanh(double x) => double.Tanh(x);

    [Differentiable]
    public static double Exp(double x) => double.Exp(x);

    [Differentiable]
    public static double Log(double x) => double.Log(x);

    [Differentiable]
    public static double LogBase(double x, double b) => double.Log(x, b);

    [Differentiable]
    public static double LogBaseBelowOne(double x, double b) => double.Log(x, b);

    [Differentiable]
    public static double Log10(double x) => double.Log10(x);

    [Differentiable]
    public static double Log2(double x) => double.Log2(x);

    [Differentiable]
    public static double Sqrt(double x) => double.Sqrt(x);

    [Differentiable]
    public static double Cbrt(double x) => double.Cbrt(x);

    [Differentiable]
    public static double CbrtNegative(double x) => double.Cbrt(x);

    [Differentiable]
    public static double Pow(double x, double y) => double.Pow(x, y);

    [Differentiable]
    public static double PowConstantExponent(double x) => double.Pow(x, 3);

    [Differentiable]
    public static double PowConstantBase(double y) => double.Pow(2.5, y);

    [Differentiable]
    public static double Abs(double x) => double.Abs(x);

    [Differentiable]
    public static double Max(double x, double y) => double.Max(x, y);

    [Differentiable]
    public static double Min(double x, double y) => double.Min(x, y);

    [Differentiable]
    public static double Clamp(double x, double lo, double hi) => double.Clamp(x, lo, hi);

    [Differentiable]
    public static double FusedMultiplyAdd(double a, double b, double c) => double.FusedMultiplyAdd(a, b, c);
}

/// <summary>The generic-math spellings on float (float.Sin(x), …).</summary>
public static partial class GenericSingle
{
    [Differentiable]
    public static float Sin(float x) => float.Sin(x);

    [Differentiable]
    public static float Cos(float x) => float.Cos(x);

    [Differentiable]
    public static float Tan(float x) => float.Tan(x);

    [Differentiable]
    public static float Asin(float x) => float.Asin(x);

    [Differentiable]
    public static float Acos(float x) => float.Acos(x);

    [Differentiable]
    public static float Atan(float x) => float.Atan(x);

    [Differentiable]
    public static float Atan2(float y, float x) => float.Atan2(y, x);

    [Differentiable]
    public static float Atan2LeftHalf(float y, float x) => float.Atan2(y, x);

    [Differentiable]
    public static float Sinh(float x) => float.Sinh(x);

    [Differentiable]
    public static float Cosh(float x) => float.Cosh(x);

    [Differentiable]
    public static float Tanh(float x) => float.Tanh(x);

    [Differentiable]
    public static float Exp(float x) => float.Exp(x);

    [Differentiable]
    public static float Log(float x) => float.Log(x);

    [Differentiable]
    public static float LogBase(float x, float b) => float.Log(x, b);

    [Differentiable]
    public static float LogBaseBelowOne(float x, float b) => float.Log(x, b);

    [Differentiable]
    public static float Log10(float x) => float.Log10(x);

    [Differentiable]
    public static float Log2(float x) => float.Log2(x);

    [Differentiable]
    public static float Sqrt(float x) => float.Sqrt(x);

    [Differentiable]
    public static float Cbrt(float x) => float.Cbrt(x);

    [Differentiable]
    public static float CbrtNegative(float x) => float.Cbrt(x);

    [Differentiable]
    public static float Pow(float x, float y) => float.Pow(x, y);

    [Differentiable]
    public static float PowConstantExponent(float x) => float.Pow(x, 3);

    [Differentiable]
    public static float PowConstantBase(float y) => float.Pow(2.5f, y);

    [Differentiable]
    public static float Abs(float x) => float.Abs(x);

    [Differentiable]
    public static float Max(float x, float y) => float.Max(x, y);

    [Differentiable]
    public static float Min(float x, float y) => float.Min(x, y);

    [Differentiable]
    public static float Clamp(float x, float lo, float hi) => float.Clamp(x, lo, hi);

    [Differentiable]
    public static float FusedMultiplyAdd(float a, float b, float c) => float.FusedMultiplyAdd(a, b, c);
}
