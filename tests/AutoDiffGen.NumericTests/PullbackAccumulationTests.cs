using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Pullback semantics: it ADDS seed·∂f/∂xᵢ into the ref adjoints. Calling it twice doubles the
/// gradient, non-zero starting adjoints are kept, seed 0 leaves them unchanged, the seed scales
/// linearly, and an unused parameter's adjoint is untouched. Covers shapes where an
/// implementation could assign instead of add (Functions/Accumulation.cs): a parameter returned
/// directly, an unused parameter, a parameter used several times, a parameter returned from a
/// branch; plus functions with locals, branches, tuples and a [NoDerivative] parameter.
/// </summary>
public sealed class PullbackAccumulationTests
{
    public static readonly CaseTable Cases = new()
    {
        { "Design.F", DiffFn.Of2(Design.F, Design.FGradient, Design.FPushforward, Design.FPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 6 * p[0] * p[1], 3 * p[0] * p[0] } },
        { "Identity", DiffFn.Of1(Accumulation.Identity, Accumulation.IdentityGradient, Accumulation.IdentityPushforward, Accumulation.IdentityPullback), Domain.Box((-5, 5)), p => new[] { 1.0 } },
        { "Projection", DiffFn.Of2(Accumulation.Projection, Accumulation.ProjectionGradient, Accumulation.ProjectionPushforward, Accumulation.ProjectionPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 0.0, 1.0 } },
        { "FanOut", DiffFn.Of1(Accumulation.FanOut, Accumulation.FanOutGradient, Accumulation.FanOutPushforward, Accumulation.FanOutPullback), Domain.Box((-5, 5)), p => new[] { 1 + 2 * p[0] + 3 * p[0] * p[0] } },
        { "ParameterFromBranch", DiffFn.Of2(Accumulation.ParameterFromBranch, Accumulation.ParameterFromBranchGradient, Accumulation.ParameterFromBranchPushforward, Accumulation.ParameterFromBranchPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-3), p => p[0] > p[1] ? new[] { 1.0, 0 } : new[] { 0, 2 * p[1] } },
        { "IdentitySingle", DiffFn.OfF1(Accumulation.IdentitySingle, Accumulation.IdentitySingleGradient, Accumulation.IdentitySinglePushforward, Accumulation.IdentitySinglePullback), Domain.Box((-5, 5)), p => new[] { 1.0 } },
        { "EarlyReturns", DiffFn.Of2(ControlFlow.EarlyReturns, ControlFlow.EarlyReturnsGradient, ControlFlow.EarlyReturnsPushforward, ControlFlow.EarlyReturnsPullback), Domain.Box((-3, 3), (-3, 3)), null },
        { "DeconstructAssignmentSwap", DiffFn.Of2(Tuples.DeconstructAssignmentSwap, Tuples.DeconstructAssignmentSwapGradient, Tuples.DeconstructAssignmentSwapPushforward, Tuples.DeconstructAssignmentSwapPullback), Domain.Box((-5, 5), (-5, 5)), null },
        { "CompoundAssignment", DiffFn.Of2(Operators.CompoundAssignment, Operators.CompoundAssignmentGradient, Operators.CompoundAssignmentPushforward, Operators.CompoundAssignmentPullback), Domain.Box((-3, 3), (-3, 3)), null },
        { "Clamp", DiffFn.Of3(MathDouble.Clamp, MathDouble.ClampGradient, MathDouble.ClampPushforward, MathDouble.ClampPullback), Domain.Box((-8, 8), (-5, -1), (1, 5)), null },
        { "Single.Composite", DiffFn.OfF2(OperatorsSingle.Composite, OperatorsSingle.CompositeGradient, OperatorsSingle.CompositePushforward, OperatorsSingle.CompositePullback), Domain.Box((-2, 2), (-2, 2)), null },
    };

    public static TheoryData<string> Names => Cases.Names();

    /// <summary>Reference gradient: the closed form where given, else the generated Gradient (checked elsewhere).</summary>
    private static double[] Reference(Case c, double[] x)
    {
        if (c.Gradient is not null)
        {
            return c.Gradient(x);
        }

        var g = new double[x.Length];
        c.Fn.Gradient(x, g);
        return g;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void CallingTwiceAccumulatesTwice(string name)
    {
        var c = Cases.Get(name);
        c.Domain.ForAll(point =>
        {
            double[] x = c.Fn.Representable(point);
            double[] g = Reference(c, x);
            var adjoints = new double[x.Length];
            c.Fn.Pullback(x, 1, adjoints);
            c.Fn.Pullback(x, 1, adjoints);
            for (int i = 0; i < x.Length; i++)
            {
                DerivativeAssert.Close(2 * g[i], adjoints[i], Tolerance(c), $"{name}: adjoint {i} after two pullbacks at {DerivativeAssert.Format(x)}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AddsSeedTimesGradientOntoArbitraryAdjoints(string name)
    {
        var c = Cases.Get(name);
        // Seeds and starting adjoints are multiples of 1/4 below 10 in magnitude, exactly
        // representable in float, so the expected sum is not blurred by rounding of the inputs.
        var quarter = Gen.Int[-40, 40].Select(k => k / 4.0);
        Gen.Select(c.Domain, quarter, quarter.Array[c.Fn.Arity]).Sample(
            (point, seed, initial) =>
            {
                double[] x = c.Fn.Representable(point);
                double[] g = Reference(c, x);
                var adjoints = (double[])initial.Clone();
                c.Fn.Pullback(x, seed, adjoints);
                for (int i = 0; i < x.Length; i++)
                {
                    DerivativeAssert.Close(initial[i] + seed * g[i], adjoints[i], Tolerance(c), $"{name}: adjoint {i} (initial {initial[i]}, seed {seed}) at {DerivativeAssert.Format(x)}", Math.Abs(initial[i]) + Math.Abs(seed * g[i]));
                }
            },
            iter: Tolerances.Iterations);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SeedZeroLeavesAdjointsUnchanged(string name)
    {
        var c = Cases.Get(name);
        c.Domain.ForAll(point =>
        {
            double[] x = c.Fn.Representable(point);
            var adjoints = new[] { 1.25, -7.5, 3.0 }[..x.Length];
            var before = (double[])adjoints.Clone();
            c.Fn.Pullback(x, 0, adjoints);
            Assert.Equal(before, adjoints);
        });
    }

    [Fact]
    public void DesignExampleAccumulatesExactly()
    {
        // The README example at (2, 3), ∇f = (36, 12), with explicit ref variables.
        double xAdj = 10, yAdj = -3;
        Design.FPullback(2, 3, 0.5, ref xAdj, ref yAdj);
        Assert.Equal(10 + 0.5 * 36, xAdj);
        Assert.Equal(-3 + 0.5 * 12, yAdj);
        Design.FPullback(2, 3, 0.5, ref xAdj, ref yAdj);
        Assert.Equal(10 + 36.0, xAdj);
        Assert.Equal(-3 + 12.0, yAdj);
    }

    [Fact]
    public void UnusedParameterAdjointIsUntouched()
    {
        double xAdj = 42, yAdj = 1;
        Accumulation.ProjectionPullback(3, 4, 2, ref xAdj, ref yAdj);
        Assert.Equal(42.0, xAdj);
        Assert.Equal(3.0, yAdj);
    }

    [Fact]
    public void SameVariableAsTwoAdjointsAccumulatesBoth()
    {
        // Passing one variable for both ref adjoints: both contributions land in it.
        double shared = 1;
        Design.FPullback(2, 3, 1, ref shared, ref shared);
        Assert.Equal(1 + 36 + 12.0, shared);
    }

    // The pullback is compared with the closed form (or the generated gradient) at the same
    // point, so the closed-form tolerances apply (see Tolerances).
    private static double Tolerance(Case c) => c.Fn.IsSingle ? Tolerances.SingleClosedForm : Tolerances.DoubleClosedForm;
}
