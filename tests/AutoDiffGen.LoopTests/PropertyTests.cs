using System;
using System.Collections.Generic;
using AutoDiffGen.LoopTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// The generated methods agree with each other at random points: Pushforward along a random
/// direction t equals dot(Gradient, t), and Pullback with seed s onto initial adjoints a₀ gives
/// a₀ + s·Gradient (spans accumulated into, not overwritten).
/// </summary>
public sealed class PropertyTests
{
    public static IEnumerable<object[]> Functions()
    {
        var relu = Data.Relu(30, 4, 13);
        yield return new object[] { "ReluLoss", Adapters.ReluLoss(relu.X, relu.Y, 4) };
        yield return new object[] { "Rosenbrock", Adapters.Rosenbrock(6) };
        yield return new object[] { "Mlp", Adapters.Mlp(3, new[] { 0.5, -0.25, 1.0 }, 0.2) };
        yield return new object[] { "Horner", Adapters.Horner(5) };
        yield return new object[] { "IteratedMap", Adapters.IteratedMap(6) };
        yield return new object[] { "Smoothing", Adapters.Smoothing(5) };
        yield return new object[] { "QuadraticForm", Adapters.QuadraticForm(Data.Uniform(25, -1, 1, 3), 5) };
        yield return new object[] { "Bins", Adapters.Bins(7, 3) };
        yield return new object[] { "StepDownByTwo", Adapters.StepDownByTwo(5) };
    }

    // The two sides are the same sums of products, evaluated in a different order, over at most
    // ~30 terms of magnitude ≤ ~1e3 (Rosenbrock on [−1.5, 1.5]): rounding ≲ 30·ε ≈ 1e-14 of the
    // sum of magnitudes. 1e-10 of that scale leaves a wide margin.
    private const double Tolerance = 1e-10;

    [Theory]
    [MemberData(nameof(Functions))]
    public void Pushforward_along_random_directions_equals_dot_of_gradient(string name, VecFn fn)
    {
        _ = name;
        var coordinate = Gen.Double[-1.5, 1.5];
        Gen.Select(coordinate.Array[fn.Arity], coordinate.Array[fn.Arity]).Sample((point, direction) =>
        {
            var gradient = new double[fn.Arity];
            fn.Gradient(point, gradient);
            fn.Pushforward(point, direction, out double tangent);
            LoopAssert.Close(LoopAssert.Dot(gradient, direction), tangent, Tolerance, fn.Name + " pushforward", LoopAssert.AbsDot(gradient, direction));
        }, iter: 40);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Pullback_adds_seed_times_gradient_onto_initial_adjoints(string name, VecFn fn)
    {
        _ = name;
        var coordinate = Gen.Double[-1.5, 1.5];
        Gen.Select(coordinate.Array[fn.Arity], coordinate.Array[fn.Arity], Gen.Double[-3, 3]).Sample((point, initial, seed) =>
        {
            var gradient = new double[fn.Arity];
            fn.Gradient(point, gradient);
            var adjoint = (double[])initial.Clone();
            fn.Pullback(point, seed, adjoint);
            for (int i = 0; i < fn.Arity; i++)
            {
                LoopAssert.Close(initial[i] + seed * gradient[i], adjoint[i], Tolerance, $"{fn.Name} adjoint[{i}]",
                    Math.Abs(initial[i]) + Math.Abs(seed * gradient[i]));
            }
        }, iter: 40);
    }
}
