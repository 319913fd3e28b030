using System;
using System.Linq;
using System.Threading;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Recursive methods, direct and mutual, in every mode, against closed forms. Tolerance:
/// Tolerances.DoubleClosedForm (the recursion and the formula are exact in double, differing in
/// operation order: a few dozen roundings for the depths used).
/// </summary>
public class RecursionTests
{
    [Theory]
    [InlineData(1.3, 0)]
    [InlineData(1.3, 1)]
    [InlineData(-0.7, 5)]
    [InlineData(0.9, 12)]
    public void Pow_AllModes_MatchClosedForm(double x, int n)
    {
        double value = Math.Pow(x, n), slope = n == 0 ? 0 : n * Math.Pow(x, n - 1);
        DerivativeAssert.ClosedForm(value, Recursion.PowGradient(x, n, out double dx));
        DerivativeAssert.ClosedForm(slope, dx);

        DerivativeAssert.ClosedForm(value, Recursion.PowPushforward(x, n, -2.5, out double tangent));
        DerivativeAssert.ClosedForm(-2.5 * slope, tangent);

        double adjoint = 0.25;
        DerivativeAssert.ClosedForm(value, Recursion.PowPullback(x, n, 3, ref adjoint));
        DerivativeAssert.ClosedForm(0.25 + 3 * slope, adjoint);
    }

    [Fact]
    public void Horner_AllModes_MatchClosedForm()
    {
        double[] c = { 0.5, -1.25, 2, 0.75, -0.3 };
        double x = 1.15;
        double p = c.Select((ck, k) => ck * Math.Pow(x, k)).Sum();
        double dpdx = c.Select((ck, k) => k * ck * Math.Pow(x, k - 1)).Sum();

        var dc = new double[c.Length];
        DerivativeAssert.ClosedForm(p, Recursion.HornerGradient(c, x, 0, dc, out double dx));
        DerivativeAssert.ClosedForm(dpdx, dx);
        for (int k = 0; k < c.Length; k++)
        {
            DerivativeAssert.ClosedForm(Math.Pow(x, k), dc[k]); // ∂p/∂c[k] = xᵏ
        }

        var cTangent = new double[] { 1, 0, -1, 0, 2 };
        Recursion.HornerPushforward(c, x, 0, cTangent, 0.5, out double tangent);
        DerivativeAssert.ClosedForm(cTangent.Select((v, k) => v * Math.Pow(x, k)).Sum() + 0.5 * dpdx, tangent);

        var cAdjoint = new double[c.Length];
        double xAdjoint = 1;
        Recursion.HornerPullback(c, x, 0, 2, cAdjoint, ref xAdjoint);
        DerivativeAssert.ClosedForm(1 + 2 * dpdx, xAdjoint);
        DerivativeAssert.ClosedForm(2 * Math.Pow(x, 3), cAdjoint[3]);
    }

    [Fact]
    public void SumOfSquares_FromAnIndex_AllModes()
    {
        double[] w = { 1.5, -2, 0.25, 3 };
        var dw = new double[w.Length];
        DerivativeAssert.ClosedForm(0.0625 + 9, Recursion.SumOfSquaresGradient(w, 2, dw));
        Assert.Equal(new[] { 0, 0, 0.5, 6 }, dw); // 2·w[k] from index 2 on

        Recursion.SumOfSquaresPushforward(w, 0, new double[] { 1, 1, 1, 1 }, out double tangent);
        DerivativeAssert.ClosedForm(2 * w.Sum(), tangent);

        var adjoint = new double[] { 1, 1, 1, 1 };
        Recursion.SumOfSquaresPullback(w, 1, -1, adjoint);
        Assert.Equal(new[] { 1, 5, 0.5, -5 }, adjoint);
    }

    [Fact]
    public void SplitSum_TwoRecursiveCallsPerLevel_MatchesClosedForm()
    {
        var w = Enumerable.Range(0, 37).Select(i => 0.1 * i - 1.3).ToArray();
        var dw = new double[w.Length];
        DerivativeAssert.ClosedForm(w.Sum(v => v * Math.Sin(v)), Recursion.SplitSumGradient(w, 0, w.Length, dw));
        for (int k = 0; k < w.Length; k++)
        {
            DerivativeAssert.ClosedForm(Math.Sin(w[k]) + w[k] * Math.Cos(w[k]), dw[k]);
        }

        var direction = w.Select((_, k) => k % 3 == 0 ? 1.0 : -0.5).ToArray();
        Recursion.SplitSumPushforward(w, 0, w.Length, direction, out double tangent);
        DerivativeAssert.ClosedForm(dw.Zip(direction, (g, v) => g * v).Sum(), tangent);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.9)]
    public void MutualRecursion_AllModes_MatchClosedForm(double x)
    {
        // A(x, 3) = x²·cos x + x²; A(x, 4) = x²·sin x + x³ + x².
        double a3 = x * x * Math.Cos(x) + x * x, d3 = 2 * x * Math.Cos(x) - x * x * Math.Sin(x) + 2 * x;
        double a4 = x * x * Math.Sin(x) + x * x * x + x * x, d4 = 2 * x * Math.Sin(x) + x * x * Math.Cos(x) + 3 * x * x + 2 * x;

        DerivativeAssert.ClosedForm(a3, Recursion.AGradient(x, 3, out double dx3));
        DerivativeAssert.ClosedForm(d3, dx3);
        DerivativeAssert.ClosedForm(a4, Recursion.AGradient(x, 4, out double dx4));
        DerivativeAssert.ClosedForm(d4, dx4);

        Recursion.APushforward(x, 4, 1.5, out double tangent);
        DerivativeAssert.ClosedForm(1.5 * d4, tangent);
        double adjoint = -1;
        Recursion.APullback(x, 3, 2, ref adjoint);
        DerivativeAssert.ClosedForm(-1 + 2 * d3, adjoint);

        // B(x, 4) = A(x, 3) + x.
        DerivativeAssert.ClosedForm(a3 + x, Recursion.BGradient(x, 4, out double bx));
        DerivativeAssert.ClosedForm(d3 + 1, bx);

        // A caller outside the cycle composes through it: Pow(x, 3) + A(x, 3).
        Recursion.CallerGradient(x, out double cx);
        DerivativeAssert.ClosedForm(3 * x * x + d3, cx);
    }

    [Theory]
    [InlineData(1.3, 5)]
    [InlineData(-0.6, 1)]
    [InlineData(2.0, 0)]
    public void VectorValuedRecursion_JacobianAndProducts(double x, int n)
    {
        // (xⁿ, n·xⁿ⁻¹): Jacobian [n·xⁿ⁻¹, n(n−1)·xⁿ⁻²].
        double p = Math.Pow(x, n), d = n == 0 ? 0 : n * Math.Pow(x, n - 1), dd = n < 2 ? 0 : n * (n - 1) * Math.Pow(x, n - 2);
        var jacobian = new double[2];
        var (power, slope) = Recursion.PowAndSlopeJacobian(x, n, jacobian);
        DerivativeAssert.ClosedForm(p, power);
        DerivativeAssert.ClosedForm(d, slope);
        DerivativeAssert.ClosedForm(d, jacobian[0]);
        DerivativeAssert.ClosedForm(dd, jacobian[1]);

        Recursion.PowAndSlopePushforward(x, n, 2, out double powerTangent, out double slopeTangent);
        DerivativeAssert.ClosedForm(2 * d, powerTangent);
        DerivativeAssert.ClosedForm(2 * dd, slopeTangent);

        double adjoint = 0;
        Recursion.PowAndSlopePullback(x, n, 1, -1, ref adjoint);
        DerivativeAssert.ClosedForm(d - dd, adjoint);
    }

    [Fact]
    public void ReorderSums_RecursiveCallee_CallerKeepsItsExactValue()
    {
        var v = Enumerable.Range(0, 37).Select(i => Math.Sin(i) * 1.5).ToArray();
        double squares = v.Sum(e => e * e), factor = 2 * (1 - Math.Pow(2, -3));
        // Levels reorders its sums: its members' values within the reordering bound of its own.
        var dv = new double[v.Length];
        Assert.True(Math.Abs(squares * factor - Recursion.LevelsGradient(v, 3, dv)) <= 1e-12 * squares);
        for (int i = 0; i < v.Length; i++)
        {
            DerivativeAssert.ClosedForm(2 * v[i] * factor, dv[i]);
        }

        // Its caller does not: every member returns exactly the caller's value.
        double value = Recursion.LevelsCaller(v);
        Array.Clear(dv);
        Assert.Equal(value, Recursion.LevelsCallerGradient(v, dv));
        DerivativeAssert.ClosedForm(4 * v[0] * factor + 1, dv[0]);
        DerivativeAssert.ClosedForm(4 * v[5] * factor, dv[5]);
        var direction = v.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        Assert.Equal(value, Recursion.LevelsCallerPushforward(v, direction, out double tangent));
        DerivativeAssert.ClosedForm(dv.Zip(direction, (g, d) => g * d).Sum(), tangent);
    }

    [Fact]
    public void Float_Recursion()
    {
        float x = 1.1f;
        Recursion.PowSingleGradient(x, 6, out float dx);
        double expected = 6 * Math.Pow(x, 5);
        Assert.True(Math.Abs(expected - dx) <= Tolerances.SingleClosedForm * Math.Max(1, expected), $"expected {expected}, got {dx}");
    }

    [Fact]
    public void ExceptionAtTheBottomOfTheRecursion_ThrownByEveryMember()
    {
        // 0.5·2⁴ = 8 ≤ 10: fine, value (x·2ⁿ)², derivative 2x·4ⁿ.
        DerivativeAssert.ClosedForm(64, Recursion.DoublingGradient(0.5, 4, 10, out double dx, out double dlimit));
        DerivativeAssert.ClosedForm(2 * 0.5 * 256, dx);
        Assert.Equal(0, dlimit);

        // 0.5·2⁵ = 16 > 10: the fifth level down throws, in the method and in every member.
        Assert.Throws<ArgumentOutOfRangeException>(() => Recursion.Doubling(0.5, 5, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recursion.DoublingGradient(0.5, 5, 10, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recursion.DoublingPushforward(0.5, 5, 10, 1, 0, out _));
        double xAdjoint = 7, limitAdjoint = 8;
        Assert.Throws<ArgumentOutOfRangeException>(() => Recursion.DoublingPullback(0.5, 5, 10, 1, ref xAdjoint, ref limitAdjoint));
        Assert.Equal(7, xAdjoint); // thrown in the forward sweep, before anything is added
        Assert.Equal(8, limitAdjoint);

        // A wrong index at the bottom: the same IndexOutOfRangeException everywhere.
        double[] w = { 1, 2 };
        Assert.Throws<IndexOutOfRangeException>(() => Recursion.SplitSum(w, 0, 3));
        Assert.Throws<IndexOutOfRangeException>(() => Recursion.SplitSumGradient(w, 0, 3, new double[2]));
        Assert.Throws<IndexOutOfRangeException>(() => Recursion.SplitSumPushforward(w, 0, 3, new double[2], out _));
    }

    [Fact]
    public void DeepRecursion_RunsInEveryMode()
    {
        // 10,000 levels in a thread of 16 MB (1.6 KB a level, several times what a Debug build's
        // frames need). Measured in Release on .NET 10 with 1 MB stacks, the pullback needs 1 to 5
        // times the stack the method needs per level, the pushforward about 3 times (README,
        // "Recursion"). Each level adds a rounding or two, so 10,000 levels stay within 1e-9 relative.
        const int depth = 10_000;
        double x = 1 + 1e-5;
        double gradient = 0, tangent = 0, value = 0;
        var thread = new Thread(() =>
        {
            value = Recursion.PowGradient(x, depth, out gradient);
            Recursion.PowPushforward(x, depth, 1, out tangent);
        }, maxStackSize: 16 << 20);
        thread.Start();
        thread.Join();
        double expected = depth * Math.Pow(x, depth - 1);
        Assert.True(Math.Abs(Math.Pow(x, depth) - value) <= 1e-9 * value);
        Assert.True(Math.Abs(expected - gradient) <= 1e-9 * expected, $"expected {expected}, got {gradient}");
        Assert.True(Math.Abs(expected - tangent) <= 1e-9 * expected, $"expected {expected}, got {tangent}");
    }
}
