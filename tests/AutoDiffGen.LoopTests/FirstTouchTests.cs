using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.LoopTests.Functions;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Gradients that write a derivative span first in a loop with gathered scatters instead of clearing
/// it (<see cref="FirstTouched"/>, and the gathered methods of <see cref="Gathered"/> and
/// <see cref="Vectorized"/>): into spans that hold NaN, ±∞ or other values, every element must come
/// out as the twin with <c>Vectorize = false</c> gives it (which clears and adds), bit for bit, at
/// lengths with no block (where the loop clears the whole span), one block, a scalar tail, and many
/// blocks. What the gradient returns must be the same too where the sum is added in order.
/// </summary>
public sealed class FirstTouchTests
{
    public delegate T Gradient<T>(ReadOnlySpan<T> x, Span<T> g);

    public static IEnumerable<object[]> Lengths() => GatheredScatterTests.Lengths();

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
    }

    /// <summary>What the span holds before the gradient: NaN, infinities, huge values, −0, garbage.</summary>
    private static IEnumerable<double[]> Garbage(int n)
    {
        yield return Enumerable.Repeat(double.NaN, n).ToArray();
        yield return Enumerable.Range(0, n).Select(i => i % 3 == 0 ? double.PositiveInfinity : i % 3 == 1 ? -1e300 : -0.0).ToArray();
        yield return Point(n, n + 50);
    }

    private static void SameAsScalar(double[] x, Gradient<double> vectorized, Gradient<double> scalar, bool sameValue, string what)
    {
        int n = x.Length;
        var expected = new double[n];
        double scalarValue = scalar(x, expected);
        foreach (var start in Garbage(n))
        {
            var g = (double[])start.Clone();
            double value = vectorized(x, g);
            GatheredScatterTests.Identical(expected, g, $"{what} (n = {n}, from {start.FirstOrDefault():R})");
            if (sameValue)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalarValue), BitConverter.DoubleToInt64Bits(value));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_span_written_first_by_the_blocks_matches_the_cleared_scalar_gradient(int n)
    {
        var x = Point(n, n);
        SameAsScalar(x, (p, g) => FirstTouched.LateStartGradient(p, g), (p, g) => FirstTouched.LateStartScalarGradient(p, g), sameValue: true, "LateStart");
        SameAsScalar(x, (p, g) => FirstTouched.OffsetOneGradient(p, g), (p, g) => FirstTouched.OffsetOneScalarGradient(p, g), sameValue: false, "OffsetOne");
        SameAsScalar(x, (p, g) => FirstTouched.AddedAfterGradient(p, g), (p, g) => FirstTouched.AddedAfterScalarGradient(p, g), sameValue: true, "AddedAfter");
        SameAsScalar(x, (p, g) => FirstTouched.AddedBeforeGradient(p, g), (p, g) => FirstTouched.AddedBeforeScalarGradient(p, g), sameValue: true, "AddedBefore");
        SameAsScalar(x, (p, g) => FirstTouched.GradientOnlyGradient(p, g), (p, g) => Vectorized.RosenbrockScalarGradient(p, g), sameValue: true, "GradientOnly");
        SameAsScalar(x, (p, g) => Vectorized.RosenbrockGradient(p, g), (p, g) => Vectorized.RosenbrockScalarGradient(p, g), sameValue: true, "Rosenbrock");
        SameAsScalar(x, (p, g) => Gathered.PairsGradient(p, g), (p, g) => Gathered.PairsScalarGradient(p, g), sameValue: true, "Pairs");
        SameAsScalar(x, (p, g) => Gathered.PlusOneHeaderGradient(p, g), (p, g) => Gathered.PlusOneHeaderScalarGradient(p, g), sameValue: true, "PlusOneHeader");
        SameAsScalar(x, (p, g) => Vectorized.SecondDifferencesGradient(p, g), (p, g) => Vectorized.SecondDifferencesScalarGradient(p, g), sameValue: true, "SecondDifferences");
        SameAsScalar(x, (p, g) => Gathered.BackwardGradient(p, 1, g), (p, g) => Gathered.BackwardScalarGradient(p, 1, g), sameValue: true, "Backward");
        SameAsScalar(x, (p, g) => Gathered.TriplesGradient(p, 1.5, g, out _), (p, g) => Gathered.TriplesScalarGradient(p, 1.5, g, out _), sameValue: false, "Triples");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Two_spans_written_first_in_one_loop_match_the_scalar_gradient(int n)
    {
        var x = Point(n, n + 1).Select(v => (float)v).ToArray();
        var w = Point(n, n + 2).Select(v => (float)v).ToArray();
        var ex = new float[n];
        var ew = new float[n];
        FirstTouched.TwoSpansScalarGradient(x, w, 0.25f, ex, ew, out float ec);
        foreach (var start in Garbage(n))
        {
            var gx = start.Select(v => (float)v).ToArray();
            var gw = start.Reverse().Select(v => (float)v).ToArray();
            FirstTouched.TwoSpansGradient(x, w, 0.25f, gx, gw, out float gc);
            GatheredScatterTests.Identical(ex, gx, $"dx (n = {n})");
            GatheredScatterTests.Identical(ew, gw, $"dw (n = {n})");

            // dc is a sum over the loop, added as partial sums per lane: within rounding of the scalar one.
            Assert.True(Math.Abs(ec - gc) <= 1e-4f * (1 + Math.Abs(ec)), $"dc (n = {n}): {gc:R}, scalar {ec:R}");
        }
    }

    [Fact]
    public void A_pullback_still_adds_into_what_the_span_holds()
    {
        // The pullback of a method whose gradient writes first is unchanged: it adds.
        var x = Point(65, 7);
        var start = Point(65, 8);
        var added = (double[])start.Clone();
        var scalar = (double[])start.Clone();
        FirstTouched.LateStartPullback(x, -0.5, added);
        FirstTouched.LateStartScalarPullback(x, -0.5, scalar);
        GatheredScatterTests.Identical(scalar, added, "LateStart pullback");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Loops_reading_readonly_fields_match_the_scalar_loops(int n)
    {
        // Readonly fields and consts are splat once before the blocks: element-wise results and the
        // value identical to the scalar twin's, the derivative sums within rounding (partial sums).
        var x = Point(n, n + 3);
        var model = new ReadonlyFields(0.75);
        var g = new double[n];
        var e = new double[n];
        Assert.Equal(BitConverter.DoubleToInt64Bits(model.WeightedScalarGradient(x, e)), BitConverter.DoubleToInt64Bits(model.WeightedGradient(x, g)));
        GatheredScatterTests.Identical(e, g, $"Weighted (n = {n})");
        SameAsScalar(x, (p, d) => ReadonlyFields.SmoothGradient(p, d), (p, d) => ReadonlyFields.SmoothScalarGradient(p, d), sameValue: false, "Smooth");
        model.WeightedPushforward(x, x, out double tangent);
        model.WeightedScalarPushforward(x, x, out double scalarTangent);
        Assert.True(Math.Abs(tangent - scalarTangent) <= 1e-12 * (1 + Math.Abs(scalarTangent)), $"tangent {tangent:R}, scalar {scalarTangent:R}");

        // The property: read in every iteration, the closed form 2·Mutable·x.
        model.Mutable = 2.5;
        model.ThroughPropertyGradient(x, g);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(2 * 2.5 * x[i], g[i]);
        }
    }
}
