using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Constructs beyond the brief's list (or combinations of listed ones) that the generator accepts
/// (Functions/ExtraConstructs.cs and NoFalseWarnings.cs); accepted means they must also be
/// right: Math.PI/E/double.Pi and a static property; Max/Clamp with int literal bounds (ReLU, its
/// tie at 0); Clamp with lo == hi; int overloads of Math functions; int literal arguments to
/// Log/Pow/Atan2; Round with digits/MidpointRounding; no-argument calls; a static readonly float
/// in a double method; members of another object; an enum local; int locals from active
/// comparisons; a return inside a switch inside an if, with a parameter reassigned after it;
/// same-named locals in different switch sections; is-patterns with and; or/not patterns; when
/// clauses; parameter reassignment and swap; %=; int operands in compound assignments; explicit
/// casts and unary plus; ++ inside a condition; a postfix return; assignments used as values;
/// six active parameters; a float parameter in a double method; a double local in a float
/// method; overloads; an instance helper; a generic containing type.
/// </summary>
public sealed class ExtraConstructTests
{
    private static DiffFn F1(Func<double, double> f, Grad1 g, Push1 p, Pull1 b) => DiffFn.Of1(f, g, p, b);

    [Fact]
    public void StoresThroughRefLocalsNamingLocalBuffers()
    {
        var f = DiffFn.Of2(ExtraConstructs.RefLocalBufferStores, ExtraConstructs.RefLocalBufferStoresGradient, ExtraConstructs.RefLocalBufferStoresPushforward, ExtraConstructs.RefLocalBufferStoresPullback);
        foreach (var (a, b) in new[] { (1.5, -0.5), (-2.0, 3.0) })
        {
            Assert.Equal(7 * a * b + a * a + b, ExtraConstructs.RefLocalBufferStores(a, b));
            DerivativeAssert.ClosedForm(f, new[] { a, b }, new[] { 7 * b + 2 * a, 7 * a + 1 });
        }
    }

    [Fact]
    public void ConstantsAndInactiveCalls()
    {
        var constants = F1(ExtraConstructs.MathConstants, ExtraConstructs.MathConstantsGradient, ExtraConstructs.MathConstantsPushforward, ExtraConstructs.MathConstantsPullback);
        Domain.Box((-3, 3)).ForAll(p => DerivativeAssert.ClosedForm(constants, p, new[] { 2 * Math.PI * p[0] + Math.E + 2 }));

        ExtraConstructs.IntMathCallsGradient(2, -3, out double intCalls);
        Assert.Equal(1 + 2 * 3 * 2.0, intCalls);
        ExtraConstructs.InactiveCallsOfAllKindsGradient(3.0, out double calls);
        Assert.Equal(4 + Math.Sin(2.0), calls, 12);
        DerivativeAssert.ClosedForm(F1(ExtraConstructs.FloatConstantInDouble, ExtraConstructs.FloatConstantInDoubleGradient, ExtraConstructs.FloatConstantInDoublePushforward, ExtraConstructs.FloatConstantInDoublePullback), new[] { 1.5 }, new[] { 0.75 });
        DerivativeAssert.ClosedForm(F1(ExtraConstructs.OtherObjectMembers, ExtraConstructs.OtherObjectMembersGradient, ExtraConstructs.OtherObjectMembersPushforward, ExtraConstructs.OtherObjectMembersPullback), new[] { 1.5 }, new[] { 7.5 });
        new ExtraModel().InstanceHelperGradient(2.0, 3, out double instance);
        Assert.Equal(1.5 + 2 * Math.Exp(0.5) * 2, instance, 12);
        GenericHolder<int>.FGradient(3, out double generic);
        Assert.Equal(6.0, generic);
        Assert.Equal(6.0, GenericHolder<double>.TaggedGradient(2, 3.0, out double tagged));
        Assert.Equal(3.0, tagged);
        GenericHolder<object>.TaggedGradient(2, "not a double", out double untagged);
        Assert.Equal(1.0, untagged);
        GenericHolder<object>.SwitchedGradient(2, 4, out double byInt);
        Assert.Equal(4.0, byInt);
        GenericHolder<object>.SwitchedGradient(2, "abc", out double byString);
        Assert.Equal(3 * 2 * 2.0, byString);
        GenericHolder<int>.SwitchedGradient(2, 5, out double byValueType);
        Assert.Equal(5.0, byValueType);
        GenericHolder<double>.PositiveTagGradient(2, 3.0, out double positive);
        Assert.Equal(3.0, positive);
        GenericHolder<double>.PositiveTagGradient(2, -3.0, out double negative);
        Assert.Equal(1.0, negative);
        Assert.Equal(6.0, GenericStructHolder<double>.TaggedGradient(2, 3.0, out double nullableTagged));
        Assert.Equal(3.0, nullableTagged);
        GenericStructHolder<double>.TaggedGradient(2, null, out double nullTag);
        Assert.Equal(1.0, nullTag);

        // No false ADG0008 for steps of inactive values (the file compiles warning-free), and
        // they are constants: ⌊n/2⌋ + sign(c) + 2·round(c)·x.
        NoFalseWarnings.StepsOfInactiveValuesGradient(1.5, 5, -2.4, out double steps);
        Assert.Equal(2 - 1 + 2 * -2.0 * 1.5, steps, 12);
    }

    [Fact]
    public void MathCallsWithLiteralArguments()
    {
        var relu = F1(ExtraConstructs.Relu, ExtraConstructs.ReluGradient, ExtraConstructs.ReluPushforward, ExtraConstructs.ReluPullback);
        DerivativeAssert.ClosedForm(relu, new[] { 2.0 }, new[] { 1.0 });
        DerivativeAssert.ClosedForm(relu, new[] { -2.0 }, new[] { 0.0 });
        DerivativeAssert.ClosedForm(relu, new[] { 0.0 }, new[] { 0.5 }); // tie with the literal 0

        var clamp = F1(ExtraConstructs.ClampUnit, ExtraConstructs.ClampUnitGradient, ExtraConstructs.ClampUnitPushforward, ExtraConstructs.ClampUnitPullback);
        DerivativeAssert.ClosedForm(clamp, new[] { 0.0 }, new[] { 1.0 });
        DerivativeAssert.ClosedForm(clamp, new[] { 0.5 }, new[] { 1.0 });
        DerivativeAssert.ClosedForm(clamp, new[] { 1.0 }, new[] { 1.0 });
        DerivativeAssert.ClosedForm(clamp, new[] { 1.5 }, new[] { 0.0 });

        // Clamp(x, lo, lo) = lo: at x == lo the derivative goes to x; elsewhere to lo (as the
        // lower or the upper bound).
        var degenerate = DiffFn.Of2(ExtraConstructs.ClampDegenerate, ExtraConstructs.ClampDegenerateGradient, ExtraConstructs.ClampDegeneratePushforward, ExtraConstructs.ClampDegeneratePullback);
        DerivativeAssert.ClosedForm(degenerate, new[] { 1.0, 1.0 }, new[] { 1.0, 0.0 });
        DerivativeAssert.ClosedForm(degenerate, new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 });
        DerivativeAssert.ClosedForm(degenerate, new[] { 2.0, 1.0 }, new[] { 0.0, 1.0 });

        // log₂x + 2^x + atan2(1, x).
        var literals = F1(ExtraConstructs.IntLiteralArguments, ExtraConstructs.IntLiteralArgumentsGradient, ExtraConstructs.IntLiteralArgumentsPushforward, ExtraConstructs.IntLiteralArgumentsPullback);
        Domain.Box((0.5, 4)).ForAll(p =>
        {
            DerivativeAssert.ClosedForm(literals, p, new[] { 1 / (p[0] * Math.Log(2)) + Math.Pow(2, p[0]) * Math.Log(2) - 1 / (1 + p[0] * p[0]) });
            DerivativeAssert.FiniteDifferences(literals, p);
        });

        ExtraConstructs.RoundDigitsGradient(1.234, out double round);
        Assert.Equal(2 * 1.234, round, 12);
    }

    [Fact]
    public void ControlFlowCombinations()
    {
        var enumLocal = F1(ExtraConstructs.EnumLocal, ExtraConstructs.EnumLocalGradient, ExtraConstructs.EnumLocalPushforward, ExtraConstructs.EnumLocalPullback);
        DerivativeAssert.ClosedForm(enumLocal, new[] { 2.0 }, new[] { 4.0 });
        DerivativeAssert.ClosedForm(enumLocal, new[] { -2.0 }, new[] { 12.0 });

        var intFromBranch = DiffFn.Of2(ExtraConstructs.IntFromBranch, ExtraConstructs.IntFromBranchGradient, ExtraConstructs.IntFromBranchPushforward, ExtraConstructs.IntFromBranchPullback);
        DerivativeAssert.ClosedForm(intFromBranch, new[] { 2.0, 1.0 }, new[] { 1.0, 3.0 });
        DerivativeAssert.ClosedForm(intFromBranch, new[] { 1.0, 2.0 }, new[] { -1.0, 5.0 });

        foreach (int mode in new[] { 0, 1 })
        {
            // mode 0: (xy)²; otherwise (x + y)³.
            ExtraConstructs.SameNamesInSwitchSectionsGradient(1.5, 0.5, mode, out double sx, out double sy);
            Assert.Equal(mode == 0 ? 2 * 1.5 * 0.25 : 3 * 4.0, sx, 12);
            Assert.Equal(mode == 0 ? 2 * 2.25 * 0.5 : 3 * 4.0, sy, 12);
        }

        var isPattern = F1(ExtraConstructs.IsPattern, ExtraConstructs.IsPatternGradient, ExtraConstructs.IsPatternPushforward, ExtraConstructs.IsPatternPullback);
        DerivativeAssert.ClosedForm(isPattern, new[] { 0.25 }, new[] { 0.5 });
        DerivativeAssert.ClosedForm(isPattern, new[] { 1.5 }, new[] { 1.0 });

        var combinators = F1(ExtraConstructs.SwitchCombinators, ExtraConstructs.SwitchCombinatorsGradient, ExtraConstructs.SwitchCombinatorsPushforward, ExtraConstructs.SwitchCombinatorsPullback);
        DerivativeAssert.ClosedForm(combinators, new[] { -1.0 }, new[] { -1.0 });
        DerivativeAssert.ClosedForm(combinators, new[] { 11.0 }, new[] { -1.0 });
        DerivativeAssert.ClosedForm(combinators, new[] { 3.0 }, new[] { 6.0 });
        DerivativeAssert.ClosedForm(combinators, new[] { 5.0 }, new[] { 0.0 });

        ExtraConstructs.WhenClauseGradient(2, 0, out double w1);
        ExtraConstructs.WhenClauseGradient(0.5, 0, out double w2);
        ExtraConstructs.WhenClauseGradient(2, 1, out double w3);
        Assert.Equal((4.0, 2.0, 3.0), (w1, w2, w3));
    }

    [Theory]
    [InlineData(1.5, 0, 3.0)] // x > 0, case 0: x²
    [InlineData(3.0, 1, 3.0)] // x > 0, case 1, x > 2: 3x
    [InlineData(1.5, 1, -1.0)] // case 1 breaks: x = x + 1, −x
    [InlineData(1.5, 2, -1.0)] // no case: x = x + 1, −x
    [InlineData(-1.5, 0, -1.0)] // −x
    public void ReturnInSwitchInIf(double x, int mode, double expected)
    {
        var fn = F1(v => ExtraConstructs.ReturnInSwitchInIf(v, mode), (double v, out double d) => ExtraConstructs.ReturnInSwitchInIfGradient(v, mode, out d), (double v, double t, out double r) => ExtraConstructs.ReturnInSwitchInIfPushforward(v, mode, t, out r), (double v, double s, ref double a) => ExtraConstructs.ReturnInSwitchInIfPullback(v, mode, s, ref a));
        DerivativeAssert.ClosedForm(fn, new[] { x }, new[] { expected });
    }

    [Fact]
    public void AssignmentsAndSideEffects()
    {
        // x = 2x; y = 2xy; swap: f = 2xy·2x + 2xy = 4x²y + 2xy.
        var reassign = DiffFn.Of2(ExtraConstructs.ReassignParameters, ExtraConstructs.ReassignParametersGradient, ExtraConstructs.ReassignParametersPushforward, ExtraConstructs.ReassignParametersPullback);
        Domain.Box((-3, 3), (-3, 3)).ForAll(p => DerivativeAssert.ClosedForm(reassign, p, new[] { 8 * p[0] * p[1] + 2 * p[1], 4 * p[0] * p[0] + 2 * p[0] }));

        // 2·(x % y): (2, −2·trunc(x/y)).
        var remainder = DiffFn.Of2(ExtraConstructs.RemainderAssign, ExtraConstructs.RemainderAssignGradient, ExtraConstructs.RemainderAssignPushforward, ExtraConstructs.RemainderAssignPullback);
        DerivativeAssert.ClosedForm(remainder, new[] { 7.5, 2.0 }, new[] { 2.0, -6.0 });

        foreach (int n in new[] { 3, 4, -5 })
        {
            // s = (x/n + n)·n − n/2 (integer division) = x + n² − n/2: f = s·x.
            ExtraConstructs.IntOperandsGradient(1.5, n, out double d);
            Assert.Equal(2 * 1.5 + n * n - (n / 2), d, 12);
        }

        ExtraConstructs.ExplicitCastsGradient(1.5, 4, out double casts);
        Assert.Equal(5.0, casts);

        // a = x + 1; a > 2 ? a² : a.
        var side = F1(ExtraConstructs.SideEffectInCondition, ExtraConstructs.SideEffectInConditionGradient, ExtraConstructs.SideEffectInConditionPushforward, ExtraConstructs.SideEffectInConditionPullback);
        DerivativeAssert.ClosedForm(side, new[] { 2.0 }, new[] { 6.0 });
        DerivativeAssert.ClosedForm(side, new[] { 0.5 }, new[] { 1.0 });

        DerivativeAssert.ClosedForm(F1(ExtraConstructs.PostfixReturn, ExtraConstructs.PostfixReturnGradient, ExtraConstructs.PostfixReturnPushforward, ExtraConstructs.PostfixReturnPullback), new[] { 1.5 }, new[] { 3.0 });

        // a = 2x, b = 4x, c = d = 4x²: f = 8x² + 4x² − 2x² = 10x².
        DerivativeAssert.ClosedForm(F1(ExtraConstructs.AssignmentAsValue, ExtraConstructs.AssignmentAsValueGradient, ExtraConstructs.AssignmentAsValuePushforward, ExtraConstructs.AssignmentAsValuePullback), new[] { 1.5 }, new[] { 30.0 });
    }

    [Fact]
    public void SixActiveParameters()
    {
        // ab + cde − f/a + sin(fb), through reflection (six arguments).
        var six = DiffFn.FromReflection(typeof(ExtraConstructs).FullName!, nameof(ExtraConstructs.Six));
        Domain.Box((0.5, 2), (-2, 2), (-2, 2)).ForAll(p =>
        {
            double[] x = { p[0], p[1], p[2], p[1] * 0.5, p[2] - 1, p[0] + p[1] };
            double a = x[0], b = x[1], c = x[2], d = x[3], e = x[4], f = x[5];
            DerivativeAssert.ClosedForm(six, x, new[] { b + f / (a * a), a + f * Math.Cos(f * b), d * e, c * e, c * d, -1 / a + b * Math.Cos(f * b) });
            DerivativeAssert.FiniteDifferences(six, x);
        });
    }

    [Fact]
    public void MixedPrecisionAndOverloads()
    {
        // A float parameter of a double method gets float derivative parameters.
        double v = ExtraConstructs.MixedPrecisionGradient(1.5, 2f, out double dx, out float dy);
        Assert.Equal((3.0, 2.0, 1.5f), (v, dx, dy));
        ExtraConstructs.MixedPrecisionPushforward(1.5, 2f, 1, 1f, out double tangent);
        Assert.Equal(3.5, tangent);
        double xa = 1;
        float ya = 1;
        ExtraConstructs.MixedPrecisionPullback(1.5, 2f, 2, ref xa, ref ya);
        Assert.Equal((5.0, 4f), (xa, ya));

        DerivativeAssert.ClosedForm(DiffFn.OfF1(ExtraConstructs.FloatWithDoubleLocal, ExtraConstructs.FloatWithDoubleLocalGradient, ExtraConstructs.FloatWithDoubleLocalPushforward, ExtraConstructs.FloatWithDoubleLocalPullback), new[] { 1.5 }, new[] { 3.0 });

        ExtraConstructs.OverloadGradient(3.0, out double d1);
        ExtraConstructs.OverloadGradient(3.0, 2.0, out double ox, out double oy);
        ExtraConstructs.OverloadGradient(3f, out float d3);
        Assert.Equal((6.0, 2.0, 3.0, 27f), (d1, ox, oy, d3));
    }

    /// <summary>Partial methods with the attribute on either part, against closed forms.</summary>
    [Theory]
    [InlineData(0.7, -1.2)]
    [InlineData(-1.5, 2.0)]
    public void PartialMethods_EitherPartCarriesTheAttribute(double x, double y)
    {
        var p = new PartialMethods();
        DerivativeAssert.ClosedForm(p.OnBody(x), p.OnBodyGradient(x, out double d));
        DerivativeAssert.ClosedForm(3 * x * x + 2, d);
        DerivativeAssert.ClosedForm(p.OnDeclaration(x, y), p.OnDeclarationGradient(x, y, out double dx, out double dy));
        DerivativeAssert.ClosedForm(Math.Cos(x) * y, dx);
        DerivativeAssert.ClosedForm(Math.Sin(x), dy);
    }

    /// <summary>Obsolete and experimental calls the method allows compile in its members too; the members of an obsolete method are obsolete.</summary>
    [Fact]
    public void ObsoleteAndExperimentalCalls()
    {
        // Preview(3)·Old(3)·x² = 18x²: 36x.
        DerivativeAssert.ClosedForm(18 * 1.5 * 1.5, ObsoleteCalls.AllowedGradient(1.5, 3, out double d));
        DerivativeAssert.ClosedForm(36 * 1.5, d);
        // (An obsolete-as-error member can only be called through reflection here.)
        var gradient = typeof(ObsoleteCalls).GetMethod("PowerGradient")!;
        var arguments = new object?[] { 1.5, 4, null };
        DerivativeAssert.ClosedForm(Math.Pow(1.5, 4), (double)gradient.Invoke(null, arguments)!);
        DerivativeAssert.ClosedForm(4 * Math.Pow(1.5, 3), (double)arguments[2]!);
        var obsolete = (ObsoleteAttribute?)Attribute.GetCustomAttribute(gradient, typeof(ObsoleteAttribute));
        Assert.NotNull(obsolete);
        Assert.True(obsolete!.IsError);
        Assert.Equal("kept for compatibility", obsolete.Message);
    }

    /// <summary>foreach (ref readonly double v in w): d/dw_i = cos(w_i)·w_i + sin(w_i).</summary>
    [Fact]
    public void ForEachByReadonlyReference()
    {
        var w = new[] { 0.3, -1.1, 2.4, 0.9, -0.2 };
        var g = new double[w.Length];
        DerivativeAssert.ClosedForm(System.Linq.Enumerable.Sum(w, v => Math.Sin(v) * v), RefReadonlyForEach.SumGradient(w, g));
        for (int i = 0; i < w.Length; i++)
        {
            DerivativeAssert.ClosedForm(Math.Cos(w[i]) * w[i] + Math.Sin(w[i]), g[i]);
        }
    }

    /// <summary>Collection initializers of data: 5x², derivative 10x.</summary>
    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.4)]
    public void CollectionInitializersOfData(double x)
    {
        DerivativeAssert.ClosedForm(5 * x * x, CollectionInitializers.WeightedGradient(x, out double d));
        DerivativeAssert.ClosedForm(10 * x, d);
        DerivativeAssert.ClosedForm(8.25 * x, CollectionInitializers.PairsGradient(x, out double pairs));
        DerivativeAssert.ClosedForm(8.25, pairs);
    }

    /// <summary>Property patterns: each case's value and derivative against the closed form in the method's summary.</summary>
    [Fact]
    public void PropertyPatternsOnData()
    {
        const double x = 1.3;
        foreach (var (s, value, slope) in new (string?, double, double)[] { (null, x, 1), ("ab", x, 1), ("abc", x * x, 2 * x) })
        {
            DerivativeAssert.ClosedForm(value, Patterns.LengthGradient(x, s, out double d));
            DerivativeAssert.ClosedForm(slope, d);
        }

        foreach (var (o, slope) in new (object?, double)[] { (null, -1), ("x", -1), (new PatternOptions(), 2), (new PatternOptions { Scale = 0.5 }, -1) })
        {
            DerivativeAssert.ClosedForm(Patterns.Typed(x, o), Patterns.TypedGradient(x, o, out double d));
            DerivativeAssert.ClosedForm(slope, d);
        }

        var named = new PatternOptions { Inner = new PatternOptions() };
        foreach (var (o, slope) in new (PatternOptions?, double)[] { (null, 1), (new PatternOptions(), 1), (named, 3), (new PatternOptions { Inner = new PatternOptions { Name = "abc" } }, 1) })
        {
            Patterns.ExtendedPushforward(x, o, 1.0, out double tangent);
            DerivativeAssert.ClosedForm(slope, tangent);
        }

        // The getter runs once in each member, as in the method.
        var plain = new PatternOptions();
        var pulled = new PatternOptions();
        double adjoint = 0.5;
        Assert.Equal(Patterns.GetterOnce(x, plain), Patterns.GetterOncePullback(x, pulled, 2.0, ref adjoint));
        Assert.Equal(1, plain.Reads);
        Assert.Equal(1, pulled.Reads);
        DerivativeAssert.ClosedForm(0.5 + 2.0, adjoint);

        DerivativeAssert.ClosedForm(4.5 * x, Patterns.BoundOnOnePathGradient(x, true, 4.5, out double bound));
        DerivativeAssert.ClosedForm(4.5, bound);
        DerivativeAssert.ClosedForm(x, Patterns.BoundOnOnePathGradient(x, false, 4.5, out double unset));
        DerivativeAssert.ClosedForm(1, unset);
        DerivativeAssert.ClosedForm(3, Patterns.NullableGradient(x, 3, out double some) / x);
        DerivativeAssert.ClosedForm(3, some);
        Patterns.NullableGradient(x, null, out double none);
        DerivativeAssert.ClosedForm(1, none);

        // A review of stop 25: the property read before the type test (InvalidCastException), an
        // element read outside its length test (IndexOutOfRangeException), a local bound to the
        // element read again after a store.
        DerivativeAssert.ClosedForm(3 * x, Patterns.AndNarrowedGradient(x, "text", out double narrowed));
        DerivativeAssert.ClosedForm(3, narrowed);
        DerivativeAssert.ClosedForm(x * x, Patterns.AndNarrowedGradient(x, new PatternOptions(), out narrowed));
        DerivativeAssert.ClosedForm(2 * x, narrowed);
        DerivativeAssert.ClosedForm(x, Patterns.GuardedLocalGradient(x, new[] { 1.0 }, out double guarded));
        DerivativeAssert.ClosedForm(1, guarded);
        DerivativeAssert.ClosedForm(3 * x, Patterns.GuardedLocalGradient(x, new[] { 1.0, 3.0 }, out guarded));
        DerivativeAssert.ClosedForm(3, guarded);
        DerivativeAssert.ClosedForm(101 * x, Patterns.SnapshotGradient(x, out double snapshot));
        DerivativeAssert.ClosedForm(101, snapshot);

        // A switch on a record's properties (a trial of stop 25: refused before): ∂/∂v and ∂/∂ρ.
        const double v = 1.5, rho = 1.2;
        foreach (var (o, dv, drho) in new (DragOptions, double, double)[]
        {
            (new DragOptions(DragMode.Fast, 0), rho * v, 0.5 * v * v),
            (new DragOptions(DragMode.Accurate, 1e-4), rho * v * (1 + 0.1 * v) + 0.05 * rho * v * v, 0.5 * v * v * (1 + 0.1 * v)),
            (new DragOptions(DragMode.Accurate, 1), rho * v / Math.Sqrt(1 + v * v), Math.Sqrt(1 + v * v)),
        })
        {
            Assert.Equal(Patterns.Drag(v, rho, o), Patterns.DragGradient(v, rho, o, out double gv, out double grho));
            DerivativeAssert.ClosedForm(dv, gv);
            DerivativeAssert.ClosedForm(drho, grho);
        }
    }

    /// <summary>List patterns: the gradient of each case against the closed form in the method's summary.</summary>
    [Fact]
    public void ListPatterns()
    {
        var w = new[] { 1.5, -0.5, 2.0 };
        foreach (var (d, expected) in new (double[]?, double[])[]
        {
            (null, new[] { w[1] + 2 * w[0], w[0], 0 }),
            (new[] { 1.0, 2.0 }, new[] { w[1] + 2 * w[0] + 2.0 + 100, w[0], 0 }),
            (new[] { 0.0, 0.7, -3.0 }, new[] { w[1] + 2 * w[0] + 0.7 - 3.0, w[0], 0 }),
            (new[] { 1.0 }, new[] { w[1] + 2 * w[0], w[0], 0 }),
        })
        {
            var gradient = new double[3];
            DerivativeAssert.ClosedForm(Patterns.Lists(w, d), Patterns.ListsGradient(w, d, gradient));
            for (int i = 0; i < 3; i++)
            {
                DerivativeAssert.ClosedForm(expected[i], gradient[i]);
            }
        }

        // Shorter than the patterns: no element is read.
        var one = new double[1];
        DerivativeAssert.ClosedForm(0, Patterns.ListsGradient(new[] { 2.0 }, new double[0], one));
        DerivativeAssert.ClosedForm(0, one[0]);
        foreach (var (s, slope) in new[] { ("az", 2.0), ("abz", 2.0), ("a", 5.0), ("z", 5.0), ("", 5.0) })
        {
            Patterns.CharsGradient(1.3, s, out double d);
            DerivativeAssert.ClosedForm(slope, d);
        }
    }
}
