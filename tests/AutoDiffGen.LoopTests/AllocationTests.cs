using System;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// Deterministic allocation checks (no timing): after 10 warm-up calls, 1000 calls of a generated
/// method allocate 0 bytes on the calling thread. Reduction loops need no tape; loop-carried
/// recurrences use AutoDiffGen.Tape, whose storage is pooled per thread; stackalloc buffers and
/// their adjoints live on the stack. Every argument is preallocated and the measured loops call
/// the generated methods directly (no delegates, closures or boxing).
/// </summary>
public sealed class AllocationTests
{
    private const int WarmUp = 10;
    private const int Calls = 1000;

    private static void AssertNoAllocation(long before, long after, string what)
        => Assert.True(after - before == 0, $"{what}: {after - before} bytes allocated over {Calls} calls");

    [Fact]
    public void Reduction_loop_relu_loss_allocates_nothing()
    {
        var data = Data.Relu(200, 8, 11);
        double[] w = data.Point[..8], X = data.X, y = data.Y, dw = new double[8], wTangent = new double[8], wAdjoint = new double[8];
        double b = data.Point[8], bAdjoint = 0, sink = 0;
        wTangent[3] = 1;

        for (int i = 0; i < WarmUp; i++) sink += Models.ReluLossGradient(w, b, X, y, dw, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.ReluLossGradient(w, b, X, y, dw, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ReluLossGradient");

        for (int i = 0; i < WarmUp; i++) sink += Models.ReluLossPullback(w, b, X, y, 1, wAdjoint, ref bAdjoint);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.ReluLossPullback(w, b, X, y, 1, wAdjoint, ref bAdjoint);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ReluLossPullback");

        for (int i = 0; i < WarmUp; i++) sink += Models.ReluLossPushforward(w, b, X, y, wTangent, 0, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.ReluLossPushforward(w, b, X, y, wTangent, 0, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ReluLossPushforward");

        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Kept_inner_results_and_scratch_buffers_allocate_nothing()
    {
        // The kept values' queues come from the same per-thread cache as the tapes (300 points:
        // more than a queue's initial capacity).
        const int d = 3, k = 4, n = 300;
        var X = Data.Uniform(n * d, -1, 1, 500);
        var theta = Data.Uniform(k * d + k * d * (d - 1) / 2, -1, 1, 501);
        var g = new double[theta.Length];
        var x = Data.Uniform(8, -1, 1, 502);
        var A = Data.Uniform(64, -1, 1, 503);
        var gx = new double[8];
        double sink = 0;

        for (int i = 0; i < WarmUp; i++) sink += KeptInnerResults.ScratchPerPointThenPriorGradient(theta, X, d, k, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += KeptInnerResults.ScratchPerPointThenPriorGradient(theta, X, d, k, g);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ScratchPerPointThenPriorGradient");

        for (int i = 0; i < WarmUp; i++) sink += KeptInnerResults.TanhLayerThenSumGradient(x, A, gx);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += KeptInnerResults.TanhLayerThenSumGradient(x, A, gx);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "TanhLayerThenSumGradient");

        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Loop_carried_recurrences_allocate_nothing()
    {
        // 600 steps: more than the tape's initial capacity (256), so the pooled storage has grown
        // during warm-up and is reused afterwards.
        const int k = 600;
        double sink = 0, xAdjoint = 0, aAdjoint = 0;

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.IteratedMapGradient(2.1, 0.6, k, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.IteratedMapGradient(2.1, 0.6, k, out _, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "IteratedMapGradient");

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.IteratedMapPullback(2.1, 0.6, k, 1, ref xAdjoint, ref aAdjoint);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.IteratedMapPullback(2.1, 0.6, k, 1, ref xAdjoint, ref aAdjoint);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "IteratedMapPullback");

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.NewtonSqrtGradient(1e6, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.NewtonSqrtGradient(1e6, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "NewtonSqrtGradient");

        double[] c = Data.Uniform(300, -1, 1, 5), dc = new double[300];
        for (int i = 0; i < WarmUp; i++) sink += Recurrences.HornerGradient(c, 0.9, dc, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.HornerGradient(c, 0.9, dc, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "HornerGradient");

        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Stackalloc_buffer_mlp_allocates_nothing()
    {
        const int h = 16, d = 8;
        double[] W1 = Data.Uniform(h * d, -0.5, 0.5, 1), b1 = Data.Uniform(h, -0.5, 0.5, 2), W2 = Data.Uniform(h, -0.5, 0.5, 3);
        double[] input = Data.Uniform(d, -1, 1, 4), dW1 = new double[h * d], db1 = new double[h], dW2 = new double[h];
        double sink = 0, b2Adjoint = 0;

        for (int i = 0; i < WarmUp; i++) sink += Models.MlpGradient(W1, b1, W2, 0.1, input, 0.3, dW1, db1, dW2, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.MlpGradient(W1, b1, W2, 0.1, input, 0.3, dW1, db1, dW2, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "MlpGradient");

        for (int i = 0; i < WarmUp; i++) sink += Models.MlpPullback(W1, b1, W2, 0.1, input, 0.3, 1, dW1, db1, dW2, ref b2Adjoint);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.MlpPullback(W1, b1, W2, 0.1, input, 0.3, 1, dW1, db1, dW2, ref b2Adjoint);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "MlpPullback");

        for (int i = 0; i < WarmUp; i++) sink += Models.MlpPushforward(W1, b1, W2, 0.1, input, 0.3, W1, b1, W2, 1, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Models.MlpPushforward(W1, b1, W2, 0.1, input, 0.3, W1, b1, W2, 1, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "MlpPushforward");

        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Loop_control_in_taped_loops_allocates_nothing()
    {
        // A return from inside a taped loop, a taped branch (Tape<bool>), continue, and a do-while:
        // every exit path must give the tape storage back to the pool.
        double[] x = { 1.5, 0.8, 2.5, 1.2, 0.9, 1.7 }, mixed = { 0.7, -0.4, 1.3, 0.2, -1.1, 0.9 }, dx = new double[6];
        double sink = 0, scaleAdjoint = 0;

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.ProductUntilLimitGradient(x, 2, 2.0, dx, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.ProductUntilLimitGradient(x, 2, 2.0, dx, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ProductUntilLimitGradient (return inside the loop)");

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.ProductUntilLimitPullback(x, 2, 2.0, 1, dx, ref scaleAdjoint);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.ProductUntilLimitPullback(x, 2, 2.0, 1, dx, ref scaleAdjoint);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ProductUntilLimitPullback (return inside the loop)");

        for (int i = 0; i < WarmUp; i++) sink += ControlFlow.ConditionalProductGradient(mixed, dx);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += ControlFlow.ConditionalProductGradient(mixed, dx);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ConditionalProductGradient");

        for (int i = 0; i < WarmUp; i++) sink += ControlFlow.ContinueInRecurrenceGradient(mixed, 0.8, dx, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += ControlFlow.ContinueInRecurrenceGradient(mixed, 0.8, dx, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ContinueInRecurrenceGradient");

        for (int i = 0; i < WarmUp; i++) sink += Recurrences.DoWhileRecurrenceGradient(0.8, 0.3, 6, out _, out _);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Recurrences.DoWhileRecurrenceGradient(0.8, 0.3, 6, out _, out _);
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "DoWhileRecurrenceGradient");

        Assert.True(double.IsFinite(sink));
    }
}
