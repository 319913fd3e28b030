using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Calls to other [Differentiable] methods, against closed forms. Tolerance: Tolerances.DoubleClosedForm
/// (the generated chain and the formula are both exact in double, differing in operation order).
/// </summary>
public class CompositionTests
{
    public static TheoryData<double, double> Points => new() { { 1.5, 0.7 }, { -0.3, 2.1 }, { 0.0, -1.2 }, { 2.2, 0.01 } };

    private static void Close(double expected, double actual)
        => Assert.True(Math.Abs(expected - actual) <= Tolerances.DoubleClosedForm * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Theory]
    [MemberData(nameof(Points))]
    public void Outer_AllModes_MatchClosedForm(double x, double k)
    {
        double dx = 0, dk = 0;
        for (int i = 0; i < 3; i++)
        {
            dx += 2 * 2 * (x + i) * k;
            dk += 2 * ((x + i) * (x + i) + Math.Cos(k));
        }

        dx += 9 + Math.Cos(x);
        double value = Composition.OuterGradient(x, k, out double gx, out double gk);
        Close(Composition.Outer(x, k), value);
        Close(dx, gx);
        Close(dk, gk);

        Composition.OuterPushforward(x, k, 0.5, -2, out double tangent);
        Close(0.5 * dx - 2 * dk, tangent);

        double ax = 1, ak = -1;
        Composition.OuterPullback(x, k, 3, ref ax, ref ak);
        Close(1 + 3 * dx, ax);
        Close(-1 + 3 * dk, ak);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.6)]
    public void Branchy_TakesTheBranchAndComposes(double x)
    {
        // x > 0: Inner(x, 2) = 2x² + sin 2, derivative 4x; else Inner(1, x) = x + sin x, derivative 1 + cos x.
        double expected = x > 0 ? 4 * x : 1 + Math.Cos(x);
        Composition.BranchyGradient(x, out double dx);
        Close(expected, dx);
        Composition.BranchyPushforward(x, 1, out double tangent);
        Close(expected, tangent);
    }

    [Fact]
    public void Float_Composes()
    {
        // d/dx [x² e^{x²} + x] = 2x e^{x²} (1 + x²) + 1
        float x = 0.7f;
        double expected = 2 * x * Math.Exp(x * x) * (1 + x * x) + 1;
        Composition.OuterSingleGradient(x, out float dx);
        Assert.True(Math.Abs(expected - dx) <= Tolerances.SingleClosedForm * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {dx}");
    }

    [Fact]
    public void InstanceMethods_Compose()
    {
        // Twice(x) = 1.5·(1.5x²)² = 3.375x⁴, derivative 13.5x³
        var model = new CompositionInstance();
        double x = 1.3;
        model.TwiceGradient(x, out double dx);
        Close(13.5 * x * x * x, dx);
    }
}
