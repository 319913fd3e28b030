using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// + − * / %, unary minus, literals, const and static readonly values (own and another type's),
/// implicit int→double conversions, locals, var, multiple declarators, reassignment, compound
/// assignment, ++/-- (prefix and postfix, also inside expressions), block bodies and a composite
/// chain-rule expression, in double and float (Functions/Operators.cs).
/// </summary>
public sealed class OperatorTests
{
    public static readonly CaseTable Cases = new()
    {
        { "Add", DiffFn.Of2(Operators.Add, Operators.AddGradient, Operators.AddPushforward, Operators.AddPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { 1.0, 1.0 } },
        { "Subtract", DiffFn.Of2(Operators.Subtract, Operators.SubtractGradient, Operators.SubtractPushforward, Operators.SubtractPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { 1.0, -1.0 } },
        { "Multiply", DiffFn.Of2(Operators.Multiply, Operators.MultiplyGradient, Operators.MultiplyPushforward, Operators.MultiplyPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { p[1], p[0] } },
        { "Divide", DiffFn.Of2(Operators.Divide, Operators.DivideGradient, Operators.DividePushforward, Operators.DividePullback), Domain.Box((-10, 10), (0.5, 5)), p => new[] { 1 / p[1], -p[0] / (p[1] * p[1]) } },
        { "DivideByNegative", DiffFn.Of2(Operators.Divide, Operators.DivideGradient, Operators.DividePushforward, Operators.DividePullback), Domain.Box((-10, 10), (-5, -0.5)), p => new[] { 1 / p[1], -p[0] / (p[1] * p[1]) } },
        // x % y = x − trunc(x/y)·y: ∂/∂x = 1, ∂/∂y = −trunc(x/y), away from the jumps where x/y is an integer.
        { "Remainder", DiffFn.Of2(Operators.Remainder, Operators.RemainderGradient, Operators.RemainderPushforward, Operators.RemainderPullback), Domain.Box((-10, 10), (0.5, 3)).Where(p => Domain.FromInteger(p[0] / p[1]) > 1e-3), p => new[] { 1.0, -Math.Truncate(p[0] / p[1]) } },
        { "Negate", DiffFn.Of2(Operators.Negate, Operators.NegateGradient, Operators.NegatePushforward, Operators.NegatePullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { -p[1] - 1, -p[0] + 1 } },
        { "Literals", DiffFn.Of1(Operators.Literals, Operators.LiteralsGradient, Operators.LiteralsPushforward, Operators.LiteralsPullback), Domain.Box((0.5, 10)), p => new[] { 5 * p[0] - 0.1 - 5 / (p[0] * p[0]) } },
        { "IntLiteralsAndLocals", DiffFn.Of1(Operators.IntLiteralsAndLocals, Operators.IntLiteralsAndLocalsGradient, Operators.IntLiteralsAndLocalsPushforward, Operators.IntLiteralsAndLocalsPullback), Domain.Box((-10, 10)), p => new[] { 6 * p[0] + 5 } },
        { "Constants", DiffFn.Of1(Operators.Constants, Operators.ConstantsGradient, Operators.ConstantsPushforward, Operators.ConstantsPullback), Domain.Box((-10, 10)), p => new[] { p[0] + 2.5 } },
        { "OtherTypeConstants", DiffFn.Of1(Operators.OtherTypeConstants, Operators.OtherTypeConstantsGradient, Operators.OtherTypeConstantsPushforward, Operators.OtherTypeConstantsPullback), Domain.Box((-10, 10)), p => new[] { 9.81 + 2 * 0.47 * p[0] } },
        { "Reassignment", DiffFn.Of2(Operators.Reassignment, Operators.ReassignmentGradient, Operators.ReassignmentPushforward, Operators.ReassignmentPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * p[0] * p[1], p[0] * p[0] + 2 * p[1] } },
        // s = (0.5x + y²)·y / (1 + x²).
        { "CompoundAssignment", DiffFn.Of2(Operators.CompoundAssignment, Operators.CompoundAssignmentGradient, Operators.CompoundAssignmentPushforward, Operators.CompoundAssignmentPullback), Domain.Box((-3, 3), (-3, 3)), CompoundAssignmentGradient },
        // a ends as x + 2 and b = (x + 1)·y: f = (x + 2)(x + 1)y.
        { "IncrementDecrement", DiffFn.Of2(Operators.IncrementDecrement, Operators.IncrementDecrementGradient, Operators.IncrementDecrementPushforward, Operators.IncrementDecrementPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { (2 * p[0] + 3) * p[1], (p[0] + 2) * (p[0] + 1) } },
        // c = (x + 1)y, d = (x + 1) − x (derivative 0), a back to x: f = (x + 1)y + d·x + x.
        { "IncrementInExpression", DiffFn.Of2(Operators.IncrementInExpression, Operators.IncrementInExpressionGradient, Operators.IncrementInExpressionPushforward, Operators.IncrementInExpressionPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1] + 2, p[0] + 1 } },
        { "IntCounter", DiffFn.Of1(Operators.IntCounter, Operators.IntCounterGradient, Operators.IntCounterPushforward, Operators.IntCounterPullback), Domain.Box((-10, 10)), p => new[] { 4 * p[0] } },
        // xy(x + y) + xy − x − y.
        { "MultipleDeclarators", DiffFn.Of2(Operators.MultipleDeclarators, Operators.MultipleDeclaratorsGradient, Operators.MultipleDeclaratorsPushforward, Operators.MultipleDeclaratorsPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * p[0] * p[1] + p[1] * p[1] + p[1] - 1, p[0] * p[0] + 2 * p[0] * p[1] + p[0] - 1 } },
        { "VarLocals", DiffFn.Of2(Operators.VarLocals, Operators.VarLocalsGradient, Operators.VarLocalsPushforward, Operators.VarLocalsPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 4 * p[1] + 2, 4 * p[0] } },
        { "BlockBody", DiffFn.Of2(Operators.BlockBody, Operators.BlockBodyGradient, Operators.BlockBodyPushforward, Operators.BlockBodyPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * Math.Sin(p[0]) * Math.Cos(p[0]) * p[1] * p[1], 2 * Math.Sin(p[0]) * Math.Sin(p[0]) * p[1] } },
        { "Composite", DiffFn.Of2(Operators.Composite, Operators.CompositeGradient, Operators.CompositePushforward, Operators.CompositePullback), Domain.Box((-2, 2), (-2, 2)), CompositeGradient },

        // Float. The float finite-difference step is wider (see Tolerances), so Remainder keeps
        // 0.2 away from its jumps in x/y.
        { "Single.Add", DiffFn.OfF2(OperatorsSingle.Add, OperatorsSingle.AddGradient, OperatorsSingle.AddPushforward, OperatorsSingle.AddPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { 1.0, 1.0 } },
        { "Single.Subtract", DiffFn.OfF2(OperatorsSingle.Subtract, OperatorsSingle.SubtractGradient, OperatorsSingle.SubtractPushforward, OperatorsSingle.SubtractPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { 1.0, -1.0 } },
        { "Single.Multiply", DiffFn.OfF2(OperatorsSingle.Multiply, OperatorsSingle.MultiplyGradient, OperatorsSingle.MultiplyPushforward, OperatorsSingle.MultiplyPullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { p[1], p[0] } },
        { "Single.Divide", DiffFn.OfF2(OperatorsSingle.Divide, OperatorsSingle.DivideGradient, OperatorsSingle.DividePushforward, OperatorsSingle.DividePullback), Domain.Box((-10, 10), (0.5, 5)), p => new[] { 1 / p[1], -p[0] / (p[1] * p[1]) } },
        { "Single.Remainder", DiffFn.OfF2(OperatorsSingle.Remainder, OperatorsSingle.RemainderGradient, OperatorsSingle.RemainderPushforward, OperatorsSingle.RemainderPullback), Domain.Box((-10, 10), (0.5, 3)).Where(p => Domain.FromInteger(p[0] / p[1]) > 0.2), p => new[] { 1.0, -Math.Truncate(p[0] / p[1]) } },
        { "Single.Negate", DiffFn.OfF2(OperatorsSingle.Negate, OperatorsSingle.NegateGradient, OperatorsSingle.NegatePushforward, OperatorsSingle.NegatePullback), Domain.Box((-10, 10), (-10, 10)), p => new[] { -p[1] - 1, -p[0] + 1 } },
        { "Single.Literals", DiffFn.OfF1(OperatorsSingle.Literals, OperatorsSingle.LiteralsGradient, OperatorsSingle.LiteralsPushforward, OperatorsSingle.LiteralsPullback), Domain.Box((0.5, 10)), p => new[] { 5 * p[0] - 0.1 - 5 / (p[0] * p[0]) } },
        { "Single.Constants", DiffFn.OfF1(OperatorsSingle.Constants, OperatorsSingle.ConstantsGradient, OperatorsSingle.ConstantsPushforward, OperatorsSingle.ConstantsPullback), Domain.Box((-10, 10)), p => new[] { p[0] + 2.5 } },
        { "Single.CompoundAssignment", DiffFn.OfF2(OperatorsSingle.CompoundAssignment, OperatorsSingle.CompoundAssignmentGradient, OperatorsSingle.CompoundAssignmentPushforward, OperatorsSingle.CompoundAssignmentPullback), Domain.Box((-3, 3), (-3, 3)), CompoundAssignmentGradient },
        { "Single.IncrementDecrement", DiffFn.OfF2(OperatorsSingle.IncrementDecrement, OperatorsSingle.IncrementDecrementGradient, OperatorsSingle.IncrementDecrementPushforward, OperatorsSingle.IncrementDecrementPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { (2 * p[0] + 3) * p[1], (p[0] + 2) * (p[0] + 1) } },
        // n = 2: m = 3, f = 3x² + 2.
        { "Single.IntConversion", DiffFn.OfF1(x => OperatorsSingle.IntConversion(x, 2), (float x, out float d) => OperatorsSingle.IntConversionGradient(x, 2, out d), (float x, float t, out float r) => OperatorsSingle.IntConversionPushforward(x, 2, t, out r), (float x, float s, ref float a) => OperatorsSingle.IntConversionPullback(x, 2, s, ref a)), Domain.Box((-5, 5)), p => new[] { 6 * p[0] } },
        { "Single.Composite", DiffFn.OfF2(OperatorsSingle.Composite, OperatorsSingle.CompositeGradient, OperatorsSingle.CompositePushforward, OperatorsSingle.CompositePullback), Domain.Box((-2, 2), (-2, 2)), CompositeGradient },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    private static double[] CompoundAssignmentGradient(double[] p)
    {
        double x = p[0], y = p[1];
        double u = 0.5 * x * y + y * y * y;
        double q = 1 + x * x;
        return new[] { 0.5 * y / q - u * 2 * x / (q * q), (0.5 * x + 3 * y * y) / q };
    }

    private static double[] CompositeGradient(double[] p)
    {
        double x = p[0], y = p[1];
        double outer = Math.Exp(Math.Sin(x * y)) * Math.Cos(x * y);
        return new[]
        {
            outer * y + x / Math.Sqrt(1 + x * x) * Math.Log(1 + y * y),
            outer * x + Math.Sqrt(1 + x * x) * 2 * y / (1 + y * y),
        };
    }
}
