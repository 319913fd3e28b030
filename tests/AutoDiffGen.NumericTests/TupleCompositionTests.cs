using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;
using static AutoDiffGen.NumericTests.Support.TupleElements;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Calls to vector-valued [Differentiable] methods (Functions/TupleComposition.cs): deconstructed,
/// held in a tuple local, one element read off the call, inactive arguments, unused elements and
/// calls whose result is dropped, inside loops (also loop-carried) and branches, an element written
/// after the call, float, and vector-valued methods that compose them (their Jacobians, pushforwards
/// and pullbacks); closed forms and central finite differences. Pair(x, y) = (xy, x + sin y).
/// </summary>
public sealed class TupleCompositionTests
{
    public static readonly CaseTable Cases = new()
    {
        // xy(x + sin y).
        { "Deconstructed", DiffFn.Of2(TupleComposition.Deconstructed, TupleComposition.DeconstructedGradient, TupleComposition.DeconstructedPushforward, TupleComposition.DeconstructedPullback), Domain.Box((-3, 3), (-3, 3)), Deconstructed },
        { "DeconstructedSingle", DiffFn.OfF2(TupleComposition.DeconstructedSingle, TupleComposition.DeconstructedSingleGradient, TupleComposition.DeconstructedSinglePushforward, TupleComposition.DeconstructedSinglePullback), Domain.Box((-2, 2), (-2, 2)), Deconstructed },
        // xy + (x + sin y)².
        { "TupleLocal", DiffFn.Of2(TupleComposition.TupleLocal, TupleComposition.TupleLocalGradient, TupleComposition.TupleLocalPushforward, TupleComposition.TupleLocalPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { p[1] + 2 * (p[0] + Math.Sin(p[1])), p[0] + 2 * (p[0] + Math.Sin(p[1])) * Math.Cos(p[1]) } },
        // xy + y + sin x.
        { "ElementOfCall", DiffFn.Of2(TupleComposition.ElementOfCall, TupleComposition.ElementOfCallGradient, TupleComposition.ElementOfCallPushforward, TupleComposition.ElementOfCallPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { p[1] + Math.Cos(p[0]), p[0] + 1 } },
        // 2x(3 + sin y).
        { "InactiveArguments", DiffFn.Of2(TupleComposition.InactiveArguments, TupleComposition.InactiveArgumentsGradient, TupleComposition.InactiveArgumentsPushforward, TupleComposition.InactiveArgumentsPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { 2 * (3 + Math.Sin(p[1])), 2 * p[0] * Math.Cos(p[1]) } },
        // xy + 2x.
        { "UnusedElements", DiffFn.Of2(TupleComposition.UnusedElements, TupleComposition.UnusedElementsGradient, TupleComposition.UnusedElementsPushforward, TupleComposition.UnusedElementsPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { p[1] + 2, p[0] } },
        // Σᵢ xy + i(x + sin y) over i < 3 = 3xy + 3(x + sin y).
        { "InLoop", DiffFn.Of2(TupleComposition.InLoop, TupleComposition.InLoopGradient, TupleComposition.InLoopPushforward, TupleComposition.InLoopPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { 3 * p[1] + 3, 3 * p[0] + 3 * Math.Cos(p[1]) } },
        // xy².
        { "CarriedThroughLoop", DiffFn.Of2(TupleComposition.CarriedThroughLoop, TupleComposition.CarriedThroughLoopGradient, TupleComposition.CarriedThroughLoopPushforward, TupleComposition.CarriedThroughLoopPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { p[1] * p[1], 2 * p[0] * p[1] } },
        // x > y: xy − x − sin y; else xy.
        { "InBranch", DiffFn.Of2(TupleComposition.InBranch, TupleComposition.InBranchGradient, TupleComposition.InBranchPushforward, TupleComposition.InBranchPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Math.Abs(p[0] - p[1]) > 1e-2), p => p[0] > p[1] ? new[] { p[1] - 1, p[0] - Math.Cos(p[1]) } : new[] { p[1], p[0] } },
        // xy(x + sin y).
        { "ElementWrittenAfterTheCall", DiffFn.Of2(TupleComposition.ElementWrittenAfterTheCall, TupleComposition.ElementWrittenAfterTheCallGradient, TupleComposition.ElementWrittenAfterTheCallPushforward, TupleComposition.ElementWrittenAfterTheCallPullback), Domain.Box((-3, 3), (-3, 3)), Deconstructed },
    };

    public static readonly VectorCaseTable VectorCases = BuildVectorCases();

    public static TheoryData<string> Names => Cases.Names();

    public static TheoryData<string> VectorNames => VectorCases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VectorMatchesClosedForm(string name) => VectorCases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void VectorMatchesFiniteDifferences(string name) => VectorCases.RunFiniteDifferences(name);

    private static double[] Deconstructed(double[] p)
    {
        double x = p[0], y = p[1], a = x * y, b = x + Math.Sin(y);
        return new[] { y * b + a, x * b + a * Math.Cos(y) };
    }

    private static VectorCaseTable BuildVectorCases()
    {
        var t = new VectorCaseTable();
        // (x + sin y, 2xy): [[1, cos y], [2y, 2x]].
        t.Add("Rotated", new VectorFn(2, 2, false, JacobianLayout.Numerator,
            x => Elements(TupleComposition.Rotated(x[0], x[1])),
            (x, j) => Elements(TupleComposition.RotatedJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(TupleComposition.RotatedPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(TupleComposition.RotatedPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)), p => new[] { 1, Math.Cos(p[1]), 2 * p[1], 2 * p[0] });

        // (ab, b + sin a), a = xy, b = x + sin y: row 1 = b∇a + a∇b, row 2 = ∇b + cos a·∇a.
        t.Add("PairOfPair", new VectorFn(2, 2, false, JacobianLayout.Numerator,
            x => Elements(TupleComposition.PairOfPair(x[0], x[1])),
            (x, j) => Elements(TupleComposition.PairOfPairJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(TupleComposition.PairOfPairPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(TupleComposition.PairOfPairPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-2, 2), (-2, 2)), p =>
            {
                double x = p[0], y = p[1], a = x * y, b = x + Math.Sin(y);
                double ax = y, ay = x, bx = 1, by = Math.Cos(y);
                return new[] { b * ax + a * bx, b * ay + a * by, bx + Math.Cos(a) * ax, by + Math.Cos(a) * ay };
            });
        return t;
    }
}
