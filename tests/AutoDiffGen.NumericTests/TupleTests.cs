using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
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

    private static double[] Product(double[] p) => new[] { 2 * p[0] * p[1] + p[1] * p[1], p[0] * p[0] + 2 * p[0] * p[1] };
}
