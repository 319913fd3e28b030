using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// Loops that read readonly fields and consts of their type (the same value in every iteration,
/// splat once before the vectorized blocks), each beside a twin with <c>Vectorize = false</c>; and one
/// that reads a field that is not readonly, which is read where the loop reads it (the loop stays
/// scalar).
/// </summary>
public sealed partial class ReadonlyFields
{
    private static readonly double Scale = 1.75;
    private const double Shift = 0.25;
    private readonly double weight;

    public ReadonlyFields(double weight) => this.weight = weight;

    public double Mutable { get; set; } = 1.5;

    [Differentiable]
    public double Weighted(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += weight * x[i] * x[i] + Scale * x[i] - Shift;
        }

        return s;
    }

    [Differentiable(Vectorize = false)]
    public double WeightedScalar(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += weight * x[i] * x[i] + Scale * x[i] - Shift;
        }

        return s;
    }

    /// <summary>A stencil times a static readonly scale: gathered, and the gradient writes dx first.</summary>
    [Differentiable(ReorderSums = true)]
    public static double Smooth(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            s += Scale * d * d;
        }

        return s;
    }

    [Differentiable(ReorderSums = true, Vectorize = false)]
    public static double SmoothScalar(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            s += Scale * d * d;
        }

        return s;
    }

    /// <summary>A property read in the loop: a call per iteration, so the loop stays scalar.</summary>
    [Differentiable]
    public double ThroughProperty(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Mutable * x[i] * x[i];
        }

        return s;
    }
}
