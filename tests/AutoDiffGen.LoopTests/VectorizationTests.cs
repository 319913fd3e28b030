using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AutoDiffGen.LoopTests.Functions;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Vectorized generated loops against the same method generated scalar (<c>Vectorize = false</c>)
/// and against closed forms, at lengths around the vector width. Values, element-wise results and
/// scatters that add one term per element must be identical; a sum in another order must be within
/// the bound on reordering a sum of n terms: |Δ| ≤ 2(n − 1)·ε·Σ|terms| (each order's error is at most
/// (n − 1)·ε·Σ|terms|, Higham, Accuracy and Stability of Numerical Algorithms, §4.2).
/// </summary>
public sealed class VectorizationTests
{
    private static readonly int W = Vector<double>.Count;

    public static IEnumerable<object[]> Lengths()
    {
        var seen = new HashSet<int>();
        foreach (int n in new[] { 0, 1, 2, W - 1, W, W + 1, W + 2, 2 * W - 1, 2 * W, 2 * W + 1, 3 * W + 2, 1000, 4099 })
        {
            if (n >= 0 && seen.Add(n))
            {
                yield return new object[] { n };
            }
        }
    }

    private static double[] Random(int n, int seed, double scale = 1)
    {
        var r = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (r.NextDouble() * 2 - 1) * scale;
        return v;
    }

    private static void Within(double expected, double actual, double sumOfMagnitudes, int terms, string what)
    {
        double bound = 2 * Math.Max(terms - 1, 1) * 1.1102230246251565e-16 * sumOfMagnitudes; // unit roundoff u = 2⁻⁵³
        Assert.True(Math.Abs(expected - actual) <= bound, $"{what}: {actual:R} vs {expected:R}, |Δ| = {Math.Abs(expected - actual):R} > {bound:R}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_is_identical_to_scalar_and_to_the_closed_form(int n)
    {
        var w = Random(n, 1);
        var x = Random(n, 2);
        var dw = new double[n];
        var dx = new double[n];
        var dws = new double[n];
        var dxs = new double[n];
        double value = Vectorized.DotGradient(w, x, dw, dx);
        double scalar = Vectorized.DotScalarGradient(w, x, dws, dxs);
        Assert.Equal(Vectorized.Dot(w, x), value);
        Assert.Equal(scalar, value);
        Assert.Equal(x, dw);
        Assert.Equal(w, dx);
        Assert.Equal(dws, dw);
        Assert.Equal(dxs, dx);

        // The pullback adds into what is there; the tangent sum is reordered.
        var pw = Random(n, 3);
        var pws = (double[])pw.Clone();
        Vectorized.DotPullback(w, x, 0.5, pw, new double[n]);
        Vectorized.DotScalarPullback(w, x, 0.5, pws, new double[n]);
        Assert.Equal(pws, pw);
        var tw = Random(n, 4);
        var tx = Random(n, 5);
        Vectorized.DotPushforward(w, x, tw, tx, out double tangent);
        Vectorized.DotScalarPushforward(w, x, tw, tx, out double tangentScalar);
        double magnitude = 0;
        for (int j = 0; j < n; j++) magnitude += Math.Abs(tw[j] * x[j]) + Math.Abs(w[j] * tx[j]);
        Within(tangentScalar, tangent, magnitude, 2 * n, "pushforward");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReorderSums_changes_only_the_summation_order_of_the_value(int n)
    {
        var w = Random(n, 14);
        var x = Random(n, 15);
        var dw = new double[n];
        var dx = new double[n];
        double value = Vectorized.DotReorderedGradient(w, x, dw, dx);
        double magnitude = 0;
        for (int j = 0; j < n; j++) magnitude += Math.Abs(w[j] * x[j]);
        Within(Vectorized.DotScalar(w, x), value, magnitude, n, "value");
        Within(Vectorized.DotScalar(w, x), Vectorized.DotReorderedPushforward(w, x, new double[n], new double[n], out _), magnitude, n, "pushforward value");
        Assert.Equal(x, dw);
        Assert.Equal(w, dx);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(33)]
    public void NeighbourProductsThroughALocalBuffer_MatchClosedForm(int n)
    {
        // f = Σ x[j]·x[j+1]: ∂f/∂x[k] = x[k−1] + x[k+1] (the neighbours that exist).
        var x = Random(n, 21);
        var g = new double[n];
        Vectorized.NeighbourProductsGradient(x, g);
        for (int k = 0; k < n; k++)
        {
            double expected = (k > 0 ? x[k - 1] : 0) + (k < n - 1 ? x[k + 1] : 0);
            Assert.Equal(expected, g[k], 12);
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(33)]
    public void ACallerOfAReorderedCallee_ReturnsItsValueExactlyFromEveryMember(int n)
    {
        // w = (1e8, 1, 1, …), x = w: 1e16 absorbs each later 1 when added in order, but not when
        // the 1s are summed per lane first, so the reordered callee's value differs from its own.
        var w = new double[n];
        Array.Fill(w, 1.0);
        w[0] = 1e8;
        double inOrder = 0;
        for (int j = 0; j < n; j++) inOrder += w[j] * w[j];
        // (The premise needs the vector blocks: without hardware acceleration the callee adds in order too.)
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            Assert.NotEqual(inOrder, Vectorized.DotReorderedPushforward(w, w, new double[n], new double[n], out _));
        }

        var tw = new double[n];
        tw[0] = 1;
        double value = Vectorized.CallsReordered(w, w);
        Assert.Equal(inOrder + w[0], value);
        Assert.Equal(value, Vectorized.CallsReorderedPushforward(w, w, tw, new double[n], out _));
        Assert.Equal(value, Vectorized.CallsReorderedGradient(w, w, new double[n], new double[n]));
        Assert.Equal(value, Vectorized.CallsReorderedPullback(w, w, 1.0, new double[n], new double[n]));

        double pair = Vectorized.CallsPairReordered(w, w);
        Assert.Equal(inOrder - 1e16, pair);
        Assert.Equal(pair, Vectorized.CallsPairReorderedPushforward(w, w, tw, new double[n], out _));
        Assert.Equal(pair, Vectorized.CallsPairReorderedGradient(w, w, new double[n], new double[n]));

        double written = Vectorized.CallsDotIntoReordered(w, w);
        Assert.Equal(2 * inOrder, written);
        Assert.Equal(written, Vectorized.CallsDotIntoReorderedPushforward(w, w, tw, new double[n], out double tangent));
        Assert.Equal(written, Vectorized.CallsDotIntoReorderedGradient(w, w, new double[n], new double[n]));
        Assert.Equal(2 * w[0], tangent); // ∂(2·Σ w·x)/∂w0 = 2·x0 (x has tangent 0)
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Rosenbrock_matches_scalar_and_closed_form(int n)
    {
        var x = Random(n, 6, 1.5);
        var g = new double[n];
        var gs = new double[n];
        double value = Vectorized.RosenbrockGradient(x, g);
        Assert.Equal(Vectorized.Rosenbrock(x), value);
        Assert.Equal(Vectorized.RosenbrockScalarGradient(x, gs), value);
        for (int i = 0; i < n; i++)
        {
            // ∂/∂xᵢ = −2(1 − xᵢ) − 400 xᵢ (xᵢ₊₁ − xᵢ²) [i < n − 1] + 200 (xᵢ − xᵢ₋₁²) [i > 0]: at most 3 terms.
            double t1 = i < n - 1 ? -2 * (1 - x[i]) : 0;
            double t2 = i < n - 1 ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) : 0;
            double t3 = i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0;
            double magnitude = Math.Abs(t1) + Math.Abs(t2) + Math.Abs(t3);
            // The scatters into dx[i] and dx[i + 1] add their terms in the scalar loop's order.
            Assert.Equal(gs[i], g[i]);
            Assert.True(Math.Abs(g[i] - (t1 + t2 + t3)) <= 1e-12 * (1 + magnitude), $"dx[{i}] = {g[i]:R}, closed form {t1 + t2 + t3:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Three_scatter_streams_add_in_the_scalar_order(int n)
    {
        var x = Random(n, 12, 2);
        var g = new double[n];
        var gs = new double[n];
        double value = Vectorized.SecondDifferencesGradient(x, g);
        Assert.Equal(Vectorized.SecondDifferences(x), value);
        Assert.Equal(Vectorized.SecondDifferencesScalarGradient(x, gs), value);
        for (int i = 0; i < n; i++)
        {
            // ∂/∂xᵢ = 2cᵢ − 4cᵢ₋₁ + 2cᵢ₋₂ (terms present where the index is 0 … n − 3), cₖ = xₖ₊₂ − 2xₖ₊₁ + xₖ.
            double C(int k) => k >= 0 && k < n - 2 ? x[k + 2] - 2 * x[k + 1] + x[k] : 0;
            double expected = 2 * C(i) - 4 * C(i - 1) + 2 * C(i - 2);
            Assert.Equal(gs[i], g[i]);
            // Each cₖ has |cₖ| ≤ 4·max|x| = 8 here, computed within a few ulps; 1e-13 is far above that and far below any missing term.
            Assert.True(Math.Abs(g[i] - expected) <= 1e-13 * (1 + Math.Abs(C(i)) + Math.Abs(C(i - 1)) + Math.Abs(C(i - 2))) * 8, $"dx[{i}] = {g[i]:R}, closed form {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Derivative_sum_is_within_the_reordering_bound(int n)
    {
        var x = Random(n, 7, 3);
        double a = 1.7, c = 0.3;
        var dx = new double[n];
        var dxs = new double[n];
        double value = Vectorized.ScaledGradient(a, x, c, out double da, dx, out double dc);
        double scalar = Vectorized.ScaledScalarGradient(a, x, c, out double das, dxs, out double dcs);
        Assert.Equal(Vectorized.Scaled(a, x, c), value);
        Assert.Equal(scalar, value);
        Assert.Equal(dxs, dx);
        double sumSquares = 0;
        for (int j = 0; j < n; j++) sumSquares += x[j] * x[j];

        // ∂/∂a = Σ xⱼ²/c and ∂/∂c = −Σ a xⱼ²/c², every term of one sign.
        Within(das, da, sumSquares / c, n, "da against scalar");
        Within(dcs, dc, a * sumSquares / (c * c), n, "dc against scalar");
        Within(sumSquares / c, da, 2 * sumSquares / c, n + 2, "da against closed form");
        Within(-a * sumSquares / (c * c), dc, 2 * a * sumSquares / (c * c), n + 3, "dc against closed form");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(64, 50)]
    [InlineData(9, 0)]
    public void Row_slices_match_scalar_and_closed_form(int d, int rows)
    {
        var w = Random(d, 8);
        var X = Random(d * rows, 9);
        var dw = new double[d];
        var dX = new double[X.Length];
        var dws = new double[d];
        var dXs = new double[X.Length];
        double value = Vectorized.RowSumsGradient(w, X, dw, dX);
        Assert.Equal(Vectorized.RowSums(w, X), value);
        Assert.Equal(Vectorized.RowSumsScalarGradient(w, X, dws, dXs), value);
        Assert.Equal(dXs, dX);
        for (int j = 0; j < d; j++)
        {
            // ∂/∂wⱼ = Σᵢ 2 zᵢ Xᵢⱼ, one scatter term per row.
            double expected = 0, magnitude = 0;
            for (int i = 0; i < rows; i++)
            {
                double z = 0;
                for (int k = 0; k < d; k++) z += w[k] * X[i * d + k];
                expected += 2 * z * X[i * d + j];
                magnitude += Math.Abs(2 * z * X[i * d + j]);
            }

            Assert.Equal(dws[j], dw[j]);
            Within(expected, dw[j], 2 * magnitude, rows + d, $"dw[{j}] against closed form");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Negative_offset_stays_right(int n)
    {
        var x = Random(n, 10);
        var g = new double[n];
        double value = Vectorized.LaggedGradient(x, g);
        Assert.Equal(Vectorized.Lagged(x), value);
        for (int i = 0; i < n; i++)
        {
            double expected = (i > 0 ? x[i - 1] : 0) + (i < n - 1 ? x[i + 1] : 0);
            Assert.True(Math.Abs(expected - g[i]) <= 1e-15 * 4, $"dx[{i}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    public void Out_of_range_read_throws_as_the_scalar_loop_does(int missing)
    {
        int n = 4 * W + 23;
        var w = Random(n, 11);
        var x = Random(n - missing, 12);
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.BoundByOther(w, x));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.BoundByOtherGradient(w, x, new double[n]));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.BoundByOtherPushforward(w, x, new double[n], out _));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.BoundByOtherPullback(w, x, 1.0, new double[n]));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Triangular_local_buffers_match_scalar_and_closed_form(int n)
    {
        if (n > 64)
        {
            return; // stackalloc of n doubles, and n(n − 1)/2 entries of l
        }

        var l = Random(n * (n - 1) / 2, 11);
        var x = Random(n, 12);
        var m = Random(n, 13);
        var dl = new double[l.Length];
        var dx = new double[n];
        var dm = new double[n];
        var dls = new double[l.Length];
        var dxs = new double[n];
        var dms = new double[n];
        double value = Vectorized.TriangularGradient(l, x, m, dl, dx, dm);
        double scalar = Vectorized.TriangularScalarGradient(l, x, m, dls, dxs, dms);

        // The value: the forward sweep's scatters add the same terms in the same order, and its sum is
        // added lane by lane in order, so it is the method's exactly.
        Assert.Equal(Vectorized.Triangular(l, x, m), value);
        Assert.Equal(scalar, value);

        // Closed form: c = x − m, y = (I + L)c, ∂/∂x = (I + L)ᵀy = −∂/∂m, ∂/∂l[p] = y[j]·c[i] (p for (i, j)).
        var c = new double[n];
        var y = new double[n];
        for (int j = 0; j < n; j++) c[j] = y[j] = x[j] - m[j];
        for (int i = 0, p = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, p++) y[j] += l[p] * c[i];
        var gx = (double[])y.Clone();
        var gxMagnitude = y.Select(Math.Abs).ToArray();
        for (int i = 0, p = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, p++)
            {
                gx[i] += l[p] * y[j];
                gxMagnitude[i] += Math.Abs(l[p] * y[j]);
                // One product each: the same in every order.
                Assert.Equal(y[j] * c[i], dl[p]);
                Assert.Equal(dls[p], dl[p]);
            }

        for (int i = 0; i < n; i++)
        {
            // x̄[i] gathers n − i terms: summed in lanes in reverse, in order in the scalar loop.
            Within(dxs[i], dx[i], gxMagnitude[i], n - i, $"dx[{i}] against scalar");
            Within(gx[i], dx[i], 2 * gxMagnitude[i], n - i + 1, $"dx[{i}] against the closed form");
            Assert.Equal(-dx[i], dm[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Recurrence_through_a_local_buffer_stays_as_the_scalar_loop(int n)
    {
        if (n > 64)
        {
            return;
        }

        var x = Random(n, 21);
        var g = new double[n];
        var gs = new double[n];
        double value = Vectorized.BufferRecurrenceGradient(x, g);
        Assert.Equal(Vectorized.BufferRecurrence(x), value);
        Assert.Equal(Vectorized.BufferRecurrenceScalarGradient(x, gs), value);

        // Forward mode has the recurrence as a flat loop of stores (h and its tangent): it must stay scalar.
        var t = Random(n, 22);
        Assert.Equal(value, Vectorized.BufferRecurrencePushforward(x, t, out double tangent));
        Vectorized.BufferRecurrenceScalarPushforward(x, t, out double tangentScalar);
        double tangentMagnitude = 0;
        for (int k = 0; k < n; k++) tangentMagnitude += Math.Abs(gs[k] * t[k]);
        Within(tangentScalar, tangent, 4 * tangentMagnitude + 1e-300, 2 * n + 2, "pushforward");

        // h_j = Σ_{k ≤ j} 0.5^{j−k} x_k, s = Σ h_j²: ∂s/∂x_k = Σ_{j ≥ k} 2h_j·0.5^{j−k}.
        var h = new double[n];
        for (int j = 0; j < n; j++) h[j] = (j == 0 ? 0 : h[j - 1] * 0.5) + x[j];
        for (int k = 0; k < n; k++)
        {
            double expected = 0, magnitude = 0;
            for (int j = k; j < n; j++)
            {
                expected += 2 * h[j] * Math.Pow(0.5, j - k);
                magnitude += Math.Abs(2 * h[j] * Math.Pow(0.5, j - k));
            }

            Within(expected, g[k], 4 * magnitude, 2 * n + 2, $"dx[{k}]");
            Within(gs[k], g[k], magnitude, 2 * n + 2, $"dx[{k}] against scalar");
        }
    }

    [Fact]
    public void Negation_keeps_the_sign_of_zero()
    {
        var x = new double[3 * W + 1];
        var dx = new double[x.Length];
        Assert.True(double.IsNegative(Vectorized.NegativeZeros(x, 2.0)));
        Assert.True(double.IsNegative(Vectorized.NegativeZerosGradient(x, 2.0, dx, out _)));
        Assert.True(double.IsNegative(Vectorized.NegativeZerosPushforward(x, 2.0, new double[x.Length], 0, out _)));
        Assert.All(dx, v => Assert.Equal(-2.0, v));
    }

    [Fact]
    public void Vectorized_gradient_allocates_nothing()
    {
        var x = Random(1000, 13);
        var g = new double[1000];
        Vectorized.RosenbrockGradient(x, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Vectorized.RosenbrockGradient(x, g);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
