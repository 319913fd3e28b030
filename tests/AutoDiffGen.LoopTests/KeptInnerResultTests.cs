using System;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Reverse mode keeps the results of inner loops (an MLP's hidden pre-activations) from the forward
/// run for the recomputed iterations of a reduction: the gradients match closed forms and central
/// differences, with and without a trailing (fused) loop around them.
/// </summary>
public sealed class KeptInnerResultTests
{
    private static VecFn TanhLayerThenSum(double[] A, int n) => new(
        "TanhLayerThenSum", n, false,
        p => KeptInnerResults.TanhLayerThenSum(p, A),
        (p, g) => KeptInnerResults.TanhLayerThenSumGradient(p, A, g),
        (double[] p, double[] t, out double tangent) => KeptInnerResults.TanhLayerThenSumPushforward(p, A, t, out tangent),
        (p, seed, a) => KeptInnerResults.TanhLayerThenSumPullback(p, A, seed, a));

    private static VecFn TwoInnerResultsIntoBuffer(double[] A, int n) => new(
        "TwoInnerResultsIntoBuffer", n, false,
        p => KeptInnerResults.TwoInnerResultsIntoBuffer(p, A),
        (p, g) => KeptInnerResults.TwoInnerResultsIntoBufferGradient(p, A, g),
        (double[] p, double[] t, out double tangent) => KeptInnerResults.TwoInnerResultsIntoBufferPushforward(p, A, t, out tangent),
        (p, seed, a) => KeptInnerResults.TwoInnerResultsIntoBufferPullback(p, A, seed, a));

    private static VecFn BatchedTanhLayer(double[] X, int n, int batches) => new(
        "BatchedTanhLayer", n, false,
        p => KeptInnerResults.BatchedTanhLayer(p, X, batches),
        (p, g) => KeptInnerResults.BatchedTanhLayerGradient(p, X, batches, g),
        (double[] p, double[] t, out double tangent) => KeptInnerResults.BatchedTanhLayerPushforward(p, X, batches, t, out tangent),
        (p, seed, a) => KeptInnerResults.BatchedTanhLayerPullback(p, X, batches, seed, a));

    private static VecFn CountedRows(double[] A, int n) => new(
        "CountedRows", n, false,
        p => KeptInnerResults.CountedRows(p, A),
        (p, g) => KeptInnerResults.CountedRowsGradient(p, A, g),
        (double[] p, double[] t, out double tangent) => KeptInnerResults.CountedRowsPushforward(p, A, t, out tangent),
        (p, seed, a) => KeptInnerResults.CountedRowsPullback(p, A, seed, a));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(200)] // 400 kept values: more than a fresh tape holds, so the iterations' Reserve grows it
    public void Tanh_layer_matches_closed_form(int n)
    {
        var A = Data.Uniform(n * n, -1, 1, 300 + n);
        var x = Data.Uniform(n, -1.5, 1.5, 310 + n);

        // ∂/∂x_k [Σᵢ tanh(zᵢ)xᵢ + Σᵢ xᵢ] = Σᵢ (1 − tanh²zᵢ)·A[i,k]·xᵢ + tanh(z_k) + 1.
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) z[i] += A[i * n + j] * x[j];
        }

        var expected = new double[n];
        for (int k = 0; k < n; k++)
        {
            expected[k] = Math.Tanh(z[k]) + 1;
            for (int i = 0; i < n; i++) expected[k] += (1 - Math.Tanh(z[i]) * Math.Tanh(z[i])) * A[i * n + k] * x[i];
        }

        LoopAssert.Matches(TanhLayerThenSum(A, n), x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Two_inner_results_into_a_buffer_match_finite_differences(int n)
    {
        var A = Data.Uniform(n * n, -1, 1, 320 + n);
        var x = Data.Uniform(n, -1, 1, 330 + n);
        FiniteDifferences.Matches(TwoInnerResultsIntoBuffer(A, n), x);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Batched_layer_in_a_fused_loop_matches_closed_form(int batches)
    {
        const int n = 4;
        var X = Data.Uniform(batches * n * n, -1, 1, 340 + batches);
        var w = Data.Uniform(n, -1, 1, 350 + batches);

        // loss = Σ_b t_b², t_b = Σᵢ tanh(z_bi)·wᵢ, z_bi = Σⱼ wⱼ·X[b,i,j]:
        // ∂loss/∂w_k = Σ_b 2t_b·(tanh(z_bk) + Σᵢ (1 − tanh²z_bi)·wᵢ·X[b,i,k]).
        var expected = new double[n];
        for (int b = 0; b < batches; b++)
        {
            var z = new double[n];
            double t = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) z[i] += w[j] * X[(b * n + i) * n + j];
                t += Math.Tanh(z[i]) * w[i];
            }

            for (int k = 0; k < n; k++)
            {
                double dt = Math.Tanh(z[k]);
                for (int i = 0; i < n; i++) dt += (1 - Math.Tanh(z[i]) * Math.Tanh(z[i])) * w[i] * X[(b * n + i) * n + k];
                expected[k] += 2 * t * dt;
            }
        }

        LoopAssert.Matches(BatchedTanhLayer(X, n, batches), w, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Counted_rows_match_closed_form()
    {
        const int n = 5;
        var A = Data.Uniform(n * n, -1, 1, 360);
        var x = Data.Uniform(n, -1, 1, 361);

        // cᵢ (the count of positive A[i,j]xⱼ) is locally constant: ∂/∂x_k = Σᵢ cᵢ·A[i,k] + 2x_k.
        var c = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) c[i] += A[i * n + j] * x[j] > 0 ? 1 : 0;
        }

        var expected = new double[n];
        for (int k = 0; k < n; k++)
        {
            expected[k] = 2 * x[k];
            for (int i = 0; i < n; i++) expected[k] += c[i] * A[i * n + k];
        }

        LoopAssert.Matches(CountedRows(A, n), x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(6, false)]
    [InlineData(7, false)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    public void Counter_advanced_by_a_taped_inner_loop_matches_closed_form(int n, bool trailing)
    {
        var x = Data.Uniform(n, -2, 2, 370 + n);

        // Σᵢ x[2i]·x[2i+1] (+ Σ x): g[2i] = x[2i+1], g[2i+1] = x[2i]; a last odd element only from Σ x.
        var expected = new double[n];
        for (int i = 0; i + 1 < n; i += 2)
        {
            expected[i] = x[i + 1];
            expected[i + 1] = x[i];
        }

        if (!trailing)
        {
            for (int i = 0; i < n; i++) expected[i] += 1;
        }

        var fn = trailing
            ? new VecFn("CounterThroughInnerProductsTrailing", n, false,
                p => KeptInnerResults.CounterThroughInnerProductsTrailing(p),
                (p, g) => KeptInnerResults.CounterThroughInnerProductsTrailingGradient(p, g),
                (double[] p, double[] t, out double tangent) => KeptInnerResults.CounterThroughInnerProductsTrailingPushforward(p, t, out tangent),
                (p, seed, a) => KeptInnerResults.CounterThroughInnerProductsTrailingPullback(p, seed, a))
            : new VecFn("CounterThroughInnerProducts", n, false,
                p => KeptInnerResults.CounterThroughInnerProducts(p),
                (p, g) => KeptInnerResults.CounterThroughInnerProductsGradient(p, g),
                (double[] p, double[] t, out double tangent) => KeptInnerResults.CounterThroughInnerProductsPushforward(p, t, out tangent),
                (p, seed, a) => KeptInnerResults.CounterThroughInnerProductsPullback(p, seed, a));
        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 5)]
    [InlineData(3, 2, 4)]
    [InlineData(9, 12, 3)] // 28 kept values per component, 336 per point: the reserved room grows past a fresh tape
    public void Scratch_buffers_per_point_match_finite_differences(int d, int k, int n)
    {
        var X = Data.Uniform(n * d, -1, 1, 380 + d);
        var theta = Data.Uniform(k * d + k * d * (d - 1) / 2, -1, 1, 390 + k);
        FiniteDifferences.Matches(new VecFn("ScratchPerPoint", theta.Length, false,
            p => KeptInnerResults.ScratchPerPoint(p, X, d, k),
            (p, g) => KeptInnerResults.ScratchPerPointGradient(p, X, d, k, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.ScratchPerPointPushforward(p, X, d, k, t, out tangent),
            (p, seed, a) => KeptInnerResults.ScratchPerPointPullback(p, X, d, k, seed, a)), theta);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Scratch_buffer_read_before_written_matches_finite_differences(int d)
    {
        var X = Data.Uniform(4 * d, -1, 1, 400 + d);
        var w = Data.Uniform(d, -1, 1, 410 + d);
        FiniteDifferences.Matches(new VecFn("ScratchCarried", d, false,
            p => KeptInnerResults.ScratchCarried(p, X),
            (p, g) => KeptInnerResults.ScratchCarriedGradient(p, X, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.ScratchCarriedPushforward(p, X, t, out tangent),
            (p, seed, a) => KeptInnerResults.ScratchCarriedPullback(p, X, seed, a)), w);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 5)]
    [InlineData(3, 4, 6)]
    public void Scratch_buffers_per_point_before_another_loop_match_finite_differences(int d, int k, int n)
    {
        var X = Data.Uniform(n * d, -1, 1, 420 + d);
        var theta = Data.Uniform(k * d + k * d * (d - 1) / 2, -1, 1, 430 + k);
        FiniteDifferences.Matches(new VecFn("ScratchPerPointThenPrior", theta.Length, false,
            p => KeptInnerResults.ScratchPerPointThenPrior(p, X, d, k),
            (p, g) => KeptInnerResults.ScratchPerPointThenPriorGradient(p, X, d, k, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.ScratchPerPointThenPriorPushforward(p, X, d, k, t, out tangent),
            (p, seed, a) => KeptInnerResults.ScratchPerPointThenPriorPullback(p, X, d, k, seed, a)), theta);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(2, 4)]
    public void Counter_advanced_in_a_kept_inner_sum_matches_closed_form(int n, int m)
    {
        var x = Data.Uniform(n * m, -1, 1, 440 + n * m);

        // s = Σᵢ zᵢ², zᵢ = Σⱼ x[i·m + j], f = s²: ∂f/∂x[i·m + j] = 2s · 2zᵢ.
        var z = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++) z[i] += x[i * m + j];
            s += z[i] * z[i];
        }

        var expected = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++) expected[i * m + j] = 4 * s * z[i];
        }

        LoopAssert.Matches(new VecFn("CounterAdvancedInKeptSum", n * m, false,
            p => KeptInnerResults.CounterAdvancedInKeptSum(p, n, m),
            (p, g) => KeptInnerResults.CounterAdvancedInKeptSumGradient(p, n, m, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.CounterAdvancedInKeptSumPushforward(p, n, m, t, out tangent),
            (p, seed, a) => KeptInnerResults.CounterAdvancedInKeptSumPullback(p, n, m, seed, a)), x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    public void Fill_loop_that_also_accumulates_matches_closed_form(int d, int n)
    {
        var X = Data.Uniform(n * d, -1, 1, 450 + d);
        var w = Data.Uniform(d, -1, 1, 460 + n);

        // total = Σ_p Σ_j (w_j − ½ X_pj² e^{2w_j}), f = total²: ∂f/∂w_j = 2·total·Σ_p (1 − X_pj² e^{2w_j}).
        double total = 0;
        var inner = new double[d];
        for (int p = 0; p < n; p++)
        {
            for (int j = 0; j < d; j++)
            {
                double xe = X[p * d + j] * Math.Exp(w[j]);
                total += w[j] - 0.5 * xe * xe;
                inner[j] += 1 - xe * xe;
            }
        }

        var expected = new double[d];
        for (int j = 0; j < d; j++) expected[j] = 2 * total * inner[j];
        LoopAssert.Matches(new VecFn("FillLoopAlsoAccumulates", d, false,
            p => KeptInnerResults.FillLoopAlsoAccumulates(p, X),
            (p, g) => KeptInnerResults.FillLoopAlsoAccumulatesGradient(p, X, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.FillLoopAlsoAccumulatesPushforward(p, X, t, out tangent),
            (p, seed, a) => KeptInnerResults.FillLoopAlsoAccumulatesPullback(p, X, seed, a)), w, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Scratch_written_by_two_inner_loops_matches_finite_differences(int n)
    {
        var A = Data.Uniform(2 * n * n, -1, 1, 370 + n);
        var x = Data.Uniform(n, -1, 1, 380 + n);
        FiniteDifferences.Matches(new VecFn(
            "ScratchWrittenTwice", n, false,
            p => KeptInnerResults.ScratchWrittenTwice(p, A),
            (p, g) => KeptInnerResults.ScratchWrittenTwiceGradient(p, A, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.ScratchWrittenTwicePushforward(p, A, t, out tangent),
            (p, seed, a) => KeptInnerResults.ScratchWrittenTwicePullback(p, A, seed, a)), x);
        FiniteDifferences.Matches(new VecFn(
            "ScratchReadBetweenWrites", n, false,
            p => KeptInnerResults.ScratchReadBetweenWrites(p, A),
            (p, g) => KeptInnerResults.ScratchReadBetweenWritesGradient(p, A, g),
            (double[] p, double[] t, out double tangent) => KeptInnerResults.ScratchReadBetweenWritesPushforward(p, A, t, out tangent),
            (p, seed, a) => KeptInnerResults.ScratchReadBetweenWritesPullback(p, A, seed, a)), x);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 2)]
    [InlineData(0, 1)]
    [InlineData(3, 10)]
    [InlineData(-7, 4)]
    [InlineData(int.MaxValue - 1, int.MaxValue)]
    [InlineData(0, 800_000_000)] // p wraps: 1 + 3·8·10⁸ > int.MaxValue
    public void Counting_only_loop_leaves_what_the_loop_leaves(int from, int to)
    {
        var x = new[] { 0.5, -1.25, 2.0 };
        long trips = Math.Max(0L, (long)to - from);
        int p = unchecked((int)(1 + 3 * trips));
        int q = unchecked((int)(-2 - trips));
        int last = trips == 0 ? 0 : unchecked((int)(1 + 3 * (trips - 1)));
        var g = new double[3];
        double value = KeptInnerResults.CountingOnlyGradient(x, from, to, g);
        Assert.Equal(KeptInnerResults.CountingOnly(x, from, to), value);
        Assert.Equal(x[0] * p + x[1] * q + x[2] * last, value);
        Assert.Equal(new double[] { p, q, last }, g);
        var pulled = new double[3];
        Assert.Equal(value, KeptInnerResults.CountingOnlyPullback(x, from, to, 2.0, pulled));
        Assert.Equal(new double[] { 2.0 * p, 2.0 * q, 2.0 * last }, pulled);
        Assert.Equal(value, KeptInnerResults.CountingOnlyPushforward(x, from, to, new[] { 1.0, 0, 0 }, out double tangent));
        Assert.Equal(p, tangent);
    }
}
