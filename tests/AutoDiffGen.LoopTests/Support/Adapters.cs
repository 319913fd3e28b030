using System;
using AutoDiffGen.LoopTests.Functions;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>The generated methods of each test function, wrapped as a <see cref="VecFn"/>.</summary>
public static class Adapters
{
    // ---- Models ---------------------------------------------------------------------------

    /// <summary>p = (w₀ … w_{d−1}, b).</summary>
    public static VecFn ReluLoss(double[] X, double[] y, int d) => new(
        "ReluLoss", d + 1, false,
        p => Models.ReluLoss(p.AsSpan(0, d), p[d], X, y),
        (p, g) => Models.ReluLossGradient(p.AsSpan(0, d), p[d], X, y, g.AsSpan(0, d), out g[d]),
        (double[] p, double[] t, out double tangent) => Models.ReluLossPushforward(p.AsSpan(0, d), p[d], X, y, t.AsSpan(0, d), t[d], out tangent),
        (p, seed, a) => Models.ReluLossPullback(p.AsSpan(0, d), p[d], X, y, seed, a.AsSpan(0, d), ref a[d]));

    /// <summary>p = (w₀ … w_{d−1}, b), in float.</summary>
    public static VecFn ReluLossSingle(float[] X, float[] y, int d) => new(
        "ReluLossSingle", d + 1, true,
        p => Models.ReluLossSingle(VecFn.ToSingle(p.AsSpan(0, d)), (float)p[d], X, y),
        (p, g) =>
        {
            var dw = new float[d];
            float value = Models.ReluLossSingleGradient(VecFn.ToSingle(p.AsSpan(0, d)), (float)p[d], X, y, dw, out float db);
            VecFn.Widen(dw, g.AsSpan(0, d));
            g[d] = db;
            return value;
        },
        (double[] p, double[] t, out double tangent) =>
        {
            float value = Models.ReluLossSinglePushforward(VecFn.ToSingle(p.AsSpan(0, d)), (float)p[d], X, y,
                VecFn.ToSingle(t.AsSpan(0, d)), (float)t[d], out float tangentSingle);
            tangent = tangentSingle;
            return value;
        },
        (p, seed, a) =>
        {
            var wAdjoint = VecFn.ToSingle(a.AsSpan(0, d));
            float bAdjoint = (float)a[d];
            float value = Models.ReluLossSinglePullback(VecFn.ToSingle(p.AsSpan(0, d)), (float)p[d], X, y, (float)seed, wAdjoint, ref bAdjoint);
            VecFn.Widen(wAdjoint, a.AsSpan(0, d));
            a[d] = bAdjoint;
            return value;
        });

    public static VecFn Rosenbrock(int n) => new(
        "Rosenbrock", n, false,
        p => Models.Rosenbrock(p),
        (p, g) => Models.RosenbrockGradient(p, g),
        (double[] p, double[] t, out double tangent) => Models.RosenbrockPushforward(p, t, out tangent),
        (p, seed, a) => Models.RosenbrockPullback(p, seed, a));

    public static VecFn RosenbrockArray(int n) => new(
        "RosenbrockArray", n, false,
        p => Models.RosenbrockArray(p),
        (p, g) => Models.RosenbrockArrayGradient(p, g),
        (double[] p, double[] t, out double tangent) => Models.RosenbrockArrayPushforward(p, t, out tangent),
        (p, seed, a) => Models.RosenbrockArrayPullback(p, seed, a));

    public static VecFn RosenbrockSingle(int n) => new(
        "RosenbrockSingle", n, true,
        p => Models.RosenbrockSingle(VecFn.ToSingle(p)),
        (p, g) =>
        {
            var dx = new float[n];
            float value = Models.RosenbrockSingleGradient(VecFn.ToSingle(p), dx);
            VecFn.Widen(dx, g);
            return value;
        },
        (double[] p, double[] t, out double tangent) =>
        {
            float value = Models.RosenbrockSinglePushforward(VecFn.ToSingle(p), VecFn.ToSingle(t), out float tangentSingle);
            tangent = tangentSingle;
            return value;
        },
        (p, seed, a) =>
        {
            var adjoint = VecFn.ToSingle(a);
            float value = Models.RosenbrockSinglePullback(VecFn.ToSingle(p), (float)seed, adjoint);
            VecFn.Widen(adjoint, a);
            return value;
        });

    /// <summary>p = (W1 (h·d, row-major), b1 (h), W2 (h), b2).</summary>
    public static VecFn Mlp(int h, double[] input, double target)
    {
        int d = input.Length;
        int w1 = h * d, b1 = w1, w2 = w1 + h, b2 = w1 + 2 * h;
        return new VecFn(
            "Mlp", w1 + 2 * h + 1, false,
            p => Models.Mlp(p.AsSpan(0, w1), p.AsSpan(b1, h), p.AsSpan(w2, h), p[b2], input, target),
            (p, g) => Models.MlpGradient(p.AsSpan(0, w1), p.AsSpan(b1, h), p.AsSpan(w2, h), p[b2], input, target,
                g.AsSpan(0, w1), g.AsSpan(b1, h), g.AsSpan(w2, h), out g[b2]),
            (double[] p, double[] t, out double tangent) => Models.MlpPushforward(p.AsSpan(0, w1), p.AsSpan(b1, h), p.AsSpan(w2, h), p[b2], input, target,
                t.AsSpan(0, w1), t.AsSpan(b1, h), t.AsSpan(w2, h), t[b2], out tangent),
            (p, seed, a) => Models.MlpPullback(p.AsSpan(0, w1), p.AsSpan(b1, h), p.AsSpan(w2, h), p[b2], input, target, seed,
                a.AsSpan(0, w1), a.AsSpan(b1, h), a.AsSpan(w2, h), ref a[b2]));
    }

    // ---- Recurrences ----------------------------------------------------------------------

    /// <summary>p = (c₀ … c_{n−1}, x).</summary>
    public static VecFn Horner(int n) => new(
        "Horner", n + 1, false,
        p => Recurrences.Horner(p.AsSpan(0, n), p[n]),
        (p, g) => Recurrences.HornerGradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => Recurrences.HornerPushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => Recurrences.HornerPullback(p.AsSpan(0, n), p[n], seed, a.AsSpan(0, n), ref a[n]));

    /// <summary>p = (c₀ … c_{n−1}, x), in float over a float[].</summary>
    public static VecFn HornerSingle(int n) => new(
        "HornerSingle", n + 1, true,
        p => Recurrences.HornerSingle(VecFn.ToSingle(p.AsSpan(0, n)), (float)p[n]),
        (p, g) =>
        {
            var dc = new float[n];
            float value = Recurrences.HornerSingleGradient(VecFn.ToSingle(p.AsSpan(0, n)), (float)p[n], dc, out float dx);
            VecFn.Widen(dc, g.AsSpan(0, n));
            g[n] = dx;
            return value;
        },
        (double[] p, double[] t, out double tangent) =>
        {
            float value = Recurrences.HornerSinglePushforward(VecFn.ToSingle(p.AsSpan(0, n)), (float)p[n],
                VecFn.ToSingle(t.AsSpan(0, n)), (float)t[n], out float tangentSingle);
            tangent = tangentSingle;
            return value;
        },
        (p, seed, a) =>
        {
            var cAdjoint = VecFn.ToSingle(a.AsSpan(0, n));
            float xAdjoint = (float)a[n];
            float value = Recurrences.HornerSinglePullback(VecFn.ToSingle(p.AsSpan(0, n)), (float)p[n], (float)seed, cAdjoint, ref xAdjoint);
            VecFn.Widen(cAdjoint, a.AsSpan(0, n));
            a[n] = xAdjoint;
            return value;
        });

    /// <summary>p = (c_{n−1} … c₀ (highest first), x).</summary>
    public static VecFn HornerForeach(int n) => new(
        "HornerForeach", n + 1, false,
        p => Recurrences.HornerForeach(p.AsSpan(0, n), p[n]),
        (p, g) => Recurrences.HornerForeachGradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => Recurrences.HornerForeachPushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => Recurrences.HornerForeachPullback(p.AsSpan(0, n), p[n], seed, a.AsSpan(0, n), ref a[n]));

    /// <summary>p = (x, a).</summary>
    public static VecFn IteratedMap(int k) => new(
        $"IteratedMap(k = {k})", 2, false,
        p => Recurrences.IteratedMap(p[0], p[1], k),
        (p, g) => Recurrences.IteratedMapGradient(p[0], p[1], k, out g[0], out g[1]),
        (double[] p, double[] t, out double tangent) => Recurrences.IteratedMapPushforward(p[0], p[1], k, t[0], t[1], out tangent),
        (p, seed, a) => Recurrences.IteratedMapPullback(p[0], p[1], k, seed, ref a[0], ref a[1]));

    /// <summary>p = (x, a), in float.</summary>
    public static VecFn IteratedMapSingle(int k) => new(
        $"IteratedMapSingle(k = {k})", 2, true,
        p => Recurrences.IteratedMapSingle((float)p[0], (float)p[1], k),
        (p, g) =>
        {
            float value = Recurrences.IteratedMapSingleGradient((float)p[0], (float)p[1], k, out float dx, out float da);
            g[0] = dx;
            g[1] = da;
            return value;
        },
        (double[] p, double[] t, out double tangent) =>
        {
            float value = Recurrences.IteratedMapSinglePushforward((float)p[0], (float)p[1], k, (float)t[0], (float)t[1], out float tangentSingle);
            tangent = tangentSingle;
            return value;
        },
        (p, seed, a) =>
        {
            float xAdjoint = (float)a[0], aAdjoint = (float)a[1];
            float value = Recurrences.IteratedMapSinglePullback((float)p[0], (float)p[1], k, (float)seed, ref xAdjoint, ref aAdjoint);
            a[0] = xAdjoint;
            a[1] = aAdjoint;
            return value;
        });

    /// <summary>p = (a).</summary>
    public static VecFn NewtonSqrt { get; } = new(
        "NewtonSqrt", 1, false,
        p => Recurrences.NewtonSqrt(p[0]),
        (p, g) => Recurrences.NewtonSqrtGradient(p[0], out g[0]),
        (double[] p, double[] t, out double tangent) => Recurrences.NewtonSqrtPushforward(p[0], t[0], out tangent),
        (p, seed, a) => Recurrences.NewtonSqrtPullback(p[0], seed, ref a[0]));

    /// <summary>p = (v, c).</summary>
    public static VecFn DoWhileRecurrence(int n) => new(
        $"DoWhileRecurrence(n = {n})", 2, false,
        p => Recurrences.DoWhileRecurrence(p[0], p[1], n),
        (p, g) => Recurrences.DoWhileRecurrenceGradient(p[0], p[1], n, out g[0], out g[1]),
        (double[] p, double[] t, out double tangent) => Recurrences.DoWhileRecurrencePushforward(p[0], p[1], n, t[0], t[1], out tangent),
        (p, seed, a) => Recurrences.DoWhileRecurrencePullback(p[0], p[1], n, seed, ref a[0], ref a[1]));

    /// <summary>p = (x).</summary>
    public static VecFn DoWhileSqrtUntilSmall { get; } = new(
        "DoWhileSqrtUntilSmall", 1, false,
        p => Recurrences.DoWhileSqrtUntilSmall(p[0]),
        (p, g) => Recurrences.DoWhileSqrtUntilSmallGradient(p[0], out g[0]),
        (double[] p, double[] t, out double tangent) => Recurrences.DoWhileSqrtUntilSmallPushforward(p[0], t[0], out tangent),
        (p, seed, a) => Recurrences.DoWhileSqrtUntilSmallPullback(p[0], seed, ref a[0]));

    /// <summary>p = (x₀ … x_{n−1}, scale).</summary>
    public static VecFn ProductUntilLimit(int n, double limit) => new(
        "ProductUntilLimit", n + 1, false,
        p => Recurrences.ProductUntilLimit(p.AsSpan(0, n), p[n], limit),
        (p, g) => Recurrences.ProductUntilLimitGradient(p.AsSpan(0, n), p[n], limit, g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => Recurrences.ProductUntilLimitPushforward(p.AsSpan(0, n), p[n], limit, t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => Recurrences.ProductUntilLimitPullback(p.AsSpan(0, n), p[n], limit, seed, a.AsSpan(0, n), ref a[n]));

    public static VecFn StepDownByTwo(int n) => new(
        "StepDownByTwo", n, false,
        p => Recurrences.StepDownByTwo(p),
        (p, g) => Recurrences.StepDownByTwoGradient(p, g),
        (double[] p, double[] t, out double tangent) => Recurrences.StepDownByTwoPushforward(p, t, out tangent),
        (p, seed, a) => Recurrences.StepDownByTwoPullback(p, seed, a));

    /// <summary>p = (x₀ … x_{n−1}, α).</summary>
    public static VecFn Smoothing(int n) => new(
        "Smoothing", n + 1, false,
        p => Recurrences.Smoothing(p.AsSpan(0, n), p[n]),
        (p, g) => Recurrences.SmoothingGradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => Recurrences.SmoothingPushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => Recurrences.SmoothingPullback(p.AsSpan(0, n), p[n], seed, a.AsSpan(0, n), ref a[n]));

    // ---- Reductions -----------------------------------------------------------------------

    public static VecFn PairProducts(int n) => new(
        "PairProducts", n, false,
        p => Reductions.PairProducts(p),
        (p, g) => Reductions.PairProductsGradient(p, g),
        (double[] p, double[] t, out double tangent) => Reductions.PairProductsPushforward(p, t, out tangent),
        (p, seed, a) => Reductions.PairProductsPullback(p, seed, a));

    public static VecFn ForeachSum(int n) => new(
        "ForeachSum", n, false,
        p => Reductions.ForeachSum(p),
        (p, g) => Reductions.ForeachSumGradient(p, g),
        (double[] p, double[] t, out double tangent) => Reductions.ForeachSumPushforward(p, t, out tangent),
        (p, seed, a) => Reductions.ForeachSumPullback(p, seed, a));

    public static VecFn SumSquaresUntilNegative(int n) => new(
        "SumSquaresUntilNegative", n, false,
        p => Reductions.SumSquaresUntilNegative(p),
        (p, g) => Reductions.SumSquaresUntilNegativeGradient(p, g),
        (double[] p, double[] t, out double tangent) => Reductions.SumSquaresUntilNegativePushforward(p, t, out tangent),
        (p, seed, a) => Reductions.SumSquaresUntilNegativePullback(p, seed, a));

    /// <summary>p = (x₀ … x_{n−1}, y).</summary>
    public static VecFn SumExpSkippingNegative(int n) => new(
        "SumExpSkippingNegative", n + 1, false,
        p => Reductions.SumExpSkippingNegative(p.AsSpan(0, n), p[n]),
        (p, g) => Reductions.SumExpSkippingNegativeGradient(p.AsSpan(0, n), p[n], g.AsSpan(0, n), out g[n]),
        (double[] p, double[] t, out double tangent) => Reductions.SumExpSkippingNegativePushforward(p.AsSpan(0, n), p[n], t.AsSpan(0, n), t[n], out tangent),
        (p, seed, a) => Reductions.SumExpSkippingNegativePullback(p.AsSpan(0, n), p[n], seed, a.AsSpan(0, n), ref a[n]));

    public static VecFn QuadraticForm(double[] A, int n) => new(
        "QuadraticForm", n, false,
        p => Reductions.QuadraticForm(p, A),
        (p, g) => Reductions.QuadraticFormGradient(p, A, g),
        (double[] p, double[] t, out double tangent) => Reductions.QuadraticFormPushforward(p, A, t, out tangent),
        (p, seed, a) => Reductions.QuadraticFormPullback(p, A, seed, a));

    public static VecFn HalvesDot(int n) => new(
        "HalvesDot", n, false,
        p => Reductions.HalvesDot(p),
        (p, g) => Reductions.HalvesDotGradient(p, g),
        (double[] p, double[] t, out double tangent) => Reductions.HalvesDotPushforward(p, t, out tangent),
        (p, seed, a) => Reductions.HalvesDotPullback(p, seed, a));

    public static VecFn RowSlices(double[] X, int d) => new(
        "RowSlices", d, false,
        p => Reductions.RowSlices(p, X),
        (p, g) => Reductions.RowSlicesGradient(p, X, g),
        (double[] p, double[] t, out double tangent) => Reductions.RowSlicesPushforward(p, X, t, out tangent),
        (p, seed, a) => Reductions.RowSlicesPullback(p, X, seed, a));

    public static VecFn PrefixSquares(int n) => new(
        "PrefixSquares", n, false,
        p => Reductions.PrefixSquares(p),
        (p, g) => Reductions.PrefixSquaresGradient(p, g),
        (double[] p, double[] t, out double tangent) => Reductions.PrefixSquaresPushforward(p, t, out tangent),
        (p, seed, a) => Reductions.PrefixSquaresPullback(p, seed, a));

    public static VecFn Bins(int n, int m) => new(
        "Bins", n, false,
        p => Reductions.Bins(p, m),
        (p, g) => Reductions.BinsGradient(p, m, g),
        (double[] p, double[] t, out double tangent) => Reductions.BinsPushforward(p, m, t, out tangent),
        (p, seed, a) => Reductions.BinsPullback(p, m, seed, a));

    /// <summary>p = (x₀ … x_{n−1}, w₀ … w_{n−1}), in float.</summary>
    public static VecFn DotSingle(int n) => new(
        "DotSingle", 2 * n, true,
        p => Reductions.DotSingle(VecFn.ToSingle(p.AsSpan(0, n)), VecFn.ToSingle(p.AsSpan(n, n))),
        (p, g) =>
        {
            var dx = new float[n];
            var dw = new float[n];
            float value = Reductions.DotSingleGradient(VecFn.ToSingle(p.AsSpan(0, n)), VecFn.ToSingle(p.AsSpan(n, n)), dx, dw);
            VecFn.Widen(dx, g.AsSpan(0, n));
            VecFn.Widen(dw, g.AsSpan(n, n));
            return value;
        },
        (double[] p, double[] t, out double tangent) =>
        {
            float value = Reductions.DotSinglePushforward(VecFn.ToSingle(p.AsSpan(0, n)), VecFn.ToSingle(p.AsSpan(n, n)),
                VecFn.ToSingle(t.AsSpan(0, n)), VecFn.ToSingle(t.AsSpan(n, n)), out float tangentSingle);
            tangent = tangentSingle;
            return value;
        },
        (p, seed, a) =>
        {
            var xAdjoint = VecFn.ToSingle(a.AsSpan(0, n));
            var wAdjoint = VecFn.ToSingle(a.AsSpan(n, n));
            float value = Reductions.DotSinglePullback(VecFn.ToSingle(p.AsSpan(0, n)), VecFn.ToSingle(p.AsSpan(n, n)), (float)seed, xAdjoint, wAdjoint);
            VecFn.Widen(xAdjoint, a.AsSpan(0, n));
            VecFn.Widen(wAdjoint, a.AsSpan(n, n));
            return value;
        });
}
