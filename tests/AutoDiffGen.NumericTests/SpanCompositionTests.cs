using System;
using System.Linq;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Calls to [Differentiable] methods with array and span parameters compose (Functions/SpanComposition.cs):
/// the gradient against central finite differences (the flattened inputs, step 1e-6·max(1, |xᵢ|),
/// tolerance 1e-6 relative to max(1, |∂|): the functions are smooth with second derivatives of
/// order 10 on these points, so the O(h²) truncation and O(ε/h) rounding errors are far below it),
/// Pushforward(v) = ∇·v and Pullback(s) adding s·∇.
/// </summary>
public sealed class SpanCompositionTests
{
    private static readonly double[] W = { 0.5, -1.25, 2.0, 0.75 }, V = { 1.5, 0.25, -0.5 }, U = { 0.3, -0.7 };

    private static double[] Numeric(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            var up = (double[])x.Clone();
            var down = (double[])x.Clone();
            up[i] += h;
            down[i] -= h;
            g[i] = (f(up) - f(down)) / (2 * h);
        }

        return g;
    }

    private static void Close(double expected, double actual, string what)
        => Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    private static void CloseAll(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], $"{what}[{i}]");
        }
    }

    // Flattened inputs of Caller: x, w (4), v (3), u (2).
    private static double Caller(double[] p) => SpanComposition.Caller(p[0], p.AsSpan(1, 4), p.AsSpan(5, 3), p[8..]);

    private static double[] CallerPoint() => new[] { 1.1 }.Concat(W).Concat(V).Concat(U).ToArray();

    [Fact]
    public void SlicesAndWholeArraysComposeInAllModes()
    {
        var p = CallerPoint();
        var expected = Numeric(Caller, p);
        double x = p[0];
        double[] dw = new double[4], dv = new double[3], du = new double[2];
        double value = SpanComposition.CallerGradient(x, W, V, U, out double dx, dw, dv, du);
        Assert.Equal(SpanComposition.Caller(x, W, V, U), value);
        CloseAll(expected, new[] { dx }.Concat(dw).Concat(dv).Concat(du).ToArray(), "gradient");

        // Pushforward along a direction is ∇·d; Pullback adds s·∇ into non-zero adjoints.
        var d = JacobianAssert.DirectionFor(p.Length);
        double tangentValue = SpanComposition.CallerPushforward(x, W, V, U, d[0], d.AsSpan(1, 4), d.AsSpan(5, 3), d[8..], out double tangent);
        Assert.Equal(value, tangentValue);
        Close(expected.Zip(d, (a, b) => a * b).Sum(), tangent, "pushforward");

        var a0 = JacobianAssert.InitialAdjointsFor(p.Length);
        var a = (double[])a0.Clone();
        double ax = a[0];
        SpanComposition.CallerPullback(x, W, V, U, 2.5, ref ax, a.AsSpan(1, 4), a.AsSpan(5, 3), a.AsSpan(8));
        a[0] = ax;
        CloseAll(a0.Zip(expected, (b, g) => b + 2.5 * g).ToArray(), a, "pullback");
    }

    [Fact]
    public void CallsInALoopThroughASliceMadeBeforeIt()
    {
        var p = new[] { 0.8 }.Concat(W).Concat(V).ToArray();
        double F(double[] q) => SpanComposition.InLoop(q[0], q.AsSpan(1, 4), q.AsSpan(5, 3));
        var expected = Numeric(F, p);
        double[] dw = new double[4], dv = new double[3];
        SpanComposition.InLoopGradient(p[0], W, V, out double dx, dw, dv);
        CloseAll(expected, new[] { dx }.Concat(dw).Concat(dv).ToArray(), "gradient");
    }

    [Fact]
    public void ATupleReturningCalleeWithASpanParameter()
    {
        var expected = Numeric(q => SpanComposition.Normalized(q), W);
        var dw = new double[4];
        SpanComposition.NormalizedGradient(W, dw);
        CloseAll(expected, dw, "gradient");
    }

    [Fact]
    public void AVectorMethodComposingSpanCallees()
    {
        // Rows: dot, scaled; columns: x, w (4), v (3), u (2).
        var p = CallerPoint();
        int n = p.Length;
        var j = new double[2 * n];
        var (dot, scaled) = SpanComposition.PairJacobian(p[0], W, V, U, j);
        Assert.Equal(SpanComposition.Pair(p[0], W, V, U), (dot, scaled));
        CloseAll(Numeric(q => SpanComposition.Pair(q[0], q.AsSpan(1, 4), q.AsSpan(5, 3), q[8..]).dot, p), j[..n], "row dot");
        CloseAll(Numeric(q => SpanComposition.Pair(q[0], q.AsSpan(1, 4), q.AsSpan(5, 3), q[8..]).scaled, p), j[n..], "row scaled");
    }

    [Fact]
    public void ASliceHeldAheadOfALaterArgument()
    {
        var p = new[] { 0.7 }.Concat(W).ToArray();
        double F(double[] q) => SpanComposition.HeldSlice(q.AsSpan(1), 2, q[0]);
        var expected = Numeric(F, p);
        var dw = new double[4];
        SpanComposition.HeldSliceGradient(W, 2, p[0], dw, out double dx);
        CloseAll(expected, new[] { dx }.Concat(dw).ToArray(), "gradient");
    }

    [Fact]
    public void CalleesWithSpanOutputsIntoLocalBuffers()
    {
        double[] x3 = { 0.5, -1.25, 2.0 };
        var p = new[] { 0.7 }.Concat(x3).ToArray();

        double Stack(double[] q) => SpanComposition.IntoStack(q[0], q.AsSpan(1));
        var dx = new double[3];
        double value = SpanComposition.IntoStackGradient(p[0], x3, out double da, dx);
        Assert.Equal(SpanComposition.IntoStack(p[0], x3), value);
        CloseAll(Numeric(Stack, p), new[] { da }.Concat(dx).ToArray(), "IntoStack gradient");
        var d = JacobianAssert.DirectionFor(4);
        SpanComposition.IntoStackPushforward(p[0], x3, d[0], d.AsSpan(1), out double tangent);
        Close(Numeric(Stack, p).Zip(d, (g, v) => g * v).Sum(), tangent, "IntoStack pushforward");

        double Array(double[] q) => SpanComposition.IntoArray(q[0], q[1..]);
        SpanComposition.IntoArrayGradient(p[0], x3, out da, dx);
        CloseAll(Numeric(Array, p), new[] { da }.Concat(dx).ToArray(), "IntoArray gradient");

        double Partly(double[] q) => SpanComposition.PartlyWrittenThenOverwritten(q[0], q.AsSpan(1));
        SpanComposition.PartlyWrittenThenOverwrittenGradient(p[0], x3, out da, dx);
        CloseAll(Numeric(Partly, p), new[] { da }.Concat(dx).ToArray(), "PartlyWrittenThenOverwritten gradient");

        // A vector method composing two span-output callees: its Jacobian (rows y, columns x…, a).
        var j = new double[3 * 4];
        var y = new double[3];
        SpanComposition.TwoStagesJacobian(x3, 0.7, y, j);
        var expectedY = new double[3];
        SpanComposition.TwoStages(x3, 0.7, expectedY);
        Assert.Equal(expectedY, y);
        var q0 = x3.Append(0.7).ToArray();
        for (int row = 0; row < 3; row++)
        {
            int r = row;
            double Row(double[] q)
            {
                var o = new double[3];
                SpanComposition.TwoStages(q.AsSpan(0, 3), q[3], o);
                return o[r];
            }

            CloseAll(Numeric(Row, q0), j[(row * 4)..(row * 4 + 4)], $"TwoStages row {row}");
        }
    }

    /// <summary>A span-output callee that reads its output before writing it, into a fresh buffer: every member against differences and the closed form.</summary>
    [Fact]
    public void ACalleeReadingItsOutputBeforeWritingIt()
    {
        double[] g = { -0.4717, 1.25, 0.5 };
        var p = new[] { 0.8293 }.Concat(g).ToArray();

        double Norm(double[] q) => SpanComposition.MomentumNorm(q[0], q.AsSpan(1));
        var expected = Numeric(Norm, p);
        // Closed form: Σ((1 − β)gᵢ)², so ∂/∂β = −2(1 − β)Σgᵢ².
        Close(-2 * (1 - p[0]) * g.Sum(v => v * v), expected[0], "closed form against differences");
        var dg = new double[3];
        Assert.Equal(SpanComposition.MomentumNorm(p[0], g), SpanComposition.MomentumNormGradient(p[0], g, out double dbeta, dg));
        CloseAll(expected, new[] { dbeta }.Concat(dg).ToArray(), "MomentumNorm gradient");
        var d = JacobianAssert.DirectionFor(4);
        SpanComposition.MomentumNormPushforward(p[0], g, d[0], d.AsSpan(1), out double tangent);
        Close(expected.Zip(d, (e, v) => e * v).Sum(), tangent, "MomentumNorm pushforward");

        // The vector method: its pullback with seeds (1, 1) against both rows' differences.
        double Pair(double[] q) { var (n, s) = SpanComposition.MomentumPair(q[0], q[1..]); return n + s; }
        var pairExpected = Numeric(Pair, p);
        double adjoint = 0;
        var gAdjoint = new double[3];
        SpanComposition.MomentumPairPullback(p[0], g, 1.0, 1.0, ref adjoint, gAdjoint);
        CloseAll(pairExpected, new[] { adjoint }.Concat(gAdjoint).ToArray(), "MomentumPair pullback");
    }

    // ------------------------------------------------------------ local buffers as array arguments

    /// <summary>
    /// One method of the flattened point <paramref name="p"/> in all modes: each member returns the
    /// method's value exactly, the gradient is the finite-difference one, the pushforward along a
    /// direction is ∇·d, and the pullback with seed 2.5 adds 2.5·∇ into adjoints that start non-zero.
    /// </summary>
    private static void AllModes(double[] p, Func<double[], double> f, Func<double[], double[], double> gradient, Func<double[], double[], (double Value, double Tangent)> pushforward, Func<double[], double, double[], double> pullback)
    {
        var expected = Numeric(f, p);
        double value = f(p);
        var g = new double[p.Length];
        Assert.Equal(value, gradient(p, g));
        CloseAll(expected, g, "gradient");

        var d = JacobianAssert.DirectionFor(p.Length);
        var (tangentValue, tangent) = pushforward(p, d);
        Assert.Equal(value, tangentValue);
        Close(expected.Zip(d, (a, b) => a * b).Sum(), tangent, "pushforward");

        var a0 = JacobianAssert.InitialAdjointsFor(p.Length);
        var adjoints = (double[])a0.Clone();
        Assert.Equal(value, pullback(p, 2.5, adjoints));
        CloseAll(a0.Zip(expected, (b, e) => b + 2.5 * e).ToArray(), adjoints, "pullback");
    }

    private static readonly double[] X6 = { 0.4, -0.9, 1.3, 0.2, -0.6, 0.8 };

    [Fact]
    public void HiddenLayerInALocalBufferComposes()
    {
        // w1: 2×3 (6), w2: 2, x: 3.
        double[] x = { 0.7, -0.4, 1.2 };
        var p = new[] { 0.3, -0.8, 0.5, 0.1, 0.9, -0.2, 0.6, -1.1 };
        AllModes(p,
            q => SpanComposition.HiddenLayer(q.AsSpan(0, 6), q.AsSpan(6), x),
            (q, g) => SpanComposition.HiddenLayerGradient(q.AsSpan(0, 6), q.AsSpan(6), x, g.AsSpan(0, 6), g.AsSpan(6)),
            (q, d) => (SpanComposition.HiddenLayerPushforward(q.AsSpan(0, 6), q.AsSpan(6), x, d.AsSpan(0, 6), d.AsSpan(6), out double t), t),
            (q, s, a) => SpanComposition.HiddenLayerPullback(q.AsSpan(0, 6), q.AsSpan(6), x, s, a.AsSpan(0, 6), a.AsSpan(6)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void CrossEntropyOfLogitsWrittenByTheLastLoopComposes(int label)
    {
        double[] x = { 0.7, -0.4 };
        var w = new[] { 0.3, -0.8, 0.5, 0.1, 0.9, -0.2 };
        AllModes(w,
            q => SpanComposition.CrossEntropy(q, x, label),
            (q, g) => SpanComposition.CrossEntropyGradient(q, x, label, g),
            (q, d) => (SpanComposition.CrossEntropyPushforward(q, x, label, d, out double t), t),
            (q, s, a) => SpanComposition.CrossEntropyPullback(q, x, label, s, a));
    }

    [Fact]
    public void SlicesOfALocalBufferCompose()
        => AllModes((double[])X6.Clone(),
            q => SpanComposition.SlicesOfALocal(q),
            (q, g) => SpanComposition.SlicesOfALocalGradient(q, g),
            (q, d) => (SpanComposition.SlicesOfALocalPushforward(q, d, out double t), t),
            (q, s, a) => SpanComposition.SlicesOfALocalPullback(q, s, a));

    [Fact]
    public void AScratchBufferReadWholeAfterItsLoopComposes()
    {
        double[] x = { 0.7, -0.4, 1.2, 0.3, -1.5, 0.25, 0.9, 0.1, -0.3 };
        AllModes(new[] { 0.6, -0.7, 1.1 },
            q => SpanComposition.ScratchThenCall(q, x),
            (q, g) => SpanComposition.ScratchThenCallGradient(q, x, g),
            (q, d) => (SpanComposition.ScratchThenCallPushforward(q, x, d, out double t), t),
            (q, s, a) => SpanComposition.ScratchThenCallPullback(q, x, s, a));
    }

    [Fact]
    public void ACalleesSpanOutputReadByTwoCalleesComposes()
        => AllModes(new[] { 0.4, -0.9, 1.3, 1.7 },
            q => SpanComposition.OutputThenInputs(q.AsSpan(0, 3), q[3]),
            (q, g) => SpanComposition.OutputThenInputsGradient(q.AsSpan(0, 3), q[3], g.AsSpan(0, 3), out g[3]),
            (q, d) => (SpanComposition.OutputThenInputsPushforward(q.AsSpan(0, 3), q[3], d.AsSpan(0, 3), d[3], out double t), t),
            (q, s, a) => SpanComposition.OutputThenInputsPullback(q.AsSpan(0, 3), q[3], s, a.AsSpan(0, 3), ref a[3]));

    [Fact]
    public void ACallBeforeTheLastLoopComposes()
    {
        double[] x = { 0.7, -0.4, 1.2 };
        AllModes(new[] { 0.4, -0.9, 1.3, 0.2, -0.6, 0.8, 1.9 },
            q => SpanComposition.CallBeforeAReduction(q, x),
            (q, g) => SpanComposition.CallBeforeAReductionGradient(q, x, g),
            (q, d) => (SpanComposition.CallBeforeAReductionPushforward(q, x, d, out double t), t),
            (q, s, a) => SpanComposition.CallBeforeAReductionPullback(q, x, s, a));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    public void ACallOnOnePathAndAWriteOnTheOtherCompose(double t)
        => AllModes(new[] { 0.4, -0.9, 1.3 },
            q => SpanComposition.CallOnOnePath(q, t),
            (q, g) => SpanComposition.CallOnOnePathGradient(q, t, g),
            (q, d) => (SpanComposition.CallOnOnePathPushforward(q, t, d, out double r), r),
            (q, s, a) => SpanComposition.CallOnOnePathPullback(q, t, s, a));

    [Fact]
    public void AVectorMethodCallingThroughALocalBufferHasTheFiniteDifferenceJacobian()
    {
        var w = new[] { 0.4, -0.9, 1.3 };
        var jacobian = new double[6];
        var value = SpanComposition.LocalPairJacobian(w, jacobian);
        Assert.Equal(SpanComposition.LocalPair(w), value);
        CloseAll(Numeric(q => SpanComposition.LocalPair(q).Lse, w), jacobian[..3], "row 0");
        CloseAll(Numeric(q => SpanComposition.LocalPair(q).Weighted, w), jacobian[3..], "row 1");
    }

    [Fact]
    public void AFloatLocalBufferComposes()
    {
        // Against the closed form ∂/∂wⱼ (Σ e^wᵢ·wᵢ)/n = e^wⱼ(1 + wⱼ)/n, at float precision (relative 1e-5).
        var w = new[] { 0.3f, -0.2f, 0.7f };
        var g = new float[3];
        Assert.Equal(SpanComposition.LocalF(w), SpanComposition.LocalFGradient(w, g));
        for (int j = 0; j < 3; j++)
        {
            double expected = Math.Exp(w[j]) * (1 + w[j]) / 3;
            Assert.True(Math.Abs(expected - g[j]) <= 1e-5 * Math.Abs(expected), $"[{j}]: expected {expected}, got {g[j]}");
        }
    }

    [Fact]
    public void ALocalBufferOfDataOnlyComposes()
    {
        double[] data = { 1.0, -2.0, 0.5 };
        AllModes(new[] { 0.4, -0.9, 1.3, 0.7 },
            q => SpanComposition.DataFeatures(q, data),
            (q, g) => SpanComposition.DataFeaturesGradient(q, data, g),
            (q, d) => (SpanComposition.DataFeaturesPushforward(q, data, d, out double t), t),
            (q, s, a) => SpanComposition.DataFeaturesPullback(q, data, s, a));
    }

    [Fact]
    public void AConstantTableAndAnUnwrittenBufferCompose()
        => AllModes(new[] { 0.4, -0.9, 1.3, 0.7 },
            q => SpanComposition.ConstantBuffers(q),
            (q, g) => SpanComposition.ConstantBuffersGradient(q, g),
            (q, d) => (SpanComposition.ConstantBuffersPushforward(q, d, out double t), t),
            (q, s, a) => SpanComposition.ConstantBuffersPullback(q, s, a));

    [Fact]
    public void AVectorMethodWithAConstantBufferHasTheFiniteDifferenceJacobian()
    {
        var w = new[] { 0.4, -0.9, 1.3 };
        var jacobian = new double[6];
        Assert.Equal(SpanComposition.ConstantBufferPair(w), SpanComposition.ConstantBufferPairJacobian(w, jacobian));
        CloseAll(Numeric(q => SpanComposition.ConstantBufferPair(q).A, w), jacobian[..3], "row 0");
        CloseAll(Numeric(q => SpanComposition.ConstantBufferPair(q).B, w), jacobian[3..], "row 1");
    }

    [Fact]
    public void ALocalBufferFilledBeforeALoopComposesInIt()
    {
        double[] x = { 0.5, -1.5, 2.0 };
        AllModes(new[] { 0.3, -0.7, 1.1, 0.4 },
            q => SpanComposition.BufferCalledInALoop(q, x),
            (q, g) => SpanComposition.BufferCalledInALoopGradient(q, x, g),
            (q, d) => (SpanComposition.BufferCalledInALoopPushforward(q, x, d, out double t), t),
            (q, s, a) => SpanComposition.BufferCalledInALoopPullback(q, x, s, a));
        AllModes(new[] { 0.3, -0.7, 1.1 },
            q => SpanComposition.BufferCalledInNestedLoops(q, x),
            (q, g) => SpanComposition.BufferCalledInNestedLoopsGradient(q, x, g),
            (q, d) => (SpanComposition.BufferCalledInNestedLoopsPushforward(q, x, d, out double t), t),
            (q, s, a) => SpanComposition.BufferCalledInNestedLoopsPullback(q, x, s, a));
    }

    /// <summary>
    /// A local buffer written in the loop around a call that reads it (on either side of the call,
    /// per iteration): reverse mode saves it at the call, so each iteration's pullback reads what
    /// that call read, or, where each iteration writes it whole before the call and not after it
    /// (scratch of a sum), runs the iteration again before its reverse (Functions/SpanCompositionInLoops.cs).
    /// </summary>
    [Theory]
    [InlineData("BatchHidden")]
    [InlineData("RecurrenceOverABuffer")]
    [InlineData("WrittenAfterTheCall")]
    [InlineData("WriteBetweenTwoCalls")]
    [InlineData("AllocatedInTheLoop")]
    [InlineData("CallInAnInnerLoop")]
    [InlineData("ViewsOfAWrittenBuffer")]
    [InlineData("VectorCalleeInTheLoop")]
    [InlineData("BranchAndBreak")]
    [InlineData("WrittenAfterTheCallInASum")]
    [InlineData("FilledAlongTheSum")]
    [InlineData("ScratchReadByTwoCallees")]
    [InlineData("ScratchCalledInAnInnerLoop")]
    [InlineData("RewrittenAroundTheCallInAnInnerLoop")]
    [InlineData("StoredAfterTheCallInASum")]
    public void LocalBuffersWrittenInTheLoopAroundTheCallCompose(string name)
    {
        double[] x = { 0.5, -1.5, 2.0, 0.75 };
        var p = new[] { 0.3, -0.7, 1.1, 0.4, -0.2, 0.9, 0.6, -0.5 };
        var value = Member<WithData>(name);
        var gradient = Member<WithDataGradient>(name + "Gradient");
        var pushforward = Member<WithDataPushforward>(name + "Pushforward");
        var pullback = Member<WithDataPullback>(name + "Pullback");
        AllModes(p, q => value(q, x), (q, g) => gradient(q, x, g),
            (q, d) => (pushforward(q, x, d, out double t), t), (q, s, a) => pullback(q, x, s, a));
    }

    /// <summary>
    /// A void callee with span outputs called in a loop into buffers allocated in the same
    /// iteration (fresh zeros at every call, as outside loops): all modes against central finite
    /// differences (AllModes: step 1e-6, tolerance 1e-6 relative), each member's value exactly F's.
    /// </summary>
    [Theory]
    [InlineData("SoftmaxPerSample")]
    [InlineData("PartialOutputPerSample")]
    [InlineData("RecurrenceThroughAnOutput")]
    [InlineData("OutputWrittenAfterTheCall")]
    [InlineData("OutputInAnInnerLoop")]
    [InlineData("OutputReadByTheCalleeFirst")]
    [InlineData("ChainOfOutputs")]
    [InlineData("TwoOutputsPerSample")]
    [InlineData("OutputInABranchWithJumps")]
    [InlineData("OutputInWhileAndDoLoops")]
    [InlineData("OneOutputWrittenByEitherBranch")]
    [InlineData("OutputSizedByAFreshBuffer")]
    public void SpanOutputCallsInLoopsCompose(string name) => LocalBuffersWrittenInTheLoopAroundTheCallCompose(name);

    /// <summary>
    /// A void callee that writes its span output whole before reading it, called into a buffer that
    /// already holds values (allocated before the loop around the call, or written before it), also
    /// by a call with no active argument: all modes against central finite differences, as above
    /// (Functions/OverwrittenOutputs.cs).
    /// </summary>
    [Theory]
    [InlineData("ReusedLayerPerSample")]
    [InlineData("ReusedSoftmaxPerSample")]
    [InlineData("RecurrenceThroughAReusedOutput")]
    [InlineData("ReusedOutputReadAfterTheLoop")]
    [InlineData("ReusedOutputOfAnInactiveCall")]
    [InlineData("OverwrittenTwiceOutsideLoops")]
    [InlineData("TwoReusedOutputs")]
    [InlineData("ReusedInAnInnerLoop")]
    [InlineData("SoftmaxOfThePreviousStep")]
    [InlineData("TwoLoopsShareAScratchBuffer")]
    [InlineData("ARecurrenceThenAnotherLoopOverItsBuffer")]
    [InlineData("ReusedThroughAStack")]
    public void OutputsOverwrittenWholeCompose(string name) => LocalBuffersWrittenInTheLoopAroundTheCallCompose(name);

    /// <summary>
    /// Clear, Fill, CopyTo and Array.Copy into local buffers, and helpers whose output a Clear or Fill writes
    /// whole (so one buffer is reused per sample) or a copy writes in part: all modes against central
    /// finite differences, as above (Functions/WholeBufferCalls.cs).
    /// </summary>
    [Theory]
    [InlineData("ClearedScratchPerSample")]
    [InlineData("FilledWithAnActiveValue")]
    [InlineData("CopiedThenRewrittenInPlace")]
    [InlineData("CopiedIntoAView")]
    [InlineData("CopiedBetweenLocalBuffers")]
    [InlineData("ReusedClearedLayer")]
    [InlineData("ReusedFilledBias")]
    [InlineData("PartlyCopiedPerSample")]
    [InlineData("DataRowsCopiedPerSample")]
    [InlineData("StateCopiedThenIntegrated")]
    [InlineData("WidenedDataCopied")]
    [InlineData("WholeArraysAsSpansInALoop")]
    [InlineData("GuardedMapReused")]
    public void WholeBufferCallsCompose(string name) => LocalBuffersWrittenInTheLoopAroundTheCallCompose(name);

    /// <summary>A CopyTo into a shorter buffer throws ArgumentException, as CopyTo does, from every member, which write nothing then.</summary>
    [Fact]
    public void ACopyIntoAShorterBufferThrowsInEveryMember()
    {
        var v = new[] { 1.0, 2, 3 };
        var y = new[] { 7.0, 7 };
        Assert.Throws<ArgumentException>(() => SpanComposition.SquaredCopy(v, y));
        Assert.Throws<ArgumentException>(() => SpanComposition.SquaredCopyPushforward(v, y, new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => SpanComposition.SquaredCopyPullback(v, y, new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => SpanComposition.SquaredCopyJacobian(v, y, new double[6]));
        Assert.Equal(new[] { 7.0, 7 }, y);
    }

    /// <summary>
    /// Array.Copy's checks in every member, with its exceptions: a negative length or index throws
    /// ArgumentOutOfRangeException, a source or destination too short ArgumentException, each naming
    /// Array.Copy's parameter; nothing is written then.
    /// </summary>
    [Fact]
    public void ArrayCopyThrowsAsArrayCopyDoesInEveryMember()
    {
        foreach (var (w, expected, parameter) in new (double[] W, Type Expected, string Parameter)[]
        {
            (new double[0], typeof(ArgumentOutOfRangeException), "length"),
            (new double[] { 1 }, typeof(ArgumentOutOfRangeException), "length"),
        })
        {
            AssertThrowsInEveryMember(expected, parameter, w, SpanComposition.CopiedWithAnOffset, SpanComposition.CopiedWithAnOffsetGradient,
                (q, g) => SpanComposition.CopiedWithAnOffsetPushforward(q, g, out _), (q, g) => SpanComposition.CopiedWithAnOffsetPullback(q, 1.0, g));
        }

        foreach (var (w, expected, parameter) in new (double[] W, Type Expected, string Parameter)[]
        {
            (new double[] { 1, 2 }, typeof(ArgumentException), "sourceArray"),
            (new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, typeof(ArgumentException), "destinationArray"),
        })
        {
            AssertThrowsInEveryMember(expected, parameter, w, SpanComposition.CopiedWithLengthOf, SpanComposition.CopiedWithLengthOfGradient,
                (q, g) => SpanComposition.CopiedWithLengthOfPushforward(q, g, out _), (q, g) => SpanComposition.CopiedWithLengthOfPullback(q, 1.0, g));
        }

        // An array's CopyTo(h, 0) into a shorter buffer: Array.Copy's exception (trial 43: the span's).
        AssertThrowsInEveryMember(typeof(ArgumentException), "destinationArray", new double[] { 1, 2, 3 }, SpanComposition.CopiedIntoAShorterArray, SpanComposition.CopiedIntoAShorterArrayGradient,
            (q, g) => SpanComposition.CopiedIntoAShorterArrayPushforward(q, g, out _), (q, g) => SpanComposition.CopiedIntoAShorterArrayPullback(q, 1.0, g));

        var ok = new[] { 0.5, -1.5, 2.0, 0.25 };
        var gradient = new double[4];
        Assert.Equal(SpanComposition.CopiedWithAnOffset(ok), SpanComposition.CopiedWithAnOffsetGradient(ok, gradient));
        Assert.Equal(SpanComposition.CopiedWithLengthOf(ok), SpanComposition.CopiedWithLengthOfGradient(ok, gradient));
    }

    private delegate double OneSpan(double[] w);

    private delegate double OneSpanGradient(double[] w, Span<double> g);

    private static void AssertThrowsInEveryMember(Type expected, string parameter, double[] w, OneSpan f, OneSpanGradient gradient, OneSpanGradient pushforward, OneSpanGradient pullback)
    {
        foreach (var call in new Action[] { () => f(w), () => gradient(w, new double[w.Length]), () => pushforward(w, new double[w.Length]), () => pullback(w, new double[w.Length]) })
        {
            var e = Assert.Throws(expected, call);
            Assert.Equal(parameter, ((ArgumentException)e).ParamName);
        }
    }

    /// <summary>
    /// Data for a parameter the callee differentiates (its tangent zeros, its adjoint dropped): all
    /// modes against central finite differences, as above.
    /// </summary>
    [Theory]
    [InlineData("DataSlicePerSample")]
    [InlineData("DataAndATableDotted")]
    [InlineData("DataIntoALayer")]
    [InlineData("DataSliceInARecurrence")]
    [InlineData("TwoDataSlicesPerStep")]
    [InlineData("DataSubSliceInARecurrence")]
    public void DataForADifferentiatedParameterComposes(string name) => LocalBuffersWrittenInTheLoopAroundTheCallCompose(name);

    private delegate double WithData(ReadOnlySpan<double> w, ReadOnlySpan<double> x);

    private delegate double WithDataGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> dw);

    private delegate double WithDataPushforward(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> wTangent, out double resultTangent);

    private delegate double WithDataPullback(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double resultAdjoint, Span<double> wAdjoint);

    /// <summary>The public static member of <see cref="SpanComposition"/> of that name, as a delegate of its signature.</summary>
    private static T Member<T>(string name) where T : Delegate
        => (T)Delegate.CreateDelegate(typeof(T), typeof(SpanComposition).GetMethod(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            ?? throw new ArgumentException($"no member {name}", nameof(name)));

    /// <summary>
    /// The float batch hidden layer against finite differences in double of the same float code:
    /// step 1e-2 (float's rounding, 6e-8 relative on values of order 1, then makes an error of about
    /// 1e-5 in the quotient), tolerance 2e-3 relative to max(1, |∂|), which also covers the O(h²)
    /// truncation for second derivatives of order 10.
    /// </summary>
    [Fact]
    public void AFloatBufferWrittenInTheLoopAroundTheCall()
    {
        float[] x = { 0.5f, -1.5f, 2.0f };
        float[] w = { 0.3f, -0.7f, 1.1f, 0.4f, -0.2f };
        var g = new float[5];
        float value = SpanComposition.BatchHiddenFGradient(w, x, g);
        Assert.Equal(SpanComposition.BatchHiddenF(w, x), value);
        for (int i = 0; i < w.Length; i++)
        {
            var up = (float[])w.Clone();
            var down = (float[])w.Clone();
            up[i] += 1e-2f;
            down[i] -= 1e-2f;
            double numeric = ((double)SpanComposition.BatchHiddenF(up, x) - SpanComposition.BatchHiddenF(down, x)) / 2e-2;
            Assert.True(Math.Abs(numeric - g[i]) <= 2e-3 * Math.Max(1, Math.Abs(numeric)), $"[{i}]: expected {numeric}, got {g[i]}");
        }
    }
}
