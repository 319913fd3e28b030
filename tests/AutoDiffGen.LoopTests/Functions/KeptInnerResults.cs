using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// Reductions whose iterations use the result of an inner loop (an MLP's hidden unit): reverse mode
/// keeps those results from the forward run instead of running the inner loops again.
/// </summary>
public static partial class KeptInnerResults
{
    /// <summary>
    /// s = Σᵢ tanh(zᵢ)·xᵢ with zᵢ = Σⱼ A[i,j]·xⱼ, plus Σ xᵢ in a second loop (so the first is not the
    /// trailing loop, and is run again in the reverse sweep).
    /// </summary>
    [Differentiable]
    public static double TanhLayerThenSum(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            for (int j = 0; j < n; j++) z += A[i * n + j] * x[j];
            s += Math.Tanh(z) * x[i];
        }

        double r = 0;
        for (int i = 0; i < n; i++) r += x[i];
        return s + r;
    }

    /// <summary>
    /// The same layer written to a local buffer (which a second loop reads), with two inner results
    /// per unit: the pre-activation and a second sum of squares.
    /// </summary>
    [Differentiable]
    public static double TwoInnerResultsIntoBuffer(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        Span<double> h = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            double z = x[i];
            double q = 1;
            for (int j = 0; j < n; j++)
            {
                z += A[i * n + j] * x[j];
                q += x[j] * x[j] * A[j * n + i];
            }

            h[i] = Math.Tanh(z) * q;
        }

        double o = 0;
        for (int i = 0; i < n; i++) o += h[i] * h[i];
        return o;
    }

    /// <summary>
    /// Three levels: batches (the trailing loop, fused), units, and inputs. The unit loop runs once
    /// per batch and is run again right after, for each batch, in the fused iteration.
    /// </summary>
    [Differentiable]
    public static double BatchedTanhLayer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> X, [NoDerivative] int batches)
    {
        int n = w.Length;
        double loss = 0;
        for (int b = 0; b < batches; b++)
        {
            double t = 0;
            for (int i = 0; i < n; i++)
            {
                double z = 0;
                for (int j = 0; j < n; j++) z += w[j] * X[(b * n + i) * n + j];
                t += Math.Tanh(z) * w[i];
            }

            loss += t * t;
        }

        return loss;
    }

    /// <summary>
    /// An inner loop that also counts (an int result the outer iteration uses): Σᵢ zᵢ·cᵢ, where
    /// cᵢ counts the positive products in row i.
    /// </summary>
    [Differentiable]
    public static double CountedRows(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            int c = 0;
            for (int j = 0; j < n; j++)
            {
                double p = A[i * n + j] * x[j];
                z += p;
                if (p > 0) c++;
            }

            s += z * c;
        }

        double r = 0;
        for (int i = 0; i < n; i++) r += x[i] * x[i];
        return s + r;
    }
}
