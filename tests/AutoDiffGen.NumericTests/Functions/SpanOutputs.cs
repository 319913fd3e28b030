using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Vector-valued methods with <c>Span&lt;T&gt;</c> outputs (SpanOutputTests.cs): the element-wise
/// classics (identity, w + x, w ⊗ x, scaling, x·eˣ), a dense layer, reductions, outputs read back
/// and overwritten, outputs written through slices, a real or a tuple returned beside the spans,
/// two span outputs, branches with early returns, and float.
/// </summary>
public static partial class SpanOutputs
{
    // ---- Element-wise classics ----

    /// <summary>y = x: J = I.</summary>
    [Differentiable]
    public static void Identity(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i];
        }
    }

    /// <summary>y = w + x: J = [I | I].</summary>
    [Differentiable]
    public static void Add(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] + x[i];
        }
    }

    /// <summary>
    /// y₀ = x₀w₀, yᵢ = xᵢ(1 + y₀) + wᵢ: the output read through an alias while the loop writes it
    /// (finding 63: the reverse strategy took the loop for a reduction).
    /// </summary>
    [Differentiable]
    public static void OutputReadThroughAlias(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> y)
    {
        Span<double> z = y;
        y[0] = x[0] * w[0];
        for (int i = 1; i < y.Length; i++)
        {
            y[i] = x[i] * (1 + z[0]) + w[i];
        }
    }

    /// <summary>y₀ = x₀, yᵢ₊₁ = yᵢ + xᵢ₊₁wᵢ written through y.Slice(1): a recurrence through a view (finding 63).</summary>
    [Differentiable]
    public static void OutputRecurrenceThroughSlice(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> y)
    {
        var t = y.Slice(1);
        y[0] = x[0];
        for (int i = 0; i + 1 < y.Length; i++)
        {
            t[i] = y[i] + x[i + 1] * w[i];
        }
    }

    /// <summary>y = w ⊗ x (element-wise): J = [diag(x) | diag(w)], here transposed (the example).</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static void Mul(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] * x[i];
        }
    }

    /// <summary>The same as <see cref="Mul"/>, numerator layout.</summary>
    [Differentiable]
    public static void MulNumerator(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] * x[i];
        }
    }

    /// <summary>y = a·x (a scalar input beside an array): J = [x | a·I].</summary>
    [Differentiable]
    public static void Scale(double a, double[] x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = a * x[i];
        }
    }

    /// <summary>yᵢ = xᵢ·e^xᵢ: J = diag((1 + xᵢ)e^xᵢ) (the benchmark's function).</summary>
    [Differentiable]
    public static void ExpTimes(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * Math.Exp(x[i]);
        }
    }

    // ---- Dense maps ----

    /// <summary>y = tanh(W x + b), W row-major (y.Length × x.Length): ∂yᵢ/∂Wᵢⱼ = (1 − yᵢ²)xⱼ, ∂yᵢ/∂xⱼ = (1 − yᵢ²)Wᵢⱼ, ∂yᵢ/∂bᵢ = 1 − yᵢ².</summary>
    [Differentiable]
    public static void Layer(ReadOnlySpan<double> W, ReadOnlySpan<double> x, ReadOnlySpan<double> b, Span<double> y)
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

    /// <summary>Running sums: yᵢ = Σ_{k≤i} xₖ, J lower-triangular ones.</summary>
    [Differentiable]
    public static void CumulativeSum(ReadOnlySpan<double> x, Span<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
            y[i] = s;
        }
    }

    /// <summary>Running products that read the output back: y₀ = x₀, yᵢ = yᵢ₋₁·xᵢ.</summary>
    [Differentiable]
    public static void CumulativeProduct(ReadOnlySpan<double> x, Span<double> y)
    {
        y[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            y[i] = y[i - 1] * x[i];
        }
    }

    /// <summary>An output element written, read, and overwritten: y₀ = x₀² + x₁, y₁ = sin(y₀)·x₀.</summary>
    [Differentiable]
    public static void Overwrite(double x0, double x1, Span<double> y)
    {
        y[0] = x0;
        y[0] = y[0] * y[0] + x1;
        y[1] = Math.Sin(y[0]);
        y[1] *= x0;
    }

    /// <summary>The vector chain rule [ln x², sin 3x]' = [2/x, 3 cos 3x].</summary>
    [Differentiable]
    public static void Chain(double x, Span<double> y)
    {
        y[0] = Math.Log(x * x);
        y[1] = Math.Sin(3 * x);
    }

    /// <summary>Writes only y₀ (= x²): the other elements keep the caller's values, whose derivatives are zero.</summary>
    [Differentiable]
    public static void WritesOnlyTheFirst(double x, Span<double> y) => y[0] = x * x;

    /// <summary>Writes through a view: y₀ = x₀x₁ and the tail y[1..] = 2·x[1..] through <c>y.Slice(1)</c>.</summary>
    [Differentiable]
    public static void ThroughSlice(ReadOnlySpan<double> x, Span<double> y)
    {
        var tail = y.Slice(1);
        for (int i = 0; i < tail.Length; i++)
        {
            tail[i] = 2 * x[i + 1];
        }

        y[0] = x[0] * x[1];
    }

    // ---- Returned values beside span outputs ----

    /// <summary>Returns Σx and writes y = a·x: rows are the sum, then y.</summary>
    [Differentiable]
    public static double SumAndScale(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = a * x[i];
            s += x[i];
        }

        return s;
    }

    /// <summary>Returns a·Σx and writes yᵢ = xᵢxᵢ₊₁ for y one shorter than x: more inputs than outputs (reverse mode).</summary>
    [Differentiable]
    public static double WeightedTail(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i] * x[i + 1];
        }

        return a * s;
    }

    /// <summary>Returns (‖x‖, mean x) and writes the normalized vector y = x / ‖x‖: rows are (norm, mean), then y.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double norm, double mean) Normalize(ReadOnlySpan<double> x, Span<double> y)
    {
        double ss = 0, s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            ss += x[i] * x[i];
            s += x[i];
        }

        double norm = Math.Sqrt(ss);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] / norm;
        }

        return (norm, s / x.Length);
    }

    /// <summary>Two span outputs: a = x², b = x + c (c a scalar): rows are a, then b.</summary>
    [Differentiable]
    public static void TwoOutputs(ReadOnlySpan<double> x, double c, Span<double> a, Span<double> b)
    {
        for (int i = 0; i < x.Length; i++)
        {
            a[i] = x[i] * x[i];
            b[i] = x[i] + c;
        }
    }

    /// <summary>Branches and an early return: for x₀ &lt; 0 only y₀ = −x₀ is written (y₁ = 0); else y = (x₀², x₀x₁).</summary>
    [Differentiable]
    public static void Branchy(double x0, double x1, Span<double> y)
    {
        if (x0 < 0)
        {
            y[0] = -x0;
            y[1] = 0;
            return;
        }

        y[0] = x0 * x0;
        y[1] = x0 * x1;
    }

    /// <summary>Float: yᵢ = xᵢ·s + sin xᵢ.</summary>
    [Differentiable]
    public static void SingleScaleSin(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * s + MathF.Sin(x[i]);
        }
    }

    /// <summary>An inactive [NoDerivative] span beside the output: yᵢ = dᵢ·xᵢ².</summary>
    [Differentiable]
    public static void WithData(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> d, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = d[i] * x[i] * x[i];
        }
    }

    // ---- Compressed (element-wise) and near misses: each is right, whichever strategy it gets ----

    /// <summary>Leaky ReLU, a branch per element: compressed.</summary>
    [Differentiable]
    public static void LeakyRelu(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : 0.1 * x[i];
        }
    }

    /// <summary>yᵢ += xᵢ² on top of the caller's values, then read back: compressed (the caller's values have derivative zero).</summary>
    [Differentiable]
    public static void AccumulateInto(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += x[i] * x[i];
            y[i] *= 1.5;
        }
    }

    /// <summary>The same as <see cref="Add"/> written through an alias of the output: not proved element-wise, so dense.</summary>
    [Differentiable]
    public static void AddDense(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        var alias = y;
        for (int i = 0; i < alias.Length; i++)
        {
            alias[i] = w[i] + x[i];
        }
    }

    /// <summary>The same as <see cref="ExpTimes"/> running backwards: dense.</summary>
    [Differentiable]
    public static void ExpTimesDense(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = x.Length - 1; i >= 0; i--)
        {
            y[i] = x[i] * Math.Exp(x[i]);
        }
    }

    /// <summary>yᵢ = xᵢ·x₍ᵢ₊₁₎ mod n: a neighbour read, dense (a compressed sweep would be wrong).</summary>
    [Differentiable]
    public static void Rotated(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * x[(i + 1) % x.Length];
        }
    }

    /// <summary>A second counter j that runs with i but is a different variable: y[j] = x[i]·x[j], dense.</summary>
    [Differentiable]
    public static void TwoCounters(ReadOnlySpan<double> x, Span<double> y)
    {
        int j = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[j] = x[i] * x[j];
            j++;
        }
    }

    /// <summary>The counter stepped twice in the body: yᵢ = xᵢ·x₍ᵢ₊₁₎ for even i, dense.</summary>
    [Differentiable]
    public static void SkipsAhead(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i + 1 < x.Length; i++)
        {
            y[i] = x[i];
            i++;
            y[i] = x[i] * y[i - 1];
        }
    }

    /// <summary>An active value carried across iterations: yᵢ = xᵢ·xᵢ₋₁ through a local, dense.</summary>
    [Differentiable]
    public static void CarriesPrevious(ReadOnlySpan<double> x, Span<double> y)
    {
        double previous = 1;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * previous;
            previous = x[i];
        }
    }

    /// <summary>An active value computed before the loop: yᵢ = xᵢ·x₀, dense.</summary>
    [Differentiable]
    public static void ScaledByFirst(ReadOnlySpan<double> x, Span<double> y)
    {
        double first = x[0];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * first;
        }
    }

    /// <summary>A store after the loop: y₀ overwritten by Σ-free x₁·x₀ after an element-wise loop, dense.</summary>
    [Differentiable]
    public static void FixesUpAfter(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * x[i];
        }

        y[0] = x[1] * x[0];
    }

    /// <summary>
    /// The same with the bound in a local: the loop is a reduction run again in the reverse sweep,
    /// which must not store into y again after y[0] was fixed up (the pullback returned y₀ = x₀²).
    /// </summary>
    [Differentiable]
    public static void FixesUpAfterHoisted(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i] * x[i];
        }

        y[0] = x[1] * x[0];
    }

    // ---- Outputs read before they are written: each sweep of a Jacobian starts from the caller's values ----

    /// <summary>yᵢ *= xᵢ, counting down (dense): ∂yᵢ/∂xᵢ is the caller's yᵢ (new-user trial, repro 1).</summary>
    [Differentiable]
    public static void ScaleInPlace(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = x.Length - 1; i >= 0; i--)
        {
            y[i] *= x[i];
        }
    }

    /// <summary>yᵢ = yᵢ·xᵢ + wᵢ (compressed, two arrays): ∂yᵢ/∂xᵢ is the caller's yᵢ (new-user trial, repro 2).</summary>
    [Differentiable]
    public static void AffineInPlace(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = y[i] * x[i] + w[i];
        }
    }

    /// <summary>Scalars only: y₀ = y₀·a + b, y₁ = y₀·b, returns y₁ + y₀.</summary>
    [Differentiable]
    public static double ScalarsInPlace(double a, double b, Span<double> y)
    {
        y[0] = y[0] * a + b;
        y[1] = y[0] * b;
        return y[1] + y[0];
    }

    /// <summary>y = tanh(W·x) for a row-major W of y.Length × x.Length, writing every element of y first.</summary>
    [Differentiable]
    public static void LayerInto(ReadOnlySpan<double> W, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int r = 0; r < y.Length; r++)
        {
            double a = 0;
            for (int c = 0; c < x.Length; c++)
            {
                a += W[r * x.Length + c] * x[c];
            }

            y[r] = Math.Tanh(a);
        }
    }

    /// <summary>Two 2×2 layers of p (8 values) over a constant input, the second written into the output itself.</summary>
    [Differentiable]
    public static void TwoLayers(ReadOnlySpan<double> p, Span<double> y)
    {
        ReadOnlySpan<double> x = [0.5, -1.5];
        var first = p.Slice(0, 4);
        var second = p.Slice(4, 4);
        Span<double> h = stackalloc double[2];
        LayerInto(first, x, h);
        LayerInto(second, h, y);
    }

    /// <summary>
    /// The output written and read (also its caller's value, y₁), then overwritten whole by a layer
    /// whose input is made from what was read: the old values' adjoints come only through that input.
    /// </summary>
    [Differentiable]
    public static void OutputReadThenOverwritten(ReadOnlySpan<double> p, Span<double> y)
    {
        y[0] = p[0] * 3;
        double a = y[0] * y[1];
        Span<double> h = stackalloc double[2];
        h[0] = a;
        h[1] = p[1] - y[0];
        var layer = p.Slice(4, 4);
        LayerInto(layer, h, y);
    }
}

