using System;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Loops that only accumulate (reverse mode recomputes them instead of taping), with step 2,
/// foreach, break, continue, nested loops, Slice of active and inactive spans, a <c>new double[n]</c>
/// buffer, <c>h[k] +=</c> into a stackalloc buffer, and float spans.
/// </summary>
public sealed class ReductionTests
{
    [Theory]
    [InlineData(0)]   // an empty span: no iteration
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]   // the last element is in no pair
    public void Loop_with_step_two_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -2, 2, n);
        LoopAssert.Matches(Adapters.PairProducts(n), x, ClosedForms.PairProducts(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    public void Foreach_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -3, 3, 40 + n);
        LoopAssert.Matches(Adapters.ForeachSum(n), x, ClosedForms.ForeachSum(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.5, -0.25, 2.0, 3.0 })]   // breaks at index 2: later elements get 0
    [InlineData(new[] { -1.0, 1.5, 2.0 })]              // breaks at once: all 0
    [InlineData(new[] { 0.5, 1.5, 0.25 })]              // never breaks
    public void Break_matches_closed_form(double[] x)
    {
        LoopAssert.Matches(Adapters.SumSquaresUntilNegative(x.Length), x, ClosedForms.SumSquaresUntilNegative(x), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Continue_matches_closed_form()
    {
        double[] x = { 0.5, -1.0, 1.25, -0.5, 0.0, 0.75 };
        var p = new double[7];
        x.CopyTo(p, 0);
        p[6] = 1.5;
        LoopAssert.Matches(Adapters.SumExpSkippingNegative(6), p, ClosedForms.SumExpSkippingNegative(x, 1.5), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Nested_loops_quadratic_form_matches_closed_form()
    {
        const int n = 6;
        var A = Data.Uniform(n * n, -1, 1, 8);
        var x = Data.Uniform(n, -2, 2, 9);
        LoopAssert.Matches(Adapters.QuadraticForm(A, n), x, ClosedForms.QuadraticForm(x, A), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(9)]   // the tail half is one longer; its last element is unused
    public void Slice_of_an_active_span_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -2, 2, 60 + n);
        LoopAssert.Matches(Adapters.HalvesDot(n), x, ClosedForms.HalvesDot(x), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Slice_of_an_inactive_span_in_a_loop_matches_closed_form()
    {
        const int d = 4;
        var X = Data.Uniform(10 * d, -1, 1, 70);
        var w = Data.Uniform(d, -1, 1, 71);
        LoopAssert.Matches(Adapters.RowSlices(X, d), w, ClosedForms.RowSlices(w, X), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void New_double_array_buffer_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -1.5, 1.5, 80 + n);
        LoopAssert.Matches(Adapters.PrefixSquares(n), x, ClosedForms.PrefixSquares(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(4, 4)]
    [InlineData(3, 5)]   // some bins stay empty
    public void Compound_assignment_into_stackalloc_buffer_matches_closed_form(int n, int m)
    {
        var x = Data.Uniform(n, -1.5, 1.5, 90 + n);
        LoopAssert.Matches(Adapters.Bins(n, m), x, ClosedForms.Bins(x, m), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Float_spans_dot_matches_closed_form()
    {
        const int n = 12;
        var fn = Adapters.DotSingle(n);
        var p = fn.Representable(Data.Uniform(2 * n, -2, 2, 99));
        LoopAssert.Matches(fn, p, ClosedForms.Dot(p.AsSpan(0, n), p.AsSpan(n, n)), Tolerances.SingleClosedForm);
    }

    [Fact]
    public void Closed_forms_of_the_reductions_agree_with_finite_differences()
    {
        // Checks of the test's own closed forms against the original methods. Tolerance:
        // Tolerances.DoubleFiniteDifference (values ≲ 1e2, smooth away from the break/continue
        // thresholds, which no element is within a step of).
        var x = Data.Uniform(7, -2, 2, 7);
        Check(p => Reductions.PairProducts(p), x, ClosedForms.PairProducts(x));
        Check(p => Reductions.ForeachSum(p), x, ClosedForms.ForeachSum(x));
        double[] b = { 0.5, 1.5, -0.25, 2.0, 3.0 };
        Check(p => Reductions.SumSquaresUntilNegative(p), b, ClosedForms.SumSquaresUntilNegative(b));
        double[] c = { 0.5, -1.0, 1.25, -0.5, 0.75, 1.5 };
        Check(p => Reductions.SumExpSkippingNegative(p.AsSpan(0, 5), p[5]), c, ClosedForms.SumExpSkippingNegative(c.AsSpan(0, 5), 1.5));
        var A = Data.Uniform(49, -1, 1, 8);
        Check(p => Reductions.QuadraticForm(p, A), x, ClosedForms.QuadraticForm(x, A));
        Check(p => Reductions.HalvesDot(p), x, ClosedForms.HalvesDot(x));
        var X = Data.Uniform(21, -1, 1, 70);
        Check(p => Reductions.RowSlices(p, X), x, ClosedForms.RowSlices(x, X));
        Check(p => Reductions.PrefixSquares(p), x, ClosedForms.PrefixSquares(x));
        Check(p => Reductions.Bins(p, 3), x, ClosedForms.Bins(x, 3));

        static void Check(Func<double[], double> f, double[] point, double[] expected)
        {
            var numeric = new double[point.Length];
            GradientCheck.Gradient(f, point, numeric);
            LoopAssert.AllClose(expected, numeric, Tolerances.DoubleFiniteDifference, "finite differences");
        }
    }

    [Fact]
    public void Result_non_linear_in_the_accumulated_sum_norm()
    {
        // ∂‖x‖/∂xᵢ = xᵢ/‖x‖: the adjoint of the sum, 1/(2√s), is only known after the loop.
        var x = Data.Uniform(7, -2, 2, 5);
        double norm = 0;
        foreach (double v in x) norm += v * v;
        norm = Math.Sqrt(norm);
        var expected = new double[7];
        for (int i = 0; i < 7; i++) expected[i] = x[i] / norm;
        LoopAssert.Matches(Shapes.OfSpan("Norm", 7, Reductions.Norm, Reductions.NormGradient, Reductions.NormPushforward, Reductions.NormPullback),
            x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Result_non_linear_in_the_accumulated_sum_log_sum_exp()
    {
        // ∂/∂xᵢ log Σ eˣ = softmax(x)ᵢ.
        var x = Data.Uniform(6, -2, 2, 6);
        double z = 0;
        foreach (double v in x) z += Math.Exp(v);
        var expected = new double[6];
        for (int i = 0; i < 6; i++) expected[i] = Math.Exp(x[i]) / z;
        LoopAssert.Matches(Shapes.OfSpan("LogSumExp", 6, Reductions.LogSumExp, Reductions.LogSumExpGradient, Reductions.LogSumExpPushforward, Reductions.LogSumExpPullback),
            x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.0, -0.25, 0.75 })]   // s = 2 > 1: s·q
    [InlineData(new[] { 0.5, -1.0, -0.25, 0.75 })]  // s = 0: q²
    public void Two_accumulators_used_in_a_branch_after_the_loop(double[] x)
    {
        double s = 0, q = 0;
        foreach (double v in x)
        {
            s += v;
            q += v * v;
        }

        // s·q: ∂/∂xᵢ = q + 2s·xᵢ; q²: ∂/∂xᵢ = 4q·xᵢ.
        var expected = new double[x.Length];
        for (int i = 0; i < x.Length; i++) expected[i] = s > 1 ? q + 2 * s * x[i] : 4 * q * x[i];
        LoopAssert.Matches(Shapes.OfSpan("TwoSumsThenBranch", x.Length, Reductions.TwoSumsThenBranch, Reductions.TwoSumsThenBranchGradient,
            Reductions.TwoSumsThenBranchPushforward, Reductions.TwoSumsThenBranchPullback), x, expected, Tolerances.DoubleClosedForm);
    }
}
