using System;
using AutoDiffGen.NumericTests.Functions;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// do … while (k-- > 0) and its siblings (Functions/DoWhileConditions.cs): the value of every
/// member equals the method's, which equals its closed form, and the derivative in every mode
/// equals the closed form's within 1e-12 relative (a few dozen operations on values of order 10,
/// each rounding by 1.1e-16).
/// </summary>
public sealed class DoWhileConditionTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "PostDecrement", "PostIncrement", "DoubleCounter", "BodyReadsTheCounter", "NestedPostfixTests" })
        {
            foreach (int n in new[] { 0, 1, 3 })
            {
                data.Add(name, n);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryMemberRunsTheBodyAsOftenAsTheMethod(string name, int n)
    {
        const double x = 1.3;
        var (f, g, p, b) = Members(name);
        var (value, derivative) = ClosedForm(name, x, n);
        Assert.True(Math.Abs(f(x, n) - value) <= 1e-12 * Math.Abs(value), $"{name}({x}, {n}) = {f(x, n)}, closed form {value}");

        Assert.Equal(f(x, n), g(x, n, out double dx));
        Close(derivative, dx, "gradient");
        Assert.Equal(f(x, n), p(x, n, 0.75, out double tangent));
        Close(0.75 * derivative, tangent, "pushforward");
        double adjoint = 0.5;
        Assert.Equal(f(x, n), b(x, n, 2.5, ref adjoint));
        Close(0.5 + 2.5 * derivative, adjoint, "pullback");
    }

    private static void Close(double expected, double actual, string what)
        => Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    private delegate double Gradient(double x, int n, out double dx);

    private delegate double Pushforward(double x, int n, double xTangent, out double tangent);

    private delegate double Pullback(double x, int n, double seed, ref double xAdjoint);

    private static (Func<double, int, double>, Gradient, Pushforward, Pullback) Members(string name) => name switch
    {
        "PostDecrement" => (DoWhileConditions.PostDecrement, DoWhileConditions.PostDecrementGradient, DoWhileConditions.PostDecrementPushforward, DoWhileConditions.PostDecrementPullback),
        "PostIncrement" => (DoWhileConditions.PostIncrement, DoWhileConditions.PostIncrementGradient, DoWhileConditions.PostIncrementPushforward, DoWhileConditions.PostIncrementPullback),
        "DoubleCounter" => (DoWhileConditions.DoubleCounter, DoWhileConditions.DoubleCounterGradient, DoWhileConditions.DoubleCounterPushforward, DoWhileConditions.DoubleCounterPullback),
        "BodyReadsTheCounter" => (DoWhileConditions.BodyReadsTheCounter, DoWhileConditions.BodyReadsTheCounterGradient, DoWhileConditions.BodyReadsTheCounterPushforward, DoWhileConditions.BodyReadsTheCounterPullback),
        "NestedPostfixTests" => (DoWhileConditions.NestedPostfixTests, DoWhileConditions.NestedPostfixTestsGradient, DoWhileConditions.NestedPostfixTestsPushforward, DoWhileConditions.NestedPostfixTestsPullback),
        _ => throw new ArgumentException("unknown case", nameof(name)),
    };

    /// <summary>The value and dy/dx, from the number of times the body runs.</summary>
    private static (double Value, double Derivative) ClosedForm(string name, double x, int n)
    {
        switch (name)
        {
            case "PostDecrement":
            {
                // m = n + 1 steps of y ← 0.9y + x from y = x: y = x·(0.9^m + 10(1 − 0.9^m)).
                double c = Math.Pow(0.9, n + 1) + 10 * (1 - Math.Pow(0.9, n + 1));
                return (x * c, c);
            }

            case "PostIncrement":
                return (Math.Pow(x, n + 2), (n + 2) * Math.Pow(x, n + 1));
            case "DoubleCounter":
                return (x + (n + 2) * Math.Sin(x), 1 + (n + 2) * Math.Cos(x));
            case "BodyReadsTheCounter":
                return (x + x * x * n * (n + 1) / 2.0, 1 + 2 * x * n * (n + 1) / 2.0);
            default:
            {
                // m = 2(n + 1) steps of y ← 0.5y + x from y = 1: y = 0.5^m + 2x(1 − 0.5^m).
                double h = Math.Pow(0.5, 2 * (n + 1));
                return (h + 2 * x * (1 - h), 2 * (1 - h));
            }
        }
    }
}
