using System;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>
/// Backpropagation through the two-layer tanh MLP written by hand, copied from
/// tests/AutoDiffGen.Benchmarks/HandWritten.cs: the closed form for the generated MLP gradient.
/// </summary>
public static class HandWritten
{
    public static double MlpGradient(ReadOnlySpan<double> W1, ReadOnlySpan<double> b1, ReadOnlySpan<double> W2, double b2,
                                     ReadOnlySpan<double> input, double target,
                                     Span<double> dW1, Span<double> db1, Span<double> dW2, out double db2)
    {
        int h = b1.Length, d = input.Length;
        Span<double> hidden = stackalloc double[h];
        for (int k = 0; k < h; k++)
        {
            double s = b1[k];
            for (int j = 0; j < d; j++) s += W1[k * d + j] * input[j];
            hidden[k] = Math.Tanh(s);
        }

        double o = b2;
        for (int k = 0; k < h; k++) o += W2[k] * hidden[k];
        double e = o - target;
        double dO = 2 * e;
        db2 = dO;
        for (int k = 0; k < h; k++)
        {
            dW2[k] = dO * hidden[k];
            double ds = dO * W2[k] * (1 - hidden[k] * hidden[k]);
            db1[k] = ds;
            for (int j = 0; j < d; j++) dW1[k * d + j] = ds * input[j];
        }

        return e * e;
    }

    /// <summary>The MLP gradient in the layout (W1, b1, W2, b2) of <see cref="Adapters.Mlp"/>.</summary>
    public static double[] Mlp(double[] p, int h, double[] input, double target)
    {
        int d = input.Length, w1 = h * d;
        var g = new double[p.Length];
        MlpGradient(p.AsSpan(0, w1), p.AsSpan(w1, h), p.AsSpan(w1 + h, h), p[w1 + 2 * h], input, target,
            g.AsSpan(0, w1), g.AsSpan(w1, h), g.AsSpan(w1 + h, h), out g[w1 + 2 * h]);
        return g;
    }
}
