using System;
using AutoDiffGen.NumericTests.Functions;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// <c>GradientCheck</c>'s float overloads (trial 41: float methods could only be checked against a
/// double copy): differences at float's step ε^(1/3)·max(1, |x|) ≈ 4.9e-3 are right to about 1e-4
/// relative, so a right float gradient scores below 1e-3 (the tolerance here, with a tenfold margin
/// over the estimate ε·|f|/h + h²·|f‴|/6 for these functions of order 1 to 100) and a gradient wrong
/// by 1 % or more scores above it.
/// </summary>
public sealed class GradientCheckFloatTests
{
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData(0.7f)]
    [InlineData(-2.5f)]
    [InlineData(4f)]
    public void DerivativeOfAFloatFunctionIsCloseToTheClosedForm(float x)
    {
        double d = GradientCheck.Derivative(t => MathF.Sin(t) * t, x);
        double exact = Math.Cos(x) * x + Math.Sin(x);
        Assert.True(Math.Abs(d - exact) / Math.Max(1, Math.Abs(exact)) < Tolerance, $"{d} against {exact}");
        Assert.True(GradientCheck.WorstRelativeError(t => MathF.Sin(t) * t, x, (float)exact) < Tolerance);
        Assert.True(GradientCheck.WorstRelativeError(t => MathF.Sin(t) * t, x, (float)(exact * 1.01 + 0.01)) > Tolerance);
    }

    /// <summary>The generated gradient of a float method passes; the same gradient with one component 1 % off fails.</summary>
    [Fact]
    public void AGeneratedFloatGradientPassesAndAWrongOneFails()
    {
        var x = new[] { 1.2f, -0.8f, 0.5f };
        var w = new[] { 0.3f, -1.1f, 0.9f };
        var g = new float[3];
        FloatModels.WeightedSoftplusGradient(x, w, g);
        Assert.True(GradientCheck.WorstRelativeError(p => FloatModels.WeightedSoftplus(p, w), x, g) < Tolerance);
        g[1] *= 1.01f;
        g[1] += 0.01f;
        Assert.True(GradientCheck.WorstRelativeError(p => FloatModels.WeightedSoftplus(p, w), x, g) > Tolerance);
    }

    [Fact]
    public void GradientOfAFloatRosenbrockIsCloseToTheClosedForm()
    {
        var x = new[] { -1.2f, 1.0f };
        var d = new double[2];
        GradientCheck.Gradient(p => 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]) + (1 - p[0]) * (1 - p[0]), x, d);
        double a = x[0], b = x[1];
        var exact = new[] { -400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a) };
        for (int i = 0; i < 2; i++)
        {
            Assert.True(Math.Abs(d[i] - exact[i]) / Math.Max(1, Math.Abs(exact[i])) < Tolerance, $"{i}: {d[i]} against {exact[i]}");
        }
    }

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => GradientCheck.Gradient(p => p[0], new float[2], new double[1])).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentException>(() => GradientCheck.Derivative(t => t, 1f, 0f)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => GradientCheck.Derivative((Func<float, float>)null!, 1f)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => GradientCheck.Gradient(p => p[0], null!, new double[1])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentNullException>(() => GradientCheck.WorstRelativeError(p => p[0], new float[1], null!)).ParamName);
        Assert.Equal(4.921566e-3f * 3f, GradientCheck.DefaultStep(-3f));
    }
}
