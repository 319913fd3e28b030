using System;
using System.Linq;
using AutoDiffGen.LoopTests.Support;
using Xunit;
using F = AutoDiffGen.LoopTests.Functions.Soundness;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Regression tests for the classes of silently wrong derivatives of the soundness issue
/// (Functions/Soundness.cs): closed forms where short (tolerance Tolerances.DoubleClosedForm),
/// central differences otherwise (points ≥ 1e-2 away from every branch threshold).
/// </summary>
public sealed class SoundnessRegressionTests
{
    private static VecFn Scalars(string name, Shapes.ScalarsValue f, Shapes.ScalarsGradient g, Shapes.ScalarsPushforward p, Shapes.ScalarsPullback b)
        => Shapes.OfScalars(name, f, g, p, b);

    [Fact]
    public void Store_then_read_back_sees_the_store()
    {
        // x·y + x: [y + 1, x]
        var fn = Scalars("StoreThenReadBack", F.StoreThenReadBack, F.StoreThenReadBackGradient, F.StoreThenReadBackPushforward, F.StoreThenReadBackPullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.7 }, new[] { 1.7, 1.3 }, Tolerances.DoubleClosedForm);
        Assert.Equal(F.StoreThenReadBack(1.3, 0.7), F.StoreThenReadBackGradient(1.3, 0.7, out _, out _));
    }

    [Fact]
    public void Two_accumulations_into_one_element()
    {
        // (x·y + x)²: [2(xy + x)(y + 1), 2(xy + x)x]
        double x = 1.3, y = 0.7, u = x * y + x;
        var fn = Scalars("AccumulateTwice", F.AccumulateTwice, F.AccumulateTwiceGradient, F.AccumulateTwicePushforward, F.AccumulateTwicePullback);
        LoopAssert.Matches(fn, new[] { x, y }, new[] { 2 * u * (y + 1), 2 * u * x }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Element_overwritten_in_a_loop()
    {
        double[] x = { 1.3, 0.7, -0.2 };
        var fn = Shapes.OfSpan("OverwriteInLoop", 3, F.OverwriteInLoop, F.OverwriteInLoopGradient, F.OverwriteInLoopPushforward, F.OverwriteInLoopPullback);
        LoopAssert.Matches(fn, x, x.Select(v => 2 * v).ToArray(), Tolerances.DoubleClosedForm);
        Assert.Equal(F.OverwriteInLoop(x), F.OverwriteInLoopGradient(x, new double[3]));
    }

    [Fact]
    public void A_new_array_held_as_a_span_is_a_local_buffer()
    {
        double[] x = { 1.3, 0.7, -0.2, 0.9, 1.1, -0.6, 0.3, 0.5, -1.4 };
        var fn = Shapes.OfSpan("NewArrayHeldAsSpan", x.Length, F.NewArrayHeldAsSpan, F.NewArrayHeldAsSpanGradient, F.NewArrayHeldAsSpanPushforward, F.NewArrayHeldAsSpanPullback);
        LoopAssert.Matches(fn, x, x.Select(v => 10 * v).ToArray(), Tolerances.DoubleClosedForm);
        Assert.Equal(F.NewArrayHeldAsSpan(x), F.NewArrayHeldAsSpanGradient(x, new double[x.Length]));

        // x²·y: [2xy, x²]
        var sliced = Scalars("NewArrayHeldAsSpanSliced", F.NewArrayHeldAsSpanSliced, F.NewArrayHeldAsSpanSlicedGradient, F.NewArrayHeldAsSpanSlicedPushforward, F.NewArrayHeldAsSpanSlicedPullback);
        LoopAssert.Matches(sliced, new[] { 1.3, 0.7 }, new[] { 2 * 1.3 * 0.7, 1.3 * 1.3 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void A_recurrence_through_a_slice_of_the_buffer_it_reads()
    {
        // Finding 63. h[n] = Σ 0.5^(n−1−j)·xⱼ; h[0] = Σ 0.5^j·xⱼ.
        double[] x = { 0.5, 1.5, -2, 3, 0.25, -1.1, 0.7, 2.2, -0.3 };
        int n = x.Length;
        var up = Shapes.OfSpan("SliceRecurrence", n, F.SliceRecurrence, F.SliceRecurrenceGradient, F.SliceRecurrencePushforward, F.SliceRecurrencePullback);
        LoopAssert.Matches(up, x, Enumerable.Range(0, n).Select(j => Math.Pow(0.5, n - 1 - j)).ToArray(), Tolerances.DoubleClosedForm);
        var down = Shapes.OfSpan("SliceRecurrenceDown", n, F.SliceRecurrenceDown, F.SliceRecurrenceDownGradient, F.SliceRecurrenceDownPushforward, F.SliceRecurrenceDownPullback);
        LoopAssert.Matches(down, x, Enumerable.Range(0, n).Select(j => Math.Pow(0.5, j)).ToArray(), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void A_buffer_read_through_an_alias_a_choice_or_a_tuple_in_the_loop_that_writes_it()
    {
        // Finding 63. (1 + x₀)·x₁ (+ 1 + x₀ for the choice).
        double[] x = { 0.5, 1.5, -2, 3 };
        var alias = Shapes.OfSpan("AliasReadInLoop", 4, F.AliasReadInLoop, F.AliasReadInLoopGradient, F.AliasReadInLoopPushforward, F.AliasReadInLoopPullback);
        LoopAssert.Matches(alias, x, new[] { x[1], 1 + x[0], 0, 0 }, Tolerances.DoubleClosedForm);
        var choice = Shapes.OfSpan("ChoiceReadInLoop", 4, F.ChoiceReadInLoop, F.ChoiceReadInLoopGradient, F.ChoiceReadInLoopPushforward, F.ChoiceReadInLoopPullback);
        LoopAssert.Matches(choice, x, new[] { x[1] + 1, 1 + x[0], 0, 0 }, Tolerances.DoubleClosedForm);
        var tuple = Shapes.OfSpan("TupleAliasReadInLoop", 4, F.TupleAliasReadInLoop, F.TupleAliasReadInLoopGradient, F.TupleAliasReadInLoopPushforward, F.TupleAliasReadInLoopPullback);
        LoopAssert.Matches(tuple, x, new[] { x[1], 1 + x[0], 0, 0 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void A_span_output_call_writes_the_buffer_for_the_passes_that_reorder_reads()
    {
        // Finding 63. a² + ab: [2a + b, a]; a³ + ab: [3a² + b, a].
        double a = 0.7, b = -1.3;
        var before = Scalars("ReadBeforeOutputCall", F.ReadBeforeOutputCall, F.ReadBeforeOutputCallGradient, F.ReadBeforeOutputCallPushforward, F.ReadBeforeOutputCallPullback);
        LoopAssert.Matches(before, new[] { a, b }, new[] { 2 * a + b, a }, Tolerances.DoubleClosedForm);
        var across = Scalars("ReadAcrossOutputCall", F.ReadAcrossOutputCall, F.ReadAcrossOutputCallGradient, F.ReadAcrossOutputCallPushforward, F.ReadAcrossOutputCallPullback);
        LoopAssert.Matches(across, new[] { a, b }, new[] { 3 * a * a + b, a }, Tolerances.DoubleClosedForm);
        Assert.Equal(F.ReadAcrossOutputCall(a, b), F.ReadAcrossOutputCallGradient(a, b, out _, out _));
    }

    [Fact]
    public void A_loop_reading_data_that_a_call_changes_after_it_is_not_run_again()
    {
        // Finding 66. (d₀·Σw)² with d₀ = 2 before the call: 2·s·d₀ = 24 for each wᵢ (s = 6).
        double[] w = { 1, 2 };
        var gradient = new double[2];
        Assert.Equal(36.0, F.DataChangedAfterLoopGradient(w, new[] { 2.0 }, gradient));
        Assert.Equal(new[] { 24.0, 24.0 }, gradient);
        var adjoint = new[] { 1.0, -1.0 };
        F.DataChangedAfterLoopPullback(w, new[] { 2.0 }, 0.5, adjoint);
        Assert.Equal(new[] { 13.0, 11.0 }, adjoint);
        F.DataChangedAfterLoopPushforward(w, new[] { 2.0 }, new[] { 1.0, 1.0 }, out double tangent);
        Assert.Equal(48.0, tangent);
        var d = new[] { 2.0 };
        F.DataChangedAfterLoopGradient(w, d, gradient);
        Assert.Equal(20.0, d[0]); // the call ran once
    }

    [Fact]
    public void Read_after_a_fused_loop_is_not_moved_before_it()
    {
        double[] x = { 1.3, 0.7, -0.2 };
        var fn = Shapes.OfSpan("ReadAfterFusedLoop", 3, F.ReadAfterFusedLoop, F.ReadAfterFusedLoopGradient, F.ReadAfterFusedLoopPushforward, F.ReadAfterFusedLoopPullback);
        LoopAssert.Matches(fn, x, new[] { 2 * 1.3 + 8 * 1.3, 1.4, -0.4 }, Tolerances.DoubleClosedForm);
        Assert.Equal(F.ReadAfterFusedLoop(x), F.ReadAfterFusedLoopGradient(x, new double[3]));
    }

    [Fact]
    public void Recurrence_inside_a_reduction()
    {
        // s = Σᵢ Πⱼ≤ᵢ (xⱼ + 1): ∂s/∂xₖ = Σᵢ≥ₖ Πⱼ≤ᵢ(xⱼ + 1) / (xₖ + 1).
        double[] x = { 1.3, 0.7, -0.2, 0.4 };
        var expected = new double[4];
        for (int k = 0; k < 4; k++)
        {
            for (int i = k; i < 4; i++)
            {
                double p = 1;
                for (int j = 0; j <= i; j++) p *= x[j] + 1;
                expected[k] += p / (x[k] + 1);
            }
        }

        var fn = Shapes.OfSpan("RecurrenceInsideReduction", 4, F.RecurrenceInsideReduction, F.RecurrenceInsideReductionGradient, F.RecurrenceInsideReductionPushforward, F.RecurrenceInsideReductionPullback);
        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Differentiable_call_inside_a_recurrence()
    {
        // y ← (sin y + y/2)·b: dy'/dy = (cos y + 1/2)·b, dy'/db = sin y + y/2; chained three times.
        double y = 1.3, b = 0.9, dy = 1, db = 0;
        for (int i = 0; i < 3; i++)
        {
            double inner = Math.Sin(y) + 0.5 * y;
            (dy, db) = ((Math.Cos(y) + 0.5) * b * dy, (Math.Cos(y) + 0.5) * b * db + inner);
            y = inner * b;
        }

        var fn = Scalars("CallInRecurrence", F.CallInRecurrence, F.CallInRecurrenceGradient, F.CallInRecurrencePushforward, F.CallInRecurrencePullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.9 }, new[] { dy, db }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Rotation_in_a_loop_in_forward_mode()
    {
        // Four turns of a period-3 rotation: (a, b, c) = (x₁, x₂, x₀); a + 2b + 3c² → [6x₀, 1, 2].
        double[] x = { 1.3, 0.7, -0.2 };
        var fn = Shapes.OfSpan("RotationInLoop", 3, F.RotationInLoop, F.RotationInLoopGradient, F.RotationInLoopPushforward, F.RotationInLoopPullback);
        LoopAssert.Matches(fn, x, new[] { 6 * 1.3, 1, 2 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Alias_of_an_active_span()
    {
        double[] x = { 1.3, 0.7, -0.2 };
        var fn = Shapes.OfSpan("SpanAlias", 3, F.SpanAlias, F.SpanAliasGradient, F.SpanAliasPushforward, F.SpanAliasPullback);
        LoopAssert.Matches(fn, x, new[] { 0.7, 1.3, 0 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Array_parameter_viewed_as_a_span()
    {
        double[] x = { 1.3, 0.7, -0.2 };
        var fn = new VecFn("ArrayAsSpanAlias", 3, false,
            p => F.ArrayAsSpanAlias(p),
            (p, g) => F.ArrayAsSpanAliasGradient(p, g),
            (double[] p, double[] t, out double tangent) => F.ArrayAsSpanAliasPushforward(p, t, out tangent),
            (p, seed, a) => F.ArrayAsSpanAliasPullback(p, seed, a));
        LoopAssert.Matches(fn, x, new[] { 0.7, 1.3, 0 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Activity_through_a_deconstruction_in_a_loop()
    {
        var fn = Scalars("ActivityThroughDeconstruction", F.ActivityThroughDeconstruction, F.ActivityThroughDeconstructionGradient, F.ActivityThroughDeconstructionPushforward, F.ActivityThroughDeconstructionPullback);
        FiniteDifferences.Matches(fn, new[] { 1.3, 0.7 });
    }

    [Fact]
    public void Inactive_call_in_a_reduction_runs_as_often_as_in_the_original()
    {
        // Tick() returns 1, 2, 3, … from the counter: s = Σ xᵢ·(i + 1), ∂/∂xᵢ = cos(s)·(i + 1).
        double[] x = { 1.3, 0.7, -0.2 };
        double s = 1.3 * 1 + 0.7 * 2 - 0.2 * 3;
        F.Calls = 0;
        double value = F.CallInReduction(x);
        Assert.Equal(3, F.Calls);

        var gradient = new double[3];
        F.Calls = 0;
        Assert.Equal(value, F.CallInReductionGradient(x, gradient));
        Assert.Equal(3, F.Calls);
        LoopAssert.AllClose(new[] { Math.Cos(s), 2 * Math.Cos(s), 3 * Math.Cos(s) }, gradient, Tolerances.DoubleClosedForm, "gradient");

        var adjoint = new double[3];
        F.Calls = 0;
        Assert.Equal(value, F.CallInReductionPullback(x, 1, adjoint));
        Assert.Equal(3, F.Calls);
        LoopAssert.AllClose(gradient, adjoint, Tolerances.DoubleClosedForm, "pullback");

        F.Calls = 0;
        Assert.Equal(value, F.CallInReductionPushforward(x, new double[] { 1, 0, 0 }, out double tangent));
        Assert.Equal(3, F.Calls);
        LoopAssert.Close(Math.Cos(s), tangent, Tolerances.DoubleClosedForm, "pushforward");
    }

    [Fact]
    public void Write_through_a_ref_local()
    {
        // (y·z)²: [2yz², 2y²z]
        double y = 1.3, z = 0.7;
        var fn = Scalars("WriteThroughRefLocal", F.WriteThroughRefLocal, F.WriteThroughRefLocalGradient, F.WriteThroughRefLocalPushforward, F.WriteThroughRefLocalPullback);
        LoopAssert.Matches(fn, new[] { y, z }, new[] { 2 * y * z * z, 2 * y * y * z }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Ref_local_declared_in_a_loop_body()
    {
        // 3yz: [3z, 3y]
        var fn = Scalars("RefLocalInLoop", F.RefLocalInLoop, F.RefLocalInLoopGradient, F.RefLocalInLoopPushforward, F.RefLocalInLoopPullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.7 }, new[] { 2.1, 3.9 }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Every_member_returns_the_value_of_the_original_for_non_finite_inputs(double x)
    {
        double value = F.TimesZero(x, 1);
        Assert.True(double.IsNaN(value));
        Assert.Equal(value, F.TimesZeroGradient(x, 1, out _, out _));
        Assert.Equal(value, F.TimesZeroPushforward(x, 1, 1, 1, out _));
        double xa = 0, ya = 0;
        Assert.Equal(value, F.TimesZeroPullback(x, 1, 1, ref xa, ref ya));
    }

    [Fact]
    public void Index_with_a_side_effect_is_evaluated_once()
    {
        // h = [2 + x, x·y, 0] and old = 1: 3 + x + x·y → [1 + y, x]
        double x = 1.3, y = 0.7;
        Assert.Equal(3 + x + x * y, F.IndexSideEffect(x, y), 12);
        var fn = Scalars("IndexSideEffect", F.IndexSideEffect, F.IndexSideEffectGradient, F.IndexSideEffectPushforward, F.IndexSideEffectPullback);
        LoopAssert.Matches(fn, new[] { x, y }, new[] { 1 + y, x }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(5.3, 0.7)]   // 2.65, 1.325, 0.6625: x/8
    [InlineData(0.6, 0.7)]   // 0.3 at once: x/2
    public void Return_from_an_endless_loop(double x, double y)
    {
        double scale = x > 2 ? 0.125 : 0.5;
        var fn = Scalars("ReturnFromEndlessLoop", F.ReturnFromEndlessLoop, F.ReturnFromEndlessLoopGradient, F.ReturnFromEndlessLoopPushforward, F.ReturnFromEndlessLoopPullback);
        double h = x * scale;
        LoopAssert.Matches(fn, new[] { x, y }, new[] { 2 * h * scale * y, h * h }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Deconstruction_into_buffer_elements_swaps()
    {
        // h = [x₀, 2x₁, 3x₂, 4x₃] swapped in pairs: [2x₁, x₀, 4x₃, 3x₂]; weights 2, 3, 4, 5: [3, 4, 15, 16].
        double[] x = { 1.3, 0.7, -0.2, 0.5 };
        var fn = Shapes.OfSpan("SwapElements", 4, F.SwapElements, F.SwapElementsGradient, F.SwapElementsPushforward, F.SwapElementsPullback);
        LoopAssert.Matches(fn, x, new double[] { 3, 4, 15, 16 }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(0.2, 0.7)]
    public void Tuple_valued_conditional(double a, double b)
    {
        var fn = Scalars("TupleConditional", F.TupleConditional, F.TupleConditionalGradient, F.TupleConditionalPushforward, F.TupleConditionalPullback);
        var expected = a < b ? new[] { 2.0, 2 * b } : new[] { 2 * a, 2.0 };
        LoopAssert.Matches(fn, new[] { a, b }, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-0.4, 0.7)]
    public void Tuple_valued_switch_expression(double a, double b)
    {
        var fn = Scalars("TupleSwitch", F.TupleSwitch, F.TupleSwitchGradient, F.TupleSwitchPushforward, F.TupleSwitchPullback);
        var expected = a > 0 ? new[] { b, a + 3 } : new[] { 3.0, 1 };
        LoopAssert.Matches(fn, new[] { a, b }, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Small_integer_loop_counters()
    {
        double[] x = { 1.3, 0.7, -0.2, 0.5 };
        var expected = x.Select((v, i) => i + 2 + 2 * v).ToArray();
        var fn = Shapes.OfSpan("SmallIntegerCounters", 4, F.SmallIntegerCounters, F.SmallIntegerCountersGradient, F.SmallIntegerCountersPushforward, F.SmallIntegerCountersPullback);
        LoopAssert.Matches(fn, x, expected, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Checked_arithmetic_throws_in_every_member()
    {
        double[] x = { 1.3, 0.7 };
        Assert.Throws<OverflowException>(() => F.CheckedArithmetic(x, 5000));
        Assert.Throws<OverflowException>(() => F.CheckedArithmeticGradient(x, 5000, new double[2]));
        Assert.Throws<OverflowException>(() => F.CheckedArithmeticPushforward(x, 5000, new double[2], out _));
        Assert.Throws<OverflowException>(() => F.CheckedArithmeticPullback(x, 5000, 1, new double[2]));
        var gradient = new double[2];
        Assert.Equal(F.CheckedArithmetic(x, 3), F.CheckedArithmeticGradient(x, 3, gradient));
        Assert.Equal(new double[] { 3000000 % 7, 3000000 % 7 }, gradient);
    }

    [Fact]
    public void Named_arguments_are_evaluated_in_the_order_written()
    {
        F.Evaluated.Clear();
        F.NamedArgumentsOutOfOrder(1.5, 1);
        Assert.Equal(new[] { "b", "a" }, F.Evaluated);
        F.Evaluated.Clear();
        Assert.Equal(F.NamedArgumentsOutOfOrder(1.5, 1), F.NamedArgumentsOutOfOrderGradient(1.5, 1, out double dx, out double dy));
        Assert.Equal(new[] { "b", "a", "b", "a" }, F.Evaluated);
        Assert.Equal(21, dx);
        Assert.Equal(1, dy);
    }

    [Theory]
    [InlineData(1.3, 0.7)]    // z = 2x: 2xy + 1 → [2y, 2x]
    [InlineData(-1.3, 0.7)]   // z = y: y² → [0, 2y]
    public void Assignment_in_the_right_side_of_a_short_circuit(double x, double y)
    {
        var fn = Scalars("AssignmentInShortCircuit", F.AssignmentInShortCircuit, F.AssignmentInShortCircuitGradient, F.AssignmentInShortCircuitPushforward, F.AssignmentInShortCircuitPullback);
        LoopAssert.Matches(fn, new[] { x, y }, x > 0 ? new[] { 2 * y, 2 * x } : new[] { 0, 2 * y }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Assignment_in_a_loop_condition()
    {
        // x = 9.3: 4.65, 2.325, 1.1625, then 0.58125 stops it; n = 3, v = x/16: [(3 + y)/16, x/16]
        var fn = Scalars("AssignmentInLoopCondition", F.AssignmentInLoopCondition, F.AssignmentInLoopConditionGradient, F.AssignmentInLoopConditionPushforward, F.AssignmentInLoopConditionPullback);
        LoopAssert.Matches(fn, new[] { 9.3, 0.7 }, new[] { 3.7 / 16, 9.3 / 16 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void An_unused_read_out_of_range_throws_in_every_member()
    {
        double[] x = { 1, 2 };
        Assert.Throws<IndexOutOfRangeException>(() => F.UnusedRead(x));
        Assert.Throws<IndexOutOfRangeException>(() => F.UnusedReadGradient(x, new double[2]));
        Assert.Throws<IndexOutOfRangeException>(() => F.UnusedReadPushforward(x, new double[2], out _));
        Assert.Throws<IndexOutOfRangeException>(() => F.UnusedReadPullback(x, 1, new double[2]));
        double[] six = { 1.5, 2, 3, 4, 5, 6 };
        var gradient = new double[6];
        Assert.Equal(F.UnusedRead(six), F.UnusedReadGradient(six, gradient));
        Assert.Equal(new double[] { 3, 0, 0, 0, 0, 0 }, gradient);
    }

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-1.3, 0.7)]
    public void Stackalloc_after_an_early_return(double x, double y)
    {
        var fn = Scalars("StackAllocAfterEarlyReturn", F.StackAllocAfterEarlyReturn, F.StackAllocAfterEarlyReturnGradient, F.StackAllocAfterEarlyReturnPushforward, F.StackAllocAfterEarlyReturnPullback);
        LoopAssert.Matches(fn, new[] { x, y }, x < 0 ? new[] { 1.0, 0 } : new[] { 2 * x * y, x * x }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-1.3, 0.7)]
    public void Stackalloc_inside_a_branch(double x, double y)
    {
        var fn = Scalars("StackAllocInBranch", F.StackAllocInBranch, F.StackAllocInBranchGradient, F.StackAllocInBranchPushforward, F.StackAllocInBranchPullback);
        LoopAssert.Matches(fn, new[] { x, y }, x > 0 ? new[] { 2 * x * y * y, 2 * x * x * y } : new[] { 0, 2 * y }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Slice_indexed_directly()
    {
        double[] w = { 1.3, 0.7, -0.2, 0.5 };
        var fn = Shapes.OfSpan("SliceIndexedDirectly", 4, F.SliceIndexedDirectly, F.SliceIndexedDirectlyGradient, F.SliceIndexedDirectlyPushforward, F.SliceIndexedDirectlyPullback);
        LoopAssert.Matches(fn, w, new[] { 0, Math.Cos(0.7), 1, 0 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Foreach_over_a_slice()
    {
        double[] w = { 1.3, 0.7, -0.2, 0.5 };
        var fn = Shapes.OfSpan("ForEachOverSlice", 4, F.ForEachOverSlice, F.ForEachOverSliceGradient, F.ForEachOverSlicePushforward, F.ForEachOverSlicePullback);
        LoopAssert.Matches(fn, w, new[] { 0, 1.4, -0.4, 1.0 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Enum_loop_counters()
    {
        var fn = Scalars("EnumCounters", F.EnumCounters, F.EnumCountersGradient, F.EnumCountersPushforward, F.EnumCountersPullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.7 }, new[] { 8 * 0.7, 8 * 1.3 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void An_inline_call_runs_before_a_later_operand_that_throws()
    {
        F.Evaluated.Clear();
        Assert.Throws<DivideByZeroException>(() => F.CallBeforeFailingOperand(Array.Empty<double>(), 1));
        Assert.Equal(new[] { "call" }, F.Evaluated);
        F.Evaluated.Clear();
        Assert.Throws<DivideByZeroException>(() => F.CallBeforeFailingOperandGradient(Array.Empty<double>(), 1, Array.Empty<double>(), out _));
        Assert.Equal(new[] { "call" }, F.Evaluated);
        F.Evaluated.Clear();
        Assert.Throws<DivideByZeroException>(() => F.CallBeforeFailingOperandPushforward(Array.Empty<double>(), 1, Array.Empty<double>(), 0, out _));
        Assert.Equal(new[] { "call" }, F.Evaluated);
    }

    [Fact]
    public void Calls_in_tuple_elements_run_in_order()
    {
        F.Evaluated.Clear();
        double value = F.CallsInTupleElements(1.3, 0.7);
        Assert.Equal(new[] { "r", "b", "a" }, F.Evaluated);
        F.Evaluated.Clear();
        Assert.Equal(value, F.CallsInTupleElementsGradient(1.3, 0.7, out double dx, out double dy));
        Assert.Equal(new[] { "r", "b", "a" }, F.Evaluated);
        Assert.Equal(1, dy);

        // q = log(2 + cos(30x + 2 + x)): dq/dx = −31·sin(31x + 2) / (2 + cos(31x + 2))
        double u = 31 * 1.3 + 2;
        LoopAssert.Close(-31 * Math.Sin(u) / (2 + Math.Cos(u)), dx, Tolerances.DoubleClosedForm, "dx");
    }

    [Theory]
    [InlineData(0.7)]    // j = 0: p ≤ 3, guard assigns p = 0.9·0.7 = 0.63 (not > 0.75): no match; j = 1, 2: p + 1 → 2.63
    [InlineData(1.3)]    // j = 0: p = 1.17 > 0.75: match, p + 1 = 2.17; j = 1: 3.17; j = 2: > 3, no change
    public void Assignment_in_a_when_guard(double x)
    {
        double[] w = { 0.9, 0.1, 0.8 };
        double expectedValue = x < 1 ? 0.9 * x + 2 : 0.9 * x + 2;
        Assert.Equal(expectedValue, F.AssignmentInWhenGuard(x, w), 12);
        var gradient = new double[3];
        Assert.Equal(F.AssignmentInWhenGuard(x, w), F.AssignmentInWhenGuardGradient(x, w, out double dx, gradient));
        LoopAssert.Close(0.9, dx, Tolerances.DoubleClosedForm, "dx");
        LoopAssert.AllClose(new[] { x, 0, 0 }, gradient, Tolerances.DoubleClosedForm, "dw");
    }

    [Fact]
    public void Number_clamp_with_a_NaN_bound_returns_NaN_in_every_member()
    {
        double value = F.NumberClampWithNaNBound(1.0, 0.5);
        Assert.True(double.IsNaN(value));
        Assert.Equal(value, F.NumberClampWithNaNBoundGradient(1.0, 0.5, out _, out _));
        Assert.Equal(value, F.NumberClampWithNaNBoundPushforward(1.0, 0.5, 1, 0, out _));
        double a = 0, b = 0;
        Assert.Equal(value, F.NumberClampWithNaNBoundPullback(1.0, 0.5, 1, ref a, ref b));
    }

    [Fact]
    public void A_condition_that_becomes_constant()
    {
        var gradient = new double[2];
        Assert.Equal(1.5, F.ConstantConditionInLoopGradient(new[] { 1.0, 2.0 }, 1.5, gradient, out double dx));
        Assert.Equal(1, dx);
        Assert.Equal(new double[2], gradient);
    }

    [Fact]
    public void Long_index_into_an_active_array()
    {
        double[] w = { 1.3, 0.7, -0.2 };
        var fn = new VecFn("LongIndex", 3, false,
            p => F.LongIndex(p),
            (p, g) => F.LongIndexGradient(p, g),
            (double[] p, double[] t, out double tangent) => F.LongIndexPushforward(p, t, out tangent),
            (p, seed, a) => F.LongIndexPullback(p, seed, a));
        LoopAssert.Matches(fn, w, w.Select(v => 2 * v).ToArray(), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Writes_through_views_of_local_buffers()
    {
        double c = 1.3;
        Assert.Equal(F.WriteThroughSlice(c), F.WriteThroughSliceGradient(c, out double d1));
        LoopAssert.Close(3 * c * c, d1, Tolerances.DoubleClosedForm, "slice of a stack buffer");
        F.WriteThroughSlicePushforward(c, 1, out double t1);
        LoopAssert.Close(3 * c * c, t1, Tolerances.DoubleClosedForm, "slice of a stack buffer, pushforward");

        // bs[0] = 3c; view[0] = bs[1] = 3c²; buf[1] + view[0] = 6c² → 12c
        Assert.Equal(F.WriteThroughAliasAndSlice(c), F.WriteThroughAliasAndSliceGradient(c, out double d2));
        LoopAssert.Close(12 * c, d2, Tolerances.DoubleClosedForm, "alias and slice of an array buffer");
        F.WriteThroughAliasAndSlicePushforward(c, 1, out double t2);
        LoopAssert.Close(12 * c, t2, Tolerances.DoubleClosedForm, "alias and slice of an array buffer, pushforward");
    }

    [Fact]
    public void The_NaN_constant_pattern_matches_NaN()
    {
        // y < x²: the subject is NaN: v = 2x, returned ·3 → [6, 0]; y > x² (both arms skipped for √ + x ≥ 0): v = y → [0, 1]
        var fn = Scalars("NaNPattern", F.NaNPattern, F.NaNPatternGradient, F.NaNPatternPushforward, F.NaNPatternPullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.5 }, new[] { 6.0, 0 }, Tolerances.DoubleClosedForm);
        LoopAssert.Matches(fn, new[] { 0.3, 0.5 }, new[] { 0.0, 1 }, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void An_index_with_a_side_effect_is_evaluated_once()
    {
        // Next() gives 0 then 1: 2·w₀ + h₁·x = 2w₀ + 2x² → dw = [2, 0, 0], dx = 4x.
        double[] w = { 1, 2, 3 };
        F.NextIndex = 0;
        double value = F.IndexWithEffect(w, 1.5);
        Assert.Equal(2, F.NextIndex);

        F.NextIndex = 0;
        var dw = new double[3];
        Assert.Equal(value, F.IndexWithEffectGradient(w, 1.5, dw, out double dx));
        Assert.Equal(2, F.NextIndex);
        Assert.Equal(new double[] { 2, 0, 0 }, dw);
        Assert.Equal(6, dx);

        F.NextIndex = 0;
        Assert.Equal(value, F.IndexWithEffectPushforward(w, 1.5, new double[] { 1, 1, 1 }, 1, out double tangent));
        Assert.Equal(2, F.NextIndex);
        Assert.Equal(8, tangent);

        F.NextIndex = 0;
        var wa = new double[3];
        double xa = 0;
        Assert.Equal(value, F.IndexWithEffectPullback(w, 1.5, 1, wa, ref xa));
        Assert.Equal(2, F.NextIndex);
        Assert.Equal(new double[] { 2, 0, 0 }, wa);
        Assert.Equal(6, xa);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Slice_of_a_stack_buffer_after_an_early_return(int n)
    {
        double x = 1.3;
        Assert.Equal(F.SliceOfStackBufferAfterEarlyReturn(x, n), F.SliceOfStackBufferAfterEarlyReturnGradient(x, n, out double dx));
        LoopAssert.Close(n > 1 ? 1 : 2 * x, dx, Tolerances.DoubleClosedForm, "dx");
        double xa = 0.5;
        F.SliceOfStackBufferAfterEarlyReturnPullback(x, n, 2, ref xa);
        LoopAssert.Close(0.5 + 2 * (n > 1 ? 1 : 2 * x), xa, Tolerances.DoubleClosedForm, "pullback");
    }

    [Fact]
    public void Integer_constants_are_not_folded_into_overflowing_arithmetic()
    {
        int m = unchecked(3 * 1500000000 + 7) & 0xFF;
        var fn = Scalars("UncheckedWithLocalConstant", F.UncheckedWithLocalConstant, F.UncheckedWithLocalConstantGradient, F.UncheckedWithLocalConstantPushforward, F.UncheckedWithLocalConstantPullback);
        LoopAssert.Matches(fn, new[] { 1.3, 0.7 }, new[] { (double)m, 2 }, Tolerances.DoubleClosedForm);
        Assert.Throws<OverflowException>(() => F.UncheckedWithLocalConstant(1.3, 200));
        Assert.Throws<OverflowException>(() => F.UncheckedWithLocalConstantGradient(1.3, 200, out _, out _));
    }

    [Fact]
    public void A_zero_tangent_or_adjoint_through_an_infinite_partial_contributes_nothing()
    {
        // w = []: F = cbrt(0) + y, so ∂F/∂x = 0 in every mode (not 0·∞ = NaN), ∂F/∂y = 1.
        var none = Array.Empty<double>();
        Assert.Equal(F.ZeroThroughInfinitePartial(1.3, 0.7, none), F.ZeroThroughInfinitePartialGradient(1.3, 0.7, none, out double dx, out double dy, none));
        Assert.Equal(0, dx);
        Assert.Equal(1, dy);
        F.ZeroThroughInfinitePartialPushforward(1.3, 0.7, none, 1, 1, none, out double tangent);
        Assert.Equal(1, tangent);
        double xa = 0, ya = 0;
        F.ZeroThroughInfinitePartialPullback(1.3, 0.7, none, 1, ref xa, ref ya, none);
        Assert.Equal(0, xa);
        Assert.Equal(1, ya);

        // w = [1, 2]: F = cbrt(2x), ∂F/∂x = (2/3)·(2x)^(−2/3), finite away from 0.
        double[] two = { 1, 2 };
        F.ZeroThroughInfinitePartialGradient(1.3, 0.7, two, out dx, out _, new double[2]);
        LoopAssert.Close(2.0 / 3 * Math.Pow(2.6, -2.0 / 3), dx, Tolerances.DoubleClosedForm, "dx");
    }

    [Fact]
    public void A_buffer_declared_after_a_return_in_a_loop()
    {
        // n = 3, x·k never below −5 or above 100: s = 3(x·w₀)² → [6x·w₀², 6x²·w₀]
        double x = 1.3, w0 = 0.7;
        var dw = new double[1];
        Assert.Equal(F.BufferAfterReturnInLoop(x, new[] { w0 }, 3), F.BufferAfterReturnInLoopGradient(x, new[] { w0 }, 3, out double dx, dw));
        LoopAssert.Close(6 * x * w0 * w0, dx, Tolerances.DoubleClosedForm, "dx");
        LoopAssert.Close(6 * x * x * w0, dw[0], Tolerances.DoubleClosedForm, "dw");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.8)]
    public void A_sum_cast_to_an_integer_after_its_loop_passes_no_derivative(double x)
    {
        // Both methods are piecewise constant: ∂F/∂x = 0 and ∂F/∂wᵢ = 0 (away from the steps, which
        // these points are: 3·tanh(x)·Σw is not an integer there, and no wᵢ is 2).
        double[] w = { 0.7, -1.1, 2.3, 0.4, 1.9 };
        foreach (var (gradient, name) in new (Func<double, double[], double[], (double Value, double Dx)>, string)[]
        {
            ((a, b, g) => (F.SumThenTruncatedGradient(a, b, out double d, g), d), "SumThenTruncated"),
            ((a, b, g) => (F.SumThenComparedGradient(a, b, out double d, g), d), "SumThenCompared"),
        })
        {
            var dw = new double[w.Length];
            var (value, dx) = gradient(x, w, dw);
            Assert.Equal(0.0, dx);
            foreach (var d in dw)
            {
                Assert.Equal(0.0, d);
            }
        }

        Assert.Equal(F.SumThenTruncated(x, w), F.SumThenTruncatedGradient(x, w, out _, new double[w.Length]));
        Assert.Equal(F.SumThenCompared(x, w), F.SumThenComparedGradient(x, w, out _, new double[w.Length]));
    }
}
