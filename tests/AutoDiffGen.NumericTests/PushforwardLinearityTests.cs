using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The pushforward is the Jacobian-vector product: linear in the tangent. For random points and
/// random tangents (a, b[, c]) it must equal a·∂f/∂x + b·∂f/∂y (+ c·∂f/∂z), with the partials
/// from the closed form and, independently, from the generated Gradient (so forward and reverse
/// mode agree); a zero tangent gives exactly 0, and scaling/adding tangents scales/adds results.
/// </summary>
public sealed class PushforwardLinearityTests
{
    public static readonly CaseTable Cases = new()
    {
        { "Design.F", DiffFn.Of2(Design.F, Design.FGradient, Design.FPushforward, Design.FPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 6 * p[0] * p[1], 3 * p[0] * p[0] } },
        { "Atan2", DiffFn.Of2(MathDouble.Atan2, MathDouble.Atan2Gradient, MathDouble.Atan2Pushforward, MathDouble.Atan2Pullback), Domain.Box((-5, 5), (0.2, 5)), p => new[] { p[1] / (p[0] * p[0] + p[1] * p[1]), -p[0] / (p[0] * p[0] + p[1] * p[1]) } },
        { "FusedMultiplyAdd", DiffFn.Of3(MathDouble.FusedMultiplyAdd, MathDouble.FusedMultiplyAddGradient, MathDouble.FusedMultiplyAddPushforward, MathDouble.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new[] { p[1], p[0], 1.0 } },
        { "Clamp", DiffFn.Of3(MathDouble.Clamp, MathDouble.ClampGradient, MathDouble.ClampPushforward, MathDouble.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)), p => new[] { p[0] < p[1] || p[0] > p[2] ? 0.0 : 1, p[0] < p[1] ? 1.0 : 0, p[0] > p[2] ? 1.0 : 0 } },
        { "Single.Pow", DiffFn.OfF2(MathSingle.Pow, MathSingle.PowGradient, MathSingle.PowPushforward, MathSingle.PowPullback), Domain.Box((0.5, 4), (-2, 2)), p => new[] { p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0]) } },
        { "Single.FusedMultiplyAdd", DiffFn.OfF3(MathSingle.FusedMultiplyAdd, MathSingle.FusedMultiplyAddGradient, MathSingle.FusedMultiplyAddPushforward, MathSingle.FusedMultiplyAddPullback), Domain.Box((-5, 5), (-5, 5), (-5, 5)), p => new[] { p[1], p[0], 1.0 } },
    };

    public static TheoryData<string> Names => Cases.Names();

    // Tangent components: multiples of 1/8 in [−4, 4], exactly representable in float.
    private static readonly Gen<double> Component = Gen.Int[-32, 32].Select(k => k / 8.0);

    [Theory]
    [MemberData(nameof(Names))]
    public void TangentResultIsTheLinearCombinationOfPartials(string name)
    {
        var c = Cases.Get(name);
        double tolerance = c.Fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
        Gen.Select(c.Domain, Component.Array[c.Fn.Arity]).Sample(
            (point, tangent) =>
            {
                double[] x = c.Fn.Representable(point);
                double[] closed = c.Gradient!(x);
                var generated = new double[x.Length];
                c.Fn.Gradient(x, generated);
                double fromClosed = 0, fromGradient = 0, magnitude = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    fromClosed += tangent[i] * closed[i];
                    fromGradient += tangent[i] * generated[i];
                    magnitude += Math.Abs(tangent[i] * closed[i]);
                }

                double result = c.Fn.Pushforward(x, tangent).Tangent;
                string at = $" for tangent {DerivativeAssert.Format(tangent)} at {DerivativeAssert.Format(x)}";
                DerivativeAssert.Close(fromClosed, result, tolerance, name + ": pushforward vs closed form" + at, magnitude);
                DerivativeAssert.Close(fromGradient, result, tolerance, name + ": pushforward vs generated gradient" + at, magnitude);
            },
            iter: Tolerances.Iterations);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ZeroTangentGivesZero(string name)
    {
        var c = Cases.Get(name);
        c.Domain.ForAll(x => Assert.Equal(0.0, c.Fn.Pushforward(x, new double[c.Fn.Arity]).Tangent));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ScalingAndAddingTangents(string name)
    {
        var c = Cases.Get(name);
        double tolerance = c.Fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
        Gen.Select(c.Domain, Component.Array[c.Fn.Arity], Component.Array[c.Fn.Arity], Component).Sample(
            (point, t1, t2, alpha) =>
            {
                double[] x = c.Fn.Representable(point);
                var sum = new double[t1.Length];
                var scaled = new double[t1.Length];
                for (int i = 0; i < t1.Length; i++)
                {
                    sum[i] = t1[i] + t2[i];
                    scaled[i] = alpha * t1[i];
                }

                double r1 = c.Fn.Pushforward(x, t1).Tangent;
                double r2 = c.Fn.Pushforward(x, t2).Tangent;
                string at = $" at {DerivativeAssert.Format(x)}, t1 = {DerivativeAssert.Format(t1)}, t2 = {DerivativeAssert.Format(t2)}, alpha = {alpha}";
                DerivativeAssert.Close(r1 + r2, c.Fn.Pushforward(x, sum).Tangent, tolerance, name + ": P(t1 + t2) = P(t1) + P(t2)" + at, Math.Abs(r1) + Math.Abs(r2));
                DerivativeAssert.Close(alpha * r1, c.Fn.Pushforward(x, scaled).Tangent, tolerance, name + ": P(αt) = αP(t)" + at, Math.Abs(alpha * r1));
            },
            iter: Tolerances.Iterations);
    }
}
