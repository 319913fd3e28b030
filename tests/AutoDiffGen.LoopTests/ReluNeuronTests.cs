using System;
using System.Linq;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// The ReLU neuron loss C(w, b) = 1/N Σ (yᵢ − max(0, w·Xᵢ + b))² (a reduction loop around an inner
/// loop) against ∂C/∂w = (2/N) Σ (max(0, zᵢ) − yᵢ)·1[zᵢ &gt; 0]·Xᵢ and ∂C/∂b likewise.
/// </summary>
public sealed class ReluNeuronTests
{
    /// <summary>The data has active (z &gt; 0) and inactive (z &lt; 0) units, none near the kink.</summary>
    private static void AssertBothKindsOfUnits(double[] w, double b, double[] X, int n)
    {
        var z = ClosedForms.ReluPreActivations(w, b, X, n);
        int active = z.Count(v => v > 0), inactive = z.Count(v => v < 0);
        Assert.True(active >= 3, $"only {active} active units");
        Assert.True(inactive >= 3, $"only {inactive} inactive units");
        Assert.True(z.Min(Math.Abs) > 1e-3, "a unit sits at the kink z = 0");
    }

    [Theory]
    [InlineData(40, 5, 7)]
    [InlineData(200, 8, 11)]
    [InlineData(25, 1, 3)]
    public void Double_matches_closed_form(int n, int d, int seed)
    {
        var data = Data.Relu(n, d, seed);
        var w = data.Point[..d];
        double b = data.Point[d];
        AssertBothKindsOfUnits(w, b, data.X, n);
        LoopAssert.Matches(Adapters.ReluLoss(data.X, data.Y, d), data.Point, ClosedForms.ReluLoss(w, b, data.X, data.Y), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Inactive_units_contribute_nothing()
    {
        // Every unit inactive (b very negative): the loss is mean y², the gradient exactly 0.
        var data = Data.Relu(30, 4, 5);
        var point = (double[])data.Point.Clone();
        point[4] = -10;
        var gradient = new double[5];
        Adapters.ReluLoss(data.X, data.Y, 4).Gradient(point, gradient);
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Closed_form_agrees_with_finite_differences()
    {
        // A check of the test's own closed form against the original method. Finite-difference
        // tolerance: see Tolerances.DoubleFiniteDifference (C is piecewise quadratic, |C| < 1, and no
        // zᵢ is within a step of the kink, so only rounding ε·|C|/h ≈ 4e-11 remains).
        var data = Data.Relu();
        int d = data.D;
        var expected = ClosedForms.ReluLoss(data.Point[..d], data.Point[d], data.X, data.Y);
        var numeric = new double[d + 1];
        GradientCheck.Gradient(p => Models.ReluLoss(p.AsSpan(0, d), p[d], data.X, data.Y), data.Point, numeric);
        LoopAssert.AllClose(expected, numeric, Tolerances.DoubleFiniteDifference, "finite differences");
    }

    [Fact]
    public void Single_matches_closed_form()
    {
        var data = Data.Relu(40, 5, 7);
        int d = data.D;
        float[] X = VecFn.ToSingle(data.X), y = VecFn.ToSingle(data.Y);
        var fn = Adapters.ReluLossSingle(X, y, d);
        var point = fn.Representable(data.Point);
        double[] Xd = X.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        AssertBothKindsOfUnits(point[..d], point[d], Xd, data.N);
        LoopAssert.Matches(fn, point, ClosedForms.ReluLoss(point[..d], point[d], Xd, yd), Tolerances.SingleClosedForm);
    }

    [Fact]
    public void Gradient_overwrites_and_pullback_accumulates_into_dw()
    {
        var data = Data.Relu();
        int d = data.D;
        var w = data.Point[..d];
        double b = data.Point[d];
        var expected = ClosedForms.ReluLoss(w, b, data.X, data.Y);

        var dw = Enumerable.Repeat(123.0, d).ToArray();
        double value = Models.ReluLossGradient(w, b, data.X, data.Y, dw, out double db);
        Assert.Equal(Models.ReluLoss(w, b, data.X, data.Y), value, 13);
        LoopAssert.AllClose(expected[..d], dw, Tolerances.DoubleClosedForm, "dw");
        LoopAssert.Close(expected[d], db, Tolerances.DoubleClosedForm, "db");

        var wAdjoint = Enumerable.Repeat(1.0, d).ToArray();
        double bAdjoint = -3;
        Models.ReluLossPullback(w, b, data.X, data.Y, 0.5, wAdjoint, ref bAdjoint);
        for (int j = 0; j < d; j++) LoopAssert.Close(1 + 0.5 * expected[j], wAdjoint[j], Tolerances.DoubleClosedForm, $"wAdjoint[{j}]");
        LoopAssert.Close(-3 + 0.5 * expected[d], bAdjoint, Tolerances.DoubleClosedForm, "bAdjoint");
    }
}
