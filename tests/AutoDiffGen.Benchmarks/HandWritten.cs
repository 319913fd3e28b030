using System;

namespace AutoDiffGen.Benchmarks;

/// <summary>The gradients as a person would write them: the baseline the generated code is held to.</summary>
public static class HandWritten
{
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
            g[i] += -2 * a - 400 * b * x[i];
            g[i + 1] += 200 * b;
        }

        return sum;
    }

    public static double ReluLossGradient(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, Span<double> dw, out double db)
    {
        int n = y.Length, d = w.Length;
        dw.Clear();
        db = 0;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var row = X.Slice(i * d, d);
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * row[j];
            double r = y[i] - Math.Max(0, z);
            sum += r * r;
            if (z > 0)
            {
                double g = -2 * r / n;
                for (int j = 0; j < d; j++) dw[j] += g * row[j];
                db += g;
            }
        }

        return sum / n;
    }

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
}
