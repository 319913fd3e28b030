using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// if / else if / else, if without else, ?: (also nested), && || !, every comparison operator,
/// bool locals, early returns from nested blocks, switch statements over int, enum, bool and
/// relational patterns (with fall-through labels, a return inside a case and default), switch
/// expressions over int, enum, bool and relational patterns, including one on an active local
/// (Functions/ControlFlow.cs). The derivative is that of the branch taken: every case's domain
/// spans all its branches and keeps a margin from every branch boundary (1e-3 in double, more in
/// float) so that finite differences do not straddle one; <see cref="EachBranch"/> additionally
/// pins one point inside every branch so that no branch depends on the random draw.
/// </summary>
public sealed class ControlFlowTests
{
    private const double Margin = 1e-3;

    // The float finite-difference step is up to 4.9e-3·3 ≈ 0.015 on these domains (and moves a
    // product xy by up to 0.045), so float cases keep 0.1 from every boundary.
    private const double SingleMargin = 0.1;

    public static readonly CaseTable Cases = Build();

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Theory]
    [InlineData("IfElseChain", 2.0, 1.0)] // x > y
    [InlineData("IfElseChain", -2.0, 1.0)] // x < −y
    [InlineData("IfElseChain", 0.5, 1.0)] // else
    [InlineData("IfWithoutElse", 2.0, 3.0)]
    [InlineData("IfWithoutElse", 0.5, 3.0)]
    [InlineData("Ternary", 1.5, 2.0)]
    [InlineData("Ternary", -1.5, 2.0)]
    [InlineData("NestedTernary", 2.0, 1.0)]
    [InlineData("NestedTernary", -1.0, -2.0)]
    [InlineData("NestedTernary", 1.0, 2.0)]
    [InlineData("NestedTernary", -2.0, -1.0)]
    [InlineData("Logical", 1.0, 1.0)] // x > 0 && y > 0
    [InlineData("Logical", -2.0, 1.0)] // !(x > −1)
    [InlineData("Logical", 1.0, -1.0)] // neither
    [InlineData("Logical", -0.5, 1.0)] // neither
    [InlineData("Comparisons", 2.0, 3.0)] // x >= 1, y != 0, x < y
    [InlineData("Comparisons", -2.0, -3.0)] // x <= −1, x > y
    [InlineData("Comparisons", 0.5, 0.25)] // only y != 0, x > y
    [InlineData("BoolLocals", 2.0, 1.0)] // both
    [InlineData("BoolLocals", 0.5, -1.0)] // !positive
    [InlineData("BoolLocals", 0.5, 1.0)] // neither
    [InlineData("NestedBranchesSharedAdjoint", 2.0, 1.0)]
    [InlineData("NestedBranchesSharedAdjoint", 2.0, -1.0)]
    [InlineData("NestedBranchesSharedAdjoint", -2.0, 1.0)]
    [InlineData("EarlyReturns", 2.0, 1.0)] // return x·x
    [InlineData("EarlyReturns", 2.0, 3.0)] // return t·t
    [InlineData("EarlyReturns", 0.5, 1.0)] // falls through to x + y
    [InlineData("EarlyReturns", 2.0, -1.0)] // return y·y·x
    [InlineData("EarlyReturns", -2.0, 1.0)] // x + y
    [InlineData("EarlyReturnThenContinue", 2.5)]
    [InlineData("EarlyReturnThenContinue", -1.5)]
    [InlineData("EarlyReturnThenContinue", -0.5)]
    [InlineData("EarlyReturnThenContinue", 0.5)]
    [InlineData("SwitchStatementRelational", -1.0)]
    [InlineData("SwitchStatementRelational", 1.0)]
    [InlineData("SwitchStatementRelational", 3.0)]
    [InlineData("SwitchExpressionRelational", -2.0)]
    [InlineData("SwitchExpressionRelational", 0.5)]
    [InlineData("SwitchExpressionRelational", 2.0)]
    [InlineData("SwitchExpressionRelational", 4.0)]
    [InlineData("SwitchExpressionOnActiveLocal", 1.0, 2.0)]
    [InlineData("SwitchExpressionOnActiveLocal", 2.0, 1.0)]
    [InlineData("Single.IfElseChain", 2.0, 1.0)]
    [InlineData("Single.IfElseChain", -2.0, 1.0)]
    [InlineData("Single.IfElseChain", 0.5, 1.0)]
    [InlineData("Single.SwitchExpressionRelational", -2.0)]
    [InlineData("Single.SwitchExpressionRelational", 0.5)]
    [InlineData("Single.SwitchExpressionRelational", 2.0)]
    [InlineData("Single.SwitchExpressionRelational", 4.0)]
    [InlineData("Single.EarlyReturns", 2.0, 1.0)]
    [InlineData("Single.EarlyReturns", 2.0, 3.0)]
    [InlineData("Single.EarlyReturns", 0.5, 1.0)]
    [InlineData("Single.EarlyReturns", 2.0, -1.0)]
    [InlineData("Single.EarlyReturns", -2.0, 1.0)]
    public void EachBranch(string name, params double[] point)
    {
        var c = Cases.Get(name);
        DerivativeAssert.ClosedForm(c.Fn, point, c.Gradient!(c.Fn.Representable(point)));
        DerivativeAssert.FiniteDifferences(c.Fn, point);
    }

    private static CaseTable Build()
    {
        var t = new CaseTable
        {
            { "IfElseChain", DiffFn.Of2(ControlFlow.IfElseChain, ControlFlow.IfElseChainGradient, ControlFlow.IfElseChainPushforward, ControlFlow.IfElseChainPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] - p[1], p[0] + p[1])), IfElseChain },
            { "IfWithoutElse", DiffFn.Of2(ControlFlow.IfWithoutElse, ControlFlow.IfWithoutElseGradient, ControlFlow.IfWithoutElsePushforward, ControlFlow.IfWithoutElsePullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] - 1)), p => p[0] > 1 ? new[] { 2 * p[0] * p[1], p[0] * p[0] + 1 } : new[] { p[1], p[0] + 1 } },
            { "Ternary", DiffFn.Of2(ControlFlow.Ternary, ControlFlow.TernaryGradient, ControlFlow.TernaryPushforward, ControlFlow.TernaryPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0])), p => p[0] > 0 ? new[] { p[1], p[0] } : new[] { 1, -2 * p[1] } },
            { "NestedTernary", DiffFn.Of2(ControlFlow.NestedTernary, ControlFlow.NestedTernaryGradient, ControlFlow.NestedTernaryPushforward, ControlFlow.NestedTernaryPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] - p[1], p[0], p[1])), NestedTernary },
            { "Logical", DiffFn.Of2(ControlFlow.Logical, ControlFlow.LogicalGradient, ControlFlow.LogicalPushforward, ControlFlow.LogicalPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0], p[1], p[0] + 1)), p => (p[0] > 0 && p[1] > 0) || p[0] <= -1 ? new[] { p[1], p[0] } : new[] { 1.0, 1.0 } },
            { "Comparisons", DiffFn.Of2(ControlFlow.Comparisons, ControlFlow.ComparisonsGradient, ControlFlow.ComparisonsPushforward, ControlFlow.ComparisonsPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] - 1, p[0] + 1, p[0] - p[1], p[1])), Comparisons },
            { "BoolLocals", DiffFn.Of2(ControlFlow.BoolLocals, ControlFlow.BoolLocalsGradient, ControlFlow.BoolLocalsPushforward, ControlFlow.BoolLocalsPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] * p[0] - p[1], p[1])), BoolLocals },
            { "EarlyReturns", DiffFn.Of2(ControlFlow.EarlyReturns, ControlFlow.EarlyReturnsGradient, ControlFlow.EarlyReturnsPushforward, ControlFlow.EarlyReturnsPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0], p[1], p[0] - p[1], p[0] * p[1] - 1)), EarlyReturns },
            // a = x·y; x > 0, y > 0: f = a² + 2a; x > 0, y ≤ 0: f = a² − x + a; x ≤ 0: f = 4a.
            { "NestedBranchesSharedAdjoint", DiffFn.Of2(ControlFlow.NestedBranchesSharedAdjoint, ControlFlow.NestedBranchesSharedAdjointGradient, ControlFlow.NestedBranchesSharedAdjointPushforward, ControlFlow.NestedBranchesSharedAdjointPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0], p[1])), NestedBranchesSharedAdjoint },
            { "EarlyReturnThenContinue", DiffFn.Of1(ControlFlow.EarlyReturnThenContinue, ControlFlow.EarlyReturnThenContinueGradient, ControlFlow.EarlyReturnThenContinuePushforward, ControlFlow.EarlyReturnThenContinuePullback), Domain.Box((-3, 3)).Where(p => Far(p[0] * p[0] - 4, p[0], p[0] + 1)), EarlyReturnThenContinue },
            { "SwitchStatementRelational", DiffFn.Of1(ControlFlow.SwitchStatementRelational, ControlFlow.SwitchStatementRelationalGradient, ControlFlow.SwitchStatementRelationalPushforward, ControlFlow.SwitchStatementRelationalPullback), Domain.Box((-4, 4)).Where(p => Far(p[0], p[0] - 2)), p => new[] { p[0] < 0 ? -1 : p[0] <= 2 ? 2 * p[0] : 4 } },
            { "SwitchExpressionRelational", DiffFn.Of1(ControlFlow.SwitchExpressionRelational, ControlFlow.SwitchExpressionRelationalGradient, ControlFlow.SwitchExpressionRelationalPushforward, ControlFlow.SwitchExpressionRelationalPullback), Domain.Box((-5, 6)).Where(p => Far(p[0] + 1, p[0] - 1, p[0] - 3)), SwitchExpressionRelational },
            // d = x − y; d < 0: f = y² + d, otherwise f = x·d + d.
            { "SwitchExpressionOnActiveLocal", DiffFn.Of2(ControlFlow.SwitchExpressionOnActiveLocal, ControlFlow.SwitchExpressionOnActiveLocalGradient, ControlFlow.SwitchExpressionOnActiveLocalPushforward, ControlFlow.SwitchExpressionOnActiveLocalPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => Far(p[0] - p[1])), p => p[0] - p[1] < 0 ? new[] { 1, 2 * p[1] - 1 } : new[] { 2 * p[0] - p[1] + 1, -p[0] - 1 } },
            { "Single.IfElseChain", DiffFn.OfF2(ControlFlowSingle.IfElseChain, ControlFlowSingle.IfElseChainGradient, ControlFlowSingle.IfElseChainPushforward, ControlFlowSingle.IfElseChainPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => FarSingle(p[0] - p[1], p[0] + p[1])), IfElseChain },
            { "Single.SwitchExpressionRelational", DiffFn.OfF1(ControlFlowSingle.SwitchExpressionRelational, ControlFlowSingle.SwitchExpressionRelationalGradient, ControlFlowSingle.SwitchExpressionRelationalPushforward, ControlFlowSingle.SwitchExpressionRelationalPullback), Domain.Box((-5, 6)).Where(p => FarSingle(p[0] + 1, p[0] - 1, p[0] - 3)), SwitchExpressionRelational },
            { "Single.EarlyReturns", DiffFn.OfF2(ControlFlowSingle.EarlyReturns, ControlFlowSingle.EarlyReturnsGradient, ControlFlowSingle.EarlyReturnsPushforward, ControlFlowSingle.EarlyReturnsPullback), Domain.Box((-3, 3), (-3, 3)).Where(p => FarSingle(p[0], p[1], p[0] - p[1], p[0] * p[1] - 1)), EarlyReturns },
        };

        // Switches over an inactive int, enum or bool parameter: one case per value (including
        // values that reach the default label / discard arm).
        var x3 = Domain.Box((-3, 3));
        foreach (int mode in new[] { 0, 1, 2, 3, 4 })
        {
            int m = mode;
            t.Add(
                $"SwitchOnInt(mode: {m})",
                DiffFn.Of1(x => ControlFlow.SwitchOnInt(x, m), (double x, out double d) => ControlFlow.SwitchOnIntGradient(x, m, out d), (double x, double dt, out double r) => ControlFlow.SwitchOnIntPushforward(x, m, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchOnIntPullback(x, m, s, ref a)),
                x3,
                p => new[] { m switch { 0 => 4 * p[0], 1 or 2 => 2 * m * Math.Cos(p[0]), 3 => Math.Exp(p[0]), _ => -2.0 } });
        }

        // Σ over even i < n of sin(x²) plus 3x over the odd ones: n_even·2x·cos(x²) + 3·n_odd.
        foreach (int count in new[] { 0, 1, 2, 5, 6 })
        {
            int n = count;
            t.Add(
                $"AlternatingBranchesInALoop(n: {n})",
                DiffFn.Of1(x => ControlFlow.AlternatingBranchesInALoop(x, n), (double x, out double d) => ControlFlow.AlternatingBranchesInALoopGradient(x, n, out d), (double x, double dt, out double r) => ControlFlow.AlternatingBranchesInALoopPushforward(x, n, dt, out r), (double x, double s, ref double a) => ControlFlow.AlternatingBranchesInALoopPullback(x, n, s, ref a)),
                x3,
                p => new[] { ((n + 1) / 2 * 2 * p[0] * Math.Cos(p[0] * p[0])) + (3.0 * (n / 2)) });
        }

        foreach (int mode in new[] { 0, 1, 7 })
        {
            int m = mode;
            t.Add(
                $"SwitchExpressionOnInt(mode: {m})",
                DiffFn.Of1(x => ControlFlow.SwitchExpressionOnInt(x, m), (double x, out double d) => ControlFlow.SwitchExpressionOnIntGradient(x, m, out d), (double x, double dt, out double r) => ControlFlow.SwitchExpressionOnIntPushforward(x, m, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchExpressionOnIntPullback(x, m, s, ref a)),
                x3,
                p => new[] { m switch { 0 => 1.0, 1 => 2 * p[0], _ => Math.Cos(p[0]) } });
        }

        foreach (Shape shape in Enum.GetValues<Shape>())
        {
            Shape s0 = shape;
            Func<double[], double[]> gradient = p => new[] { s0 switch { Shape.Linear => 2.0, Shape.Quadratic => 2 * p[0], _ => 3 * p[0] * p[0] } };
            t.Add(
                $"SwitchOnEnum(shape: {s0})",
                DiffFn.Of1(x => ControlFlow.SwitchOnEnum(x, s0), (double x, out double d) => ControlFlow.SwitchOnEnumGradient(x, s0, out d), (double x, double dt, out double r) => ControlFlow.SwitchOnEnumPushforward(x, s0, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchOnEnumPullback(x, s0, s, ref a)),
                x3,
                gradient);
            t.Add(
                $"SwitchExpressionOnEnum(shape: {s0})",
                DiffFn.Of1(x => ControlFlow.SwitchExpressionOnEnum(x, s0), (double x, out double d) => ControlFlow.SwitchExpressionOnEnumGradient(x, s0, out d), (double x, double dt, out double r) => ControlFlow.SwitchExpressionOnEnumPushforward(x, s0, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchExpressionOnEnumPullback(x, s0, s, ref a)),
                x3,
                gradient);
        }

        foreach (bool flag in new[] { true, false })
        {
            bool f = flag;
            t.Add(
                $"SwitchStatementOnBool(flag: {f})",
                DiffFn.Of1(x => ControlFlow.SwitchStatementOnBool(x, f), (double x, out double d) => ControlFlow.SwitchStatementOnBoolGradient(x, f, out d), (double x, double dt, out double r) => ControlFlow.SwitchStatementOnBoolPushforward(x, f, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchStatementOnBoolPullback(x, f, s, ref a)),
                x3,
                p => new[] { f ? 2 * p[0] : 3.0 });
            t.Add(
                $"SwitchExpressionOnBool(square: {f})",
                DiffFn.Of1(x => ControlFlow.SwitchExpressionOnBool(x, f), (double x, out double d) => ControlFlow.SwitchExpressionOnBoolGradient(x, f, out d), (double x, double dt, out double r) => ControlFlow.SwitchExpressionOnBoolPushforward(x, f, dt, out r), (double x, double s, ref double a) => ControlFlow.SwitchExpressionOnBoolPullback(x, f, s, ref a)),
                x3,
                p => new[] { f ? 2 * p[0] : -1.0 });
        }

        return t;
    }

    private static bool Far(params double[] distances) => Array.TrueForAll(distances, d => Math.Abs(d) > Margin);

    private static bool FarSingle(params double[] distances) => Array.TrueForAll(distances, d => Math.Abs(d) > SingleMargin);

    private static double[] IfElseChain(double[] p)
    {
        double x = p[0], y = p[1];
        if (x > y)
        {
            return new[] { 2 * x * y, x * x };
        }

        return x < -y ? new[] { y * Math.Cos(x), Math.Sin(x) } : new[] { 1.0, 3.0 };
    }

    private static double[] NestedTernary(double[] p)
    {
        double x = p[0], y = p[1];
        if (x > y)
        {
            return x > 0 ? new[] { 2 * x, 0 } : new[] { -1.0, 0 };
        }

        return y > 0 ? new[] { y * y, 2 * x * y } : new[] { y, x };
    }

    private static double[] Comparisons(double[] p)
    {
        double x = p[0], y = p[1];
        double dx = 0, dy = 0;
        if (x >= 1)
        {
            dx += 2 * x;
        }

        if (x <= -1)
        {
            dx -= 3 * x * x;
        }

        if (y != 0)
        {
            dx += y;
            dy += x;
        }

        return x < y ? new[] { 2 * dx, 2 * dy } : new[] { dx, dy };
    }

    private static double[] BoolLocals(double[] p)
    {
        double x = p[0], y = p[1];
        bool big = x * x > y, positive = y > 0;
        if (big && positive)
        {
            return new[] { y, x };
        }

        return big || !positive ? new[] { 1.0, -1.0 } : new[] { 0, 2 * y };
    }

    private static double[] NestedBranchesSharedAdjoint(double[] p)
    {
        double x = p[0], y = p[1], a = x * y;
        return x > 0
            ? y > 0 ? new[] { (2 * a + 2) * y, (2 * a + 2) * x } : new[] { (2 * a * y) - 1 + y, (2 * a * x) + x }
            : new[] { 4 * y, 4 * x };
    }

    private static double[] EarlyReturns(double[] p)
    {
        double x = p[0], y = p[1];
        if (x > 0 && y > 0 && x > y)
        {
            return new[] { 2 * x, 0 };
        }

        if (x > 0 && y > 0 && x * y > 1)
        {
            return new[] { 2 * x * y * y, 2 * x * x * y };
        }

        if (x > 0 && y <= 0)
        {
            return new[] { y * y, 2 * x * y };
        }

        return new[] { 1.0, 1.0 };
    }

    private static double[] EarlyReturnThenContinue(double[] p)
    {
        double x = p[0];
        if (x * x > 4)
        {
            return new[] { 2 * x };
        }

        if (x < 0)
        {
            return new[] { x < -1 ? -6 * x * x : -3 * x * x + 1 };
        }

        return new[] { 3 * x * x + 1 };
    }

    private static double[] SwitchExpressionRelational(double[] p)
    {
        double x = p[0];
        return new[] { x < -1 ? -2 * x : x < 1 ? 3 * x * x : x < 3 ? 2 : 1 / x };
    }
}
