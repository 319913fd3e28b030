using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The documented conventions exactly at non-differentiable points, checked against the closed
/// form only (finite differences are meaningless there), in Gradient, Pushforward and Pullback
/// alike, for Math, MathF and the generic-math spellings: Abs'(0) = 0; Max/Min at a tie give 0.5
/// to each argument; Sqrt'(0) = +∞; Pow: ∂/∂x = 0 where y = 0, ∂/∂y = 0 where x = 0 and y ≥ 0;
/// Clamp passes the derivative of x on the closed interval [lo, hi]; the branch taken is
/// differentiated (also for relational switch patterns); step functions have derivative 0 even
/// at their jumps.
/// </summary>
public sealed class KinkConventionTests
{
    private static readonly DiffFn[] Abs =
    {
        DiffFn.Of1(MathDouble.Abs, MathDouble.AbsGradient, MathDouble.AbsPushforward, MathDouble.AbsPullback),
        DiffFn.OfF1(MathSingle.Abs, MathSingle.AbsGradient, MathSingle.AbsPushforward, MathSingle.AbsPullback),
        DiffFn.Of1(GenericDouble.Abs, GenericDouble.AbsGradient, GenericDouble.AbsPushforward, GenericDouble.AbsPullback),
        DiffFn.OfF1(GenericSingle.Abs, GenericSingle.AbsGradient, GenericSingle.AbsPushforward, GenericSingle.AbsPullback),
    };

    private static readonly DiffFn[] Max =
    {
        DiffFn.Of2(MathDouble.Max, MathDouble.MaxGradient, MathDouble.MaxPushforward, MathDouble.MaxPullback),
        DiffFn.OfF2(MathSingle.Max, MathSingle.MaxGradient, MathSingle.MaxPushforward, MathSingle.MaxPullback),
        DiffFn.Of2(GenericDouble.Max, GenericDouble.MaxGradient, GenericDouble.MaxPushforward, GenericDouble.MaxPullback),
        DiffFn.OfF2(GenericSingle.Max, GenericSingle.MaxGradient, GenericSingle.MaxPushforward, GenericSingle.MaxPullback),
    };

    private static readonly DiffFn[] Min =
    {
        DiffFn.Of2(MathDouble.Min, MathDouble.MinGradient, MathDouble.MinPushforward, MathDouble.MinPullback),
        DiffFn.OfF2(MathSingle.Min, MathSingle.MinGradient, MathSingle.MinPushforward, MathSingle.MinPullback),
        DiffFn.Of2(GenericDouble.Min, GenericDouble.MinGradient, GenericDouble.MinPushforward, GenericDouble.MinPullback),
        DiffFn.OfF2(GenericSingle.Min, GenericSingle.MinGradient, GenericSingle.MinPushforward, GenericSingle.MinPullback),
    };

    private static readonly DiffFn[] Sqrt =
    {
        DiffFn.Of1(MathDouble.Sqrt, MathDouble.SqrtGradient, MathDouble.SqrtPushforward, MathDouble.SqrtPullback),
        DiffFn.OfF1(MathSingle.Sqrt, MathSingle.SqrtGradient, MathSingle.SqrtPushforward, MathSingle.SqrtPullback),
        DiffFn.Of1(GenericDouble.Sqrt, GenericDouble.SqrtGradient, GenericDouble.SqrtPushforward, GenericDouble.SqrtPullback),
        DiffFn.OfF1(GenericSingle.Sqrt, GenericSingle.SqrtGradient, GenericSingle.SqrtPushforward, GenericSingle.SqrtPullback),
    };

    private static readonly DiffFn[] Pow =
    {
        DiffFn.Of2(MathDouble.Pow, MathDouble.PowGradient, MathDouble.PowPushforward, MathDouble.PowPullback),
        DiffFn.OfF2(MathSingle.Pow, MathSingle.PowGradient, MathSingle.PowPushforward, MathSingle.PowPullback),
        DiffFn.Of2(GenericDouble.Pow, GenericDouble.PowGradient, GenericDouble.PowPushforward, GenericDouble.PowPullback),
        DiffFn.OfF2(GenericSingle.Pow, GenericSingle.PowGradient, GenericSingle.PowPushforward, GenericSingle.PowPullback),
    };

    private static readonly DiffFn[] Clamp =
    {
        DiffFn.Of3(MathDouble.Clamp, MathDouble.ClampGradient, MathDouble.ClampPushforward, MathDouble.ClampPullback),
        DiffFn.OfF3(MathSingle.Clamp, MathSingle.ClampGradient, MathSingle.ClampPushforward, MathSingle.ClampPullback),
        DiffFn.Of3(GenericDouble.Clamp, GenericDouble.ClampGradient, GenericDouble.ClampPushforward, GenericDouble.ClampPullback),
        DiffFn.OfF3(GenericSingle.Clamp, GenericSingle.ClampGradient, GenericSingle.ClampPushforward, GenericSingle.ClampPullback),
    };

    public static TheoryData<int> Variants => new() { 0, 1, 2, 3 }; // Math, MathF, double., float.

    [Theory]
    [MemberData(nameof(Variants))]
    public void AbsAtZeroIsZero(int variant)
    {
        DerivativeAssert.ClosedForm(Abs[variant], new[] { 0.0 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(Abs[variant], new[] { -0.0 }, new[] { 0.0 });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void MaxAndMinAtATieSplitEvenly(int variant)
    {
        foreach (double t in new[] { -1.0, 0.0, 2.5 })
        {
            DerivativeAssert.ClosedForm(Max[variant], new[] { t, t }, new[] { 0.5, 0.5 });
            DerivativeAssert.ClosedForm(Min[variant], new[] { t, t }, new[] { 0.5, 0.5 });
        }
    }

    [Fact]
    public void MaxAndMinOfTheSameValueHaveDerivativeOne()
    {
        // Max(x, x): both arguments get 0.5 and both are x, so d/dx = 1; the same when the two
        // arguments are an alias of x or two equal expressions (Max(2x, 2x): d/dx = 2). The
        // generated code compares a variable with itself here (CS1718), see BUGS.md #1.
        const string Pending = "AutoDiffGen.NumericTests.Functions.PendingKinks";
        foreach (double x in new[] { -1.0, 0.0, 2.5 })
        {
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "MaxSame"), new[] { x }, new[] { 1.0 });
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "MinSame"), new[] { x }, new[] { 1.0 });
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "MaxSameSingle"), new[] { x }, new[] { 1.0 });
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "MaxOfAlias"), new[] { x }, new[] { 1.0 });
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "MaxOfEqualExpressions"), new[] { x }, new[] { 2.0 });

            // a >= x with a = x is always true: f = x², 2x. a > b with a = b = 2x is always
            // false: f = 2x², 4x.
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "AliasBranch"), new[] { x }, new[] { 2 * x });
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "CseBranch"), new[] { x }, new[] { 4 * x });

            // Clamp(x, x, hi) with x <= hi: x is inside [lo, hi], d/dx = 1 (and nothing as lo).
            DerivativeAssert.ClosedForm(DiffFn.FromReflection(Pending, "ClampLowerSelf"), new[] { x, 3.0 }, new[] { 1.0, 0.0 });
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void SqrtAtZeroIsPositiveInfinity(int variant)
    {
        // At −0 too, where Sqrt returns −0 (trial 28: 0.5/√x gave −∞ there).
        DiffFn sqrt = Sqrt[variant];
        foreach (double zero in new[] { 0.0, -0.0 })
        {
            var g = new double[1];
            Assert.Equal(0.0, sqrt.Gradient(new[] { zero }, g));
            Assert.Equal(double.PositiveInfinity, g[0]);
            Assert.Equal(double.PositiveInfinity, sqrt.Pushforward(new[] { zero }, new[] { 1.0 }).Tangent);
            var adjoint = new double[1];
            sqrt.Pullback(new[] { zero }, 1.0, adjoint);
            Assert.Equal(double.PositiveInfinity, adjoint[0]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void PowAtZeroBaseHasZeroExponentDerivative(int variant)
    {
        // x = 0, y ≥ 0: ∂/∂y = 0 (not 0^y·ln 0 = NaN); ∂/∂x = y·0^(y−1) as usual, and 0 at y = 0.
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 3.0 }, new[] { 0.0, 0.0 });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 2.0 }, new[] { 0.0, 0.0 });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 0.5 }, new[] { double.PositiveInfinity, 0.0 });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void PowWithZeroExponentHasZeroBaseDerivative(int variant)
    {
        // y = 0: ∂/∂x = 0 for every x (not 0·x^(−1) = NaN at x = 0); ∂/∂y = x^0·ln x = ln x for x > 0.
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.5, 0.0 }, new[] { 0.0, Math.Log(0.5) });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 3.0, 0.0 }, new[] { 0.0, Math.Log(3.0) });
        DerivativeAssert.ClosedForm(Pow[variant], new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 });

        // Negative base: ∂/∂y is NaN (ln of a negative number, no convention), but ∂/∂x is 0.
        var g = new double[2];
        Pow[variant].Gradient(new[] { -2.0, 0.0 }, g);
        Assert.Equal(0.0, g[0]);
    }

    [Fact]
    public void PowWithConstantExponentAtZero()
    {
        double value = MathDouble.PowConstantExponentGradient(0, out double dx);
        Assert.Equal(0.0, value);
        Assert.Equal(0.0, dx);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void ClampAtItsBoundsPassesTheDerivativeOfX(int variant)
    {
        // Closed interval: at x = lo and at x = hi, d/dx = 1 and d/dlo = d/dhi = 0.
        DerivativeAssert.ClosedForm(Clamp[variant], new[] { -1.0, -1.0, 2.0 }, new[] { 1.0, 0.0, 0.0 });
        DerivativeAssert.ClosedForm(Clamp[variant], new[] { 2.0, -1.0, 2.0 }, new[] { 1.0, 0.0, 0.0 });

        // Just outside, the bound takes over.
        DerivativeAssert.ClosedForm(Clamp[variant], new[] { -1.5, -1.0, 2.0 }, new[] { 0.0, 1.0, 0.0 });
        DerivativeAssert.ClosedForm(Clamp[variant], new[] { 2.5, -1.0, 2.0 }, new[] { 0.0, 0.0, 1.0 });
    }

    [Fact]
    public void TheBranchTakenAtTheBoundaryIsDifferentiated()
    {
        // x > 0 ? 3x² + 2x : −x at x = 0 takes the else branch: −1 (not 2).
        DerivativeAssert.ClosedForm(DiffFn.Of1(Kinks.BranchAtBoundary, Kinks.BranchAtBoundaryGradient, Kinks.BranchAtBoundaryPushforward, Kinks.BranchAtBoundaryPullback), new[] { 0.0 }, new[] { -1.0 });

        // x >= 0 ? 5x : −x at x = 0 takes the then branch: 5.
        DerivativeAssert.ClosedForm(DiffFn.Of1(Kinks.GreaterOrEqualAtBoundary, Kinks.GreaterOrEqualAtBoundaryGradient, Kinks.GreaterOrEqualAtBoundaryPushforward, Kinks.GreaterOrEqualAtBoundaryPullback), new[] { 0.0 }, new[] { 5.0 });

        // x switch { < −1 => −x², < 1 => x³, < 3 => 2x, _ => ln x }: at −1 the "< 1" arm (3x² = 3),
        // at 1 the "< 3" arm (2), at 3 the discard arm (1/3).
        var relational = DiffFn.Of1(ControlFlow.SwitchExpressionRelational, ControlFlow.SwitchExpressionRelationalGradient, ControlFlow.SwitchExpressionRelationalPushforward, ControlFlow.SwitchExpressionRelationalPullback);
        DerivativeAssert.ClosedForm(relational, new[] { -1.0 }, new[] { 3.0 });
        DerivativeAssert.ClosedForm(relational, new[] { 1.0 }, new[] { 2.0 });
        DerivativeAssert.ClosedForm(relational, new[] { 3.0 }, new[] { 1.0 / 3.0 });

        // switch (x) { case < 0: −x; case <= 2: x²; default: 4x − 4 }: at 0 → 2x = 0, at 2 → 4.
        var statement = DiffFn.Of1(ControlFlow.SwitchStatementRelational, ControlFlow.SwitchStatementRelationalGradient, ControlFlow.SwitchStatementRelationalPushforward, ControlFlow.SwitchStatementRelationalPullback);
        DerivativeAssert.ClosedForm(statement, new[] { 0.0 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(statement, new[] { 2.0 }, new[] { 4.0 });

        // Comparisons at x == y = 1.5: x >= 1 adds x², y != 0 adds xy, x == y adds a constant,
        // x < y is false: (2x + y, x).
        var comparisons = DiffFn.Of2(ControlFlow.Comparisons, ControlFlow.ComparisonsGradient, ControlFlow.ComparisonsPushforward, ControlFlow.ComparisonsPullback);
        DerivativeAssert.ClosedForm(comparisons, new[] { 1.5, 1.5 }, new[] { 4.5, 1.5 });

        // At y == 0 the y != 0 branch is not taken: x = 0.5 adds nothing else, so (0, 0).
        DerivativeAssert.ClosedForm(comparisons, new[] { 0.5, 0.0 }, new[] { 0.0, 0.0 });

        // Float: IfElseChain at x == y takes the "else if"/"else" side (x < −y false → x + 3y).
        var single = DiffFn.OfF2(ControlFlowSingle.IfElseChain, ControlFlowSingle.IfElseChainGradient, ControlFlowSingle.IfElseChainPushforward, ControlFlowSingle.IfElseChainPullback);
        DerivativeAssert.ClosedForm(single, new[] { 1.0, 1.0 }, new[] { 1.0, 3.0 });
    }

    [Fact]
    public void StepFunctionsHaveZeroDerivativeAtTheirJumps()
    {
        // x² + step(x) exactly at a jump of the step: 2x.
        var cases = new (DiffFn Fn, double X)[]
        {
            (DiffFn.Of1(MathDoubleSteps.Floor, MathDoubleSteps.FloorGradient, MathDoubleSteps.FloorPushforward, MathDoubleSteps.FloorPullback), 2.0),
            (DiffFn.Of1(MathDoubleSteps.Ceiling, MathDoubleSteps.CeilingGradient, MathDoubleSteps.CeilingPushforward, MathDoubleSteps.CeilingPullback), -1.0),
            (DiffFn.Of1(MathDoubleSteps.Round, MathDoubleSteps.RoundGradient, MathDoubleSteps.RoundPushforward, MathDoubleSteps.RoundPullback), 0.5),
            (DiffFn.Of1(MathDoubleSteps.Truncate, MathDoubleSteps.TruncateGradient, MathDoubleSteps.TruncatePushforward, MathDoubleSteps.TruncatePullback), 3.0),
            (DiffFn.Of1(MathDoubleSteps.Sign, MathDoubleSteps.SignGradient, MathDoubleSteps.SignPushforward, MathDoubleSteps.SignPullback), 0.0),
            (DiffFn.OfF1(MathSingleSteps.Floor, MathSingleSteps.FloorGradient, MathSingleSteps.FloorPushforward, MathSingleSteps.FloorPullback), 2.0),
            (DiffFn.OfF1(MathSingleSteps.Round, MathSingleSteps.RoundGradient, MathSingleSteps.RoundPushforward, MathSingleSteps.RoundPullback), 1.5),
            (DiffFn.OfF1(MathSingleSteps.Sign, MathSingleSteps.SignGradient, MathSingleSteps.SignPushforward, MathSingleSteps.SignPullback), 0.0),
            (DiffFn.Of1(GenericDoubleSteps.Ceiling, GenericDoubleSteps.CeilingGradient, GenericDoubleSteps.CeilingPushforward, GenericDoubleSteps.CeilingPullback), 1.0),
            (DiffFn.Of1(GenericDoubleSteps.Sign, GenericDoubleSteps.SignGradient, GenericDoubleSteps.SignPushforward, GenericDoubleSteps.SignPullback), 0.0),
            (DiffFn.OfF1(GenericSingleSteps.Truncate, GenericSingleSteps.TruncateGradient, GenericSingleSteps.TruncatePushforward, GenericSingleSteps.TruncatePullback), -2.0),
        };
        foreach (var (fn, x) in cases)
        {
            DerivativeAssert.ClosedForm(fn, new[] { x }, new[] { 2 * x });
        }

        // Sign(x)·x = |x|: derivative Sign(x) (the Sign factor contributes 0), 0 at x = 0.
        var signTimesX = DiffFn.Of1(Kinks.SignTimesX, Kinks.SignTimesXGradient, Kinks.SignTimesXPushforward, Kinks.SignTimesXPullback);
        DerivativeAssert.ClosedForm(signTimesX, new[] { 0.0 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(signTimesX, new[] { 2.0 }, new[] { 1.0 });
        DerivativeAssert.ClosedForm(signTimesX, new[] { -2.0 }, new[] { -1.0 });
    }

    [Fact]
    public void PiecewiseConstantResultsHaveZeroDerivative()
    {
        // Compiles only once no ADG0009 is reported for these (see BUGS.md #2).
        const string Pending = "AutoDiffGen.NumericTests.Functions.PendingKinks";
        var floor = DiffFn.FromReflection(Pending, "FloorOnly");
        DerivativeAssert.ClosedForm(floor, new[] { 1.5 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(floor, new[] { 2.0 }, new[] { 0.0 });
        var sign = DiffFn.FromReflection(Pending, "SignResult");
        DerivativeAssert.ClosedForm(sign, new[] { 1.5 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(sign, new[] { -1.5 }, new[] { 0.0 });
    }

    [Fact(Skip = "generator bug: see BUGS.md #5")]
    public void StepFunctionOnlyInAConditionNeedsNoWarning()
    {
        // Compiles (without a pragma) only once no ADG0008 is reported for it (see BUGS.md #5).
        var fn = DiffFn.FromReflection("AutoDiffGen.NumericTests.Functions.PendingDiagnostics", "StepOnlyInCondition");
        DerivativeAssert.ClosedForm(fn, new[] { 3.5 }, new[] { 7.0 });
        DerivativeAssert.ClosedForm(fn, new[] { 1.5 }, new[] { 1.0 });
    }
}
