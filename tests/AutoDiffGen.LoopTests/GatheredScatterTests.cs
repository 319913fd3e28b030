using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Loops whose adjoints add into one array at several offsets of the counter (<see cref="Gathered"/>):
/// vectorized (the scatters gathered into one load and store per block where the offsets lie within
/// 16 bytes, a pass ahead otherwise, and left alone where the loop reads the array) against the same
/// methods with <c>Vectorize = false</c>, bit for bit: every adjoint element gets the same terms in the
/// same order, from a cleared gradient and when a pullback adds into adjoints that hold values
/// (−0 and +0 among them, which a block before its first iteration must leave as they are). Lengths
/// cover no block, one block, the scalar tail and many blocks for 2, 4 and 8 lanes. Plus central
/// differences of the double methods.
/// </summary>
public sealed class GatheredScatterTests
{
    public delegate T Pullback<T>(ReadOnlySpan<T> x, T seed, Span<T> adjoint);

    public static IEnumerable<object[]> Lengths()
        => Enumerable.Range(0, 41).Concat(new[] { 63, 64, 65, 100, 101, 257, 1001 }).Select(n => new object[] { n });

    private static double[] Point(int n, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>Adjoints to add into: random, with +0 and −0 at the start and here and there.</summary>
    private static double[] Initial(int n, int seed)
    {
        var values = Point(n, seed + 100, 3);
        for (int i = 0; i < n; i++)
        {
            if (i < 3 || i % 7 == 0)
            {
                values[i] = i % 2 == 0 ? -0.0 : 0.0;
            }
        }

        return values;
    }

    internal static void Identical(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"{what}[{i}]: {actual[i]:R}, scalar {expected[i]:R}");
        }
    }

    internal static void Identical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}[{i}]: {actual[i]:R}, scalar {expected[i]:R}");
        }
    }

    /// <summary>The pullback of the vectorized method and of the scalar one, from zeros (seed 1) and onto <see cref="Initial"/> (seed −0.7): identical adjoints and values.</summary>
    private static void SameAsScalar(double[] x, Pullback<double> vectorized, Pullback<double> scalar, bool sameValue, string what)
    {
        int n = x.Length;
        foreach (var (seed, start) in new[] { (1.0, new double[n]), (-0.7, Initial(n, n)) })
        {
            var v = (double[])start.Clone();
            var s = (double[])start.Clone();
            double value = vectorized(x, seed, v);
            double scalarValue = scalar(x, seed, s);
            Identical(s, v, $"{what} (n = {n}, seed {seed})");
            if (sameValue)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalarValue), BitConverter.DoubleToInt64Bits(value));
            }
        }
    }

    private static void SameAsScalar(float[] x, Pullback<float> vectorized, Pullback<float> scalar, bool sameValue, string what)
    {
        int n = x.Length;
        var initial = Initial(n, n).Select(v => (float)v).ToArray();
        foreach (var (seed, start) in new[] { (1f, new float[n]), (-0.7f, initial) })
        {
            var v = (float[])start.Clone();
            var s = (float[])start.Clone();
            float value = vectorized(x, seed, v);
            float scalarValue = scalar(x, seed, s);
            Identical(s, v, $"{what} (n = {n}, seed {seed})");
            if (sameValue)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(scalarValue), BitConverter.SingleToInt32Bits(value));
            }
        }
    }

    private static float[] Single(double[] x) => x.Select(v => (float)v).ToArray();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Offsets_0_and_1_add_in_the_scalar_order(int n)
    {
        var x = Point(n, n, 2);
        SameAsScalar(x, Gathered.PairsPullback, Gathered.PairsScalarPullback, sameValue: true, "Pairs");
        SameAsScalar(x, Vectorized.RosenbrockPullback, Vectorized.RosenbrockScalarPullback, sameValue: true, "Rosenbrock");
        SameAsScalar(Single(x), Gathered.PairsFPullback, Gathered.PairsFScalarPullback, sameValue: true, "PairsF");

        var g = Enumerable.Repeat(double.NaN, n).ToArray();
        var gs = new double[n];
        Assert.Equal(Gathered.PairsScalarGradient(x, gs), Gathered.PairsGradient(x, g));
        Identical(gs, g, "Pairs gradient");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Offsets_0_1_and_2_add_in_the_scalar_order(int n)
    {
        var x = Point(n, n + 1, 2);
        SameAsScalar(x, (p, seed, a) => { double dc = 0; return Gathered.TriplesPullback(p, 1.5, seed, a, ref dc); },
            (p, seed, a) => { double dc = 0; return Gathered.TriplesScalarPullback(p, 1.5, seed, a, ref dc); }, sameValue: false, "Triples");
        SameAsScalar(Single(x), (p, seed, a) => { float dc = 0; return Gathered.TriplesFPullback(p, 1.5f, seed, a, ref dc); },
            (p, seed, a) => { float dc = 0; return Gathered.TriplesFScalarPullback(p, 1.5f, seed, a, ref dc); }, sameValue: false, "TriplesF");
        SameAsScalar(x, Vectorized.SecondDifferencesPullback, Vectorized.SecondDifferencesScalarPullback, sameValue: true, "SecondDifferences");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Offsets_minus_1_and_0_add_in_the_scalar_order(int n)
    {
        var x = Point(n, n + 2, 2);
        foreach (int k in new[] { 1, 2 })
        {
            SameAsScalar(x, (p, seed, a) => Gathered.BackwardPullback(p, k, seed, a), (p, seed, a) => Gathered.BackwardScalarPullback(p, k, seed, a), sameValue: true, $"Backward (k = {k})");
        }

        // Offsets −2, −1, 0 and 1 after a row offset: 3 elements (24 bytes) apart, so none is gathered
        // (an array's scatters are gathered all together or not at all) and the larger offsets run in
        // passes ahead.
        SameAsScalar(x, Gathered.RowStencilPullback, Gathered.RowStencilScalarPullback, sameValue: true, "RowStencil");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Offsets_farther_apart_and_arrays_the_loop_reads_stay_exact(int n)
    {
        // Far: 24 bytes apart in double (a pass ahead), 12 in float (gathered, 3 lanes); Spread and
        // InPlace: local buffers the loops read and store, so nothing of them is gathered.
        var x = Point(n, n + 3, 2);
        SameAsScalar(x, Gathered.FarPullback, Gathered.FarScalarPullback, sameValue: true, "Far");
        SameAsScalar(Single(x), Gathered.FarFPullback, Gathered.FarFScalarPullback, sameValue: true, "FarF");
        SameAsScalar(x, Gathered.SpreadPullback, Gathered.SpreadScalarPullback, sameValue: true, "Spread");
        SameAsScalar(x, Gathered.InPlacePullback, Gathered.InPlaceScalarPullback, sameValue: true, "InPlace");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_gathered_array_beside_a_pass_ahead_into_another_stays_exact(int n)
    {
        var x = Point(n, n + 5, 2);
        var w = Point(n, n + 6, 2);
        foreach (var (seed, startX, startW) in new[] { (1.0, new double[n], new double[n]), (-0.7, Initial(n, n), Initial(n, n + 1)) })
        {
            var vx = (double[])startX.Clone();
            var vw = (double[])startW.Clone();
            var sx = (double[])startX.Clone();
            var sw = (double[])startW.Clone();
            double value = Gathered.GatheredThenAheadPullback(x, w, seed, vx, vw);
            double scalarValue = Gathered.GatheredThenAheadScalarPullback(x, w, seed, sx, sw);
            Identical(sx, vx, $"x (n = {n}, seed {seed})");
            Identical(sw, vw, $"w (n = {n}, seed {seed})");
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalarValue), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_counter_plus_a_constant_in_the_header_adds_in_the_scalar_order(int n)
    {
        var x = Point(n, n + 9, 2);
        SameAsScalar(x, Gathered.PlusOneHeaderPullback, Gathered.PlusOneHeaderScalarPullback, sameValue: true, "PlusOneHeader");
        SameAsScalar(Single(x), Gathered.PlusTwoHeaderFPullback, Gathered.PlusTwoHeaderFScalarPullback, sameValue: true, "PlusTwoHeaderF");
    }

    [Fact]
    public void A_row_offset_that_reads_before_the_array_throws_as_the_scalar_loop_does()
    {
        // Backward with k = 0 reads x[−1]: the vector part must not run (its range check fails) and
        // the scalar loop throws.
        var x = Point(40, 5, 1);
        Assert.Throws<IndexOutOfRangeException>(() => Gathered.BackwardGradient(x, 0, new double[40]));
        Assert.Throws<IndexOutOfRangeException>(() => Gathered.BackwardScalarGradient(x, 0, new double[40]));
    }

    [Fact]
    public void ShiftIn_moves_lanes_up_and_fills_from_the_previous_block()
    {
        // Whatever the width and the instructions the runtime picks (run also with DOTNET_EnableAVX512F=0,
        // DOTNET_EnableAVX2=0 and DOTNET_MaxVectorTBitWidth=512, which makes Vector<T> 512 bits wide on .NET 10, where PreferredVectorBitWidth does not): bits only move.
        int count = System.Numerics.Vector<double>.Count;
        var previous = new System.Numerics.Vector<double>(Enumerable.Range(0, count).Select(i => -1.0 - i).ToArray());
        var current = new System.Numerics.Vector<double>(Enumerable.Range(0, count).Select(i => 1.0 + i + 0.25).ToArray());
        for (int lanes = 1; lanes <= Math.Min(count, 2); lanes++)
        {
            var shifted = AutoDiffGen.VectorBlocks.ShiftIn(previous, current, lanes);
            for (int lane = 0; lane < count; lane++)
            {
                Assert.Equal(lane < lanes ? previous[count - lanes + lane] : current[lane - lanes], shifted[lane]);
            }
        }

        int countF = System.Numerics.Vector<float>.Count;
        var previousF = new System.Numerics.Vector<float>(Enumerable.Range(0, countF).Select(i => -1f - i).ToArray());
        var currentF = new System.Numerics.Vector<float>(Enumerable.Range(0, countF).Select(i => 1f + i + 0.25f).ToArray());
        for (int lanes = 1; lanes <= Math.Min(countF, 4); lanes++)
        {
            var shifted = AutoDiffGen.VectorBlocks.ShiftIn(previousF, currentF, lanes);
            for (int lane = 0; lane < countF; lane++)
            {
                Assert.Equal(lane < lanes ? previousF[countF - lanes + lane] : currentF[lane - lanes], shifted[lane]);
            }
        }

        // The last lanes of a block, added one after the other past it.
        var span = new double[count + 3];
        AutoDiffGen.VectorBlocks.AddLastLanes(span, 1, current, 2);
        Assert.Equal(new[] { 0, current[count - 2], current[count - 1] }, span.Take(3));
    }

    public static IEnumerable<object[]> FiniteDifferenceLengths() => new[] { 2, 3, 9, 17, 33, 65 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(FiniteDifferenceLengths))]
    public void Double_methods_match_central_differences(int n)
    {
        var x = Point(n, n + 4, 1);
        FiniteDifferences.Matches(Of("Pairs", n, p => Gathered.Pairs(p), (p, g) => Gathered.PairsGradient(p, g), (double[] p, double[] t, out double d) => Gathered.PairsPushforward(p, t, out d), (p, s, a) => Gathered.PairsPullback(p, s, a)), x);
        FiniteDifferences.Matches(Of("Far", n, p => Gathered.Far(p), (p, g) => Gathered.FarGradient(p, g), (double[] p, double[] t, out double d) => Gathered.FarPushforward(p, t, out d), (p, s, a) => Gathered.FarPullback(p, s, a)), x);
        FiniteDifferences.Matches(Of("Spread", n, p => Gathered.Spread(p), (p, g) => Gathered.SpreadGradient(p, g), (double[] p, double[] t, out double d) => Gathered.SpreadPushforward(p, t, out d), (p, s, a) => Gathered.SpreadPullback(p, s, a)), x);
        FiniteDifferences.Matches(Of("Backward", n, p => Gathered.Backward(p, 1), (p, g) => Gathered.BackwardGradient(p, 1, g), (double[] p, double[] t, out double d) => Gathered.BackwardPushforward(p, 1, t, out d), (p, s, a) => Gathered.BackwardPullback(p, 1, s, a)), x);

        // Triples: x, then c.
        var point = x.Append(1.5).ToArray();
        FiniteDifferences.Matches(
            new VecFn(
                "Triples", n + 1, false,
                p => Gathered.Triples(p.AsSpan(0, n), p[n]),
                (p, g) => Gathered.TriplesGradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
                (double[] p, double[] t, out double d) => Gathered.TriplesPushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out d),
                (p, s, a) => Gathered.TriplesPullback(p.AsSpan(0, n), p[n], s, a.AsSpan(0, n), ref a[n])),
            point);
    }

    private static VecFn Of(string name, int n, VecFn.ValueFn value, VecFn.GradientFn gradient, VecFn.PushforwardFn pushforward, VecFn.PullbackFn pullback)
        => new(name, n, false, value, gradient, pushforward, pullback);
}
