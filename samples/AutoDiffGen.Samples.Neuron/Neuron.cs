using System;
using AutoDiffGen;

namespace AutoDiffGen.Samples.Neuron;

/// <summary>
/// A single ReLU neuron under mean squared error:
/// C(w, b) = 1/N Σᵢ (yᵢ − max(0, w·Xᵢ + b))², with X row-major N×d.
/// AutoDiffGen generates <c>LossGradient(w, b, X, y, dw, out db)</c> from this method.
/// </summary>
public static partial class Neuron
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, double b,
                              [NoDerivative] ReadOnlySpan<double> X, [NoDerivative] ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
            double r = y[i] - Math.Max(0, z);
            sum += r * r;
        }

        return sum / n;
    }
}
