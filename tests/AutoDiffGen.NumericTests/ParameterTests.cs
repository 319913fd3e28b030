using System;
using System.Linq;
using System.Reflection;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Inactive parameters (int, bool, enum, and a [NoDerivative] double/float, in any position) get
/// no tangent, adjoint or gradient parameter and are passed through unchanged; calls whose
/// arguments are all inactive (a private helper, Math.Pow(2, n), Math.Sqrt of a const) are
/// constants; generated parameter names follow "d"+name / name+"Tangent" / name+"Adjoint" with a
/// "_1" suffix only on a clash; accessibility is kept (Functions/Parameters.cs).
/// </summary>
public sealed class ParameterTests
{
    public static readonly CaseTable Cases = BuildCases();

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Theory]
    [InlineData(nameof(Parameters.IntParameter), "x n | x n dx | x n xTangent resultTangent | x n resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.BoolParameter), "x square | x square dx | x square xTangent resultTangent | x square resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.EnumParameter), "x shape | x shape dx | x shape xTangent resultTangent | x shape resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.MixedOrder), "n x negate y shape | n x negate y shape dx dy | n x negate y shape xTangent yTangent resultTangent | n x negate y shape resultAdjoint xAdjoint yAdjoint")]
    [InlineData(nameof(Parameters.NoDerivativeParameter), "x scale | x scale dx | x scale xTangent resultTangent | x scale resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.NoDerivativeMiddle), "x c y | x c y dx dy | x c y xTangent yTangent resultTangent | x c y resultAdjoint xAdjoint yAdjoint")]
    [InlineData(nameof(Parameters.NoDerivativeSingle), "x c | x c dx | x c xTangent resultTangent | x c resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.InactiveCalls), "x n flag | x n flag dx | x n flag xTangent resultTangent | x n flag resultAdjoint xAdjoint")]
    [InlineData(nameof(Parameters.NameClash), "x dx | x dx dx_1 ddx | x dx xTangent dxTangent resultTangent | x dx resultAdjoint xAdjoint dxAdjoint")]
    [InlineData(nameof(Parameters.TangentNameClash), "x xTangent | x xTangent dx dxTangent | x xTangent xTangent_1 xTangentTangent resultTangent | x xTangent resultAdjoint xAdjoint xTangentAdjoint")]
    [InlineData(nameof(Parameters.AdjointNameClash), "x xAdjoint | x xAdjoint dx dxAdjoint | x xAdjoint xTangent xAdjointTangent resultTangent | x xAdjoint resultAdjoint xAdjoint_1 xAdjointAdjoint")]
    public void GeneratedSignatures(string name, string expected)
    {
        // "original | Gradient | Pushforward | Pullback": parameter names in order. Inactive
        // parameters appear once, where they were; gradient outputs are out, adjoints are ref,
        // and every derivative parameter has the method's real type (double or float).
        string[] lists = expected.Split('|', StringSplitOptions.TrimEntries);
        MethodInfo original = Method(name);
        Type real = original.ReturnType;
        Assert.Equal(lists[0], ParameterNames(original));

        MethodInfo gradient = Method(name + "Gradient");
        Assert.Equal(lists[1], ParameterNames(gradient));
        Assert.Equal(real, gradient.ReturnType);
        foreach (var p in gradient.GetParameters().Skip(original.GetParameters().Length))
        {
            Assert.True(p.IsOut, $"{p.Name} of {gradient.Name} is not out");
            Assert.Equal(real.MakeByRefType(), p.ParameterType);
        }

        MethodInfo pushforward = Method(name + "Pushforward");
        Assert.Equal(lists[2], ParameterNames(pushforward));
        Assert.Equal(real, pushforward.ReturnType);
        var pushParameters = pushforward.GetParameters();
        foreach (var p in pushParameters.Skip(original.GetParameters().Length).SkipLast(1))
        {
            Assert.Equal(real, p.ParameterType);
        }

        Assert.True(pushParameters[^1].IsOut);
        Assert.Equal(real.MakeByRefType(), pushParameters[^1].ParameterType);

        MethodInfo pullback = Method(name + "Pullback");
        Assert.Equal(lists[3], ParameterNames(pullback));
        Assert.Equal(real, pullback.ReturnType);
        var pullParameters = pullback.GetParameters().Skip(original.GetParameters().Length).ToArray();
        Assert.Equal(real, pullParameters[0].ParameterType);
        foreach (var p in pullParameters.Skip(1))
        {
            Assert.False(p.IsOut, $"{p.Name} of {pullback.Name} is out, not ref");
            Assert.Equal(real.MakeByRefType(), p.ParameterType);
        }

        // Inactive parameters keep their types.
        for (int i = 0; i < original.GetParameters().Length; i++)
        {
            Assert.Equal(original.GetParameters()[i].ParameterType, gradient.GetParameters()[i].ParameterType);
            Assert.Equal(original.GetParameters()[i].ParameterType, pushforward.GetParameters()[i].ParameterType);
            Assert.Equal(original.GetParameters()[i].ParameterType, pullback.GetParameters()[i].ParameterType);
        }
    }

    [Fact]
    public void AccessibilityAndStaticnessAreKept()
    {
        foreach (string suffix in new[] { "Gradient", "Pushforward", "Pullback" })
        {
            MethodInfo internalOne = Method(nameof(Parameters.InternalMethod) + suffix);
            Assert.True(internalOne.IsAssembly && internalOne.IsStatic, $"{internalOne.Name} should be internal static");
            MethodInfo publicOne = Method(nameof(Parameters.IntParameter) + suffix);
            Assert.True(publicOne.IsPublic && publicOne.IsStatic, $"{publicOne.Name} should be public static");
        }
    }

    [Fact]
    public void NoDerivativeParameterIsNotDifferentiatedButIsUsed()
    {
        // f = c·x·y + c with c data: ∂/∂x = c·y, ∂/∂y = c·x; c only changes the value.
        double value = Parameters.NoDerivativeMiddleGradient(2, 5, 3, out double dx, out double dy);
        Assert.Equal(35.0, value);
        Assert.Equal(15.0, dx);
        Assert.Equal(10.0, dy);
        Parameters.NoDerivativeMiddlePushforward(2, 5, 3, 1, -1, out double tangent);
        Assert.Equal(5.0, tangent);
        double xa = 1, ya = 1;
        Parameters.NoDerivativeMiddlePullback(2, 5, 3, 2, ref xa, ref ya);
        Assert.Equal(31.0, xa);
        Assert.Equal(21.0, ya);
    }

    private static MethodInfo Method(string name)
        => typeof(Parameters).GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
           ?? throw new InvalidOperationException($"Parameters.{name} not found");

    private static string ParameterNames(MethodInfo method) => string.Join(" ", method.GetParameters().Select(p => p.Name));

    private static CaseTable BuildCases()
    {
        var t = new CaseTable();
        var x5 = Domain.Box((-5, 5));
        foreach (int n in new[] { -2, 0, 3 })
        {
            t.Add(
                $"IntParameter(n: {n})",
                DiffFn.Of1(x => Parameters.IntParameter(x, n), (double x, out double d) => Parameters.IntParameterGradient(x, n, out d), (double x, double dt, out double r) => Parameters.IntParameterPushforward(x, n, dt, out r), (double x, double s, ref double a) => Parameters.IntParameterPullback(x, n, s, ref a)),
                x5,
                p => new[] { n + 2.0 * n * n * p[0] });
        }

        // Pow(x, n) with an int exponent: n·x^(n−1) (0 for n = 0 by the Pow convention).
        foreach (int n in new[] { -1, 0, 1, 2, 5 })
        {
            t.Add(
                $"IntParameterPow(n: {n})",
                DiffFn.Of1(x => Parameters.IntParameterPow(x, n), (double x, out double d) => Parameters.IntParameterPowGradient(x, n, out d), (double x, double dt, out double r) => Parameters.IntParameterPowPushforward(x, n, dt, out r), (double x, double s, ref double a) => Parameters.IntParameterPowPullback(x, n, s, ref a)),
                Domain.Box((0.5, 3)),
                p => new[] { n == 0 ? 0 : n * Math.Pow(p[0], n - 1) });
        }

        foreach (bool square in new[] { true, false })
        {
            t.Add(
                $"BoolParameter(square: {square})",
                DiffFn.Of1(x => Parameters.BoolParameter(x, square), (double x, out double d) => Parameters.BoolParameterGradient(x, square, out d), (double x, double dt, out double r) => Parameters.BoolParameterPushforward(x, square, dt, out r), (double x, double s, ref double a) => Parameters.BoolParameterPullback(x, square, s, ref a)),
                x5,
                p => new[] { square ? 2 * p[0] : 1.0 });
        }

        foreach (Shape shape in Enum.GetValues<Shape>())
        {
            t.Add(
                $"EnumParameter(shape: {shape})",
                DiffFn.Of1(x => Parameters.EnumParameter(x, shape), (double x, out double d) => Parameters.EnumParameterGradient(x, shape, out d), (double x, double dt, out double r) => Parameters.EnumParameterPushforward(x, shape, dt, out r), (double x, double s, ref double a) => Parameters.EnumParameterPullback(x, shape, s, ref a)),
                x5,
                p => new[] { shape switch { Shape.Linear => 1.0, Shape.Quadratic => 2.0, _ => 3 * p[0] * p[0] } });
        }

        // r = n·x·y + (Quadratic ? y² : 0), negated when asked.
        foreach (bool negate in new[] { true, false })
        {
            foreach (Shape shape in new[] { Shape.Linear, Shape.Quadratic })
            {
                const int n = 2;
                double sign = negate ? -1 : 1;
                t.Add(
                    $"MixedOrder(negate: {negate}, shape: {shape})",
                    DiffFn.Of2((x, y) => Parameters.MixedOrder(n, x, negate, y, shape), (double x, double y, out double dx, out double dy) => Parameters.MixedOrderGradient(n, x, negate, y, shape, out dx, out dy), (double x, double y, double xt, double yt, out double r) => Parameters.MixedOrderPushforward(n, x, negate, y, shape, xt, yt, out r), (double x, double y, double s, ref double xa, ref double ya) => Parameters.MixedOrderPullback(n, x, negate, y, shape, s, ref xa, ref ya)),
                    Domain.Box((-5, 5), (-5, 5)),
                    p => new[] { sign * n * p[1], sign * (n * p[0] + (shape == Shape.Quadratic ? 2 * p[1] : 0)) });
            }
        }

        t.Add(
            "NoDerivativeParameter(scale: 1.75)",
            DiffFn.Of1(x => Parameters.NoDerivativeParameter(x, 1.75), (double x, out double d) => Parameters.NoDerivativeParameterGradient(x, 1.75, out d), (double x, double dt, out double r) => Parameters.NoDerivativeParameterPushforward(x, 1.75, dt, out r), (double x, double s, ref double a) => Parameters.NoDerivativeParameterPullback(x, 1.75, s, ref a)),
            x5,
            p => new[] { 2 * 1.75 * p[0] });
        t.Add(
            "NoDerivativeMiddle(c: -0.5)",
            DiffFn.Of2((x, y) => Parameters.NoDerivativeMiddle(x, -0.5, y), (double x, double y, out double dx, out double dy) => Parameters.NoDerivativeMiddleGradient(x, -0.5, y, out dx, out dy), (double x, double y, double xt, double yt, out double r) => Parameters.NoDerivativeMiddlePushforward(x, -0.5, y, xt, yt, out r), (double x, double y, double s, ref double xa, ref double ya) => Parameters.NoDerivativeMiddlePullback(x, -0.5, y, s, ref xa, ref ya)),
            Domain.Box((-5, 5), (-5, 5)),
            p => new[] { -0.5 * p[1], -0.5 * p[0] });
        t.Add(
            "NoDerivativeSingle(c: 3)",
            DiffFn.OfF1(x => Parameters.NoDerivativeSingle(x, 3f), (float x, out float d) => Parameters.NoDerivativeSingleGradient(x, 3f, out d), (float x, float dt, out float r) => Parameters.NoDerivativeSinglePushforward(x, 3f, dt, out r), (float x, float s, ref float a) => Parameters.NoDerivativeSinglePullback(x, 3f, s, ref a)),
            x5,
            p => new[] { 6 * p[0] });

        // k = flag ? n/2 : n, m = 2^n: f = k·x + m·x² + const.
        foreach (bool flag in new[] { true, false })
        {
            const int n = 3;
            t.Add(
                $"InactiveCalls(n: 3, flag: {flag})",
                DiffFn.Of1(x => Parameters.InactiveCalls(x, n, flag), (double x, out double d) => Parameters.InactiveCallsGradient(x, n, flag, out d), (double x, double dt, out double r) => Parameters.InactiveCallsPushforward(x, n, flag, dt, out r), (double x, double s, ref double a) => Parameters.InactiveCallsPullback(x, n, flag, s, ref a)),
                x5,
                p => new[] { (flag ? n * 0.5 : n) + 2 * 8 * p[0] });
        }

        // Parameters whose names clash with generated ones are still differentiated correctly.
        t.Add("NameClash", DiffFn.Of2(Parameters.NameClash, Parameters.NameClashGradient, Parameters.NameClashPushforward, Parameters.NameClashPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1], p[0] + 1 });
        t.Add("TangentNameClash", DiffFn.Of2(Parameters.TangentNameClash, Parameters.TangentNameClashGradient, Parameters.TangentNameClashPushforward, Parameters.TangentNameClashPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1], p[0] });
        t.Add("AdjointNameClash", DiffFn.Of2(Parameters.AdjointNameClash, Parameters.AdjointNameClashGradient, Parameters.AdjointNameClashPushforward, Parameters.AdjointNameClashPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1], p[0] });
        return t;
    }
}
