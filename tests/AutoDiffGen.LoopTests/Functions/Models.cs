using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>The models of the issue: ReLU neuron, Rosenbrock, a two-layer tanh MLP.</summary>
public static partial class Models
{
    /// <summary>
    /// A single ReLU neuron under mean squared error (the Neuron sample):
    /// C(w, b) = 1/N Σᵢ (yᵢ − max(0, w·Xᵢ + b))², X row-major N×d. A reduction loop.
    /// </summary>
    [Differentiable]
    public static double ReluLoss(ReadOnlySpan<double> w, double b,
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

    /// <summary>Rosenbrock in n dimensions: Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)².</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>Rosenbrock over a <c>double[]</c> parameter.</summary>
    [Differentiable]
    public static double RosenbrockArray(double[] x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>Rosenbrock in single precision over a <c>float[]</c>.</summary>
    [Differentiable]
    public static float RosenbrockSingle(float[] x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 1 - x[i];
            float b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>
    /// A two-layer tanh network, one output, squared error on one sample; W1 is h×d row-major
    /// (the benchmark's MLP). The hidden layer is a stackalloc buffer.
    /// </summary>
    [Differentiable]
    public static double Mlp(ReadOnlySpan<double> W1, ReadOnlySpan<double> b1, ReadOnlySpan<double> W2, double b2,
                             [NoDerivative] ReadOnlySpan<double> input, [NoDerivative] double target)
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
        return e * e;
    }

    /// <summary>The ReLU loss in single precision over <c>ReadOnlySpan&lt;float&gt;</c>.</summary>
    [Differentiable]
    public static float ReluLossSingle(ReadOnlySpan<float> w, float b,
                                       [NoDerivative] ReadOnlySpan<float> X, [NoDerivative] ReadOnlySpan<float> y)
    {
        int n = y.Length, d = w.Length;
        float sum = 0;
        for (int i = 0; i < n; i++)
        {
            float z = b;
            for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
            float r = y[i] - MathF.Max(0, z);
            sum += r * r;
        }

        return sum / n;
    }
}
