using System;
using AutoDiffGen.NumericTests.Support;
using Xunit;
using Xunit.Sdk;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The checking harness itself must reject wrong derivative methods: a hand-written f(x, y) = x²y
/// with one defect at a time (a wrong partial, a pullback that assigns instead of adding, a
/// pushforward that ignores one tangent, a wrong returned value) must fail both the closed-form
/// and the finite-difference check, and the correct version must pass.
/// </summary>
public sealed class SupportSelfTests
{
    private static readonly double[] Point = { 1.5, -2.0 };
    private static readonly double[] Exact = { 2 * 1.5 * -2.0, 1.5 * 1.5 };

    private static double F(double x, double y) => x * x * y;

    private static DiffFn Make(double dxFactor = 1, bool assignInPullback = false, bool dropYTangent = false, double valueOffset = 0)
        => DiffFn.Of2(
            F,
            (double x, double y, out double dx, out double dy) =>
            {
                dx = dxFactor * 2 * x * y;
                dy = x * x;
                return F(x, y) + valueOffset;
            },
            (double x, double y, double xt, double yt, out double rt) =>
            {
                rt = dxFactor * 2 * x * y * xt + (dropYTangent ? 0 : x * x * yt);
                return F(x, y) + valueOffset;
            },
            (double x, double y, double s, ref double xa, ref double ya) =>
            {
                if (assignInPullback)
                {
                    xa = s * dxFactor * 2 * x * y;
                    ya = s * x * x;
                }
                else
                {
                    xa += s * dxFactor * 2 * x * y;
                    ya += s * x * x;
                }

                return F(x, y) + valueOffset;
            });

    [Fact]
    public void CorrectMethodsPass()
    {
        DerivativeAssert.ClosedForm(Make(), Point, Exact);
        DerivativeAssert.FiniteDifferences(Make(), Point);
    }

    [Fact]
    public void WrongPartialIsCaught()
    {
        // Off by 1e-7 relative: far below any wrong rule, still well above the tolerances.
        Assert.Throws<FailException>(() => DerivativeAssert.ClosedForm(Make(dxFactor: 1 + 1e-7), Point, Exact));
        Assert.Throws<FailException>(() => DerivativeAssert.FiniteDifferences(Make(dxFactor: 1 + 1e-4), Point));
    }

    [Fact]
    public void AssigningPullbackIsCaught()
    {
        Assert.Throws<FailException>(() => DerivativeAssert.ClosedForm(Make(assignInPullback: true), Point, Exact));
        Assert.Throws<FailException>(() => DerivativeAssert.FiniteDifferences(Make(assignInPullback: true), Point));
    }

    [Fact]
    public void PushforwardIgnoringATangentIsCaught()
    {
        Assert.Throws<FailException>(() => DerivativeAssert.ClosedForm(Make(dropYTangent: true), Point, Exact));
        Assert.Throws<FailException>(() => DerivativeAssert.FiniteDifferences(Make(dropYTangent: true), Point));
    }

    [Fact]
    public void WrongValueIsCaught()
    {
        Assert.Throws<FailException>(() => DerivativeAssert.ClosedForm(Make(valueOffset: 1e-9), Point, Exact));
    }

    [Fact]
    public void ReflectionAdapterMatchesTheDirectOne()
    {
        var direct = DiffFn.Of2(Functions.Design.F, Functions.Design.FGradient, Functions.Design.FPushforward, Functions.Design.FPullback);
        var reflected = DiffFn.FromReflection(typeof(Functions.Design).FullName!, "F");
        var a = new double[2];
        var b = new double[2];
        Assert.Equal(direct.Gradient(Point, a), reflected.Gradient(Point, b));
        Assert.Equal(a, b);
        Assert.Equal(direct.Pushforward(Point, new[] { 0.5, 2.0 }), reflected.Pushforward(Point, new[] { 0.5, 2.0 }));
        var c = new[] { 1.0, 2.0 };
        var d = new[] { 1.0, 2.0 };
        direct.Pullback(Point, 3, c);
        reflected.Pullback(Point, 3, d);
        Assert.Equal(c, d);
        Assert.Throws<InvalidOperationException>(() => DiffFn.FromReflection("No.Such.Type", "F"));
    }
}
