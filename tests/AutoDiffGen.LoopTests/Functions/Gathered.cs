using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// Loops whose adjoints scatter into one array at several offsets of the counter (a stencil), each
/// generated vectorized and with <c>Vectorize = false</c>: the vectorized loop gathers the scatters
/// (one load and one store of each block, the terms in the scalar order) where the offsets lie within
/// 16 bytes, and otherwise runs a pass per offset ahead of the main one. Either way every adjoint
/// element must be the scalar loop's, bit for bit.
/// </summary>
public static partial class Gathered
{
    /// <summary>Offsets 0 and 1, two scatters at 0 (Rosenbrock's shape, with other constants).</summary>
    [Differentiable]
    public static double Pairs(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 3 - x[i];
            double b = x[i + 1] - 0.5 * x[i] * x[i];
            sum += a * a + 7 * b * b;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double PairsScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 3 - x[i];
            double b = x[i + 1] - 0.5 * x[i] * x[i];
            sum += a * a + 7 * b * b;
        }

        return sum;
    }

    /// <summary><see cref="Pairs"/> in <c>float</c> (8 lanes with 256-bit vectors).</summary>
    [Differentiable]
    public static float PairsF(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 3 - x[i];
            float b = x[i + 1] - 0.5f * x[i] * x[i];
            sum += a * a + 7 * b * b;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static float PairsFScalar(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 3 - x[i];
            float b = x[i + 1] - 0.5f * x[i] * x[i];
            sum += a * a + 7 * b * b;
        }

        return sum;
    }

    /// <summary>Offsets 0, 1 and 2, each with a term of its own: Σ (xᵢ₊₂ − c·xᵢ₊₁ + xᵢ)·xᵢ₊₁, with ReorderSums.</summary>
    [Differentiable(ReorderSums = true)]
    public static double Triples(ReadOnlySpan<double> x, double c)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i + 2] - c * x[i + 1] + x[i];
            sum += d * x[i + 1];
        }

        return sum;
    }

    [Differentiable(ReorderSums = true, Vectorize = false)]
    public static double TriplesScalar(ReadOnlySpan<double> x, double c)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i + 2] - c * x[i + 1] + x[i];
            sum += d * x[i + 1];
        }

        return sum;
    }

    /// <summary><see cref="Triples"/> in <c>float</c>.</summary>
    [Differentiable(ReorderSums = true)]
    public static float TriplesF(ReadOnlySpan<float> x, float c)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            float d = x[i + 2] - c * x[i + 1] + x[i];
            sum += d * x[i + 1];
        }

        return sum;
    }

    [Differentiable(ReorderSums = true, Vectorize = false)]
    public static float TriplesFScalar(ReadOnlySpan<float> x, float c)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            float d = x[i + 2] - c * x[i + 1] + x[i];
            sum += d * x[i + 1];
        }

        return sum;
    }

    /// <summary>Offsets −1 and 0 after a row offset k ≥ 1 (x[k + j − 1] beside x[k + j]).</summary>
    [Differentiable]
    public static double Backward(ReadOnlySpan<double> x, int k)
    {
        double sum = 0;
        for (int j = 0; j < x.Length - k; j++)
        {
            double d = x[k + j] - x[k + j - 1] * x[k + j];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double BackwardScalar(ReadOnlySpan<double> x, int k)
    {
        double sum = 0;
        for (int j = 0; j < x.Length - k; j++)
        {
            double d = x[k + j] - x[k + j - 1] * x[k + j];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Offsets 0 and 3: 24 bytes apart in <c>double</c>, more than the 16 a gather allows, so a pass ahead.</summary>
    [Differentiable]
    public static double Far(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            double d = x[i + 3] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double FarScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            double d = x[i + 3] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary><see cref="Far"/> in <c>float</c>: 12 bytes apart, gathered.</summary>
    [Differentiable]
    public static float FarF(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            float d = x[i + 3] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static float FarFScalar(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            float d = x[i + 3] - x[i] * x[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// A local buffer added into at two offsets in the forward loop (b[j] and b[j + 1]), read by the
    /// next loop: the vectorizer reads and stores b element by element there, so nothing is gathered.
    /// </summary>
    [Differentiable]
    public static double Spread(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] b = new double[n + 1];
        for (int j = 0; j < n; j++)
        {
            b[j] += x[j] * x[j];
            b[j + 1] += 2 * x[j];
        }

        double s = 0;
        for (int j = 0; j <= n; j++) s += b[j] * b[j];
        return s;
    }

    [Differentiable(Vectorize = false)]
    public static double SpreadScalar(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] b = new double[n + 1];
        for (int j = 0; j < n; j++)
        {
            b[j] += x[j] * x[j];
            b[j + 1] += 2 * x[j];
        }

        double s = 0;
        for (int j = 0; j <= n; j++) s += b[j] * b[j];
        return s;
    }
    /// <summary>
    /// A local buffer updated in place (c[j] = c[j]·x[j] + c[j]): in reverse, the loop reads c̄[j], sets it
    /// to 0 and adds two terms into it, at one index: an array the loop also loads and stores, whose
    /// scatters are not gathered (each stays a load-add-store of its own).
    /// </summary>
    [Differentiable]
    public static double InPlace(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] c = new double[n];
        for (int j = 0; j < n; j++) c[j] = x[j] * x[j];
        for (int j = 0; j < n; j++) c[j] = c[j] * x[j] + c[j];
        double s = 0;
        for (int j = 0; j < n; j++) s += c[j] * c[j];
        return s;
    }

    [Differentiable(Vectorize = false)]
    public static double InPlaceScalar(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] c = new double[n];
        for (int j = 0; j < n; j++) c[j] = x[j] * x[j];
        for (int j = 0; j < n; j++) c[j] = c[j] * x[j] + c[j];
        double s = 0;
        for (int j = 0; j < n; j++) s += c[j] * c[j];
        return s;
    }
    /// <summary>The fuzzer's loop.stencil-row shape: a row offset k local to the method, offsets −2 … 1 after it.</summary>
    [Differentiable]
    public static double RowStencil(ReadOnlySpan<double> w)
    {
        double sum = 0;
        int k = w.Length % 3 + 2;
        for (int j = 0; j < w.Length - k - 1; j++)
        {
            double d = w[k + j + 1] - 1.5 * w[k + j - 1] + w[k + j - 2];
            sum += d * w[k + j];
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double RowStencilScalar(ReadOnlySpan<double> w)
    {
        double sum = 0;
        int k = w.Length % 3 + 2;
        for (int j = 0; j < w.Length - k - 1; j++)
        {
            double d = w[k + j + 1] - 1.5 * w[k + j - 1] + w[k + j - 2];
            sum += d * w[k + j];
        }

        return sum;
    }

    /// <summary>
    /// A pass-ahead scatter into one array (w, offsets 24 bytes apart) beside a gathered array (x,
    /// offsets 0 and 1); the reverse sweep puts the gathered steps before the pass's scatter. Found in
    /// review: the pass's slice pulled the gathered steps in and the method failed to generate (ADG0010).
    /// </summary>
    [Differentiable]
    public static double GatheredThenAhead(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            double a = w[i] * w[i + 3];
            double b = x[i] * x[i + 1];
            sum += a + b;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double GatheredThenAheadScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 3; i++)
        {
            double a = w[i] * w[i + 3];
            double b = x[i] * x[i + 1];
            sum += a + b;
        }

        return sum;
    }

    /// <summary>First differences written with the header <c>i + 1 &lt; x.Length</c> (vectorized as <c>i &lt; x.Length − 1</c> is).</summary>
    [Differentiable]
    public static double PlusOneHeader(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double d = x[i + 1] - 1.5 * x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static double PlusOneHeaderScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double d = x[i + 1] - 1.5 * x[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Second differences in <c>float</c> with the header <c>2 + i &lt; x.Length</c>.</summary>
    [Differentiable]
    public static float PlusTwoHeaderF(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; 2 + i < x.Length; i++)
        {
            float d = x[i + 2] - 2 * x[i + 1] + x[i];
            sum += d * d;
        }

        return sum;
    }

    [Differentiable(Vectorize = false)]
    public static float PlusTwoHeaderFScalar(ReadOnlySpan<float> x)
    {
        float sum = 0;
        for (int i = 0; 2 + i < x.Length; i++)
        {
            float d = x[i + 2] - 2 * x[i + 1] + x[i];
            sum += d * d;
        }

        return sum;
    }
}
