using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The floating-point math surface beyond the classic functions (Functions/MathSurface.cs): each
/// function as the whole body of a [Differentiable] method in double and float, spelled
/// double.X/float.X and Math.X/MathF.X, checked like <see cref="MathFunctionTests"/> against the
/// closed-form derivative and central finite differences on 200 random points.
/// </summary>
/// <remarks>
/// Domains keep away from kinks, jumps and domain edges by more than the finite-difference step
/// (float: 4.9e-3·max(1, |x|)): Acosh from 1, Atanh and the π-scaled inverses from ±1, the
/// ln(1 + x) family from −1, Hypot from the origin, CopySign from x = 0 and y = 0, the selections
/// (MaxMagnitude, MaxNumber, …) from ties, the IEEE remainder from the jumps where x/y is a half
/// integer (distance 0.12 in float, where the step moves x/y by up to 0.1), ILogB from powers of two
/// (by 0.05 in log₂ x in double; by 0.1 in float, where x·(1 − 2^−0.05) is below the step for x near
/// 0.1: x = 0.1297 put x − h below 1/8 and failed at random).
/// Float domains are narrower where the third derivative grows (TanPi, Acosh) so that the
/// truncation error of the float step stays within <see cref="Tolerances.SingleFiniteDifference"/>.
/// </remarks>
public sealed class MathSurfaceTests
{
    public static readonly CaseTable Cases = new()
    {
        { "SurfaceDouble.Asinh", DiffFn.Of1(SurfaceDouble.Asinh, SurfaceDouble.AsinhGradient, SurfaceDouble.AsinhPushforward, SurfaceDouble.AsinhPullback), Domain.Box((-5, 5)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] + 1) } },
        { "SurfaceDouble.Acosh", DiffFn.Of1(SurfaceDouble.Acosh, SurfaceDouble.AcoshGradient, SurfaceDouble.AcoshPushforward, SurfaceDouble.AcoshPullback), Domain.Box((1.1, 10)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] - 1) } },
        { "SurfaceDouble.Atanh", DiffFn.Of1(SurfaceDouble.Atanh, SurfaceDouble.AtanhGradient, SurfaceDouble.AtanhPushforward, SurfaceDouble.AtanhPullback), Domain.Box((-0.9, 0.9)), p => new double[] { 1 / (1 - p[0] * p[0]) } },
        { "SurfaceDouble.SinPi", DiffFn.Of1(SurfaceDouble.SinPi, SurfaceDouble.SinPiGradient, SurfaceDouble.SinPiPushforward, SurfaceDouble.SinPiPullback), Domain.Box((-3, 3)), p => new double[] { Math.PI * Math.Cos(Math.PI * p[0]) } },
        { "SurfaceDouble.CosPi", DiffFn.Of1(SurfaceDouble.CosPi, SurfaceDouble.CosPiGradient, SurfaceDouble.CosPiPushforward, SurfaceDouble.CosPiPullback), Domain.Box((-3, 3)), p => new double[] { -Math.PI * Math.Sin(Math.PI * p[0]) } },
        { "SurfaceDouble.TanPi", DiffFn.Of1(SurfaceDouble.TanPi, SurfaceDouble.TanPiGradient, SurfaceDouble.TanPiPushforward, SurfaceDouble.TanPiPullback), Domain.Box((-0.4, 0.4)), p => new double[] { Math.PI / (Math.Cos(Math.PI * p[0]) * Math.Cos(Math.PI * p[0])) } },
        { "SurfaceDouble.AsinPi", DiffFn.Of1(SurfaceDouble.AsinPi, SurfaceDouble.AsinPiGradient, SurfaceDouble.AsinPiPushforward, SurfaceDouble.AsinPiPullback), Domain.Box((-0.9, 0.9)), p => new double[] { 1 / (Math.PI * Math.Sqrt(1 - p[0] * p[0])) } },
        { "SurfaceDouble.AcosPi", DiffFn.Of1(SurfaceDouble.AcosPi, SurfaceDouble.AcosPiGradient, SurfaceDouble.AcosPiPushforward, SurfaceDouble.AcosPiPullback), Domain.Box((-0.9, 0.9)), p => new double[] { -1 / (Math.PI * Math.Sqrt(1 - p[0] * p[0])) } },
        { "SurfaceDouble.AtanPi", DiffFn.Of1(SurfaceDouble.AtanPi, SurfaceDouble.AtanPiGradient, SurfaceDouble.AtanPiPushforward, SurfaceDouble.AtanPiPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (Math.PI * (1 + p[0] * p[0])) } },
        { "SurfaceDouble.Atan2Pi", DiffFn.Of2(SurfaceDouble.Atan2Pi, SurfaceDouble.Atan2PiGradient, SurfaceDouble.Atan2PiPushforward, SurfaceDouble.Atan2PiPullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (Math.PI * (p[0] * p[0] + p[1] * p[1])), -p[0] / (Math.PI * (p[0] * p[0] + p[1] * p[1])) } },
        { "SurfaceDouble.DegreesToRadians", DiffFn.Of1(SurfaceDouble.DegreesToRadians, SurfaceDouble.DegreesToRadiansGradient, SurfaceDouble.DegreesToRadiansPushforward, SurfaceDouble.DegreesToRadiansPullback), Domain.Box((-360, 360)), p => new double[] { Math.PI / 180 } },
        { "SurfaceDouble.RadiansToDegrees", DiffFn.Of1(SurfaceDouble.RadiansToDegrees, SurfaceDouble.RadiansToDegreesGradient, SurfaceDouble.RadiansToDegreesPushforward, SurfaceDouble.RadiansToDegreesPullback), Domain.Box((-10, 10)), p => new double[] { 180 / Math.PI } },
        { "SurfaceDouble.Exp2", DiffFn.Of1(SurfaceDouble.Exp2, SurfaceDouble.Exp2Gradient, SurfaceDouble.Exp2Pushforward, SurfaceDouble.Exp2Pullback), Domain.Box((-5, 5)), p => new double[] { Math.Pow(2, p[0]) * Math.Log(2) } },
        { "SurfaceDouble.Exp10", DiffFn.Of1(SurfaceDouble.Exp10, SurfaceDouble.Exp10Gradient, SurfaceDouble.Exp10Pushforward, SurfaceDouble.Exp10Pullback), Domain.Box((-2, 2)), p => new double[] { Math.Pow(10, p[0]) * Math.Log(10) } },
        { "SurfaceDouble.ExpM1", DiffFn.Of1(SurfaceDouble.ExpM1, SurfaceDouble.ExpM1Gradient, SurfaceDouble.ExpM1Pushforward, SurfaceDouble.ExpM1Pullback), Domain.Box((-5, 5)), p => new double[] { Math.Exp(p[0]) } },
        { "SurfaceDouble.Exp2M1", DiffFn.Of1(SurfaceDouble.Exp2M1, SurfaceDouble.Exp2M1Gradient, SurfaceDouble.Exp2M1Pushforward, SurfaceDouble.Exp2M1Pullback), Domain.Box((-5, 5)), p => new double[] { Math.Pow(2, p[0]) * Math.Log(2) } },
        { "SurfaceDouble.Exp10M1", DiffFn.Of1(SurfaceDouble.Exp10M1, SurfaceDouble.Exp10M1Gradient, SurfaceDouble.Exp10M1Pushforward, SurfaceDouble.Exp10M1Pullback), Domain.Box((-2, 2)), p => new double[] { Math.Pow(10, p[0]) * Math.Log(10) } },
        { "SurfaceDouble.LogP1", DiffFn.Of1(SurfaceDouble.LogP1, SurfaceDouble.LogP1Gradient, SurfaceDouble.LogP1Pushforward, SurfaceDouble.LogP1Pullback), Domain.Box((-0.9, 20)), p => new double[] { 1 / (1 + p[0]) } },
        { "SurfaceDouble.Log2P1", DiffFn.Of1(SurfaceDouble.Log2P1, SurfaceDouble.Log2P1Gradient, SurfaceDouble.Log2P1Pushforward, SurfaceDouble.Log2P1Pullback), Domain.Box((-0.9, 20)), p => new double[] { 1 / ((1 + p[0]) * Math.Log(2)) } },
        { "SurfaceDouble.Log10P1", DiffFn.Of1(SurfaceDouble.Log10P1, SurfaceDouble.Log10P1Gradient, SurfaceDouble.Log10P1Pushforward, SurfaceDouble.Log10P1Pullback), Domain.Box((-0.9, 20)), p => new double[] { 1 / ((1 + p[0]) * Math.Log(10)) } },
        { "SurfaceDouble.Hypot", DiffFn.Of2(SurfaceDouble.Hypot, SurfaceDouble.HypotGradient, SurfaceDouble.HypotPushforward, SurfaceDouble.HypotPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => p[0] * p[0] + p[1] * p[1] > 0.01), p => new double[] { p[0] / Math.Sqrt(p[0] * p[0] + p[1] * p[1]), p[1] / Math.Sqrt(p[0] * p[0] + p[1] * p[1]) } },
        { "SurfaceDouble.RootN3", DiffFn.Of1(SurfaceDouble.RootN3, SurfaceDouble.RootN3Gradient, SurfaceDouble.RootN3Pushforward, SurfaceDouble.RootN3Pullback), Domain.Box((-8, 8)).Where(p => Math.Abs(p[0]) > 0.2), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "SurfaceDouble.RootN4", DiffFn.Of1(SurfaceDouble.RootN4, SurfaceDouble.RootN4Gradient, SurfaceDouble.RootN4Pushforward, SurfaceDouble.RootN4Pullback), Domain.Box((0.2, 10)), p => new double[] { 0.25 * Math.Pow(p[0], -0.75) } },
        { "SurfaceDouble.RootNMinus2", DiffFn.Of1(SurfaceDouble.RootNMinus2, SurfaceDouble.RootNMinus2Gradient, SurfaceDouble.RootNMinus2Pushforward, SurfaceDouble.RootNMinus2Pullback), Domain.Box((0.2, 10)), p => new double[] { -0.5 * Math.Pow(p[0], -1.5) } },
        { "SurfaceDouble.CopySign", DiffFn.Of2(SurfaceDouble.CopySign, SurfaceDouble.CopySignGradient, SurfaceDouble.CopySignPushforward, SurfaceDouble.CopySignPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0]) > 1e-3 && Math.Abs(p[1]) > 1e-3), p => new double[] { Math.Sign(p[0]) * Math.Sign(p[1]), 0 } },
        { "SurfaceDouble.Ieee754Remainder", DiffFn.Of2(SurfaceDouble.Ieee754Remainder, SurfaceDouble.Ieee754RemainderGradient, SurfaceDouble.Ieee754RemainderPushforward, SurfaceDouble.Ieee754RemainderPullback), Domain.Box((-5, 5), (1, 3)).Where(p => Domain.FromInteger(p[0] / p[1] - 0.5) > 0.01), p => new double[] { 1, -Math.Round(p[0] / p[1]) } },
        { "SurfaceDouble.Lerp", DiffFn.Of3(SurfaceDouble.Lerp, SurfaceDouble.LerpGradient, SurfaceDouble.LerpPushforward, SurfaceDouble.LerpPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { 1 - p[2], p[2], p[1] - p[0] } },
        { "SurfaceDouble.MaxMagnitude", DiffFn.Of2(SurfaceDouble.MaxMagnitude, SurfaceDouble.MaxMagnitudeGradient, SurfaceDouble.MaxMagnitudePushforward, SurfaceDouble.MaxMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceDouble.MinMagnitude", DiffFn.Of2(SurfaceDouble.MinMagnitude, SurfaceDouble.MinMagnitudeGradient, SurfaceDouble.MinMagnitudePushforward, SurfaceDouble.MinMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceDouble.MaxMagnitudeNumber", DiffFn.Of2(SurfaceDouble.MaxMagnitudeNumber, SurfaceDouble.MaxMagnitudeNumberGradient, SurfaceDouble.MaxMagnitudeNumberPushforward, SurfaceDouble.MaxMagnitudeNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceDouble.MinMagnitudeNumber", DiffFn.Of2(SurfaceDouble.MinMagnitudeNumber, SurfaceDouble.MinMagnitudeNumberGradient, SurfaceDouble.MinMagnitudeNumberPushforward, SurfaceDouble.MinMagnitudeNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceDouble.MaxNumber", DiffFn.Of2(SurfaceDouble.MaxNumber, SurfaceDouble.MaxNumberGradient, SurfaceDouble.MaxNumberPushforward, SurfaceDouble.MaxNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "SurfaceDouble.MinNumber", DiffFn.Of2(SurfaceDouble.MinNumber, SurfaceDouble.MinNumberGradient, SurfaceDouble.MinNumberPushforward, SurfaceDouble.MinNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "SurfaceDouble.MaxNative", DiffFn.Of2(SurfaceDouble.MaxNative, SurfaceDouble.MaxNativeGradient, SurfaceDouble.MaxNativePushforward, SurfaceDouble.MaxNativePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "SurfaceDouble.MinNative", DiffFn.Of2(SurfaceDouble.MinNative, SurfaceDouble.MinNativeGradient, SurfaceDouble.MinNativePushforward, SurfaceDouble.MinNativePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "SurfaceDouble.ClampNative", DiffFn.Of3(SurfaceDouble.ClampNative, SurfaceDouble.ClampNativeGradient, SurfaceDouble.ClampNativePushforward, SurfaceDouble.ClampNativePullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3 && Math.Abs(p[0] - p[2]) > 1e-3), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "SurfaceDouble.MultiplyAddEstimate", DiffFn.Of3(SurfaceDouble.MultiplyAddEstimate, SurfaceDouble.MultiplyAddEstimateGradient, SurfaceDouble.MultiplyAddEstimatePushforward, SurfaceDouble.MultiplyAddEstimatePullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        { "SurfaceDouble.ScaleB3", DiffFn.Of1(SurfaceDouble.ScaleB3, SurfaceDouble.ScaleB3Gradient, SurfaceDouble.ScaleB3Pushforward, SurfaceDouble.ScaleB3Pullback), Domain.Box((-5, 5)), p => new double[] { 8 } },
        { "SurfaceDouble.ScaleBMinus2", DiffFn.Of1(SurfaceDouble.ScaleBMinus2, SurfaceDouble.ScaleBMinus2Gradient, SurfaceDouble.ScaleBMinus2Pushforward, SurfaceDouble.ScaleBMinus2Pullback), Domain.Box((-5, 5)), p => new double[] { 0.25 } },
        { "SurfaceDouble.ILogB", DiffFn.Of1(SurfaceDouble.ILogB, SurfaceDouble.ILogBGradient, SurfaceDouble.ILogBPushforward, SurfaceDouble.ILogBPullback), Domain.Box((0.1, 10)).Where(p => Domain.FromInteger(Math.Log2(p[0])) > 0.05), p => new double[] { 2 * p[0] } },
        { "SurfaceDouble.SinCos", DiffFn.Of1(SurfaceDouble.SinCos, SurfaceDouble.SinCosGradient, SurfaceDouble.SinCosPushforward, SurfaceDouble.SinCosPullback), Domain.Box((-10, 10)), p => new double[] { 2 * Math.Cos(p[0]) - 2 * Math.Cos(p[0]) * Math.Sin(p[0]) } },
        { "SurfaceDouble.SinCosElement", DiffFn.Of1(SurfaceDouble.SinCosElement, SurfaceDouble.SinCosElementGradient, SurfaceDouble.SinCosElementPushforward, SurfaceDouble.SinCosElementPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) - p[0] * Math.Sin(p[0]) } },
        { "SurfaceDouble.SinCosPi", DiffFn.Of1(SurfaceDouble.SinCosPi, SurfaceDouble.SinCosPiGradient, SurfaceDouble.SinCosPiPushforward, SurfaceDouble.SinCosPiPullback), Domain.Box((-3, 3)), p => new double[] { Math.PI * Math.Cos(Math.PI * p[0]) - 3 * Math.PI * Math.Sin(Math.PI * p[0]) } },
        { "SurfaceSingle.Asinh", DiffFn.OfF1(SurfaceSingle.Asinh, SurfaceSingle.AsinhGradient, SurfaceSingle.AsinhPushforward, SurfaceSingle.AsinhPullback), Domain.Box((-5, 5)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] + 1) } },
        { "SurfaceSingle.Acosh", DiffFn.OfF1(SurfaceSingle.Acosh, SurfaceSingle.AcoshGradient, SurfaceSingle.AcoshPushforward, SurfaceSingle.AcoshPullback), Domain.Box((1.2, 10)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] - 1) } },
        { "SurfaceSingle.Atanh", DiffFn.OfF1(SurfaceSingle.Atanh, SurfaceSingle.AtanhGradient, SurfaceSingle.AtanhPushforward, SurfaceSingle.AtanhPullback), Domain.Box((-0.8, 0.8)), p => new double[] { 1 / (1 - p[0] * p[0]) } },
        { "SurfaceSingle.SinPi", DiffFn.OfF1(SurfaceSingle.SinPi, SurfaceSingle.SinPiGradient, SurfaceSingle.SinPiPushforward, SurfaceSingle.SinPiPullback), Domain.Box((-3, 3)), p => new double[] { Math.PI * Math.Cos(Math.PI * p[0]) } },
        { "SurfaceSingle.CosPi", DiffFn.OfF1(SurfaceSingle.CosPi, SurfaceSingle.CosPiGradient, SurfaceSingle.CosPiPushforward, SurfaceSingle.CosPiPullback), Domain.Box((-3, 3)), p => new double[] { -Math.PI * Math.Sin(Math.PI * p[0]) } },
        { "SurfaceSingle.TanPi", DiffFn.OfF1(SurfaceSingle.TanPi, SurfaceSingle.TanPiGradient, SurfaceSingle.TanPiPushforward, SurfaceSingle.TanPiPullback), Domain.Box((-0.35, 0.35)), p => new double[] { Math.PI / (Math.Cos(Math.PI * p[0]) * Math.Cos(Math.PI * p[0])) } },
        { "SurfaceSingle.AsinPi", DiffFn.OfF1(SurfaceSingle.AsinPi, SurfaceSingle.AsinPiGradient, SurfaceSingle.AsinPiPushforward, SurfaceSingle.AsinPiPullback), Domain.Box((-0.8, 0.8)), p => new double[] { 1 / (Math.PI * Math.Sqrt(1 - p[0] * p[0])) } },
        { "SurfaceSingle.AcosPi", DiffFn.OfF1(SurfaceSingle.AcosPi, SurfaceSingle.AcosPiGradient, SurfaceSingle.AcosPiPushforward, SurfaceSingle.AcosPiPullback), Domain.Box((-0.8, 0.8)), p => new double[] { -1 / (Math.PI * Math.Sqrt(1 - p[0] * p[0])) } },
        { "SurfaceSingle.AtanPi", DiffFn.OfF1(SurfaceSingle.AtanPi, SurfaceSingle.AtanPiGradient, SurfaceSingle.AtanPiPushforward, SurfaceSingle.AtanPiPullback), Domain.Box((-10, 10)), p => new double[] { 1 / (Math.PI * (1 + p[0] * p[0])) } },
        { "SurfaceSingle.Atan2Pi", DiffFn.OfF2(SurfaceSingle.Atan2Pi, SurfaceSingle.Atan2PiGradient, SurfaceSingle.Atan2PiPushforward, SurfaceSingle.Atan2PiPullback), Domain.Box((-5, 5), (0.2, 5)), p => new double[] { p[1] / (Math.PI * (p[0] * p[0] + p[1] * p[1])), -p[0] / (Math.PI * (p[0] * p[0] + p[1] * p[1])) } },
        { "SurfaceSingle.DegreesToRadians", DiffFn.OfF1(SurfaceSingle.DegreesToRadians, SurfaceSingle.DegreesToRadiansGradient, SurfaceSingle.DegreesToRadiansPushforward, SurfaceSingle.DegreesToRadiansPullback), Domain.Box((-360, 360)), p => new double[] { Math.PI / 180 } },
        { "SurfaceSingle.RadiansToDegrees", DiffFn.OfF1(SurfaceSingle.RadiansToDegrees, SurfaceSingle.RadiansToDegreesGradient, SurfaceSingle.RadiansToDegreesPushforward, SurfaceSingle.RadiansToDegreesPullback), Domain.Box((-10, 10)), p => new double[] { 180 / Math.PI } },
        { "SurfaceSingle.Exp2", DiffFn.OfF1(SurfaceSingle.Exp2, SurfaceSingle.Exp2Gradient, SurfaceSingle.Exp2Pushforward, SurfaceSingle.Exp2Pullback), Domain.Box((-4, 4)), p => new double[] { Math.Pow(2, p[0]) * Math.Log(2) } },
        { "SurfaceSingle.Exp10", DiffFn.OfF1(SurfaceSingle.Exp10, SurfaceSingle.Exp10Gradient, SurfaceSingle.Exp10Pushforward, SurfaceSingle.Exp10Pullback), Domain.Box((-2, 2)), p => new double[] { Math.Pow(10, p[0]) * Math.Log(10) } },
        { "SurfaceSingle.ExpM1", DiffFn.OfF1(SurfaceSingle.ExpM1, SurfaceSingle.ExpM1Gradient, SurfaceSingle.ExpM1Pushforward, SurfaceSingle.ExpM1Pullback), Domain.Box((-4, 4)), p => new double[] { Math.Exp(p[0]) } },
        { "SurfaceSingle.Exp2M1", DiffFn.OfF1(SurfaceSingle.Exp2M1, SurfaceSingle.Exp2M1Gradient, SurfaceSingle.Exp2M1Pushforward, SurfaceSingle.Exp2M1Pullback), Domain.Box((-4, 4)), p => new double[] { Math.Pow(2, p[0]) * Math.Log(2) } },
        { "SurfaceSingle.Exp10M1", DiffFn.OfF1(SurfaceSingle.Exp10M1, SurfaceSingle.Exp10M1Gradient, SurfaceSingle.Exp10M1Pushforward, SurfaceSingle.Exp10M1Pullback), Domain.Box((-2, 2)), p => new double[] { Math.Pow(10, p[0]) * Math.Log(10) } },
        { "SurfaceSingle.LogP1", DiffFn.OfF1(SurfaceSingle.LogP1, SurfaceSingle.LogP1Gradient, SurfaceSingle.LogP1Pushforward, SurfaceSingle.LogP1Pullback), Domain.Box((-0.5, 20)), p => new double[] { 1 / (1 + p[0]) } },
        { "SurfaceSingle.Log2P1", DiffFn.OfF1(SurfaceSingle.Log2P1, SurfaceSingle.Log2P1Gradient, SurfaceSingle.Log2P1Pushforward, SurfaceSingle.Log2P1Pullback), Domain.Box((-0.5, 20)), p => new double[] { 1 / ((1 + p[0]) * Math.Log(2)) } },
        { "SurfaceSingle.Log10P1", DiffFn.OfF1(SurfaceSingle.Log10P1, SurfaceSingle.Log10P1Gradient, SurfaceSingle.Log10P1Pushforward, SurfaceSingle.Log10P1Pullback), Domain.Box((-0.5, 20)), p => new double[] { 1 / ((1 + p[0]) * Math.Log(10)) } },
        { "SurfaceSingle.Hypot", DiffFn.OfF2(SurfaceSingle.Hypot, SurfaceSingle.HypotGradient, SurfaceSingle.HypotPushforward, SurfaceSingle.HypotPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => p[0] * p[0] + p[1] * p[1] > 0.25), p => new double[] { p[0] / Math.Sqrt(p[0] * p[0] + p[1] * p[1]), p[1] / Math.Sqrt(p[0] * p[0] + p[1] * p[1]) } },
        { "SurfaceSingle.RootN3", DiffFn.OfF1(SurfaceSingle.RootN3, SurfaceSingle.RootN3Gradient, SurfaceSingle.RootN3Pushforward, SurfaceSingle.RootN3Pullback), Domain.Box((-8, 8)).Where(p => Math.Abs(p[0]) > 0.2), p => new double[] { 1 / (3 * Math.Cbrt(p[0]) * Math.Cbrt(p[0])) } },
        { "SurfaceSingle.RootN4", DiffFn.OfF1(SurfaceSingle.RootN4, SurfaceSingle.RootN4Gradient, SurfaceSingle.RootN4Pushforward, SurfaceSingle.RootN4Pullback), Domain.Box((0.2, 10)), p => new double[] { 0.25 * Math.Pow(p[0], -0.75) } },
        { "SurfaceSingle.RootNMinus2", DiffFn.OfF1(SurfaceSingle.RootNMinus2, SurfaceSingle.RootNMinus2Gradient, SurfaceSingle.RootNMinus2Pushforward, SurfaceSingle.RootNMinus2Pullback), Domain.Box((0.2, 10)), p => new double[] { -0.5 * Math.Pow(p[0], -1.5) } },
        { "SurfaceSingle.CopySign", DiffFn.OfF2(SurfaceSingle.CopySign, SurfaceSingle.CopySignGradient, SurfaceSingle.CopySignPushforward, SurfaceSingle.CopySignPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0]) > 0.05 && Math.Abs(p[1]) > 0.05), p => new double[] { Math.Sign(p[0]) * Math.Sign(p[1]), 0 } },
        { "SurfaceSingle.Ieee754Remainder", DiffFn.OfF2(SurfaceSingle.Ieee754Remainder, SurfaceSingle.Ieee754RemainderGradient, SurfaceSingle.Ieee754RemainderPushforward, SurfaceSingle.Ieee754RemainderPullback), Domain.Box((-5, 5), (1, 3)).Where(p => Domain.FromInteger(p[0] / p[1] - 0.5) > 0.12), p => new double[] { 1, -Math.Round(p[0] / p[1]) } },
        { "SurfaceSingle.Lerp", DiffFn.OfF3(SurfaceSingle.Lerp, SurfaceSingle.LerpGradient, SurfaceSingle.LerpPushforward, SurfaceSingle.LerpPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { 1 - p[2], p[2], p[1] - p[0] } },
        { "SurfaceSingle.MaxMagnitude", DiffFn.OfF2(SurfaceSingle.MaxMagnitude, SurfaceSingle.MaxMagnitudeGradient, SurfaceSingle.MaxMagnitudePushforward, SurfaceSingle.MaxMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceSingle.MinMagnitude", DiffFn.OfF2(SurfaceSingle.MinMagnitude, SurfaceSingle.MinMagnitudeGradient, SurfaceSingle.MinMagnitudePushforward, SurfaceSingle.MinMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceSingle.MaxMagnitudeNumber", DiffFn.OfF2(SurfaceSingle.MaxMagnitudeNumber, SurfaceSingle.MaxMagnitudeNumberGradient, SurfaceSingle.MaxMagnitudeNumberPushforward, SurfaceSingle.MaxMagnitudeNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceSingle.MinMagnitudeNumber", DiffFn.OfF2(SurfaceSingle.MinMagnitudeNumber, SurfaceSingle.MinMagnitudeNumberGradient, SurfaceSingle.MinMagnitudeNumberPushforward, SurfaceSingle.MinMagnitudeNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceSingle.MaxNumber", DiffFn.OfF2(SurfaceSingle.MaxNumber, SurfaceSingle.MaxNumberGradient, SurfaceSingle.MaxNumberPushforward, SurfaceSingle.MaxNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "SurfaceSingle.MinNumber", DiffFn.OfF2(SurfaceSingle.MinNumber, SurfaceSingle.MinNumberGradient, SurfaceSingle.MinNumberPushforward, SurfaceSingle.MinNumberPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "SurfaceSingle.MaxNative", DiffFn.OfF2(SurfaceSingle.MaxNative, SurfaceSingle.MaxNativeGradient, SurfaceSingle.MaxNativePushforward, SurfaceSingle.MaxNativePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] > p[1] ? 1 : 0, p[0] > p[1] ? 0 : 1 } },
        { "SurfaceSingle.MinNative", DiffFn.OfF2(SurfaceSingle.MinNative, SurfaceSingle.MinNativeGradient, SurfaceSingle.MinNativePushforward, SurfaceSingle.MinNativePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05), p => new double[] { p[0] < p[1] ? 1 : 0, p[0] < p[1] ? 0 : 1 } },
        { "SurfaceSingle.ClampNative", DiffFn.OfF3(SurfaceSingle.ClampNative, SurfaceSingle.ClampNativeGradient, SurfaceSingle.ClampNativePushforward, SurfaceSingle.ClampNativePullback), Domain.Box((-8, 8), (-5, -1), (1, 5)).Where(p => Math.Abs(p[0] - p[1]) > 0.05 && Math.Abs(p[0] - p[2]) > 0.05), p => new double[] { p[0] < p[1] || p[0] > p[2] ? 0 : 1, p[0] < p[1] ? 1 : 0, p[0] > p[2] ? 1 : 0 } },
        { "SurfaceSingle.MultiplyAddEstimate", DiffFn.OfF3(SurfaceSingle.MultiplyAddEstimate, SurfaceSingle.MultiplyAddEstimateGradient, SurfaceSingle.MultiplyAddEstimatePushforward, SurfaceSingle.MultiplyAddEstimatePullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new double[] { p[1], p[0], 1 } },
        { "SurfaceSingle.ScaleB3", DiffFn.OfF1(SurfaceSingle.ScaleB3, SurfaceSingle.ScaleB3Gradient, SurfaceSingle.ScaleB3Pushforward, SurfaceSingle.ScaleB3Pullback), Domain.Box((-5, 5)), p => new double[] { 8 } },
        { "SurfaceSingle.ScaleBMinus2", DiffFn.OfF1(SurfaceSingle.ScaleBMinus2, SurfaceSingle.ScaleBMinus2Gradient, SurfaceSingle.ScaleBMinus2Pushforward, SurfaceSingle.ScaleBMinus2Pullback), Domain.Box((-5, 5)), p => new double[] { 0.25 } },
        { "SurfaceSingle.ILogB", DiffFn.OfF1(SurfaceSingle.ILogB, SurfaceSingle.ILogBGradient, SurfaceSingle.ILogBPushforward, SurfaceSingle.ILogBPullback), Domain.Box((0.1, 10)).Where(p => Domain.FromInteger(Math.Log2(p[0])) > 0.1), p => new double[] { 2 * p[0] } },
        { "SurfaceSingle.SinCos", DiffFn.OfF1(SurfaceSingle.SinCos, SurfaceSingle.SinCosGradient, SurfaceSingle.SinCosPushforward, SurfaceSingle.SinCosPullback), Domain.Box((-10, 10)), p => new double[] { 2 * Math.Cos(p[0]) - 2 * Math.Cos(p[0]) * Math.Sin(p[0]) } },
        { "SurfaceSingle.SinCosElement", DiffFn.OfF1(SurfaceSingle.SinCosElement, SurfaceSingle.SinCosElementGradient, SurfaceSingle.SinCosElementPushforward, SurfaceSingle.SinCosElementPullback), Domain.Box((-5, 5)), p => new double[] { Math.Cos(p[0]) - p[0] * Math.Sin(p[0]) } },
        { "SurfaceSingle.SinCosPi", DiffFn.OfF1(SurfaceSingle.SinCosPi, SurfaceSingle.SinCosPiGradient, SurfaceSingle.SinCosPiPushforward, SurfaceSingle.SinCosPiPullback), Domain.Box((-3, 3)), p => new double[] { Math.PI * Math.Cos(Math.PI * p[0]) - 3 * Math.PI * Math.Sin(Math.PI * p[0]) } },
        { "SurfaceMath.Asinh", DiffFn.Of1(SurfaceMath.Asinh, SurfaceMath.AsinhGradient, SurfaceMath.AsinhPushforward, SurfaceMath.AsinhPullback), Domain.Box((-5, 5)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] + 1) } },
        { "SurfaceMath.Acosh", DiffFn.Of1(SurfaceMath.Acosh, SurfaceMath.AcoshGradient, SurfaceMath.AcoshPushforward, SurfaceMath.AcoshPullback), Domain.Box((1.1, 10)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] - 1) } },
        { "SurfaceMath.Atanh", DiffFn.Of1(SurfaceMath.Atanh, SurfaceMath.AtanhGradient, SurfaceMath.AtanhPushforward, SurfaceMath.AtanhPullback), Domain.Box((-0.9, 0.9)), p => new double[] { 1 / (1 - p[0] * p[0]) } },
        { "SurfaceMath.CopySign", DiffFn.Of2(SurfaceMath.CopySign, SurfaceMath.CopySignGradient, SurfaceMath.CopySignPushforward, SurfaceMath.CopySignPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0]) > 1e-3 && Math.Abs(p[1]) > 1e-3), p => new double[] { Math.Sign(p[0]) * Math.Sign(p[1]), 0 } },
        { "SurfaceMath.IEEERemainder", DiffFn.Of2(SurfaceMath.IEEERemainder, SurfaceMath.IEEERemainderGradient, SurfaceMath.IEEERemainderPushforward, SurfaceMath.IEEERemainderPullback), Domain.Box((-5, 5), (1, 3)).Where(p => Domain.FromInteger(p[0] / p[1] - 0.5) > 0.01), p => new double[] { 1, -Math.Round(p[0] / p[1]) } },
        { "SurfaceMath.MaxMagnitude", DiffFn.Of2(SurfaceMath.MaxMagnitude, SurfaceMath.MaxMagnitudeGradient, SurfaceMath.MaxMagnitudePushforward, SurfaceMath.MaxMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceMath.MinMagnitude", DiffFn.Of2(SurfaceMath.MinMagnitude, SurfaceMath.MinMagnitudeGradient, SurfaceMath.MinMagnitudePushforward, SurfaceMath.MinMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 1e-3), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceMath.ScaleB3", DiffFn.Of1(SurfaceMath.ScaleB3, SurfaceMath.ScaleB3Gradient, SurfaceMath.ScaleB3Pushforward, SurfaceMath.ScaleB3Pullback), Domain.Box((-5, 5)), p => new double[] { 8 } },
        { "SurfaceMath.ScaleBMinus2", DiffFn.Of1(SurfaceMath.ScaleBMinus2, SurfaceMath.ScaleBMinus2Gradient, SurfaceMath.ScaleBMinus2Pushforward, SurfaceMath.ScaleBMinus2Pullback), Domain.Box((-5, 5)), p => new double[] { 0.25 } },
        { "SurfaceMath.ILogB", DiffFn.Of1(SurfaceMath.ILogB, SurfaceMath.ILogBGradient, SurfaceMath.ILogBPushforward, SurfaceMath.ILogBPullback), Domain.Box((0.1, 10)).Where(p => Domain.FromInteger(Math.Log2(p[0])) > 0.05), p => new double[] { 2 * p[0] } },
        { "SurfaceMath.SinCos", DiffFn.Of1(SurfaceMath.SinCos, SurfaceMath.SinCosGradient, SurfaceMath.SinCosPushforward, SurfaceMath.SinCosPullback), Domain.Box((-10, 10)), p => new double[] { 2 * Math.Cos(p[0]) - 2 * Math.Cos(p[0]) * Math.Sin(p[0]) } },
        { "SurfaceMath.SinCosElement", DiffFn.Of1(SurfaceMath.SinCosElement, SurfaceMath.SinCosElementGradient, SurfaceMath.SinCosElementPushforward, SurfaceMath.SinCosElementPullback), Domain.Box((-10, 10)), p => new double[] { Math.Cos(p[0]) - p[0] * Math.Sin(p[0]) } },
        { "SurfaceMathF.Asinh", DiffFn.OfF1(SurfaceMathF.Asinh, SurfaceMathF.AsinhGradient, SurfaceMathF.AsinhPushforward, SurfaceMathF.AsinhPullback), Domain.Box((-5, 5)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] + 1) } },
        { "SurfaceMathF.Acosh", DiffFn.OfF1(SurfaceMathF.Acosh, SurfaceMathF.AcoshGradient, SurfaceMathF.AcoshPushforward, SurfaceMathF.AcoshPullback), Domain.Box((1.2, 10)), p => new double[] { 1 / Math.Sqrt(p[0] * p[0] - 1) } },
        { "SurfaceMathF.Atanh", DiffFn.OfF1(SurfaceMathF.Atanh, SurfaceMathF.AtanhGradient, SurfaceMathF.AtanhPushforward, SurfaceMathF.AtanhPullback), Domain.Box((-0.8, 0.8)), p => new double[] { 1 / (1 - p[0] * p[0]) } },
        { "SurfaceMathF.CopySign", DiffFn.OfF2(SurfaceMathF.CopySign, SurfaceMathF.CopySignGradient, SurfaceMathF.CopySignPushforward, SurfaceMathF.CopySignPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0]) > 0.05 && Math.Abs(p[1]) > 0.05), p => new double[] { Math.Sign(p[0]) * Math.Sign(p[1]), 0 } },
        { "SurfaceMathF.IEEERemainder", DiffFn.OfF2(SurfaceMathF.IEEERemainder, SurfaceMathF.IEEERemainderGradient, SurfaceMathF.IEEERemainderPushforward, SurfaceMathF.IEEERemainderPullback), Domain.Box((-5, 5), (1, 3)).Where(p => Domain.FromInteger(p[0] / p[1] - 0.5) > 0.12), p => new double[] { 1, -Math.Round(p[0] / p[1]) } },
        { "SurfaceMathF.MaxMagnitude", DiffFn.OfF2(SurfaceMathF.MaxMagnitude, SurfaceMathF.MaxMagnitudeGradient, SurfaceMathF.MaxMagnitudePushforward, SurfaceMathF.MaxMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) > Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) > Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceMathF.MinMagnitude", DiffFn.OfF2(SurfaceMathF.MinMagnitude, SurfaceMathF.MinMagnitudeGradient, SurfaceMathF.MinMagnitudePushforward, SurfaceMathF.MinMagnitudePullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(Math.Abs(p[0]) - Math.Abs(p[1])) > 0.05), p => new double[] { Math.Abs(p[0]) < Math.Abs(p[1]) ? 1 : 0, Math.Abs(p[0]) < Math.Abs(p[1]) ? 0 : 1 } },
        { "SurfaceMathF.ScaleB3", DiffFn.OfF1(SurfaceMathF.ScaleB3, SurfaceMathF.ScaleB3Gradient, SurfaceMathF.ScaleB3Pushforward, SurfaceMathF.ScaleB3Pullback), Domain.Box((-5, 5)), p => new double[] { 8 } },
        { "SurfaceMathF.ScaleBMinus2", DiffFn.OfF1(SurfaceMathF.ScaleBMinus2, SurfaceMathF.ScaleBMinus2Gradient, SurfaceMathF.ScaleBMinus2Pushforward, SurfaceMathF.ScaleBMinus2Pullback), Domain.Box((-5, 5)), p => new double[] { 0.25 } },
        { "SurfaceMathF.ILogB", DiffFn.OfF1(SurfaceMathF.ILogB, SurfaceMathF.ILogBGradient, SurfaceMathF.ILogBPushforward, SurfaceMathF.ILogBPullback), Domain.Box((0.1, 10)).Where(p => Domain.FromInteger(Math.Log2(p[0])) > 0.1), p => new double[] { 2 * p[0] } },
        { "SurfaceMathF.SinCos", DiffFn.OfF1(SurfaceMathF.SinCos, SurfaceMathF.SinCosGradient, SurfaceMathF.SinCosPushforward, SurfaceMathF.SinCosPullback), Domain.Box((-10, 10)), p => new double[] { 2 * Math.Cos(p[0]) - 2 * Math.Cos(p[0]) * Math.Sin(p[0]) } },
        { "SurfaceMathF.SinCosElement", DiffFn.OfF1(SurfaceMathF.SinCosElement, SurfaceMathF.SinCosElementGradient, SurfaceMathF.SinCosElementPushforward, SurfaceMathF.SinCosElementPullback), Domain.Box((-5, 5)), p => new double[] { Math.Cos(p[0]) - p[0] * Math.Sin(p[0]) } },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    /// <summary>
    /// The estimates differentiate through the estimate r: −r² and −r³/2 exactly (up to rounding,
    /// 1e-12), and within 1e-3 of the exact −1/x² and −x^(−3/2)/2: the hardware estimate is good to
    /// 2^−14 ≈ 6e-5 relative, and the derivative squares or cubes it (≤ 2e-4).
    /// </summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(42.0)]
    [InlineData(-2.5)]
    public void EstimatesDifferentiateThroughTheEstimate(double x)
    {
        double r = Math.ReciprocalEstimate(x);
        SurfaceEstimates.ReciprocalGradient(x, out double dx);
        Assert.Equal(-r * r, dx, 1e-12 * Math.Max(1, r * r));
        Assert.Equal(-1 / (x * x), dx, 1e-3 * Math.Max(1, 1 / (x * x)));
        SurfaceEstimates.ReciprocalPushforward(x, 2.0, out double tangent);
        Assert.Equal(2 * dx, tangent, 1e-12 * Math.Max(1, Math.Abs(tangent)));
        double adjoint = 1;
        SurfaceEstimates.ReciprocalPullback(x, 3.0, ref adjoint);
        Assert.Equal(1 + 3 * dx, adjoint, 1e-12 * Math.Max(1, Math.Abs(adjoint)));

        float xf = (float)x;
        float rf = MathF.ReciprocalEstimate(xf);
        SurfaceEstimates.ReciprocalSingleGradient(xf, out float dxf);
        Assert.Equal(-rf * rf, dxf, 1e-6 * Math.Max(1, rf * rf));
        Assert.Equal(-1 / (x * x), dxf, 1e-3 * Math.Max(1, 1 / (x * x)));

        if (x > 0)
        {
            double s = double.ReciprocalSqrtEstimate(x);
            SurfaceEstimates.ReciprocalSqrtGradient(x, out double ds);
            Assert.Equal(-0.5 * s * s * s, ds, 1e-12 * Math.Max(1, Math.Abs(ds)));
            Assert.Equal(-0.5 * Math.Pow(x, -1.5), ds, 1e-3 * Math.Max(1, Math.Abs(ds)));
            SurfaceEstimates.ReciprocalSqrtSingleGradient(xf, out float dsf);
            Assert.Equal(-0.5 * Math.Pow(x, -1.5), dsf, 1e-3 * Math.Max(1, Math.Abs(dsf)));
        }
    }

    /// <summary>A method returning Math.SinCos(x) is vector-valued: its Jacobian is [cos x, −sin x]ᵀ.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(-2.9)]
    public void SinCosAsAVectorMethod(double x)
    {
        Span<double> j = stackalloc double[2];
        var value = SurfaceVectors.SinCosJacobian(x, j);
        Assert.Equal(Math.SinCos(x), value);
        Assert.Equal(Math.Cos(x), j[0], 1e-15);
        Assert.Equal(-Math.Sin(x), j[1], 1e-15);

        float xf = (float)x;
        Span<float> jf = stackalloc float[2];
        SurfaceVectors.SinCosPiJacobian(xf, jf);
        Assert.Equal(Math.PI * Math.Cos(Math.PI * xf), jf[0], 1e-5 * Math.PI);
        Assert.Equal(-Math.PI * Math.Sin(Math.PI * xf), jf[1], 1e-5 * Math.PI);
    }
}
