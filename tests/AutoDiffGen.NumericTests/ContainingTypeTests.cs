using System;
using System.Reflection;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Differentiable methods in every kind of containing type (Functions/ContainingTypes.cs): an
/// instance method of a sealed class reading a readonly field, an auto-property, a static
/// readonly field and `this.`-qualified members (all constants for differentiation); readonly and
/// non-readonly instance methods and a static method of a struct; a record (primary-constructor
/// properties) and a record struct; and types nested three deep (class in class in static class,
/// struct inside), one of them private. Instance methods must get instance derivative methods.
/// </summary>
public sealed class ContainingTypeTests
{
    private static readonly Model TheModel = new(weight: 1.5, bias: -0.5);
    private static readonly Spring TheSpring = new() { Stiffness = 3, RestLength = 1.5 };
    private static readonly Polynomial ThePolynomial = new(2, -3, 1);
    private static readonly Weights TheWeights = new(2, -1);

    public static readonly CaseTable Cases = BuildCases();

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Theory]
    [InlineData(typeof(Model), "Predict")]
    [InlineData(typeof(Model), "UsesThis")]
    [InlineData(typeof(Spring), "Energy")]
    [InlineData(typeof(Spring), "Force")]
    [InlineData(typeof(Polynomial), "Evaluate")]
    [InlineData(typeof(Weights), "Weighted")]
    public void InstanceMethodsGetInstanceDerivatives(Type type, string name)
    {
        foreach (string suffix in new[] { "Gradient", "Pushforward", "Pullback" })
        {
            MethodInfo? method = type.GetMethod(name + suffix, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(method is not null, $"{type.Name}.{name}{suffix} is not a public instance method");
        }
    }

    [Fact]
    public void DifferentInstancesGiveTheirOwnDerivatives()
    {
        var other = new Model(weight: -2, bias: 4);
        TheModel.PredictGradient(1.0, out double d1);
        other.PredictGradient(1.0, out double d2);
        Assert.Equal(2 * 1.5 - 0.5, d1, 12);
        Assert.Equal(2 * -2.0 + 4, d2, 12);
    }

    [Fact]
    public void PrivateNestedTypeIsDifferentiated()
    {
        double value = Outer.CallPrivate(1.5, out double dx);
        Assert.Equal(5 * 1.5 * 1.5, value, 12);
        Assert.Equal(10 * 1.5, dx, 12);
    }

    private static CaseTable BuildCases()
    {
        Model m = TheModel;
        Spring s = TheSpring;
        Polynomial poly = ThePolynomial;
        Weights w = TheWeights;
        return new CaseTable
        {
            // 1.5x² − 0.5x + 0.25: 3x − 0.5.
            { "Model.Predict", DiffFn.Of1(m.Predict, m.PredictGradient, m.PredictPushforward, m.PredictPullback), Domain.Box((-5, 5)), p => new[] { 2 * 1.5 * p[0] - 0.5 } },
            // 1.5·e^(−0.5x)·y.
            { "Model.UsesThis", DiffFn.Of2(m.UsesThis, m.UsesThisGradient, m.UsesThisPushforward, m.UsesThisPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 1.5 * -0.5 * Math.Exp(-0.5 * p[0]) * p[1], 1.5 * Math.Exp(-0.5 * p[0]) } },
            // ½k(x − L)²: k(x − L).
            { "Spring.Energy", DiffFn.Of1(s.Energy, s.EnergyGradient, s.EnergyPushforward, s.EnergyPullback), Domain.Box((-5, 5)), p => new[] { 3 * (p[0] - 1.5) } },
            { "Spring.Force", DiffFn.Of1(s.Force, s.ForceGradient, s.ForcePushforward, s.ForcePullback), Domain.Box((-5, 5)), p => new[] { -3.0 } },
            { "Spring.StaticInStruct", DiffFn.Of1(Spring.StaticInStruct, Spring.StaticInStructGradient, Spring.StaticInStructPushforward, Spring.StaticInStructPullback), Domain.Box((-5, 5)), p => new[] { 3 * p[0] * p[0] } },
            // (Ax + B)x + C: 2Ax + B.
            { "Polynomial.Evaluate", DiffFn.Of1(poly.Evaluate, poly.EvaluateGradient, poly.EvaluatePushforward, poly.EvaluatePullback), Domain.Box((-5, 5)), p => new[] { 2 * 2 * p[0] - 3 } },
            { "Polynomial.StaticInRecord", DiffFn.Of1(Polynomial.StaticInRecord, Polynomial.StaticInRecordGradient, Polynomial.StaticInRecordPushforward, Polynomial.StaticInRecordPullback), Domain.Box((-5, 5)), p => new[] { 3 * p[0] * p[0] } },
            { "Weights.Weighted", DiffFn.Of2(w.Weighted, w.WeightedGradient, w.WeightedPushforward, w.WeightedPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2.0, 2 * -1 * p[1] } },
            { "Outer.Middle.G", DiffFn.Of2(Outer.Middle.G, Outer.Middle.GGradient, Outer.Middle.GPushforward, Outer.Middle.GPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 1 / (1 + p[1] * p[1]), -2 * p[0] * p[1] / ((1 + p[1] * p[1]) * (1 + p[1] * p[1])) } },
            { "Outer.Middle.Inner.F", DiffFn.Of1(Outer.Middle.Inner.F, Outer.Middle.Inner.FGradient, Outer.Middle.Inner.FPushforward, Outer.Middle.Inner.FPullback), Domain.Box((-3, 3)), p => new[] { -2 * p[0] * Math.Exp(-p[0] * p[0]) } },
        };
    }
}
