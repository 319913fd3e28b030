using System;
using AutoDiffGen.LoopTests.Support;
using Xunit;
using F = AutoDiffGen.LoopTests.Functions.ControlFlow;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Harder loop shapes (see Functions/ControlFlow.cs), against closed forms where they are short and
/// central finite differences otherwise. Finite-difference tolerance: Tolerances.DoubleFiniteDifference;
/// every point below keeps values ≲ 1e2 and is at least 1e-3 away from any branch, break or kink
/// threshold, so the central difference sees one smooth piece.
/// </summary>
public sealed class ControlFlowTests
{
    private static readonly double[] Mixed = { 0.7, -0.4, 1.3, 0.2, -1.1, 0.9 };
    private static readonly double[] Positive = { 0.7, 0.4, 1.3, 0.2, 1.1, 0.9 };

    [Fact]
    public void Accumulation_that_reads_the_accumulator_is_a_product()
    {
        // s ← s + xᵢ·s = s·(1 + xᵢ): s = Π(1 + xᵢ), ∂s/∂xᵢ = s/(1 + xᵢ). A generator that treated this
        // as a reduction (s += e(i) with e independent of s) would get Σ-style derivatives.
        var fn = Shapes.OfSpan("SelfReferentialAccumulation", 6, F.SelfReferentialAccumulation, F.SelfReferentialAccumulationGradient,
            F.SelfReferentialAccumulationPushforward, F.SelfReferentialAccumulationPullback);
        double product = 1;
        foreach (double v in Mixed) product *= 1 + v;
        var expected = new double[6];
        for (int i = 0; i < 6; i++) expected[i] = product / (1 + Mixed[i]);
        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.7, 1.1, 0.9, 1.2 })]   // 0.25, 0.74, 1.95, 2.76 > 2: stops after index 3
    [InlineData(new[] { 1.5, 0.1, 0.3 })]             // 2.25 > 2 at once
    [InlineData(new[] { 0.5, 0.5 })]                  // never exceeds 2
    public void Accumulator_read_in_a_break_condition(double[] x)
    {
        var fn = Shapes.OfSpan("AccumulatorReadInBranch", x.Length, F.AccumulatorReadInBranch, F.AccumulatorReadInBranchGradient,
            F.AccumulatorReadInBranchPushforward, F.AccumulatorReadInBranchPullback);
        var expected = new double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            expected[i] = 2 * x[i];
            if (s > 2) break;
        }

        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.7, 1.1, 0.9, 1.2 })]   // 0.25, 0.74, 1.95, 2.76, 4.2 ≥ 3: all five
    [InlineData(new[] { 1.5, 1.2, 0.3, 0.4 })]        // 2.25, 3.69: stops after index 1
    public void Accumulator_read_in_the_while_condition(double[] x)
    {
        var fn = Shapes.OfSpan("AccumulatorReadInCondition", x.Length, F.AccumulatorReadInCondition, F.AccumulatorReadInConditionGradient,
            F.AccumulatorReadInConditionPushforward, F.AccumulatorReadInConditionPullback);
        var expected = new double[x.Length];
        double s = 0;
        for (int i = 0; s < 3 && i < x.Length; i++)
        {
            s += x[i] * x[i];
            expected[i] = 2 * x[i];
        }

        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Branch_inside_a_taped_loop()
    {
        FiniteDifferences.Matches(Shapes.OfSpan("ConditionalProduct", 6, F.ConditionalProduct, F.ConditionalProductGradient,
            F.ConditionalProductPushforward, F.ConditionalProductPullback), Mixed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Buffer_elements_updated_in_place(int rounds)
    {
        double[] x = { 0.3, -0.5, 0.8, 0.1 };
        var fn = Shapes.OfSpan($"InPlaceUpdates(rounds = {rounds})", 4,
            v => F.InPlaceUpdates(v, rounds),
            (v, dv) => F.InPlaceUpdatesGradient(v, rounds, dv),
            (ReadOnlySpan<double> v, ReadOnlySpan<double> t, out double tangent) => F.InPlaceUpdatesPushforward(v, rounds, t, out tangent),
            (v, seed, a) => F.InPlaceUpdatesPullback(v, rounds, seed, a));
        FiniteDifferences.Matches(fn, x);

        // Closed form: per element h ← h²/2 + x from h = x, so ∂h/∂x ← h·∂h/∂x + 1 (with the old h).
        var expected = new double[4];
        for (int k = 0; k < 4; k++)
        {
            double h = x[k], dh = 1;
            for (int r = 0; r < rounds; r++)
            {
                dh = h * dh + 1;
                h = 0.5 * h * h + x[k];
            }

            expected[k] = dh;
        }

        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Buffer_element_written_twice_only_the_last_write_counts()
    {
        var fn = Shapes.OfSpan("OverwrittenBuffer", 6, F.OverwrittenBuffer, F.OverwrittenBufferGradient, F.OverwrittenBufferPushforward, F.OverwrittenBufferPullback);
        var expected = new double[6];
        for (int i = 0; i < 6; i++) expected[i] = 2 * Mixed[i];
        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Triangular_nest_of_reductions()
    {
        // s = Σ_{j<i} xᵢxⱼ²: ∂s/∂x_k = Σ_{j<k} xⱼ² + 2x_k Σ_{i>k} xᵢ.
        var fn = Shapes.OfSpan("TriangularReduction", 6, F.TriangularReduction, F.TriangularReductionGradient,
            F.TriangularReductionPushforward, F.TriangularReductionPullback);
        var expected = new double[6];
        for (int k = 0; k < 6; k++)
        {
            for (int j = 0; j < k; j++) expected[k] += Mixed[j] * Mixed[j];
            for (int i = k + 1; i < 6; i++) expected[k] += 2 * Mixed[k] * Mixed[i];
        }

        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Triangular_nest_of_a_recurrence()
    {
        FiniteDifferences.Matches(Shapes.OfSpan("TriangularRecurrence", 6, F.TriangularRecurrence, F.TriangularRecurrenceGradient,
            F.TriangularRecurrencePushforward, F.TriangularRecurrencePullback), Mixed);
    }

    [Fact]
    public void While_true_with_break()
    {
        // Closed form by the chain rule: v ← a·cos v: ∂v' = −a·sin v·∂v (+ cos v for a).
        double x = 0.4, a = 1.3, v = x, dx = 1, da = 0;
        for (int k = 0; k < 5; k++)
        {
            da = -a * Math.Sin(v) * da + Math.Cos(v);
            dx = -a * Math.Sin(v) * dx;
            v = a * Math.Cos(v);
        }

        var fn = Shapes.OfScalars("WhileTrueBreak", F.WhileTrueBreak, F.WhileTrueBreakGradient, F.WhileTrueBreakPushforward, F.WhileTrueBreakPullback);
        LoopAssert.Matches(fn, new[] { x, a }, new[] { dx, da }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Continue_inside_a_taped_loop()
    {
        var fn = Shapes.OfSpanScalar("ContinueInRecurrence", 6, F.ContinueInRecurrence, F.ContinueInRecurrenceGradient,
            F.ContinueInRecurrencePushforward, F.ContinueInRecurrencePullback);
        var p = new double[7];
        Mixed.CopyTo(p, 0);
        p[6] = 0.8;
        FiniteDifferences.Matches(fn, p);

        // Skipped (negative) elements have derivative exactly 0.
        var g = new double[7];
        fn.Gradient(p, g);
        Assert.Equal(0.0, g[1]);
        Assert.Equal(0.0, g[4]);
    }

    [Fact]
    public void Loop_index_used_as_a_value()
    {
        // s = Σ i·xᵢ² + Σ_{i} i·a^{n−1−i}: ∂/∂xᵢ = 2i·xᵢ, ∂/∂a = Σ i·(n−1−i)·a^{n−2−i}.
        const int n = 6;
        double a = 0.7;
        var expected = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            expected[i] = 2 * i * Mixed[i];
            if (n - 1 - i > 0) expected[n] += i * (n - 1 - i) * Math.Pow(a, n - 2 - i);
        }

        var p = new double[n + 1];
        Mixed.CopyTo(p, 0);
        p[n] = a;
        LoopAssert.Matches(Shapes.OfSpanScalar("IndexAsValue", n, F.IndexAsValue, F.IndexAsValueGradient, F.IndexAsValuePushforward, F.IndexAsValuePullback),
            p, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Step_given_by_a_parameter(int step)
    {
        var fn = Shapes.OfSpan($"StepParameter(step = {step})", 6,
            v => F.StepParameter(v, step),
            (v, dv) => F.StepParameterGradient(v, step, dv),
            (ReadOnlySpan<double> v, ReadOnlySpan<double> t, out double tangent) => F.StepParameterPushforward(v, step, t, out tangent),
            (v, seed, a) => F.StepParameterPullback(v, step, seed, a));
        var expected = new double[6];
        for (int i = 0; i < 6; i += step) expected[i] = 3 * Mixed[i] * Mixed[i];
        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Foreach_over_an_array_with_a_carried_value()
    {
        // p = Σᵢ sin(xᵢ)·2^{−(n−1−i)}: ∂p/∂xᵢ = cos(xᵢ)·2^{−(n−1−i)}.
        var fn = new VecFn("ForeachArrayRecurrence", 6, false,
            p => F.ForeachArrayRecurrence(p),
            (p, g) => F.ForeachArrayRecurrenceGradient(p, g),
            (double[] p, double[] t, out double tangent) => F.ForeachArrayRecurrencePushforward(p, t, out tangent),
            (p, seed, a) => F.ForeachArrayRecurrencePullback(p, seed, a));
        var expected = new double[6];
        for (int i = 0; i < 6; i++) expected[i] = Math.Cos(Mixed[i]) * Math.Pow(0.5, 5 - i);
        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(7.0)]    // the early return before the loops: t², ∂/∂x = 0
    [InlineData(1.5)]    // the loop of the then-branch: t + t·Σx
    [InlineData(-0.5)]   // the loop of the else-branch: t·Π(1 + xᵢ²)
    public void Loops_inside_branches_and_after_an_early_return(double t)
    {
        var fn = Shapes.OfSpanScalar("LoopsInBranches", 6, F.LoopsInBranches, F.LoopsInBranchesGradient, F.LoopsInBranchesPushforward, F.LoopsInBranchesPullback);
        var p = new double[7];
        Mixed.CopyTo(p, 0);
        p[6] = t;
        FiniteDifferences.Matches(fn, p);
    }

    [Fact]
    public void Running_maximum_flows_to_the_argmax()
    {
        // max xᵢ² over Mixed is 1.3² (index 2), unique: gradient 2·1.3 at index 2, 0 elsewhere.
        var fn = Shapes.OfSpan("RunningMax", 6, F.RunningMax, F.RunningMaxGradient, F.RunningMaxPushforward, F.RunningMaxPullback);
        var expected = new double[6];
        expected[2] = 2 * 1.3;
        LoopAssert.Matches(fn, Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(100.0)]   // never returns from inside
    [InlineData(0.8)]     // returns at i = 0, j = 2 (0.7·1.3 = 0.91)
    [InlineData(1.5)]     // returns at i = 2, j = 2 (1.69)
    public void Return_from_inside_a_nested_loop(double limit)
    {
        var fn = new VecFn("ReturnFromNestedLoop", 7, false,
            p => F.ReturnFromNestedLoop(p.AsSpan(0, 6), p[6], limit),
            (p, g) => F.ReturnFromNestedLoopGradient(p.AsSpan(0, 6), p[6], limit, g.AsSpan(0, 6), out g[6]),
            (double[] p, double[] t, out double tangent) => F.ReturnFromNestedLoopPushforward(p.AsSpan(0, 6), p[6], limit, t.AsSpan(0, 6), t[6], out tangent),
            (p, seed, a) => F.ReturnFromNestedLoopPullback(p.AsSpan(0, 6), p[6], limit, seed, a.AsSpan(0, 6), ref a[6]));
        var p = new double[7];
        Mixed.CopyTo(p, 0);
        p[6] = -1.5;
        FiniteDifferences.Matches(fn, p);
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.5, -0.25, 2.0 })]   // returns 2·(0.25 + 2.25): ∂ = 4x for i < 2, 0 after
    [InlineData(new[] { 0.5, 1.5, 0.25 })]         // no negative: Σ xᵢ²
    public void Return_inside_a_reduction_loop(double[] x)
    {
        var fn = Shapes.OfSpan("ReturnInsideReduction", x.Length, F.ReturnInsideReduction, F.ReturnInsideReductionGradient,
            F.ReturnInsideReductionPushforward, F.ReturnInsideReductionPullback);
        int firstNegative = Array.FindIndex(x, v => v < 0);
        var expected = new double[x.Length];
        for (int i = 0; i < x.Length && (firstNegative < 0 || i < firstNegative); i++) expected[i] = (firstNegative < 0 ? 2 : 4) * x[i];
        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Softmax_mean_in_float_with_a_stackalloc_float_buffer()
    {
        // m = Σ σₖxₖ with σ = softmax(x): ∂m/∂xᵢ = σᵢ(1 + xᵢ − m).
        const int n = 5;
        var fn = new VecFn("SoftmaxMeanSingle", n, true,
            p => F.SoftmaxMeanSingle(VecFn.ToSingle(p)),
            (p, g) =>
            {
                var dx = new float[n];
                float value = F.SoftmaxMeanSingleGradient(VecFn.ToSingle(p), dx);
                VecFn.Widen(dx, g);
                return value;
            },
            (double[] p, double[] t, out double tangent) =>
            {
                float value = F.SoftmaxMeanSinglePushforward(VecFn.ToSingle(p), VecFn.ToSingle(t), out float tangentSingle);
                tangent = tangentSingle;
                return value;
            },
            (p, seed, a) =>
            {
                var adjoint = VecFn.ToSingle(a);
                float value = F.SoftmaxMeanSinglePullback(VecFn.ToSingle(p), (float)seed, adjoint);
                VecFn.Widen(adjoint, a);
                return value;
            });
        var x = fn.Representable(new[] { 0.5, -1.25, 2.0, 0.75, -0.5 });
        double z = 0, m = 0;
        foreach (double v in x) z += Math.Exp(v);
        foreach (double v in x) m += Math.Exp(v) / z * v;
        var expected = new double[n];
        for (int i = 0; i < n; i++) expected[i] = Math.Exp(x[i]) / z * (1 + x[i] - m);
        LoopAssert.Matches(fn, x, expected, Tolerances.SingleClosedForm);
    }

    [Fact]
    public void Recurrence_through_a_new_double_array_buffer()
    {
        FiniteDifferences.Matches(Shapes.OfSpan("ArrayBufferRecurrence", 6, F.ArrayBufferRecurrence, F.ArrayBufferRecurrenceGradient,
            F.ArrayBufferRecurrencePushforward, F.ArrayBufferRecurrencePullback), Mixed);
    }

    [Fact]
    public void Accumulation_and_recurrence_in_one_loop()
    {
        FiniteDifferences.Matches(Shapes.OfSpan("MixedLoop", 6, F.MixedLoop, F.MixedLoopGradient, F.MixedLoopPushforward, F.MixedLoopPullback), Mixed);
    }

    [Fact]
    public void Subtracting_accumulation()
    {
        // s = y − y²Σxᵢ: ∂/∂xᵢ = −y², ∂/∂y = 1 − 2yΣxᵢ.
        double y = 1.25, sum = 0;
        foreach (double v in Mixed) sum += v;
        var expected = new double[7];
        for (int i = 0; i < 6; i++) expected[i] = -y * y;
        expected[6] = 1 - 2 * y * sum;
        var p = new double[7];
        Mixed.CopyTo(p, 0);
        p[6] = y;
        LoopAssert.Matches(Shapes.OfSpanScalar("SubtractingReduction", 6, F.SubtractingReduction, F.SubtractingReductionGradient,
            F.SubtractingReductionPushforward, F.SubtractingReductionPullback), p, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0)]   // body once (k = 1, odd): one update
    [InlineData(1)]
    [InlineData(5)]   // k = 1..5: updates at 1, 3, 5
    [InlineData(6)]   // k = 1..6: still three updates
    public void Continue_inside_do_while_goes_to_the_condition(int n)
    {
        // u updates v ← v·a + 1: v_u = aᵘv + Σ_{j<u} aʲ; ∂/∂v = aᵘ, ∂/∂a = u·aᵘ⁻¹·v + Σ_{j<u} j·aʲ⁻¹.
        int u = (Math.Max(n, 1) + 1) / 2;
        double v = 0.6, a = 1.4;
        double da = u * Math.Pow(a, u - 1) * v;
        for (int j = 1; j < u; j++) da += j * Math.Pow(a, j - 1);
        var fn = Shapes.OfScalars($"DoWhileContinue(n = {n})",
            (x, y) => F.DoWhileContinue(x, y, n),
            (double x, double y, out double dx, out double dy) => F.DoWhileContinueGradient(x, y, n, out dx, out dy),
            (double x, double y, double xt, double yt, out double tangent) => F.DoWhileContinuePushforward(x, y, n, xt, yt, out tangent),
            (double x, double y, double seed, ref double xa, ref double ya) => F.DoWhileContinuePullback(x, y, n, seed, ref xa, ref ya));
        LoopAssert.Matches(fn, new[] { v, a }, new[] { Math.Pow(a, u), da }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.5, 2.0 })]         // i = 3 after the loop: 4·Σ log xᵢ
    [InlineData(new[] { 0.5, 1.5, -1.0, 2.0 })]   // stops at index 2: 3·(log 0.5 + log 1.5)
    public void Index_declared_before_the_loop_and_used_after_it(double[] x)
    {
        var fn = Shapes.OfSpan("IndexUsedAfterLoop", x.Length, F.IndexUsedAfterLoop, F.IndexUsedAfterLoopGradient,
            F.IndexUsedAfterLoopPushforward, F.IndexUsedAfterLoopPullback);
        int stop = 0;
        while (stop < x.Length && x[stop] > 0) stop++;
        var expected = new double[x.Length];
        for (int i = 0; i < stop; i++) expected[i] = (stop + 1) / x[i];
        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Elements_read_back_to_front()
    {
        // s = Σ (i+1)·xᵢ·x_{n−1−i}: ∂/∂x_k = (k+1)·x_{n−1−k} + (n−k)·x_{n−1−k}.
        const int n = 6;
        var expected = new double[n];
        for (int k = 0; k < n; k++) expected[k] = (k + 1 + n - k) * Mixed[n - 1 - k];
        LoopAssert.Matches(Shapes.OfSpan("Reversed", n, F.Reversed, F.ReversedGradient, F.ReversedPushforward, F.ReversedPullback),
            Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Reduction_nested_in_a_taped_loop(int rounds)
    {
        var x = new[] { 0.3, -0.2, 0.5, 0.1 };
        var fn = Shapes.OfSpan($"ReductionInsideRecurrence(rounds = {rounds})", 4,
            v => F.ReductionInsideRecurrence(v, rounds),
            (v, dv) => F.ReductionInsideRecurrenceGradient(v, rounds, dv),
            (ReadOnlySpan<double> v, ReadOnlySpan<double> t, out double tangent) => F.ReductionInsideRecurrencePushforward(v, rounds, t, out tangent),
            (v, seed, a) => F.ReductionInsideRecurrencePullback(v, rounds, seed, a));

        // Closed form by the chain rule: v' = tanh(0.1 + v·Σx): ∂v' = (1 − v'²)·(Σx·∂v + v·∂Σx).
        double sum = 0;
        foreach (double xi in x) sum += xi;
        double value = 1;
        var dv = new double[4];
        for (int r = 0; r < rounds; r++)
        {
            double next = Math.Tanh(0.1 + value * sum), slope = 1 - next * next;
            for (int j = 0; j < 4; j++) dv[j] = slope * (sum * dv[j] + value);
            value = next;
        }

        LoopAssert.Matches(fn, x, dv, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void Values_rotated_through_a_stackalloc_buffer(int steps)
    {
        var fn = Shapes.OfScalars($"RotatingBuffer(steps = {steps})",
            (a, b) => F.RotatingBuffer(a, b, steps),
            (double a, double b, out double da, out double db) => F.RotatingBufferGradient(a, b, steps, out da, out db),
            (double a, double b, double at, double bt, out double tangent) => F.RotatingBufferPushforward(a, b, steps, at, bt, out tangent),
            (double a, double b, double seed, ref double aa, ref double ba) => F.RotatingBufferPullback(a, b, steps, seed, ref aa, ref ba));

        // Closed form: the pair (h₀, h₁) and its derivatives by the chain rule.
        double a0 = 0.9, b0 = 0.6, h0 = 1, h1 = b0, dh0a = 0, dh1a = 0, dh0b = 0, dh1b = 1;
        for (int t = 0; t < steps; t++)
        {
            (h0, h1, dh0a, dh1a, dh0b, dh1b) = (h1, h0 + h1 * a0, dh1a, dh0a + dh1a * a0 + h1, dh1b, dh0b + dh1b * a0);
        }

        LoopAssert.Matches(fn, new[] { a0, b0 }, new[] { dh1a, dh1b }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Reduction_reading_a_buffer_that_a_later_loop_overwrites()
    {
        // t = 3(Σx)·Σ sin(x²): ∂/∂xᵢ = 3Σ sin(x²) + 3(Σx)·cos(xᵢ²)·2xᵢ.
        double[] x = { 0.7, -0.4, 1.3, 0.2 };
        double sum = 0, sines = 0;
        foreach (double v in x)
        {
            sum += v;
            sines += Math.Sin(v * v);
        }

        var expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = 3 * sines + 3 * sum * Math.Cos(x[i] * x[i]) * 2 * x[i];
        LoopAssert.Matches(Shapes.OfSpan("ReductionReadsBufferOverwrittenLater", 4, F.ReductionReadsBufferOverwrittenLater,
            F.ReductionReadsBufferOverwrittenLaterGradient, F.ReductionReadsBufferOverwrittenLaterPushforward, F.ReductionReadsBufferOverwrittenLaterPullback),
            x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Store_loop_reading_a_buffer_that_a_later_loop_overwrites()
    {
        // s = Σ sin(xₖ²)·xₖ: ∂/∂xᵢ = 2xᵢ²·cos(xᵢ²) + sin(xᵢ²).
        double[] x = { 0.7, -0.4, 1.3, 0.2 };
        var expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = 2 * x[i] * x[i] * Math.Cos(x[i] * x[i]) + Math.Sin(x[i] * x[i]);
        LoopAssert.Matches(Shapes.OfSpan("StoreLoopReadsBufferOverwrittenLater", 4, F.StoreLoopReadsBufferOverwrittenLater,
            F.StoreLoopReadsBufferOverwrittenLaterGradient, F.StoreLoopReadsBufferOverwrittenLaterPushforward, F.StoreLoopReadsBufferOverwrittenLaterPullback),
            x, expected, Tolerances.DoubleClosedForm);
        LoopAssert.Matches(Shapes.OfSpan("ArrayStoreLoopReadsBufferOverwrittenLater", 4, F.ArrayStoreLoopReadsBufferOverwrittenLater,
            F.ArrayStoreLoopReadsBufferOverwrittenLaterGradient, F.ArrayStoreLoopReadsBufferOverwrittenLaterPushforward, F.ArrayStoreLoopReadsBufferOverwrittenLaterPullback),
            x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Reduction_reading_a_buffer_that_a_taped_loop_overwrites()
    {
        FiniteDifferences.Matches(Shapes.OfSpan("ReductionThenTapedOverwrite", 4, F.ReductionThenTapedOverwrite,
            F.ReductionThenTapedOverwriteGradient, F.ReductionThenTapedOverwritePushforward, F.ReductionThenTapedOverwritePullback),
            new[] { 0.7, -0.4, 1.3, 0.2 });
    }

    [Fact]
    public void Minimal_repro_buffer_cleared_after_a_reduction_read_it()
    {
        // s = Σ sin(xₖ²): ∂s/∂xᵢ = 2xᵢ·cos(xᵢ²); the later clearing of the buffer changes nothing.
        double[] x = { 0.7, -0.4, 1.3, 0.2 };
        var expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = 2 * x[i] * Math.Cos(x[i] * x[i]);
        LoopAssert.Matches(Shapes.OfSpan("SumSinThenClear", 4, F.SumSinThenClear, F.SumSinThenClearGradient, F.SumSinThenClearPushforward, F.SumSinThenClearPullback),
            x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Foreach_over_a_slice_of_an_active_buffer()
    {
        // s = Σ_{k≥1} e^{2xₖ}: ∂/∂x₀ = 0, ∂/∂xₖ = 2e^{2xₖ}.
        var expected = new double[6];
        for (int k = 1; k < 6; k++) expected[k] = 2 * Math.Exp(2 * Mixed[k]);
        LoopAssert.Matches(Shapes.OfSpan("ForeachOverBufferSlice", 6, F.ForeachOverBufferSlice, F.ForeachOverBufferSliceGradient,
            F.ForeachOverBufferSlicePushforward, F.ForeachOverBufferSlicePullback), Mixed, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Break_and_continue_in_an_inner_loop()
    {
        // 3 rows of 4: row 0 skips −0.4, row 1 stops at 1.3, row 2 runs through.
        double[] x = { 0.7, -0.4, 0.5, 0.2, 0.9, 1.3, 0.8, 0.6, 0.3, 0.45, -0.9, 0.85 };
        var fn = Shapes.OfSpan("InnerBreakContinue", 12,
            v => F.InnerBreakContinue(v, 3),
            (v, dv) => F.InnerBreakContinueGradient(v, 3, dv),
            (ReadOnlySpan<double> v, ReadOnlySpan<double> t, out double tangent) => F.InnerBreakContinuePushforward(v, 3, t, out tangent),
            (v, seed, a) => F.InnerBreakContinuePullback(v, 3, seed, a));
        FiniteDifferences.Matches(fn, x);

        // Elements skipped (negative), the breaking one, and the rest of its row get exactly 0.
        var g = new double[12];
        fn.Gradient(x, g);
        foreach (int skipped in new[] { 1, 5, 6, 7, 10 }) Assert.Equal(0.0, g[skipped]);
    }

    [Theory]
    [InlineData(0.5, 1.05)]   // no return inside: 50 steps stay below 10
    [InlineData(0.5, 1.3)]    // grows past 10: returns from inside the loop
    public void While_loop_with_a_return_inside(double x, double a)
    {
        var fn = Shapes.OfScalars("WhileWithReturn", F.WhileWithReturn, F.WhileWithReturnGradient, F.WhileWithReturnPushforward, F.WhileWithReturnPullback);
        FiniteDifferences.Matches(fn, new[] { x, a });
    }
}
