using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Tuple locals (named elements and ItemN), deconstruction into new locals (var (a, b) = …),
/// deconstruction assignment into existing locals (including a swap), a tuple mixing an active
/// double with an inactive int, typed declarations with a discard, and a float version
/// (Functions/Tuples.cs).
/// </summary>
public sealed class TupleTests
{
    public static readonly CaseTable Cases = new()
    {
        // a = xy, b = x + y: f = xy(x + y).
        { "DeconstructDeclaration", DiffFn.Of2(Tuples.DeconstructDeclaration, Tuples.DeconstructDeclarationGradient, Tuples.DeconstructDeclarationPushforward, Tuples.DeconstructDeclarationPullback), Domain.Box((-5, 5), (-5, 5)), Product },
        // (x + y)² − xy.
        { "TupleLocal", DiffFn.Of2(Tuples.TupleLocal, Tuples.TupleLocalGradient, Tuples.TupleLocalPushforward, Tuples.TupleLocalPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * (p[0] + p[1]) - p[1], 2 * (p[0] + p[1]) - p[0] } },
        // After the swap a = y, b = x: f = y²x.
        { "DeconstructAssignmentSwap", DiffFn.Of2(Tuples.DeconstructAssignmentSwap, Tuples.DeconstructAssignmentSwapGradient, Tuples.DeconstructAssignmentSwapPushforward, Tuples.DeconstructAssignmentSwapPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1] * p[1], 2 * p[0] * p[1] } },
        // 2x + yx.
        { "TupleItems", DiffFn.Of2(Tuples.TupleItems, Tuples.TupleItemsGradient, Tuples.TupleItemsPushforward, Tuples.TupleItemsPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 + p[1], p[0] } },
        // n = 3: f = 4x².
        { "DeconstructWithInt", DiffFn.Of1(x => Tuples.DeconstructWithInt(x, 3), (double x, out double d) => Tuples.DeconstructWithIntGradient(x, 3, out d), (double x, double t, out double r) => Tuples.DeconstructWithIntPushforward(x, 3, t, out r), (double x, double s, ref double a) => Tuples.DeconstructWithIntPullback(x, 3, s, ref a)), Domain.Box((-5, 5)), p => new[] { 8 * p[0] } },
        // sin x + xy·y.
        { "DeconstructTypedAndDiscard", DiffFn.Of2(Tuples.DeconstructTypedAndDiscard, Tuples.DeconstructTypedAndDiscardGradient, Tuples.DeconstructTypedAndDiscardPushforward, Tuples.DeconstructTypedAndDiscardPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { Math.Cos(p[0]) + p[1] * p[1], 2 * p[0] * p[1] } },
        { "DeconstructSingle", DiffFn.OfF2(Tuples.DeconstructSingle, Tuples.DeconstructSingleGradient, Tuples.DeconstructSinglePushforward, Tuples.DeconstructSinglePullback), Domain.Box((-3, 3), (-3, 3)), Product },
        // a = xy + 1, b = y + x: f = (xy + 1)(x + y).
        { "ElementWrites", DiffFn.Of2(Tuples.ElementWrites, Tuples.ElementWritesGradient, Tuples.ElementWritesPushforward, Tuples.ElementWritesPullback), Domain.Box((-5, 5), (-5, 5)), ElementWritesClosedForm },
        { "ElementWritesSingle", DiffFn.OfF2(Tuples.ElementWritesSingle, Tuples.ElementWritesSingleGradient, Tuples.ElementWritesSinglePushforward, Tuples.ElementWritesSinglePullback), Domain.Box((-3, 3), (-3, 3)), ElementWritesClosedForm },
        // (x, xy) swapped: xy − 2x.
        { "ElementsAssignedOneByOne", DiffFn.Of2(Tuples.ElementsAssignedOneByOne, Tuples.ElementsAssignedOneByOneGradient, Tuples.ElementsAssignedOneByOnePushforward, Tuples.ElementsAssignedOneByOnePullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1] - 2, p[0] } },
        // x > y: x²y; else xy².
        { "ElementWriteInBranch", DiffFn.Of2(Tuples.ElementWriteInBranch, Tuples.ElementWriteInBranchGradient, Tuples.ElementWriteInBranchPushforward, Tuples.ElementWriteInBranchPullback), Domain.Box((-5, 5), (-5, 5)).Where(p => Math.Abs(p[0] - p[1]) > 1e-2), p => p[0] > p[1] ? new[] { 2 * p[0] * p[1], p[0] * p[0] } : new[] { p[1] * p[1], 2 * p[0] * p[1] } },
        // n = 3: x³ + x.
        { "ElementWritesInLoop", DiffFn.Of1(x => Tuples.ElementWritesInLoop(x, 3), (double x, out double d) => Tuples.ElementWritesInLoopGradient(x, 3, out d), (double x, double t, out double r) => Tuples.ElementWritesInLoopPushforward(x, 3, t, out r), (double x, double s, ref double a) => Tuples.ElementWritesInLoopPullback(x, 3, s, ref a)), Domain.Box((-3, 3)), p => new[] { 3 * p[0] * p[0] + 1 } },
        // (x, y) → (y, x + y) → (x + y, x + 2y) → (x + 2y, 2x + 3y): f = (x + 2y)(2x + 3y).
        { "TupleAssignedInLoop", DiffFn.Of2(Tuples.TupleAssignedInLoop, Tuples.TupleAssignedInLoopGradient, Tuples.TupleAssignedInLoopPushforward, Tuples.TupleAssignedInLoopPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 4 * p[0] + 7 * p[1], 7 * p[0] + 12 * p[1] } },
        // 2 + 3·x·xy = 2 + 3x²y.
        { "NestedElementWrites", DiffFn.Of2(Tuples.NestedElementWrites, Tuples.NestedElementWritesGradient, Tuples.NestedElementWritesPushforward, Tuples.NestedElementWritesPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { 6 * p[0] * p[1], 3 * p[0] * p[0] } },
        // (3x)·1.5·x = 4.5x².
        { "ElementWriteOfCallResult", DiffFn.Of1(Tuples.ElementWriteOfCallResult, Tuples.ElementWriteOfCallResultGradient, Tuples.ElementWriteOfCallResultPushforward, Tuples.ElementWriteOfCallResultPullback), Domain.Box((-5, 5)), p => new[] { 9 * p[0] } },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Fact]
    public void DeconstructingAnInactiveCallResult()
    {
        // var (p, q) = Pair(3) with Pair(n) = (n, n/2): f = 3x + 1.5x².
        var fn = DiffFn.FromReflection("AutoDiffGen.NumericTests.Functions.PendingTuples", "TupleFromHelper");
        DerivativeAssert.ClosedForm(fn, new[] { 1.5 }, new[] { 3 + 3 * 1.5 });
    }

    [Fact]
    public void NestedDeconstruction()
    {
        // var (a, (b, c)) = (x, (y, xy)): f = ab + c = 2xy.
        var fn = DiffFn.FromReflection("AutoDiffGen.NumericTests.Functions.PendingTuples", "NestedTuple");
        DerivativeAssert.ClosedForm(fn, new[] { 1.5, -2.0 }, new[] { -4.0, 3.0 });
    }

    private static double[] ElementWritesClosedForm(double[] p)
    {
        double x = p[0], y = p[1];
        return new[] { y * (x + y) + x * y + 1, x * (x + y) + x * y + 1 };
    }

    private static double[] Product(double[] p) => new[] { 2 * p[0] * p[1] + p[1] * p[1], p[0] * p[0] + 2 * p[0] * p[1] };
}
