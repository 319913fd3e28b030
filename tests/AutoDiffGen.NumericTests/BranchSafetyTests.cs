using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The generated code must evaluate only what the original evaluates (Functions/BranchSafety.cs):
/// an untaken ?: side that would produce NaN or throw, a short-circuited && that guards an integer
/// division by zero, a dead local with an infinite derivative (no 0·∞ = NaN leaking into the
/// result), an active value in an interpolated exception message, and IsNaN/IsInfinity tests on
/// an active value.
/// </summary>
public sealed class BranchSafetyTests
{
    private static readonly DiffFn SafeLog = DiffFn.Of1(BranchSafety.SafeTernaryLog, BranchSafety.SafeTernaryLogGradient, BranchSafety.SafeTernaryLogPushforward, BranchSafety.SafeTernaryLogPullback);
    private static readonly DiffFn SafeSqrt = DiffFn.Of1(BranchSafety.SafeTernarySqrt, BranchSafety.SafeTernarySqrtGradient, BranchSafety.SafeTernarySqrtPushforward, BranchSafety.SafeTernarySqrtPullback);
    private static readonly DiffFn DeadSqrt = DiffFn.Of1(BranchSafety.DeadSqrt, BranchSafety.DeadSqrtGradient, BranchSafety.DeadSqrtPushforward, BranchSafety.DeadSqrtPullback);

    [Fact]
    public void UntakenSideProducesNoNaN()
    {
        DerivativeAssert.ClosedForm(SafeLog, new[] { -1.0 }, new[] { -2.0 });
        DerivativeAssert.ClosedForm(SafeLog, new[] { 2.0 }, new[] { 0.5 });
        DerivativeAssert.ClosedForm(SafeSqrt, new[] { -4.0 }, new[] { -1.0 });
        DerivativeAssert.ClosedForm(SafeSqrt, new[] { 4.0 }, new[] { 0.25 });
    }

    [Fact]
    public void DeadLocalWithInfiniteDerivativeDoesNotLeak()
    {
        // Sqrt'(0) = +∞ and Sqrt(−1) = NaN in a local that is never used.
        DerivativeAssert.ClosedForm(DeadSqrt, new[] { 0.0 }, new[] { 2.0 });
        DerivativeAssert.ClosedForm(DeadSqrt, new[] { -1.0 }, new[] { 2.0 });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void IntegerDivisionByZeroIsNotEvaluated(int n)
    {
        // n != 0 ? x·(10/n) : x, and if (n != 0 && 10/n > 2) x² else x, at x = 1.5.
        double ternary = n == 0 ? 1.0 : 10 / n;
        BranchSafety.SafeTernaryIntDivisionGradient(1.5, n, out double d1);
        BranchSafety.SafeTernaryIntDivisionPushforward(1.5, n, 1, out double t1);
        double a1 = 0;
        BranchSafety.SafeTernaryIntDivisionPullback(1.5, n, 1, ref a1);
        Assert.Equal((ternary, ternary, ternary), (d1, t1, a1));

        double shortCircuit = n == 2 ? 3.0 : 1.0;
        BranchSafety.ShortCircuitGradient(1.5, n, out double d2);
        BranchSafety.ShortCircuitPushforward(1.5, n, 1, out double t2);
        double a2 = 0;
        BranchSafety.ShortCircuitPullback(1.5, n, 1, ref a2);
        Assert.Equal((shortCircuit, shortCircuit, shortCircuit), (d2, t2, a2));
    }

    [Fact]
    public void InterpolatedMessageWithActiveValue()
    {
        BranchSafety.InterpolatedThrowGradient(3, out double d);
        Assert.Equal(6.0, d);
        var ex = Assert.Throws<ArgumentException>(() => BranchSafety.InterpolatedThrowGradient(-20, out _));
        Assert.Equal("bad -20", ex.Message);
        Assert.Throws<ArgumentException>(() => BranchSafety.InterpolatedThrowPushforward(-20, 1, out _));
    }

    [Fact]
    public void PredicatesOnActiveValues()
    {
        BranchSafety.NaNCheckGradient(3, out double d1);
        Assert.Equal(6.0, d1);
        Assert.Equal(0.0, BranchSafety.NaNCheckGradient(double.NaN, out double d2));
        Assert.Equal(0.0, d2);
        Assert.Equal(0.0, BranchSafety.NaNCheckGradient(double.PositiveInfinity, out double d3));
        Assert.Equal(0.0, d3);
    }
}
