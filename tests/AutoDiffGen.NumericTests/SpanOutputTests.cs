using System;
using System.Linq;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Vector-valued methods with <c>Span&lt;T&gt;</c> outputs (Functions/SpanOutputs.cs): the generated
/// Jacobian (both layouts; forward mode when there are no more inputs than outputs, reverse mode
/// otherwise, chosen at run time), Pushforward (a tangent span per output span) and Pullback (a
/// seed span per output span), against closed forms and central finite differences and against
/// each other, through <see cref="JacobianAssert"/>: the rows of <see cref="VectorFn"/> are the
/// returned tuple's elements or real, then the output spans' elements. Also: elements the method
/// does not write keep the caller's values (derivative zero); bad lengths and shared memory throw
/// ArgumentException naming the parameter; no allocation once warm.
/// </summary>
public sealed class SpanOutputTests
{
    // Branch boundary of Branchy (x₀ = 0) is kept this far from every random point: the finite
    // difference step (≤ 6e-6·3 here) cannot straddle it.
    private const double Margin = 1e-2;

    /// <summary>What an output span holds before the call: the method must overwrite what it writes, and keep the rest.</summary>
    private const double Garbage = 7.25;

    public static readonly VectorCaseTable Cases = BuildCases();

    public static TheoryData<string> Names => Cases.Names();

    public static TheoryData<string> ClosedFormNames => Cases.Names(withClosedForm: true);

    [Theory]
    [MemberData(nameof(ClosedFormNames))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    [Fact]
    public void UnwrittenElementsKeepTheCallersValuesInEveryMember()
    {
        double[] y = { Garbage, Garbage, Garbage };
        SpanOutputs.WritesOnlyTheFirstJacobian(1.5, y, new double[3]);
        Assert.Equal(new[] { 2.25, Garbage, Garbage }, y);

        y = new[] { Garbage, Garbage, Garbage };
        var tangent = new[] { 9.0, 9.0, 9.0 };
        SpanOutputs.WritesOnlyTheFirstPushforward(1.5, y, 1, tangent);
        Assert.Equal(new[] { 2.25, Garbage, Garbage }, y);
        Assert.Equal(new[] { 3.0, 0, 0 }, tangent); // overwritten: the tangent of a kept value is 0

        y = new[] { Garbage, Garbage, Garbage };
        double adjoint = 0.5;
        SpanOutputs.WritesOnlyTheFirstPullback(1.5, y, new[] { 2.0, 100, 100 }, ref adjoint);
        Assert.Equal(new[] { 2.25, Garbage, Garbage }, y);
        Assert.Equal(0.5 + 2 * 3.0, adjoint); // the seeds of the kept elements reach nothing
    }

    [Fact]
    public void ElementwiseProductGivesDiagXBesideDiagWInBothLayouts()
    {
        double[] w = { 1.5, -2, 0.25 }, x = { 3, 0.5, -4 };
        var y = new double[3];
        var numerator = new double[9 * 2];
        SpanOutputs.MulNumeratorJacobian(w, x, y, numerator);
        var denominator = new double[9 * 2];
        SpanOutputs.MulJacobian(w, x, y, denominator);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(w[i] * x[i], y[i]);
            for (int j = 0; j < 3; j++)
            {
                // Row i: [diag(x) | diag(w)], exactly (a product's partials are its factors).
                Assert.Equal(i == j ? x[i] : 0, numerator[i * 6 + j]);
                Assert.Equal(i == j ? w[i] : 0, numerator[i * 6 + 3 + j]);
                Assert.Equal(numerator[i * 6 + j], denominator[j * 3 + i]);
                Assert.Equal(numerator[i * 6 + 3 + j], denominator[(3 + j) * 3 + i]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(33)]
    public void CompressedJacobianEqualsTheDenseOne(int n)
    {
        // Add and ExpTimes get the compressed strategy, AddDense and ExpTimesDense (the same
        // arithmetic, not proved element-wise) the dense one: the same matrices, bitwise, since each
        // entry is the same derivative formula evaluated the same way.
        var random = new Random(n);
        double[] w = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] y1 = Fresh(n), y2 = Fresh(n);
        double[] compressed = Enumerable.Repeat(double.NaN, n * 2 * n).ToArray(), dense = Enumerable.Repeat(double.NaN, n * 2 * n).ToArray();
        SpanOutputs.AddJacobian(w, x, y1, compressed);
        SpanOutputs.AddDenseJacobian(w, x, y2, dense);
        Assert.Equal(y2, y1);
        Assert.Equal(dense, compressed);

        compressed = Enumerable.Repeat(double.NaN, n * n).ToArray();
        dense = Enumerable.Repeat(double.NaN, n * n).ToArray();
        SpanOutputs.ExpTimesJacobian(x, y1, compressed);
        SpanOutputs.ExpTimesDenseJacobian(x, y2, dense);
        Assert.Equal(y2, y1);
        Assert.Equal(dense, compressed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void JacobianOfTheWrongLengthThrowsBeforeWritingAnything(int length)
    {
        double[] w = { 1, 2 }, x = { 3, 4 }, y = { Garbage, Garbage };
        var buffer = Enumerable.Repeat(Garbage, length).ToArray();
        var e = Assert.Throws<ArgumentException>(() => SpanOutputs.AddJacobian(w, x, y, buffer));
        Assert.Equal("jacobian", e.ParamName);
        Assert.Contains("8", e.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(Garbage, b));
        Assert.All(y, v => Assert.Equal(Garbage, v));
    }

    [Fact]
    public void TangentAndSeedSpansOfTheWrongLengthThrow()
    {
        double[] x = { 1, 2, 3 }, y = new double[3];
        var e = Assert.Throws<ArgumentException>(() => SpanOutputs.IdentityPushforward(x, y, new double[3], new double[2]));
        Assert.Equal("yTangent", e.ParamName);
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => SpanOutputs.IdentityPullback(x, y, new double[4], new double[3]));
        Assert.Equal("yAdjoint", e.ParamName);
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputSharingMemoryWithAnInputThrowsInEveryMember()
    {
        // In place (y = x) the method itself would run, but its derivatives would read inputs it
        // already overwrote: every generated member refuses.
        double[] x = { 1, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesPushforward(x, x, new double[3], new double[3]));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesPullback(x, x, new double[3], new double[3]));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesJacobian(x, x, new double[9]));
        Assert.Equal("y", e.ParamName);
        Assert.Equal(new[] { 1.0, 2, 3 }, x);
    }

    [Fact]
    public void TangentSharingMemoryWithAnOutputOrInputThrows()
    {
        double[] x = { 1, 2, 3 }, y = new double[3];
        var e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesPushforward(x, y, new double[3], y));
        Assert.Equal("yTangent", e.ParamName);
        var xTangent = new double[3];
        e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesPushforward(x, y, xTangent, xTangent));
        Assert.Equal("yTangent", e.ParamName);

        // The output itself is written while the input's tangent is read (new-user trial).
        e = Assert.Throws<ArgumentException>(() => SpanOutputs.ExpTimesPushforward(x, y, y, new double[3]));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("tangent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeedSharingMemoryWithItsOutputIsRead()
    {
        // A pullback copies its seeds before it writes anything: a seed may be the output itself.
        double[] x = { 1, 2, 3 }, y = { 0.5, -1, 2 };
        double[] expected = new double[3], adjoint = new double[3];
        var seed = (double[])y.Clone();
        SpanOutputs.CumulativeSumPullback(x, new double[3], seed, expected);
        SpanOutputs.CumulativeSumPullback(x, y, y, adjoint);
        Assert.Equal(expected, adjoint);
    }

    [Fact]
    public void TwoOutputsSharingMemoryThrow()
    {
        double[] x = { 1, 2 }, both = new double[3];
        var e = Assert.Throws<ArgumentException>(() => SpanOutputs.TwoOutputsJacobian(x, 0.5, both.AsSpan(0, 2), both.AsSpan(1, 2), new double[4 * 3]));
        Assert.Equal("b", e.ParamName);
    }

    [Fact]
    public void EmptyOutputsStillRunTheMethod()
    {
        // No rows: no sweep runs, but the method does (its value, its effects).
        double[] x = { 1, 2, 3 };
        double value = SpanOutputs.WeightedTailJacobian(2, x, Span<double>.Empty, new double[1 * 4]);
        Assert.Equal(12, value);
        SpanOutputs.IdentityJacobian(ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty);
    }

    [Theory]
    [InlineData(4)]  // forward mode for ExpTimes (n = m), reverse mode for Add (n = 2m)
    [InlineData(64)]
    public void JacobiansAllocateNothingOnceWarm(int n)
    {
        double[] x = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        double[] w = Enumerable.Range(0, n).Select(i => Math.Cos(i)).ToArray();
        double[] y = new double[n];
        double[] square = new double[n * n], wide = new double[n * 2 * n];
        for (int i = 0; i < 10; i++)
        {
            SpanOutputs.ExpTimesJacobian(x, y, square);
            SpanOutputs.AddJacobian(w, x, y, wide);
            SpanOutputs.MulJacobian(w, x, y, wide);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            SpanOutputs.ExpTimesJacobian(x, y, square);
            SpanOutputs.AddJacobian(w, x, y, wide);
            SpanOutputs.MulJacobian(w, x, y, wide);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---- Cases ----

    private static Gen<double[]> Cube(int n, double lo, double hi) => Gen.Double[lo, hi].Array[n];

    /// <summary>
    /// The point with every coordinate at least <see cref="Margin"/> from the kink at 0 (one closer
    /// moves out to ±2·Margin): a filter (Where) over four coordinates gave up now and then, since
    /// the random doubles include 0 more often than a uniform draw would (a flaky run of CI).
    /// </summary>
    private static double[] AwayFromKink(double[] p) => p.Select(v => Math.Abs(v) > Margin ? v : v < 0 ? -2 * Margin : 2 * Margin).ToArray();

    private static double[] Cat(params double[][] parts) => parts.SelectMany(p => p).ToArray();

    private static double[] Fresh(int n) => Enumerable.Repeat(Garbage, n).ToArray();

    /// <summary>An m×n matrix (row-major) with <paramref name="entry"/>(row, column).</summary>
    private static double[] Matrix(int m, int n, Func<int, int, double> entry)
    {
        var a = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = entry(i, j);
            }
        }

        return a;
    }

    private static VectorCaseTable BuildCases()
    {
        var t = new VectorCaseTable();
        const JacobianLayout Num = JacobianLayout.Numerator, Den = JacobianLayout.Denominator;

        foreach (int k in new[] { 1, 3 })
        {
            // Element-wise: y, ẏ and the seed are the VectorFn's row arrays themselves.
            t.Add($"Identity[{k}]", new VectorFn(k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.Identity(x, y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.IdentityJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.IdentityPushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.IdentityPullback(x, y, s, a); return y; }),
                Cube(k, -5, 5), p => Matrix(k, k, (i, j) => i == j ? 1 : 0));

            t.Add($"Add[{k}]", new VectorFn(2 * k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.Add(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.AddJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.AddPushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.AddPullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -5, 5), p => Matrix(k, 2 * k, (i, j) => j == i || j == k + i ? 1 : 0));

            // w ⊗ x: [diag(x) | diag(w)], in both layouts.
            Func<double[], double[]> product = p => Matrix(k, 2 * k, (i, j) => j == i ? p[k + i] : j == k + i ? p[i] : 0);
            t.Add($"Mul[{k}]", new VectorFn(2 * k, k, false, Den,
                x => { var y = Fresh(k); SpanOutputs.Mul(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.MulJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.MulPushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.MulPullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -5, 5), product);
            t.Add($"MulNumerator[{k}]", new VectorFn(2 * k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.MulNumerator(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.MulNumeratorJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.MulNumeratorPushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.MulNumeratorPullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -5, 5), product);

            // Clear, Fill and CopyTo into the output (Functions/WholeBufferCalls.cs), from the
            // caller's garbage: W (k×3) and v (3) into y (k) by a cleared accumulation; y = s·b by a
            // Fill with the active s; y = v² by a copy into y (k + 1 long: its last element is kept).
            t.Add($"AccumulateLayer[{k}]", new VectorFn(3 * k + 3, k, false, Num,
                x => { var y = Fresh(k); SpanComposition.AccumulateLayer(x.AsSpan(0, 3 * k), x.AsSpan(3 * k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanComposition.AccumulateLayerJacobian(x.AsSpan(0, 3 * k), x.AsSpan(3 * k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanComposition.AccumulateLayerPushforward(x.AsSpan(0, 3 * k), x.AsSpan(3 * k), y, d.AsSpan(0, 3 * k), d.AsSpan(3 * k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanComposition.AccumulateLayerPullback(x.AsSpan(0, 3 * k), x.AsSpan(3 * k), y, s, a.AsSpan(0, 3 * k), a.AsSpan(3 * k)); return y; }),
                Cube(3 * k + 3, -2, 2), p => Matrix(k, 3 * k + 3, (i, j) => j < 3 * k ? (j / 3 == i ? p[3 * k + j % 3] : 0) : p[3 * i + j - 3 * k]));
            t.Add($"ScaledBias[{k}]", new VectorFn(k + 1, k, false, Num,
                x => { var y = Fresh(k); SpanComposition.ScaledBias(x.AsSpan(0, k), x[k], y); return y; },
                (x, j) => { var y = Fresh(k); SpanComposition.ScaledBiasJacobian(x.AsSpan(0, k), x[k], y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanComposition.ScaledBiasPushforward(x.AsSpan(0, k), x[k], y, d.AsSpan(0, k), d[k], o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanComposition.ScaledBiasPullback(x.AsSpan(0, k), x[k], y, s, a.AsSpan(0, k), ref a[k]); return y; }),
                Cube(k + 1, -2, 2), p => Matrix(k, k + 1, (i, j) => j == i ? p[k] : j == k ? p[i] : 0));
            t.Add($"SquaredCopy[{k}]", new VectorFn(k, k + 1, false, Num,
                x => { var y = Fresh(k + 1); SpanComposition.SquaredCopy(x, y); return y; },
                (x, j) => { var y = Fresh(k + 1); SpanComposition.SquaredCopyJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k + 1); SpanComposition.SquaredCopyPushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k + 1); SpanComposition.SquaredCopyPullback(x, y, s, a); return y; }),
                Cube(k, -2, 2), p => Matrix(k + 1, k, (i, j) => i == j ? 2 * p[i] : 0));

            // Finding 63: outputs read through an alias or written through a slice while the loop
            // writes them (2k inputs against k outputs: the reverse strategy for k ≥ 1).
            t.Add($"OutputReadThroughAlias[{k}]", new VectorFn(2 * k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.OutputReadThroughAlias(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.OutputReadThroughAliasJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.OutputReadThroughAliasPushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.OutputReadThroughAliasPullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -2, 2), p => Matrix(k, 2 * k, (i, j) =>
                    i == 0 ? (j == 0 ? p[k] : j == k ? p[0] : 0)
                    : j == i ? 1 + p[0] * p[k] : j == 0 ? p[i] * p[k] : j == k ? p[i] * p[0] : j == k + i ? 1 : 0));
            t.Add($"OutputRecurrenceThroughSlice[{k}]", new VectorFn(2 * k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.OutputRecurrenceThroughSlice(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.OutputRecurrenceThroughSliceJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.OutputRecurrenceThroughSlicePushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.OutputRecurrenceThroughSlicePullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -2, 2), p => Matrix(k, 2 * k, (m, j) =>
                    // y_m = x₀ + Σ_{i<m} x_{i+1}·w_i.
                    j == 0 ? 1 : j < k ? (j <= m ? p[k + j - 1] : 0) : (j - k < m ? p[j - k + 1] : 0)));

            // a·x: [x | a·I].
            t.Add($"Scale[{k}]", new VectorFn(1 + k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.Scale(x[0], x[1..], y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.ScaleJacobian(x[0], x[1..], y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.ScalePushforward(x[0], x[1..], y, d[0], d.AsSpan(1), o); return y; },
                (x, s, a) => { var y = Fresh(k); double a0 = a[0]; SpanOutputs.ScalePullback(x[0], x[1..], y, s, ref a0, a.AsSpan(1)); a[0] = a0; return y; }),
                Cube(1 + k, -5, 5), p => Matrix(k, 1 + k, (i, j) => j == 0 ? p[1 + i] : j == 1 + i ? p[0] : 0));

            t.Add($"ExpTimes[{k}]", new VectorFn(k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.ExpTimes(x, y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.ExpTimesJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.ExpTimesPushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.ExpTimesPullback(x, y, s, a); return y; }),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == j ? (1 + p[i]) * Math.Exp(p[i]) : 0));

            t.Add($"CumulativeSum[{k}]", new VectorFn(k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.CumulativeSum(x, y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.CumulativeSumJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.CumulativeSumPushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.CumulativeSumPullback(x, y, s, a); return y; }),
                Cube(k, -5, 5), p => Matrix(k, k, (i, j) => j <= i ? 1 : 0));

            t.Add($"CumulativeProduct[{k}]", new VectorFn(k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.CumulativeProduct(x, y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.CumulativeProductJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.CumulativeProductPushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.CumulativeProductPullback(x, y, s, a); return y; }),
                Cube(k, -2, 2), p => Matrix(k, k, (i, j) =>
                {
                    // ∂(x₀⋯xᵢ)/∂xⱼ = the product without xⱼ, for j ≤ i.
                    double product = 1;
                    for (int q = 0; q <= i; q++)
                    {
                        product *= q == j ? 1 : p[q];
                    }

                    return j <= i ? product : 0;
                }));

            t.Add($"ThroughSlice[{k + 1}]", new VectorFn(k + 1, k + 1, false, Num,
                x => { var y = Fresh(k + 1); SpanOutputs.ThroughSlice(x, y); return y; },
                (x, j) => { var y = Fresh(k + 1); SpanOutputs.ThroughSliceJacobian(x, y, j); return y; },
                (x, d, o) => { var y = Fresh(k + 1); SpanOutputs.ThroughSlicePushforward(x, y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k + 1); SpanOutputs.ThroughSlicePullback(x, y, s, a); return y; }),
                Cube(k + 1, -5, 5), p => Matrix(k + 1, k + 1, (i, j) => i == 0 ? (j == 0 ? p[1] : j == 1 ? p[0] : 0) : j == i ? 2 : 0));

            // A real returned beside the span: rows are the sum, then y.
            t.Add($"SumAndScale[{k}]", new VectorFn(1 + k, 1 + k, false, Num,
                x => { var y = Fresh(k); double r = SpanOutputs.SumAndScale(x[0], x.AsSpan(1), y); return Cat(new[] { r }, y); },
                (x, j) => { var y = Fresh(k); double r = SpanOutputs.SumAndScaleJacobian(x[0], x.AsSpan(1), y, j); return Cat(new[] { r }, y); },
                (x, d, o) => { var y = Fresh(k); double r = SpanOutputs.SumAndScalePushforward(x[0], x.AsSpan(1), y, d[0], d.AsSpan(1), out o[0], o.AsSpan(1)); return Cat(new[] { r }, y); },
                (x, s, a) => { var y = Fresh(k); double a0 = a[0]; double r = SpanOutputs.SumAndScalePullback(x[0], x.AsSpan(1), y, s[0], s.AsSpan(1), ref a0, a.AsSpan(1)); a[0] = a0; return Cat(new[] { r }, y); }),
                Cube(1 + k, -5, 5), p => Matrix(1 + k, 1 + k, (i, j) => i == 0 ? (j == 0 ? 0 : 1) : j == 0 ? p[i] : j == i ? p[0] : 0));

            // More inputs (k + 2) than outputs (k + 1): reverse mode with a real beside the span.
            t.Add($"WeightedTail[{k}]", new VectorFn(k + 2, k + 1, false, Num,
                x => { var y = Fresh(k); double r = SpanOutputs.WeightedTail(x[0], x.AsSpan(1), y); return Cat(new[] { r }, y); },
                (x, j) => { var y = Fresh(k); double r = SpanOutputs.WeightedTailJacobian(x[0], x.AsSpan(1), y, j); return Cat(new[] { r }, y); },
                (x, d, o) => { var y = Fresh(k); double r = SpanOutputs.WeightedTailPushforward(x[0], x.AsSpan(1), y, d[0], d.AsSpan(1), out o[0], o.AsSpan(1)); return Cat(new[] { r }, y); },
                (x, s, a) => { var y = Fresh(k); double a0 = a[0]; double r = SpanOutputs.WeightedTailPullback(x[0], x.AsSpan(1), y, s[0], s.AsSpan(1), ref a0, a.AsSpan(1)); a[0] = a0; return Cat(new[] { r }, y); }),
                Cube(k + 2, -5, 5), p => Matrix(k + 1, k + 2, (i, j) =>
                    i == 0 ? (j == 0 ? p.Skip(1).Sum() : p[0])
                    : j == i ? p[i + 1] : j == i + 1 ? p[i] : 0));

            // A tuple beside the span, denominator layout: rows are (norm, mean), then y.
            t.Add($"Normalize[{k}]", new VectorFn(k, 2 + k, false, Den,
                x => { var y = Fresh(k); var (n, m) = SpanOutputs.Normalize(x, y); return Cat(new[] { n, m }, y); },
                (x, j) => { var y = Fresh(k); var (n, m) = SpanOutputs.NormalizeJacobian(x, y, j); return Cat(new[] { n, m }, y); },
                (x, d, o) => { var y = Fresh(k); var (n, m) = SpanOutputs.NormalizePushforward(x, y, d, out o[0], out o[1], o.AsSpan(2)); return Cat(new[] { n, m }, y); },
                (x, s, a) => { var y = Fresh(k); var (n, m) = SpanOutputs.NormalizePullback(x, y, s[0], s[1], s.AsSpan(2), a); return Cat(new[] { n, m }, y); }),
                Gen.Double[0.5, 3].Array[k], null);

            t.Add($"TwoOutputs[{k}]", new VectorFn(k + 1, 2 * k, false, Num,
                x => { var a = Fresh(k); var b = Fresh(k); SpanOutputs.TwoOutputs(x.AsSpan(0, k), x[k], a, b); return Cat(a, b); },
                (x, j) => { var a = Fresh(k); var b = Fresh(k); SpanOutputs.TwoOutputsJacobian(x.AsSpan(0, k), x[k], a, b, j); return Cat(a, b); },
                (x, d, o) => { var a = Fresh(k); var b = Fresh(k); SpanOutputs.TwoOutputsPushforward(x.AsSpan(0, k), x[k], a, b, d.AsSpan(0, k), d[k], o.AsSpan(0, k), o.AsSpan(k)); return Cat(a, b); },
                (x, s, a) => { var p = Fresh(k); var q = Fresh(k); double c = a[k]; SpanOutputs.TwoOutputsPullback(x.AsSpan(0, k), x[k], p, q, s.AsSpan(0, k), s.AsSpan(k), a.AsSpan(0, k), ref c); a[k] = c; return Cat(p, q); }),
                Cube(k + 1, -5, 5), p => Matrix(2 * k, k + 1, (i, j) => i < k ? (j == i ? 2 * p[i] : 0) : (j == i - k || j == k ? 1 : 0)));

            t.Add($"WithData[{k}]", new VectorFn(k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.WithData(x, Data(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.WithDataJacobian(x, Data(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.WithDataPushforward(x, Data(k), y, d, o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.WithDataPullback(x, Data(k), y, s, a); return y; }),
                Cube(k, -5, 5), p => Matrix(k, k, (i, j) => i == j ? 2 * Data(k)[i] * p[i] : 0));

            // Float: yᵢ = xᵢ·s + sin xᵢ.
            t.Add($"SingleScaleSin[{k}]", new VectorFn(k + 1, k, true, Num,
                x => { var y = new float[k]; SpanOutputs.SingleScaleSin(F(x[..k]), (float)x[k], y); return D(y); },
                (x, j) => { var y = new float[k]; var jf = new float[j.Length]; SpanOutputs.SingleScaleSinJacobian(F(x[..k]), (float)x[k], y, jf); D(jf).CopyTo(j); return D(y); },
                (x, d, o) => { var y = new float[k]; var of = new float[k]; float ds = (float)d[k]; SpanOutputs.SingleScaleSinPushforward(F(x[..k]), (float)x[k], y, F(d[..k]), ds, of); D(of).CopyTo(o, 0); return D(y); },
                (x, s, a) => { var y = new float[k]; var af = F(a[..k]); float sa = (float)a[k]; SpanOutputs.SingleScaleSinPullback(F(x[..k]), (float)x[k], y, F(s), af, ref sa); D(af).CopyTo(a, 0); a[k] = sa; return D(y); }),
                Cube(k + 1, -2, 2), p => Matrix(k, k + 1, (i, j) => j == k ? p[i] : j == i ? p[k] + Math.Cos(p[i]) : 0));
        }

        // Element-wise maps of one span (compressed or not: see JacobianStrategyTests in AutoDiffGen.Tests).
        foreach (int k in new[] { 2, 4 })
        {
            t.Add($"LeakyRelu[{k}]", Map(k, SpanOutputs.LeakyRelu, SpanOutputs.LeakyReluJacobian, SpanOutputs.LeakyReluPushforward, SpanOutputs.LeakyReluPullback),
                Cube(k, -3, 3).Select(AwayFromKink), p => Matrix(k, k, (i, j) => i == j ? (p[i] > 0 ? 1 : 0.1) : 0));
            t.Add($"AccumulateInto[{k}]", Map(k, SpanOutputs.AccumulateInto, SpanOutputs.AccumulateIntoJacobian, SpanOutputs.AccumulateIntoPushforward, SpanOutputs.AccumulateIntoPullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == j ? 3 * p[i] : 0));
            t.Add($"ExpTimesDense[{k}]", Map(k, SpanOutputs.ExpTimesDense, SpanOutputs.ExpTimesDenseJacobian, SpanOutputs.ExpTimesDensePushforward, SpanOutputs.ExpTimesDensePullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == j ? (1 + p[i]) * Math.Exp(p[i]) : 0));
            t.Add($"Rotated[{k}]", Map(k, SpanOutputs.Rotated, SpanOutputs.RotatedJacobian, SpanOutputs.RotatedPushforward, SpanOutputs.RotatedPullback),
                Cube(k, -3, 3), null);
            t.Add($"TwoCounters[{k}]", Map(k, SpanOutputs.TwoCounters, SpanOutputs.TwoCountersJacobian, SpanOutputs.TwoCountersPushforward, SpanOutputs.TwoCountersPullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == j ? 2 * p[i] : 0));
            t.Add($"SkipsAhead[{k}]", Map(k, SpanOutputs.SkipsAhead, SpanOutputs.SkipsAheadJacobian, SpanOutputs.SkipsAheadPushforward, SpanOutputs.SkipsAheadPullback),
                Cube(k, -3, 3), null);
            t.Add($"CarriesPrevious[{k}]", Map(k, SpanOutputs.CarriesPrevious, SpanOutputs.CarriesPreviousJacobian, SpanOutputs.CarriesPreviousPushforward, SpanOutputs.CarriesPreviousPullback),
                Cube(k, -3, 3), null);
            t.Add($"ScaledByFirst[{k}]", Map(k, SpanOutputs.ScaledByFirst, SpanOutputs.ScaledByFirstJacobian, SpanOutputs.ScaledByFirstPushforward, SpanOutputs.ScaledByFirstPullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => (i == j ? p[0] : 0) + (j == 0 ? p[i] : 0)));
            t.Add($"FixesUpAfter[{k}]", Map(k, SpanOutputs.FixesUpAfter, SpanOutputs.FixesUpAfterJacobian, SpanOutputs.FixesUpAfterPushforward, SpanOutputs.FixesUpAfterPullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == 0 ? (j == 0 ? p[1] : j == 1 ? p[0] : 0) : i == j ? 2 * p[i] : 0));
            t.Add($"FixesUpAfterHoisted[{k}]", Map(k, SpanOutputs.FixesUpAfterHoisted, SpanOutputs.FixesUpAfterHoistedJacobian, SpanOutputs.FixesUpAfterHoistedPushforward, SpanOutputs.FixesUpAfterHoistedPullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == 0 ? (j == 0 ? p[1] : j == 1 ? p[0] : 0) : i == j ? 2 * p[i] : 0));
        }

        // Outputs read before they are written: the Jacobian depends on what the caller passed
        // (Garbage), and every sweep must start from it.
        foreach (int k in new[] { 1, 3 })
        {
            t.Add($"ScaleInPlace[{k}]", Map(k, SpanOutputs.ScaleInPlace, SpanOutputs.ScaleInPlaceJacobian, SpanOutputs.ScaleInPlacePushforward, SpanOutputs.ScaleInPlacePullback),
                Cube(k, -3, 3), p => Matrix(k, k, (i, j) => i == j ? Garbage : 0));
            t.Add($"AffineInPlace[{k}]", new VectorFn(2 * k, k, false, Num,
                x => { var y = Fresh(k); SpanOutputs.AffineInPlace(x.AsSpan(0, k), x.AsSpan(k), y); return y; },
                (x, j) => { var y = Fresh(k); SpanOutputs.AffineInPlaceJacobian(x.AsSpan(0, k), x.AsSpan(k), y, j); return y; },
                (x, d, o) => { var y = Fresh(k); SpanOutputs.AffineInPlacePushforward(x.AsSpan(0, k), x.AsSpan(k), y, d.AsSpan(0, k), d.AsSpan(k), o); return y; },
                (x, s, a) => { var y = Fresh(k); SpanOutputs.AffineInPlacePullback(x.AsSpan(0, k), x.AsSpan(k), y, s, a.AsSpan(0, k), a.AsSpan(k)); return y; }),
                Cube(2 * k, -3, 3), p => Matrix(k, 2 * k, (i, j) => j == i ? 1 : j == k + i ? Garbage : 0));
        }

        // Rows: the result, y₀, y₁ (y₀' = G·a + b, y₁ = y₀'·b, result y₁ + y₀').
        t.Add("ScalarsInPlace", new VectorFn(2, 3, false, Num,
            x => { var y = Fresh(2); double r = SpanOutputs.ScalarsInPlace(x[0], x[1], y); return Cat(new[] { r }, y); },
            (x, j) => { var y = Fresh(2); double r = SpanOutputs.ScalarsInPlaceJacobian(x[0], x[1], y, j); return Cat(new[] { r }, y); },
            (x, d, o) => { var y = Fresh(2); double r = SpanOutputs.ScalarsInPlacePushforward(x[0], x[1], y, d[0], d[1], out o[0], o.AsSpan(1)); return Cat(new[] { r }, y); },
            (x, s, a) => { var y = Fresh(2); double r = SpanOutputs.ScalarsInPlacePullback(x[0], x[1], y, s[0], s.AsSpan(1), ref a[0], ref a[1]); return Cat(new[] { r }, y); }),
            Cube(2, -2, 2), p =>
            {
                double y0 = Garbage * p[0] + p[1];
                // ∂y₀/∂(a, b) = (G, 1); ∂y₁ = (G·b, y₀ + b); result = y₁ + y₀.
                return new[] { Garbage * p[1] + Garbage, y0 + p[1] + 1, Garbage, 1, Garbage * p[1], y0 + p[1] };
            });

        // A dense layer: W is 3×2, x has 2 elements, b 3: 11 inputs, 3 outputs (reverse mode).
        t.Add("Layer[3x2]", new VectorFn(11, 3, false, Num,
            x => { var y = Fresh(3); SpanOutputs.Layer(x.AsSpan(0, 6), x.AsSpan(6, 2), x.AsSpan(8), y); return y; },
            (x, j) => { var y = Fresh(3); SpanOutputs.LayerJacobian(x.AsSpan(0, 6), x.AsSpan(6, 2), x.AsSpan(8), y, j); return y; },
            (x, d, o) => { var y = Fresh(3); SpanOutputs.LayerPushforward(x.AsSpan(0, 6), x.AsSpan(6, 2), x.AsSpan(8), y, d.AsSpan(0, 6), d.AsSpan(6, 2), d.AsSpan(8), o); return y; },
            (x, s, a) => { var y = Fresh(3); SpanOutputs.LayerPullback(x.AsSpan(0, 6), x.AsSpan(6, 2), x.AsSpan(8), y, s, a.AsSpan(0, 6), a.AsSpan(6, 2), a.AsSpan(8)); return y; }),
            Cube(11, -1, 1), p => Matrix(3, 11, (i, j) =>
            {
                double s = p[8 + i] + p[i * 2] * p[6] + p[i * 2 + 1] * p[7];
                double d = 1 - Math.Tanh(s) * Math.Tanh(s);
                return j < 6 ? (j / 2 == i ? d * p[6 + j % 2] : 0) : j < 8 ? d * p[i * 2 + j - 6] : (j - 8 == i ? d : 0);
            }));

        t.Add("Overwrite", new VectorFn(2, 2, false, Num,
            x => { var y = Fresh(2); SpanOutputs.Overwrite(x[0], x[1], y); return y; },
            (x, j) => { var y = Fresh(2); SpanOutputs.OverwriteJacobian(x[0], x[1], y, j); return y; },
            (x, d, o) => { var y = Fresh(2); SpanOutputs.OverwritePushforward(x[0], x[1], y, d[0], d[1], o); return y; },
            (x, s, a) => { var y = Fresh(2); SpanOutputs.OverwritePullback(x[0], x[1], y, s, ref a[0], ref a[1]); return y; }),
            Cube(2, -2, 2), p =>
            {
                double u = p[0] * p[0] + p[1];
                return new[] { 2 * p[0], 1, Math.Cos(u) * 2 * p[0] * p[0] + Math.Sin(u), Math.Cos(u) * p[0] };
            });

        // The vector chain rule [ln x², sin 3x]' = [2/x, 3 cos 3x].
        t.Add("Chain", new VectorFn(1, 2, false, Num,
            x => { var y = Fresh(2); SpanOutputs.Chain(x[0], y); return y; },
            (x, j) => { var y = Fresh(2); SpanOutputs.ChainJacobian(x[0], y, j); return y; },
            (x, d, o) => { var y = Fresh(2); SpanOutputs.ChainPushforward(x[0], y, d[0], o); return y; },
            (x, s, a) => { var y = Fresh(2); SpanOutputs.ChainPullback(x[0], y, s, ref a[0]); return y; }),
            Gen.Double[0.5, 4].Array[1], p => new[] { 2 / p[0], 3 * Math.Cos(3 * p[0]) });

        t.Add("WritesOnlyTheFirst", new VectorFn(1, 3, false, Num,
            x => { var y = Fresh(3); SpanOutputs.WritesOnlyTheFirst(x[0], y); return y; },
            (x, j) => { var y = Fresh(3); SpanOutputs.WritesOnlyTheFirstJacobian(x[0], y, j); return y; },
            (x, d, o) => { var y = Fresh(3); SpanOutputs.WritesOnlyTheFirstPushforward(x[0], y, d[0], o); return y; },
            (x, s, a) => { var y = Fresh(3); SpanOutputs.WritesOnlyTheFirstPullback(x[0], y, s, ref a[0]); return y; }),
            Cube(1, -5, 5), p => new[] { 2 * p[0], 0, 0 });

        t.Add("Branchy", new VectorFn(2, 2, false, Num,
            x => { var y = Fresh(2); SpanOutputs.Branchy(x[0], x[1], y); return y; },
            (x, j) => { var y = Fresh(2); SpanOutputs.BranchyJacobian(x[0], x[1], y, j); return y; },
            (x, d, o) => { var y = Fresh(2); SpanOutputs.BranchyPushforward(x[0], x[1], y, d[0], d[1], o); return y; },
            (x, s, a) => { var y = Fresh(2); SpanOutputs.BranchyPullback(x[0], x[1], y, s, ref a[0], ref a[1]); return y; }),
            Cube(2, -3, 3).Select(p => new[] { AwayFromKink(p)[0], p[1] }), p => p[0] < 0 ? new[] { -1.0, 0, 0, 0 } : new[] { 2 * p[0], 0, p[1], p[0] });

        // A callee that writes its output whole, into this method's own output (which holds the
        // caller's values first): a layer stack, and an output read before it is overwritten.
        t.Add("TwoLayers", new VectorFn(8, 2, false, Num,
            x => { var y = Fresh(2); SpanOutputs.TwoLayers(x, y); return y; },
            (x, j) => { var y = Fresh(2); SpanOutputs.TwoLayersJacobian(x, y, j); return y; },
            (x, d, o) => { var y = Fresh(2); SpanOutputs.TwoLayersPushforward(x, y, d, o); return y; },
            (x, s, a) => { var y = Fresh(2); SpanOutputs.TwoLayersPullback(x, y, s, a); return y; }),
            Cube(8, -1, 1), null);

        t.Add("OutputReadThenOverwritten", new VectorFn(8, 2, false, Num,
            x => { var y = Fresh(2); SpanOutputs.OutputReadThenOverwritten(x, y); return y; },
            (x, j) => { var y = Fresh(2); SpanOutputs.OutputReadThenOverwrittenJacobian(x, y, j); return y; },
            (x, d, o) => { var y = Fresh(2); SpanOutputs.OutputReadThenOverwrittenPushforward(x, y, d, o); return y; },
            (x, s, a) => { var y = Fresh(2); SpanOutputs.OutputReadThenOverwrittenPullback(x, y, s, a); return y; }),
            Cube(8, -1, 1), null);

        return t;
    }

    private delegate void SpanMap(ReadOnlySpan<double> x, Span<double> y);

    private delegate void SpanMapJacobian(ReadOnlySpan<double> x, Span<double> y, Span<double> jacobian);

    private delegate void SpanMapPushforward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> xTangent, Span<double> yTangent);

    private delegate void SpanMapPullback(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> yAdjoint, Span<double> xAdjoint);

    /// <summary>A map of one span into another of the same length k, numerator layout.</summary>
    private static VectorFn Map(int k, SpanMap f, SpanMapJacobian jacobian, SpanMapPushforward pushforward, SpanMapPullback pullback)
        => new(k, k, false, JacobianLayout.Numerator,
            x => { var y = Fresh(k); f(x, y); return y; },
            (x, j) => { var y = Fresh(k); jacobian(x, y, j); return y; },
            (x, d, o) => { var y = Fresh(k); pushforward(x, y, d, o); return y; },
            (x, s, a) => { var y = Fresh(k); pullback(x, y, s, a); return y; });

    private static double[] Data(int k) => Enumerable.Range(0, k).Select(i => 0.5 + i).ToArray();

    private static float[] F(double[] x) => x.Select(v => (float)v).ToArray();

    private static double[] D(float[] x) => x.Select(v => (double)v).ToArray();
}
