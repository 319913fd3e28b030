using System;
using AutoDiffGen;

namespace AutoDiffGen.Benchmarks;

/// <summary>The vector-valued functions of the Jacobian benchmarks, differentiated by AutoDiffGen.</summary>
public static partial class VectorFunctions
{
    /// <summary>[3x²y, 2x + y⁸]: J = [[6xy, 3x²], [2, 8y⁷]].</summary>
    [Differentiable]
    public static (double f, double g) FG(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));

    /// <summary>yᵢ = xᵢ·e^xᵢ: element-wise, so its Jacobian is compressed (one pushforward).</summary>
    [Differentiable]
    public static void ExpTimes(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * Math.Exp(x[i]);
        }
    }

    /// <summary>A dense layer y = tanh(W x + b), W row-major (y.Length × x.Length); x is the input.</summary>
    [Differentiable]
    public static void Layer([NoDerivative] ReadOnlySpan<double> W, ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> b, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double s = b[i];
            for (int j = 0; j < x.Length; j++)
            {
                s += W[i * x.Length + j] * x[j];
            }

            y[i] = Math.Tanh(s);
        }
    }
}
