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

    /// <summary>
    /// Σᵢ x[2i]·x[2i+1] with the index p carried through an inner product loop (a recurrence, run
    /// backwards with a tape), then a second loop: the outer loop's next p comes out of the inner loop.
    /// </summary>
    [Differentiable]
    public static double CounterThroughInnerProducts(ReadOnlySpan<double> x)
    {
        int p = 0;
        double s = 0;
        for (int i = 0; i < x.Length / 2; i++)
        {
            double q = 1;
            for (int j = 0; j < 2; j++)
            {
                q *= x[p];
                p++;
            }

            s += q;
        }

        double r = 0;
        for (int i = 0; i < x.Length; i++) r += x[i];
        return s + r;
    }

    /// <summary>The same as the trailing loop (fused: each iteration reversed right after it runs).</summary>
    [Differentiable]
    public static double CounterThroughInnerProductsTrailing(ReadOnlySpan<double> x)
    {
        int p = 0;
        double s = 0;
        for (int i = 0; i < x.Length / 2; i++)
        {
            double q = 1;
            for (int j = 0; j < 2; j++)
            {
                q *= x[p];
                p++;
            }

            s += q;
        }

        return s;
    }

    /// <summary>
    /// A small GMM-like data loss: per point, scratch buffers written whole (c = x − μ), multiplied
    /// by a unit lower-triangular L (q = c, then q[j] += L[j,i]·c[i], an element accumulation), and
    /// a per-point scratch of per-component terms t[k] whose log-sum-exp is summed over the points.
    /// </summary>
    [Differentiable]
    public static double ScratchPerPoint(ReadOnlySpan<double> theta, [NoDerivative] ReadOnlySpan<double> X, [NoDerivative] int d, [NoDerivative] int k)
    {
        int n = X.Length / d;
        int lower = d * (d - 1) / 2;
        Span<double> c = stackalloc double[d];
        Span<double> q = stackalloc double[d];
        Span<double> t = stackalloc double[k];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int m = 0; m < k; m++)
            {
                for (int j = 0; j < d; j++) c[j] = X[p * d + j] - theta[m * d + j];
                for (int j = 0; j < d; j++) q[j] = c[j];
                int at = k * d + m * lower;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        q[j] += theta[at] * c[i];
                        at++;
                    }
                }

                double norm = 0;
                for (int j = 0; j < d; j++) norm += q[j] * q[j];
                t[m] = -0.5 * norm;
            }

            double sum = 0;
            for (int m = 0; m < k; m++) sum += Math.Exp(t[m]);
            total += Math.Log(sum);
        }

        return total * total;
    }

    /// <summary>The same shape, but the scratch buffer is read before it is written (it carries the previous point's values).</summary>
    [Differentiable]
    public static double ScratchCarried(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> X)
    {
        int d = w.Length;
        Span<double> c = stackalloc double[d];
        double total = 0;
        for (int p = 0; p < X.Length / d; p++)
        {
            for (int j = 0; j < d; j++) c[j] = 0.5 * c[d - 1 - j] + X[p * d + j] * w[j];
            double norm = 0;
            for (int j = 0; j < d; j++) norm += c[j] * c[j];
            total += Math.Sqrt(norm + 1);
        }

        return total * total;
    }

    /// <summary>
    /// <see cref="ScratchPerPoint"/>'s data term (a sum over points, itself a loop over components
    /// with scratch buffers and an element accumulation) followed by a regularizer loop: the point
    /// loop is not the last loop, but its sum reaches the result with partial 1, so it is fused.
    /// </summary>
    [Differentiable]
    public static double ScratchPerPointThenPrior(ReadOnlySpan<double> theta, [NoDerivative] ReadOnlySpan<double> X, [NoDerivative] int d, [NoDerivative] int k)
    {
        int n = X.Length / d;
        int lower = d * (d - 1) / 2;
        Span<double> c = stackalloc double[d];
        Span<double> q = stackalloc double[d];
        Span<double> t = stackalloc double[k];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int m = 0; m < k; m++)
            {
                for (int j = 0; j < d; j++) c[j] = X[p * d + j] - theta[m * d + j];
                for (int j = 0; j < d; j++) q[j] = c[j] * Math.Exp(theta[m * d + j]);
                int at = k * d + m * lower;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        q[j] += theta[at] * c[i];
                        at++;
                    }
                }

                double norm = 0;
                for (int j = 0; j < d; j++) norm += q[j] * q[j];
                t[m] = -0.5 * norm;
            }

            double mx = t[0];
            for (int m = 1; m < k; m++) mx = Math.Max(mx, t[m]);
            double sum = 0;
            for (int m = 0; m < k; m++) sum += Math.Exp(t[m] - mx);
            total += Math.Log(sum) + mx;
        }

        double prior = 0;
        for (int i = 0; i < theta.Length; i++) prior += theta[i] * theta[i];
        double loss = 2 * total - n * 0.5;
        return loss + 0.25 * prior;
    }

    /// <summary>
    /// A counter carried by the outer loop and advanced only inside a kept inner sum, with the sum
    /// used non-linearly after the loop (so the outer loop is run again, not fused): found by a
    /// new-user trial, where every recomputed iteration read from the first offset.
    /// </summary>
    [Differentiable]
    public static double CounterAdvancedInKeptSum(ReadOnlySpan<double> x, [NoDerivative] int n, [NoDerivative] int m)
    {
        int p = 0;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            for (int j = 0; j < m; j++)
            {
                z += x[p];
                p++;
            }

            s += z * z;
        }

        return s * s;
    }

    /// <summary>
    /// A per-point scratch buffer whose fill loop also accumulates (the log-determinant beside the
    /// scaled coordinates), the point loop followed by a non-linear use of its sum.
    /// </summary>
    [Differentiable]
    public static double FillLoopAlsoAccumulates(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> X)
    {
        int d = w.Length;
        Span<double> c = stackalloc double[d];
        double total = 0;
        for (int p = 0; p < X.Length / d; p++)
        {
            double logDet = 0;
            for (int j = 0; j < d; j++)
            {
                c[j] = X[p * d + j] * Math.Exp(w[j]);
                logDet += w[j];
            }

            double norm = 0;
            for (int j = 0; j < d; j++) norm += c[j] * c[j];
            total += logDet - 0.5 * norm;
        }

        return total * total;
    }

    /// <summary>
    /// GMM's Qtimesx per row: the scratch buffer q is written by two inner loops (a diagonal, then the
    /// triangle added in); only the contents after the second are kept for the reverse pass (the row loop
    /// is a reduction inside the fused loop over r, as GMM's component loop is inside its point loop).
    /// </summary>
    [Differentiable]
    public static double ScratchWrittenTwice(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        Span<double> c = stackalloc double[n];
        Span<double> q = stackalloc double[n];
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            double acc = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) c[j] = x[j] - A[i * n + j] * (r + 1);
                for (int j = 0; j < n; j++) q[j] = Math.Exp(x[i]) * c[j];
                double mid = 0;
            int p = i * n;
                for (int k = 0; k < n; k++)
                {
                    for (int j = k + 1; j < n; j++)
                    {
                        q[j] += A[p] * c[k];
                        p++;
                    }
                }

                double s = 0;
                for (int j = 0; j < n; j++) s += q[j] * q[j];
                acc += s + mid;
            }

            total += Math.Log(1 + acc);
        }

        return total;
    }

    /// <summary>
    /// As <see cref="ScratchWrittenTwice"/>, with q read between its two inner loops: both contents are kept.
    /// </summary>
    [Differentiable]
    public static double ScratchReadBetweenWrites(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> A)
    {
        int n = x.Length;
        Span<double> c = stackalloc double[n];
        Span<double> q = stackalloc double[n];
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            double acc = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) c[j] = x[j] - A[i * n + j] * (r + 1);
                for (int j = 0; j < n; j++) q[j] = Math.Exp(x[i]) * c[j];
                double mid = q[n - 1] * x[i];
            int p = i * n;
                for (int k = 0; k < n; k++)
                {
                    for (int j = k + 1; j < n; j++)
                    {
                        q[j] += A[p] * c[k];
                        p++;
                    }
                }

                double s = 0;
                for (int j = 0; j < n; j++) s += q[j] * q[j];
                acc += s + mid;
            }

            total += Math.Log(1 + acc);
        }

        return total;
    }

    /// <summary>
    /// A loop that only counts (what reverse mode leaves of an inner loop it runs again for its
    /// counters): every generated member replaces it by its closed form, wrapping as the loop does.
    /// </summary>
    [Differentiable]
    public static double CountingOnly(ReadOnlySpan<double> x, [NoDerivative] int from, [NoDerivative] int to)
    {
        int p = 1;
        int q = -2;
        int last = 0;
        for (int j = from; j < to; j++)
        {
            last = p;
            p += 3;
            q += -1;
        }

        return x[0] * p + x[1] * q + x[2] * last;
    }
}
