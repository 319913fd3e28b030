using System;
using CsCheck;

namespace AutoDiffGen.NumericTests.Support;

/// <summary>Generators of points for the property-based checks.</summary>
public static class Domain
{
    /// <summary>Points in the box [lo₀, hi₀] × [lo₁, hi₁] × … (up to three coordinates).</summary>
    public static Gen<double[]> Box(params (double Lo, double Hi)[] ranges) => ranges.Length switch
    {
        1 => Gen.Double[ranges[0].Lo, ranges[0].Hi].Select(a => new[] { a }),
        2 => Gen.Select(Gen.Double[ranges[0].Lo, ranges[0].Hi], Gen.Double[ranges[1].Lo, ranges[1].Hi], (a, b) => new[] { a, b }),
        3 => Gen.Select(Gen.Double[ranges[0].Lo, ranges[0].Hi], Gen.Double[ranges[1].Lo, ranges[1].Hi], Gen.Double[ranges[2].Lo, ranges[2].Hi], (a, b, c) => new[] { a, b, c }),
        _ => throw new ArgumentException("One to three ranges.", nameof(ranges)),
    };

    /// <summary>Distance of t from the nearest integer.</summary>
    public static double FromInteger(double t) => Math.Abs(t - Math.Round(t));

    /// <summary>Runs <paramref name="check"/> on <see cref="Tolerances.Iterations"/> random points.</summary>
    public static void ForAll(this Gen<double[]> gen, Action<double[]> check)
        => gen.Sample(check, iter: Tolerances.Iterations);
}
