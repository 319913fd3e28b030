using System;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Loops whose active values are carried from one iteration to the next (reverse mode tapes them):
/// Horner (counting down, foreach, float[]), the iterated map, Newton's square root (while),
/// do-while, return inside a loop, a loop counting down by 2, exponential smoothing (while).
/// </summary>
public sealed class RecurrenceTests
{
    [Theory]
    [InlineData(1, 0.7)]
    [InlineData(4, -1.3)]
    [InlineData(9, 0.9)]
    public void Horner_matches_closed_form(int n, double x)
    {
        var c = Data.Uniform(n, -2, 2, n);
        var p = new double[n + 1];
        c.CopyTo(p, 0);
        p[n] = x;
        LoopAssert.Matches(Adapters.Horner(n), p, ClosedForms.Horner(c, x), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Horner_value_and_derivative_of_a_known_polynomial()
    {
        // p(x) = 1 − 2x + 3x²: p(2) = 9, p'(2) = −2 + 12 = 10, ∂p/∂c = (1, 2, 4).
        double[] c = { 1, -2, 3 };
        var dc = new double[3];
        Assert.Equal(9.0, Recurrences.HornerGradient(c, 2, dc, out double dx));
        Assert.Equal(10.0, dx);
        Assert.Equal(new[] { 1.0, 2.0, 4.0 }, dc);
    }

    [Fact]
    public void Horner_over_float_array_matches_closed_form()
    {
        const int n = 6;
        var fn = Adapters.HornerSingle(n);
        var p = fn.Representable(Data.Uniform(n + 1, -1.2, 1.2, 3));
        LoopAssert.Matches(fn, p, ClosedForms.Horner(p.AsSpan(0, n), p[n]), Tolerances.SingleClosedForm);
    }

    [Fact]
    public void Horner_with_foreach_matches_closed_form()
    {
        // Coefficients highest first: highestFirst[j] multiplies x^(n−1−j).
        const int n = 5;
        var p = Data.Uniform(n + 1, -1.5, 1.5, 4);
        var lowestFirst = new double[n];
        for (int j = 0; j < n; j++) lowestFirst[n - 1 - j] = p[j];
        var byPower = ClosedForms.Horner(lowestFirst, p[n]);
        var expected = new double[n + 1];
        for (int j = 0; j < n; j++) expected[j] = byPower[n - 1 - j];
        expected[n] = byPower[n];
        LoopAssert.Matches(Adapters.HornerForeach(n), p, expected, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0)]    // no iteration: the identity, gradient (1, 0)
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void IteratedMap_matches_hand_written_chain_rule(int k)
    {
        double[] p = { 2.1, 0.6 };
        LoopAssert.Matches(Adapters.IteratedMap(k), p, ClosedForms.IteratedMap(p[0], p[1], k), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void IteratedMap_matches_finite_differences(int k)
    {
        // Tolerance: Tolerances.DoubleFiniteDifference. From x = 2.1 with a = 0.6 the iterates decrease
        // towards the attracting fixed point 0 (where a step's derivative 1 − a·cos x is 0.4), so
        // |f| ≤ 2.1 and derivatives of every order stay O(1): rounding ε·|f|/h ≈ 8e-11, truncation
        // h²·|f'''|/6 ≈ 1e-11, far below 1e-6.
        var fn = Adapters.IteratedMap(k);
        double[] p = { 2.1, 0.6 };
        var numeric = new double[2];
        GradientCheck.Gradient(q => fn.Value(q), p, numeric);
        LoopAssert.Matches(fn, p, numeric, Tolerances.DoubleFiniteDifference);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void IteratedMap_in_float_matches_closed_form(int k)
    {
        var fn = Adapters.IteratedMapSingle(k);
        var p = fn.Representable(new[] { 2.1, 0.6 });
        LoopAssert.Matches(fn, p, ClosedForms.IteratedMap(p[0], p[1], k), Tolerances.SingleClosedForm);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.25)]     // starts at 1 (a < 1)
    [InlineData(1.0)]      // converged at once: one step, d/da = 1/2
    [InlineData(1e6)]
    [InlineData(3.7e-5)]
    public void NewtonSqrt_matches_closed_form(double a)
    {
        // Newton stops when a step moves x by at most 1e-15·x, so the iterate the last step started
        // from was within ~1e-15 relative of √a, and the derivative carried through the iterations
        // (each step multiplies the derivative of the start by (1 − a/x²)/2 → 0) is 1/(2√a) to
        // ~1e-15 relative: Tolerances.DoubleClosedForm applies.
        double[] p = { a };
        Assert.Equal(Math.Sqrt(a), Recurrences.NewtonSqrt(a), 12);
        LoopAssert.Matches(Adapters.NewtonSqrt, p, new[] { 1 / (2 * Math.Sqrt(a)) }, Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(0)]   // a do-while body runs once even when the condition is false at once
    [InlineData(1)]
    [InlineData(6)]
    public void DoWhileRecurrence_matches_hand_written_chain_rule(int n)
    {
        double[] p = { 0.8, 0.3 };
        LoopAssert.Matches(Adapters.DoWhileRecurrence(n), p, ClosedForms.DoWhileRecurrence(p[0], p[1], n), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1.2)]     // one square root
    [InlineData(2.0)]     // one: √2 ≈ 1.41
    [InlineData(5.0)]     // two
    [InlineData(1000.0)]  // four
    public void DoWhile_with_an_active_condition_matches_closed_form(double x)
    {
        LoopAssert.Matches(Adapters.DoWhileSqrtUntilSmall, new[] { x }, ClosedForms.DoWhileSqrtUntilSmall(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(100.0)]   // the product never exceeds the limit: the return after the loop
    [InlineData(2.0)]     // exceeds it part-way (at the third element, 3.0): the return inside the loop
    [InlineData(0.5)]     // exceeds it at the first element
    public void Return_inside_loop_matches_closed_form(double limit)
    {
        double[] x = { 1.5, 0.8, 2.5, 1.2, 0.9, 1.7 };
        var p = new double[7];
        x.CopyTo(p, 0);
        p[6] = -1.25;
        LoopAssert.Matches(Adapters.ProductUntilLimit(6, limit), p, ClosedForms.ProductUntilLimit(x, p[6], limit), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]   // visits 5, 3, 1
    [InlineData(7)]   // visits 6, 4, 2, 0
    public void Loop_counting_down_by_two_matches_closed_form(int n)
    {
        var x = Data.Uniform(n, -1.5, 1.5, 20 + n);
        LoopAssert.Matches(Adapters.StepDownByTwo(n), x, ClosedForms.StepDownByTwo(x), Tolerances.DoubleClosedForm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12)]
    public void While_loop_smoothing_matches_closed_form(int n)
    {
        var p = Data.Uniform(n + 1, -2, 2, 30 + n);
        p[n] = 0.35;
        LoopAssert.Matches(Adapters.Smoothing(n), p, ClosedForms.Smoothing(p.AsSpan(0, n), p[n]), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Closed_forms_of_the_recurrences_agree_with_finite_differences()
    {
        // Checks of the test's own hand-written chain rules against the original methods.
        // Tolerance: Tolerances.DoubleFiniteDifference (all values and third derivatives are O(10)
        // at these points).
        Check(p => Recurrences.IteratedMap(p[0], p[1], 9), new[] { 2.1, 0.6 }, ClosedForms.IteratedMap(2.1, 0.6, 9));
        Check(p => Recurrences.DoWhileRecurrence(p[0], p[1], 6), new[] { 0.8, 0.3 }, ClosedForms.DoWhileRecurrence(0.8, 0.3, 6));
        Check(p => Recurrences.DoWhileSqrtUntilSmall(p[0]), new[] { 5.0 }, ClosedForms.DoWhileSqrtUntilSmall(5.0));
        double[] x = { 1.5, 0.8, 2.5, 1.2, 0.9, 1.7, -1.25 };
        Check(p => Recurrences.ProductUntilLimit(p.AsSpan(0, 6), p[6], 2.0), x, ClosedForms.ProductUntilLimit(x.AsSpan(0, 6), -1.25, 2.0));
        var y = Data.Uniform(7, -1.5, 1.5, 27);
        Check(p => Recurrences.StepDownByTwo(p), y, ClosedForms.StepDownByTwo(y));
        var s = Data.Uniform(13, -2, 2, 42);
        s[12] = 0.35;
        Check(p => Recurrences.Smoothing(p.AsSpan(0, 12), p[12]), s, ClosedForms.Smoothing(s.AsSpan(0, 12), 0.35));
        var c = Data.Uniform(6, -2, 2, 6);
        Check(p => Recurrences.Horner(p.AsSpan(0, 5), p[5]), c, ClosedForms.Horner(c.AsSpan(0, 5), c[5]));

        static void Check(Func<double[], double> f, double[] point, double[] expected)
        {
            var numeric = new double[point.Length];
            GradientCheck.Gradient(f, point, numeric);
            LoopAssert.AllClose(expected, numeric, Tolerances.DoubleFiniteDifference, "finite differences");
        }
    }

    [Fact]
    public void Long_recurrences_grow_the_tape()
    {
        // Far more iterations than the tape's initial capacity (256 values), so its storage is
        // resized during the forward sweep; the reverse sweep must still pop every value in order.
        const int n = 700;
        var p = Data.Uniform(n + 1, -1, 1, 77);
        p[n] = 0.97;
        LoopAssert.Matches(Adapters.Horner(n), p, ClosedForms.Horner(p.AsSpan(0, n), p[n]), Tolerances.DoubleClosedForm);

        var q = Data.Uniform(n + 1, -2, 2, 78);
        q[n] = 0.01;
        LoopAssert.Matches(Adapters.Smoothing(n), q, ClosedForms.Smoothing(q.AsSpan(0, n), q[n]), Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void Taped_gradients_on_several_threads_at_once_agree_with_one_thread()
    {
        // The tape pool is per thread: concurrent calls must not share storage.
        var expected = new double[8][];
        for (int t = 0; t < 8; t++) expected[t] = ClosedForms.IteratedMap(0.5 + 0.25 * t, 0.6, 300);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        System.Threading.Tasks.Parallel.For(0, 8, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (int call = 0; call < 200; call++)
            {
                Recurrences.IteratedMapGradient(0.5 + 0.25 * t, 0.6, 300, out double dx, out double da);
                if (Math.Abs(dx - expected[t][0]) > 1e-10 * Math.Max(1, Math.Abs(expected[t][0]))
                    || Math.Abs(da - expected[t][1]) > 1e-10 * Math.Max(1, Math.Abs(expected[t][1])))
                {
                    failures.Add($"thread task {t}, call {call}: ({dx}, {da}) vs ({expected[t][0]}, {expected[t][1]})");
                }
            }
        });
        Assert.Empty(failures);
    }
}
