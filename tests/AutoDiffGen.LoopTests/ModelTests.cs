using System;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>Rosenbrock (span, double[], float[]) and the two-layer tanh MLP with a stackalloc hidden layer.</summary>
public sealed class ModelTests
{
    [Theory]
    [InlineData(1)]   // no iteration at all: value 0, gradient 0
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(50)]
    public void Rosenbrock_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -1.5, 1.5, n);
        LoopAssert.Matches(Adapters.Rosenbrock(n), x, ClosedForms.Rosenbrock(x), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Rosenbrock_gradient_is_zero_at_the_minimum()
    {
        var ones = new double[] { 1, 1, 1, 1, 1, 1 };
        var g = new double[6];
        Assert.Equal(0.0, Models.RosenbrockGradient(ones, g));
        Assert.All(g, v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void Rosenbrock_over_double_array_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -1.5, 1.5, 100 + n);
        LoopAssert.Matches(Adapters.RosenbrockArray(n), x, ClosedForms.Rosenbrock(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void Rosenbrock_over_float_array_matches_closed_form(int n)
    {
        var fn = Adapters.RosenbrockSingle(n);
        var x = fn.Representable(Data.Uniform(n, -1.5, 1.5, 200 + n));
        LoopAssert.Matches(fn, x, ClosedForms.Rosenbrock(x), Tolerances.SingleClosedForm);
    }

    [Theory]
    [InlineData(3, 4, 1)]
    [InlineData(8, 5, 2)]
    [InlineData(1, 1, 3)]
    public void Mlp_matches_hand_written_backprop(int h, int d, int seed)
    {
        var input = Data.Uniform(d, -1, 1, seed);
        double target = 0.3;
        var fn = Adapters.Mlp(h, input, target);
        var p = Data.Uniform(fn.Arity, -0.8, 0.8, seed + 50);
        LoopAssert.Matches(fn, p, HandWritten.Mlp(p, h, input, target), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Mlp_hand_written_backprop_agrees_with_finite_differences()
    {
        // A check of the closed form itself. Finite-difference tolerance: Tolerances.DoubleFiniteDifference
        // (|f| < 10, third derivatives of tanh compositions with weights < 1 are O(10)).
        const int h = 4;
        var input = Data.Uniform(3, -1, 1, 9);
        var fn = Adapters.Mlp(h, input, 0.3);
        var p = Data.Uniform(fn.Arity, -0.8, 0.8, 10);
        var numeric = new double[p.Length];
        GradientCheck.Gradient(q => fn.Value(q), p, numeric);
        LoopAssert.AllClose(HandWritten.Mlp(p, h, input, 0.3), numeric, Tolerances.DoubleFiniteDifference, "finite differences");
    }

    [Fact]
    public void Rosenbrock_closed_form_agrees_with_finite_differences()
    {
        // Finite-difference tolerance: Tolerances.DoubleFiniteDifference (|f| ≲ 1e3 on [−1.5, 1.5]⁵ gives
        // rounding ε·|f|/h ≈ 4e-8; f is quartic, so truncation h²·|f'''|/6 ≈ 6e-12·2400·1.5 ≈ 2e-8).
        var x = Data.Uniform(5, -1.5, 1.5, 5);
        var numeric = new double[5];
        GradientCheck.Gradient(p => Models.Rosenbrock(p), x, numeric);
        LoopAssert.AllClose(ClosedForms.Rosenbrock(x), numeric, Tolerances.DoubleFiniteDifference, "finite differences");
    }
}
