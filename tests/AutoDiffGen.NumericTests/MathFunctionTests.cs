using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Every supported Math/MathF function, and its generic-math spelling on double and float
/// (double.Sin(x), float.Sin(x), …), each as the whole body of a [Differentiable] method (see
/// Functions/MathFunctions.cs and Functions/StepFunctions.cs). For 200 random points of a domain
/// that keeps away from kinks, singularities and branch cuts, Gradient, Pushforward and Pullback
/// must match the closed-form derivative and central finite differences.
/// </summary>
/// <remarks>
/// Domains: wide where the function is tame; trig inverses stop at |x| = 0.9, tan at 1.4, Log and
/// Sqrt at 0.1 and 0.05 (so |f'''| and with it the finite-difference truncation error stays
/// bounded, see <see cref="Tolerances"/>); Atan2 in the right half-plane and, separately, in the
/// upper-left quadrant (away from the branch cut on the negative x-axis); Abs, Max, Min and Clamp
/// at least 1e-3 (float: 0.05) from their kinks, more than the finite-difference step. Float functions use
/// narrower domains because their finite-difference step (4.9e-3·max(1, |x|)) is wider, and the
/// step functions stay 0.05 away from their jumps for the same reason.
/// </remarks>
public sealed class MathFunctionTests
{
    public static readonly CaseTable Cases = new()
    {
        // MathDouble
        { "MathDouble.Sin", DiffFn.Of1(MathDouble.Sin, MathDouble.SinGradient, MathDouble.SinPushforward, MathDouble.SinPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) } },
        { "MathDouble.Cos", DiffFn.Of1(MathDouble.Cos, MathDouble.CosGradient, MathDouble.CosPushforward, MathDouble.CosPullback), Domain.Box((-10, 10)), p => new double[] { -Math.Sin(p[0]) } },
        { "MathDouble.Tan", DiffFn.Of1(MathDouble.Tan, MathDouble.TanGradient, MathDouble.TanPushforward, MathDouble.TanPullback), Domain.Box((-1.4, 1.4)), p => new double[] { 1 / (Math.Cos(p[0]) * Math.Cos(p[0])) } },
        { "MathDouble.Asin", DiffFn.Of1(MathDouble.Asin, MathDouble.AsinGradient, MathDouble.AsinPushforward, MathDouble.AsinPullback), Domain.Box((-0.9, 0.9)), p => new double[] { 1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "MathDouble.Acos", DiffFn.Of1(MathDouble.Acos, MathDouble.AcosGradient, MathDouble.AcosPushforward, MathDouble.AcosPullback), Domain.Box((-0.9, 0.9)), p => new double[] { -1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "MathDouble.Atan", DiffFn.Of1(MathDouble.Atan, MathDouble.AtanGradient, MathDouble.AtanPushforward, MathDouble.AtanPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (1 + p[0] * p[0]) } },
        { "MathDouble.Atan2", DiffFn.Of2(MathDouble.Atan2, MathDouble.Atan2Gradient, MathDouble.Atan2Pushforward, MathDouble.Atan2Pullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "MathDouble.Atan2LeftHalf", DiffFn.Of2(MathDouble.Atan2LeftHalf, MathDouble.Atan2LeftHalfGradient, MathDouble.Atan2LeftHalfPushforward, MathDouble.Atan2LeftHalfPullback), Domain.Box((0.2, 5), (-5, -0.2)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "MathDouble.Sinh", DiffFn.Of1(MathDouble.Sinh, MathDouble.SinhGradient, MathDouble.SinhPushforward, MathDouble.SinhPullback), Domain.Box((-5, 5)), p => new double[] { Math.Cosh(p[0]) } },
        { "MathDouble.Cosh", DiffFn.Of1(MathDouble.Cosh, MathDouble.CoshGradient, MathDouble.CoshPushforward, MathDouble.CoshPullback), Domain.Box((-5, 5)), p => new double[] { Math.Sinh(p[0]) } },
        { "MathDouble.Tanh", DiffFn.Of1(MathDouble.Tanh, MathDouble.TanhGradient, MathDouble.TanhPushforward, MathDouble.TanhPullback), Domain.Box((-5, 5)), p => new double[] { 1 - Math.Tanh(p[0]) * Math.Tanh(p[0]) } },
        { "MathDouble.Exp", DiffFn.Of1(MathDouble.Exp, MathDouble.ExpGradient, MathDouble.ExpPushforward, MathDouble.ExpPullback), Domain.Box((-5, 5)), p => new double[] { Math.Exp(p[0]) } },
        { "MathDouble.Log", DiffFn.Of1(MathDouble.Log, MathDouble.LogGradient, MathDouble.LogPushforward, MathDouble.LogPullback), Domain.Box((0.1, 20)), p => new double[] { 1 / p[0] } },
        { "MathDouble.LogBase", DiffFn.Of2(MathDouble.LogBase, MathDouble.LogBaseGradient, MathDouble.LogBasePushforward, MathDouble.LogBasePullback), Domain.Box((0.1, 20), (1.5, 10)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "MathDouble.LogBaseBelowOne", DiffFn.Of2(MathDouble.LogBaseBelowOne, MathDouble.LogBaseBelowOneGradient, MathDouble.LogBaseBelowOnePushforward, MathDouble.LogBaseBelowOnePullback), Domain.Box((0.1, 20), (0.2, 0.7)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "MathDouble.Log10", DiffFn.Of1(MathDouble.Log10, MathDouble.Log10Gradient, MathDouble.Log10Pushforward, MathDouble.Log10Pullback), Domain.Box((0.1, 20)), p => new double[] { 1 / (p[0] * Math.Log(10)) } },
        { "MathDouble.Log2", DiffFn.Of1(MathDouble.Log2, MathDouble.Log2Gradient, MathDouble.Log2Pushforward, MathDouble.Log2Pullback), Domain.Box((0.1, 20)), p => new double[] { 1 / (p[0] * Math.Log(2)) } },
        { "MathDouble.Sqrt", DiffFn.Of1(MathDouble.Sqrt, MathDouble.SqrtGradient, MathDouble.SqrtPushforward, MathDouble.SqrtPullback), Domain.Box((0.05, 20)), p => new double[] { 0.5 / Math.Sqrt(p[0]) } },
        { "MathDouble.Cbrt", DiffFn.Of1(MathDouble.Cbrt, MathDouble.CbrtGradient, MathDouble.CbrtPushforward, MathDouble.CbrtPullback), Domain.Box((0.05, 20)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "MathDouble.CbrtNegative", DiffFn.Of1(MathDouble.CbrtNegative, MathDouble.CbrtNegativeGradient, MathDouble.CbrtNegativePushforward, MathDouble.CbrtNegativePullback), Domain.Box((-20, -0.05)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "MathDouble.Pow", DiffFn.Of2(MathDouble.Pow, MathDouble.PowGradient, MathDouble.PowPushforward, MathDouble.PowPullback), Domain.Box((0.1, 5), (-3, 3)), p => new double[] { p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0]) } },
        { "MathDouble.PowConstantExponent", DiffFn.Of1(MathDouble.PowConstantExponent, MathDouble.PowConstantExponentGradient, MathDouble.PowConstantExponentPushforward, MathDouble.PowConstantExponentPullback), Domain.Box((-3, 3)), p => new double[] { 3 * p[0] * p[0] } },
        { "MathDouble.PowConstantBase", DiffFn.Of1(MathDouble.PowConstantBase, MathDouble.PowConstantBaseGradient, MathDouble.PowConstantBasePushforward, MathDouble.PowConstantBasePullback), Domain.Box((-3, 3)), p => new double[] { Math.Pow(2.5, p[0]) * Math.Log(2.5) } },
        { "MathDouble.Abs", DiffFn.Of1(MathDouble.Abs, MathDouble.AbsGradient, MathDouble.AbsPushforward, MathDouble.AbsPullback), Domain.Box((-10, 10)).Where(p => Math.Abs(p[0]) > 1e-3), p => new double[] { Math.Sign(p[0]) } },
        { "MathDouble.Max", DiffFn.Of2(MathDouble.Max, MathDouble.MaxGradient, MathDouble.MaxPushforward, MathDouble.MaxPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "MathDouble.Min", DiffFn.Of2(MathDouble.Min, MathDouble.MinGradient, MathDouble.MinPushforward, MathDouble.MinPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "MathDouble.Clamp", DiffFn.Of3(MathDouble.Clamp, MathDouble.ClampGradient, MathDouble.ClampPushforward, MathDouble.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3 && Math.Abs(p[0] - p[2]) > 1e-3), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "MathDouble.FusedMultiplyAdd", DiffFn.Of3(MathDouble.FusedMultiplyAdd, MathDouble.FusedMultiplyAddGradient, MathDouble.FusedMultiplyAddPushforward, MathDouble.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        // MathSingle
        { "MathSingle.Sin", DiffFn.OfF1(MathSingle.Sin, MathSingle.SinGradient, MathSingle.SinPushforward, MathSingle.SinPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) } },
        { "MathSingle.Cos", DiffFn.OfF1(MathSingle.Cos, MathSingle.CosGradient, MathSingle.CosPushforward, MathSingle.CosPullback), Domain.Box((-10, 10)), p => new double[] { -Math.Sin(p[0]) } },
        { "MathSingle.Tan", DiffFn.OfF1(MathSingle.Tan, MathSingle.TanGradient, MathSingle.TanPushforward, MathSingle.TanPullback), Domain.Box((-1.3, 1.3)), p => new double[] { 1 / (Math.Cos(p[0]) * Math.Cos(p[0])) } },
        { "MathSingle.Asin", DiffFn.OfF1(MathSingle.Asin, MathSingle.AsinGradient, MathSingle.AsinPushforward, MathSingle.AsinPullback), Domain.Box((-0.8, 0.8)), p => new double[] { 1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "MathSingle.Acos", DiffFn.OfF1(MathSingle.Acos, MathSingle.AcosGradient, MathSingle.AcosPushforward, MathSingle.AcosPullback), Domain.Box((-0.8, 0.8)), p => new double[] { -1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "MathSingle.Atan", DiffFn.OfF1(MathSingle.Atan, MathSingle.AtanGradient, MathSingle.AtanPushforward, MathSingle.AtanPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (1 + p[0] * p[0]) } },
        { "MathSingle.Atan2", DiffFn.OfF2(MathSingle.Atan2, MathSingle.Atan2Gradient, MathSingle.Atan2Pushforward, MathSingle.Atan2Pullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "MathSingle.Atan2LeftHalf", DiffFn.OfF2(MathSingle.Atan2LeftHalf, MathSingle.Atan2LeftHalfGradient, MathSingle.Atan2LeftHalfPushforward, MathSingle.Atan2LeftHalfPullback), Domain.Box((0.2, 5), (-5, -0.2)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "MathSingle.Sinh", DiffFn.OfF1(MathSingle.Sinh, MathSingle.SinhGradient, MathSingle.SinhPushforward, MathSingle.SinhPullback), Domain.Box((-4, 4)), p => new double[] { Math.Cosh(p[0]) } },
        { "MathSingle.Cosh", DiffFn.OfF1(MathSingle.Cosh, MathSingle.CoshGradient, MathSingle.CoshPushforward, MathSingle.CoshPullback), Domain.Box((-4, 4)), p => new double[] { Math.Sinh(p[0]) } },
        { "MathSingle.Tanh", DiffFn.OfF1(MathSingle.Tanh, MathSingle.TanhGradient, MathSingle.TanhPushforward, MathSingle.TanhPullback), Domain.Box((-4, 4)), p => new double[] { 1 - Math.Tanh(p[0]) * Math.Tanh(p[0]) } },
        { "MathSingle.Exp", DiffFn.OfF1(MathSingle.Exp, MathSingle.ExpGradient, MathSingle.ExpPushforward, MathSingle.ExpPullback), Domain.Box((-4, 4)), p => new double[] { Math.Exp(p[0]) } },
        { "MathSingle.Log", DiffFn.OfF1(MathSingle.Log, MathSingle.LogGradient, MathSingle.LogPushforward, MathSingle.LogPullback), Domain.Box((0.5, 20)), p => new double[] { 1 / p[0] } },
        { "MathSingle.LogBase", DiffFn.OfF2(MathSingle.LogBase, MathSingle.LogBaseGradient, MathSingle.LogBasePushforward, MathSingle.LogBasePullback), Domain.Box((0.5, 20), (1.5, 10)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "MathSingle.LogBaseBelowOne", DiffFn.OfF2(MathSingle.LogBaseBelowOne, MathSingle.LogBaseBelowOneGradient, MathSingle.LogBaseBelowOnePushforward, MathSingle.LogBaseBelowOnePullback), Domain.Box((0.5, 20), (0.2, 0.7)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "MathSingle.Log10", DiffFn.OfF1(MathSingle.Log10, MathSingle.Log10Gradient, MathSingle.Log10Pushforward, MathSingle.Log10Pullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (p[0] * Math.Log(10)) } },
        { "MathSingle.Log2", DiffFn.OfF1(MathSingle.Log2, MathSingle.Log2Gradient, MathSingle.Log2Pushforward, MathSingle.Log2Pullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (p[0] * Math.Log(2)) } },
        { "MathSingle.Sqrt", DiffFn.OfF1(MathSingle.Sqrt, MathSingle.SqrtGradient, MathSingle.SqrtPushforward, MathSingle.SqrtPullback), Domain.Box((0.5, 20)), p => new double[] { 0.5 / Math.Sqrt(p[0]) } },
        { "MathSingle.Cbrt", DiffFn.OfF1(MathSingle.Cbrt, MathSingle.CbrtGradient, MathSingle.CbrtPushforward, MathSingle.CbrtPullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "MathSingle.CbrtNegative", DiffFn.OfF1(MathSingle.CbrtNegative, MathSingle.CbrtNegativeGradient, MathSingle.CbrtNegativePushforward, MathSingle.CbrtNegativePullback), Domain.Box((-20, -0.5)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "MathSingle.Pow", DiffFn.OfF2(MathSingle.Pow, MathSingle.PowGradient, MathSingle.PowPushforward, MathSingle.PowPullback), Domain.Box((0.5, 4), (-2, 2)), p => new double[] { p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0]) } },
        { "MathSingle.PowConstantExponent", DiffFn.OfF1(MathSingle.PowConstantExponent, MathSingle.PowConstantExponentGradient, MathSingle.PowConstantExponentPushforward, MathSingle.PowConstantExponentPullback), Domain.Box((-3, 3)), p => new double[] { 3 * p[0] * p[0] } },
        { "MathSingle.PowConstantBase", DiffFn.OfF1(MathSingle.PowConstantBase, MathSingle.PowConstantBaseGradient, MathSingle.PowConstantBasePushforward, MathSingle.PowConstantBasePullback), Domain.Box((-3, 3)), p => new double[] { Math.Pow(2.5, p[0]) * Math.Log(2.5) } },
        { "MathSingle.Abs", DiffFn.OfF1(MathSingle.Abs, MathSingle.AbsGradient, MathSingle.AbsPushforward, MathSingle.AbsPullback), Domain.Box((-10, 10)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { Math.Sign(p[0]) } },
        { "MathSingle.Max", DiffFn.OfF2(MathSingle.Max, MathSingle.MaxGradient, MathSingle.MaxPushforward, MathSingle.MaxPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "MathSingle.Min", DiffFn.OfF2(MathSingle.Min, MathSingle.MinGradient, MathSingle.MinPushforward, MathSingle.MinPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "MathSingle.Clamp", DiffFn.OfF3(MathSingle.Clamp, MathSingle.ClampGradient, MathSingle.ClampPushforward, MathSingle.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05 && Math.Abs(p[0] - p[2]) > 0.05), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "MathSingle.FusedMultiplyAdd", DiffFn.OfF3(MathSingle.FusedMultiplyAdd, MathSingle.FusedMultiplyAddGradient, MathSingle.FusedMultiplyAddPushforward, MathSingle.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        // GenericDouble
        { "GenericDouble.Sin", DiffFn.Of1(GenericDouble.Sin, GenericDouble.SinGradient, GenericDouble.SinPushforward, GenericDouble.SinPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) } },
        { "GenericDouble.Cos", DiffFn.Of1(GenericDouble.Cos, GenericDouble.CosGradient, GenericDouble.CosPushforward, GenericDouble.CosPullback), Domain.Box((-10, 10)), p => new double[] { -Math.Sin(p[0]) } },
        { "GenericDouble.Tan", DiffFn.Of1(GenericDouble.Tan, GenericDouble.TanGradient, GenericDouble.TanPushforward, GenericDouble.TanPullback), Domain.Box((-1.4, 1.4)), p => new double[] { 1 / (Math.Cos(p[0]) * Math.Cos(p[0])) } },
        { "GenericDouble.Asin", DiffFn.Of1(GenericDouble.Asin, GenericDouble.AsinGradient, GenericDouble.AsinPushforward, GenericDouble.AsinPullback), Domain.Box((-0.9, 0.9)), p => new double[] { 1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "GenericDouble.Acos", DiffFn.Of1(GenericDouble.Acos, GenericDouble.AcosGradient, GenericDouble.AcosPushforward, GenericDouble.AcosPullback), Domain.Box((-0.9, 0.9)), p => new double[] { -1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "GenericDouble.Atan", DiffFn.Of1(GenericDouble.Atan, GenericDouble.AtanGradient, GenericDouble.AtanPushforward, GenericDouble.AtanPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (1 + p[0] * p[0]) } },
        { "GenericDouble.Atan2", DiffFn.Of2(GenericDouble.Atan2, GenericDouble.Atan2Gradient, GenericDouble.Atan2Pushforward, GenericDouble.Atan2Pullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "GenericDouble.Atan2LeftHalf", DiffFn.Of2(GenericDouble.Atan2LeftHalf, GenericDouble.Atan2LeftHalfGradient, GenericDouble.Atan2LeftHalfPushforward, GenericDouble.Atan2LeftHalfPullback), Domain.Box((0.2, 5), (-5, -0.2)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "GenericDouble.Sinh", DiffFn.Of1(GenericDouble.Sinh, GenericDouble.SinhGradient, GenericDouble.SinhPushforward, GenericDouble.SinhPullback), Domain.Box((-5, 5)), p => new double[] { Math.Cosh(p[0]) } },
        { "GenericDouble.Cosh", DiffFn.Of1(GenericDouble.Cosh, GenericDouble.CoshGradient, GenericDouble.CoshPushforward, GenericDouble.CoshPullback), Domain.Box((-5, 5)), p => new double[] { Math.Sinh(p[0]) } },
        { "GenericDouble.Tanh", DiffFn.Of1(GenericDouble.Tanh, GenericDouble.TanhGradient, GenericDouble.TanhPushforward, GenericDouble.TanhPullback), Domain.Box((-5, 5)), p => new double[] { 1 - Math.Tanh(p[0]) * Math.Tanh(p[0]) } },
        { "GenericDouble.Exp", DiffFn.Of1(GenericDouble.Exp, GenericDouble.ExpGradient, GenericDouble.ExpPushforward, GenericDouble.ExpPullback), Domain.Box((-5, 5)), p => new double[] { Math.Exp(p[0]) } },
        { "GenericDouble.Log", DiffFn.Of1(GenericDouble.Log, GenericDouble.LogGradient, GenericDouble.LogPushforward, GenericDouble.LogPullback), Domain.Box((0.1, 20)), p => new double[] { 1 / p[0] } },
        { "GenericDouble.LogBase", DiffFn.Of2(GenericDouble.LogBase, GenericDouble.LogBaseGradient, GenericDouble.LogBasePushforward, GenericDouble.LogBasePullback), Domain.Box((0.1, 20), (1.5, 10)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "GenericDouble.LogBaseBelowOne", DiffFn.Of2(GenericDouble.LogBaseBelowOne, GenericDouble.LogBaseBelowOneGradient, GenericDouble.LogBaseBelowOnePushforward, GenericDouble.LogBaseBelowOnePullback), Domain.Box((0.1, 20), (0.2, 0.7)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "GenericDouble.Log10", DiffFn.Of1(GenericDouble.Log10, GenericDouble.Log10Gradient, GenericDouble.Log10Pushforward, GenericDouble.Log10Pullback), Domain.Box((0.1, 20)), p => new double[] { 1 / (p[0] * Math.Log(10)) } },
        { "GenericDouble.Log2", DiffFn.Of1(GenericDouble.Log2, GenericDouble.Log2Gradient, GenericDouble.Log2Pushforward, GenericDouble.Log2Pullback), Domain.Box((0.1, 20)), p => new double[] { 1 / (p[0] * Math.Log(2)) } },
        { "GenericDouble.Sqrt", DiffFn.Of1(GenericDouble.Sqrt, GenericDouble.SqrtGradient, GenericDouble.SqrtPushforward, GenericDouble.SqrtPullback), Domain.Box((0.05, 20)), p => new double[] { 0.5 / Math.Sqrt(p[0]) } },
        { "GenericDouble.Cbrt", DiffFn.Of1(GenericDouble.Cbrt, GenericDouble.CbrtGradient, GenericDouble.CbrtPushforward, GenericDouble.CbrtPullback), Domain.Box((0.05, 20)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "GenericDouble.CbrtNegative", DiffFn.Of1(GenericDouble.CbrtNegative, GenericDouble.CbrtNegativeGradient, GenericDouble.CbrtNegativePushforward, GenericDouble.CbrtNegativePullback), Domain.Box((-20, -0.05)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "GenericDouble.Pow", DiffFn.Of2(GenericDouble.Pow, GenericDouble.PowGradient, GenericDouble.PowPushforward, GenericDouble.PowPullback), Domain.Box((0.1, 5), (-3, 3)), p => new double[] { p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0]) } },
        { "GenericDouble.PowConstantExponent", DiffFn.Of1(GenericDouble.PowConstantExponent, GenericDouble.PowConstantExponentGradient, GenericDouble.PowConstantExponentPushforward, GenericDouble.PowConstantExponentPullback), Domain.Box((-3, 3)), p => new double[] { 3 * p[0] * p[0] } },
        { "GenericDouble.PowConstantBase", DiffFn.Of1(GenericDouble.PowConstantBase, GenericDouble.PowConstantBaseGradient, GenericDouble.PowConstantBasePushforward, GenericDouble.PowConstantBasePullback), Domain.Box((-3, 3)), p => new double[] { Math.Pow(2.5, p[0]) * Math.Log(2.5) } },
        { "GenericDouble.Abs", DiffFn.Of1(GenericDouble.Abs, GenericDouble.AbsGradient, GenericDouble.AbsPushforward, GenericDouble.AbsPullback), Domain.Box((-10, 10)).Where(p => Math.Abs(p[0]) > 1e-3), p => new double[] { Math.Sign(p[0]) } },
        { "GenericDouble.Max", DiffFn.Of2(GenericDouble.Max, GenericDouble.MaxGradient, GenericDouble.MaxPushforward, GenericDouble.MaxPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "GenericDouble.Min", DiffFn.Of2(GenericDouble.Min, GenericDouble.MinGradient, GenericDouble.MinPushforward, GenericDouble.MinPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "GenericDouble.Clamp", DiffFn.Of3(GenericDouble.Clamp, GenericDouble.ClampGradient, GenericDouble.ClampPushforward, GenericDouble.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3 && Math.Abs(p[0] - p[2]) > 1e-3), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "GenericDouble.FusedMultiplyAdd", DiffFn.Of3(GenericDouble.FusedMultiplyAdd, GenericDouble.FusedMultiplyAddGradient, GenericDouble.FusedMultiplyAddPushforward, GenericDouble.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        // GenericSingle
        { "GenericSingle.Sin", DiffFn.OfF1(GenericSingle.Sin, GenericSingle.SinGradient, GenericSingle.SinPushforward, GenericSingle.SinPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) } },
        { "GenericSingle.Cos", DiffFn.OfF1(GenericSingle.Cos, GenericSingle.CosGradient, GenericSingle.CosPushforward, GenericSingle.CosPullback), Domain.Box((-10, 10)), p => new double[] { -Math.Sin(p[0]) } },
        { "GenericSingle.Tan", DiffFn.OfF1(GenericSingle.Tan, GenericSingle.TanGradient, GenericSingle.TanPushforward, GenericSingle.TanPullback), Domain.Box((-1.3, 1.3)), p => new double[] { 1 / (Math.Cos(p[0]) * Math.Cos(p[0])) } },
        { "GenericSingle.Asin", DiffFn.OfF1(GenericSingle.Asin, GenericSingle.AsinGradient, GenericSingle.AsinPushforward, GenericSingle.AsinPullback), Domain.Box((-0.8, 0.8)), p => new double[] { 1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "GenericSingle.Acos", DiffFn.OfF1(GenericSingle.Acos, GenericSingle.AcosGradient, GenericSingle.AcosPushforward, GenericSingle.AcosPullback), Domain.Box((-0.8, 0.8)), p => new double[] { -1 / Math.Sqrt(1 - p[0] * p[0]) } },
        { "GenericSingle.Atan", DiffFn.OfF1(GenericSingle.Atan, GenericSingle.AtanGradient, GenericSingle.AtanPushforward, GenericSingle.AtanPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (1 + p[0] * p[0]) } },
        { "GenericSingle.Atan2", DiffFn.OfF2(GenericSingle.Atan2, GenericSingle.Atan2Gradient, GenericSingle.Atan2Pushforward, GenericSingle.Atan2Pullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "GenericSingle.Atan2LeftHalf", DiffFn.OfF2(GenericSingle.Atan2LeftHalf, GenericSingle.Atan2LeftHalfGradient, GenericSingle.Atan2LeftHalfPushforward, GenericSingle.Atan2LeftHalfPullback), Domain.Box((0.2, 5), (-5, -0.2)), p => new double[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "GenericSingle.Sinh", DiffFn.OfF1(GenericSingle.Sinh, GenericSingle.SinhGradient, GenericSingle.SinhPushforward, GenericSingle.SinhPullback), Domain.Box((-4, 4)), p => new double[] { Math.Cosh(p[0]) } },
        { "GenericSingle.Cosh", DiffFn.OfF1(GenericSingle.Cosh, GenericSingle.CoshGradient, GenericSingle.CoshPushforward, GenericSingle.CoshPullback), Domain.Box((-4, 4)), p => new double[] { Math.Sinh(p[0]) } },
        { "GenericSingle.Tanh", DiffFn.OfF1(GenericSingle.Tanh, GenericSingle.TanhGradient, GenericSingle.TanhPushforward, GenericSingle.TanhPullback), Domain.Box((-4, 4)), p => new double[] { 1 - Math.Tanh(p[0]) * Math.Tanh(p[0]) } },
        { "GenericSingle.Exp", DiffFn.OfF1(GenericSingle.Exp, GenericSingle.ExpGradient, GenericSingle.ExpPushforward, GenericSingle.ExpPullback), Domain.Box((-4, 4)), p => new double[] { Math.Exp(p[0]) } },
        { "GenericSingle.Log", DiffFn.OfF1(GenericSingle.Log, GenericSingle.LogGradient, GenericSingle.LogPushforward, GenericSingle.LogPullback), Domain.Box((0.5, 20)), p => new double[] { 1 / p[0] } },
        { "GenericSingle.LogBase", DiffFn.OfF2(GenericSingle.LogBase, GenericSingle.LogBaseGradient, GenericSingle.LogBasePushforward, GenericSingle.LogBasePullback), Domain.Box((0.5, 20), (1.5, 10)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "GenericSingle.LogBaseBelowOne", DiffFn.OfF2(GenericSingle.LogBaseBelowOne, GenericSingle.LogBaseBelowOneGradient, GenericSingle.LogBaseBelowOnePushforward, GenericSingle.LogBaseBelowOnePullback), Domain.Box((0.5, 20), (0.2, 0.7)), p => new double[] { 1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1])) } },
        { "GenericSingle.Log10", DiffFn.OfF1(GenericSingle.Log10, GenericSingle.Log10Gradient, GenericSingle.Log10Pushforward, GenericSingle.Log10Pullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (p[0] * Math.Log(10)) } },
        { "GenericSingle.Log2", DiffFn.OfF1(GenericSingle.Log2, GenericSingle.Log2Gradient, GenericSingle.Log2Pushforward, GenericSingle.Log2Pullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (p[0] * Math.Log(2)) } },
        { "GenericSingle.Sqrt", DiffFn.OfF1(GenericSingle.Sqrt, GenericSingle.SqrtGradient, GenericSingle.SqrtPushforward, GenericSingle.SqrtPullback), Domain.Box((0.5, 20)), p => new double[] { 0.5 / Math.Sqrt(p[0]) } },
        { "GenericSingle.Cbrt", DiffFn.OfF1(GenericSingle.Cbrt, GenericSingle.CbrtGradient, GenericSingle.CbrtPushforward, GenericSingle.CbrtPullback), Domain.Box((0.5, 20)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "GenericSingle.CbrtNegative", DiffFn.OfF1(GenericSingle.CbrtNegative, GenericSingle.CbrtNegativeGradient, GenericSingle.CbrtNegativePushforward, GenericSingle.CbrtNegativePullback), Domain.Box((-20, -0.5)), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "GenericSingle.Pow", DiffFn.OfF2(GenericSingle.Pow, GenericSingle.PowGradient, GenericSingle.PowPushforward, GenericSingle.PowPullback), Domain.Box((0.5, 4), (-2, 2)), p => new double[] { p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0]) } },
        { "GenericSingle.PowConstantExponent", DiffFn.OfF1(GenericSingle.PowConstantExponent, GenericSingle.PowConstantExponentGradient, GenericSingle.PowConstantExponentPushforward, GenericSingle.PowConstantExponentPullback), Domain.Box((-3, 3)), p => new double[] { 3 * p[0] * p[0] } },
        { "GenericSingle.PowConstantBase", DiffFn.OfF1(GenericSingle.PowConstantBase, GenericSingle.PowConstantBaseGradient, GenericSingle.PowConstantBasePushforward, GenericSingle.PowConstantBasePullback), Domain.Box((-3, 3)), p => new double[] { Math.Pow(2.5, p[0]) * Math.Log(2.5) } },
        { "GenericSingle.Abs", DiffFn.OfF1(GenericSingle.Abs, GenericSingle.AbsGradient, GenericSingle.AbsPushforward, GenericSingle.AbsPullback), Domain.Box((-10, 10)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { Math.Sign(p[0]) } },
        { "GenericSingle.Max", DiffFn.OfF2(GenericSingle.Max, GenericSingle.MaxGradient, GenericSingle.MaxPushforward, GenericSingle.MaxPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "GenericSingle.Min", DiffFn.OfF2(GenericSingle.Min, GenericSingle.MinGradient, GenericSingle.MinPushforward, GenericSingle.MinPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "GenericSingle.Clamp", DiffFn.OfF3(GenericSingle.Clamp, GenericSingle.ClampGradient, GenericSingle.ClampPushforward, GenericSingle.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05 && Math.Abs(p[0] - p[2]) > 0.05), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "GenericSingle.FusedMultiplyAdd", DiffFn.OfF3(GenericSingle.FusedMultiplyAdd, GenericSingle.FusedMultiplyAddGradient, GenericSingle.FusedMultiplyAddPushforward, GenericSingle.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        // MathDoubleSteps
        { "MathDoubleSteps.Floor", DiffFn.Of1(MathDoubleSteps.Floor, MathDoubleSteps.FloorGradient, MathDoubleSteps.FloorPushforward, MathDoubleSteps.FloorPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathDoubleSteps.Ceiling", DiffFn.Of1(MathDoubleSteps.Ceiling, MathDoubleSteps.CeilingGradient, MathDoubleSteps.CeilingPushforward, MathDoubleSteps.CeilingPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathDoubleSteps.Round", DiffFn.Of1(MathDoubleSteps.Round, MathDoubleSteps.RoundGradient, MathDoubleSteps.RoundPushforward, MathDoubleSteps.RoundPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0] - 0.5) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathDoubleSteps.Truncate", DiffFn.Of1(MathDoubleSteps.Truncate, MathDoubleSteps.TruncateGradient, MathDoubleSteps.TruncatePushforward, MathDoubleSteps.TruncatePullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathDoubleSteps.Sign", DiffFn.Of1(MathDoubleSteps.Sign, MathDoubleSteps.SignGradient, MathDoubleSteps.SignPushforward, MathDoubleSteps.SignPullback), Domain.Box((-5, 5)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        // MathSingleSteps
        { "MathSingleSteps.Floor", DiffFn.OfF1(MathSingleSteps.Floor, MathSingleSteps.FloorGradient, MathSingleSteps.FloorPushforward, MathSingleSteps.FloorPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathSingleSteps.Ceiling", DiffFn.OfF1(MathSingleSteps.Ceiling, MathSingleSteps.CeilingGradient, MathSingleSteps.CeilingPushforward, MathSingleSteps.CeilingPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathSingleSteps.Round", DiffFn.OfF1(MathSingleSteps.Round, MathSingleSteps.RoundGradient, MathSingleSteps.RoundPushforward, MathSingleSteps.RoundPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0] - 0.5) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathSingleSteps.Truncate", DiffFn.OfF1(MathSingleSteps.Truncate, MathSingleSteps.TruncateGradient, MathSingleSteps.TruncatePushforward, MathSingleSteps.TruncatePullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "MathSingleSteps.Sign", DiffFn.OfF1(MathSingleSteps.Sign, MathSingleSteps.SignGradient, MathSingleSteps.SignPushforward, MathSingleSteps.SignPullback), Domain.Box((-5, 5)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        // GenericDoubleSteps
        { "GenericDoubleSteps.Floor", DiffFn.Of1(GenericDoubleSteps.Floor, GenericDoubleSteps.FloorGradient, GenericDoubleSteps.FloorPushforward, GenericDoubleSteps.FloorPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericDoubleSteps.Ceiling", DiffFn.Of1(GenericDoubleSteps.Ceiling, GenericDoubleSteps.CeilingGradient, GenericDoubleSteps.CeilingPushforward, GenericDoubleSteps.CeilingPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericDoubleSteps.Round", DiffFn.Of1(GenericDoubleSteps.Round, GenericDoubleSteps.RoundGradient, GenericDoubleSteps.RoundPushforward, GenericDoubleSteps.RoundPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0] - 0.5) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericDoubleSteps.Truncate", DiffFn.Of1(GenericDoubleSteps.Truncate, GenericDoubleSteps.TruncateGradient, GenericDoubleSteps.TruncatePushforward, GenericDoubleSteps.TruncatePullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericDoubleSteps.Sign", DiffFn.Of1(GenericDoubleSteps.Sign, GenericDoubleSteps.SignGradient, GenericDoubleSteps.SignPushforward, GenericDoubleSteps.SignPullback), Domain.Box((-5, 5)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        // GenericSingleSteps
        { "GenericSingleSteps.Floor", DiffFn.OfF1(GenericSingleSteps.Floor, GenericSingleSteps.FloorGradient, GenericSingleSteps.FloorPushforward, GenericSingleSteps.FloorPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericSingleSteps.Ceiling", DiffFn.OfF1(GenericSingleSteps.Ceiling, GenericSingleSteps.CeilingGradient, GenericSingleSteps.CeilingPushforward, GenericSingleSteps.CeilingPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericSingleSteps.Round", DiffFn.OfF1(GenericSingleSteps.Round, GenericSingleSteps.RoundGradient, GenericSingleSteps.RoundPushforward, GenericSingleSteps.RoundPullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0] - 0.5) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericSingleSteps.Truncate", DiffFn.OfF1(GenericSingleSteps.Truncate, GenericSingleSteps.TruncateGradient, GenericSingleSteps.TruncatePushforward, GenericSingleSteps.TruncatePullback), Domain.Box((-5, 5)).Where(p => Domain.FromInteger(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
        { "GenericSingleSteps.Sign", DiffFn.OfF1(GenericSingleSteps.Sign, GenericSingleSteps.SignGradient, GenericSingleSteps.SignPushforward, GenericSingleSteps.SignPullback), Domain.Box((-5, 5)).Where(p => Math.Abs(p[0]) > 0.05), p => new double[] { 2 * p[0] } },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);
}
