using System;

namespace AutoDiffGen.Samples.MatrixCalculus;

/// <summary>
/// The classic results of matrix calculus, written as ordinary C#. For a method returning a
/// <c>double</c>, AutoDiffGen generates <c>MGradient</c>; for a method returning a tuple of
/// doubles or writing <c>Span&lt;double&gt;</c> outputs (a vector-valued function), it generates
/// <c>MJacobian</c>, which fills a caller's buffer with the m×n Jacobian, row-major. Both also get <c>MPushforward</c> (J·v) and
/// <c>MPullback</c> (adds sᵀJ).
/// </summary>
/// <remarks>
/// Numerator layout (the default) writes row k = the gradient of output k; denominator layout,
/// chosen per method with <c>[Differentiable(Layout = JacobianLayout.Denominator)]</c>, writes
/// the transpose. So each vector function appears twice below, once per layout, with the same
/// body. The generated code is under obj/…/generated (this project sets
/// <c>EmitCompilerGeneratedFiles</c>).
/// </remarks>
public static partial class Classics
{
    /// <summary>f(x, y) = 3x²y; ∇f = [6xy, 3x²].</summary>
    [Differentiable]
    public static double F(double x, double y) => 3 * x * x * y;

    /// <summary>[3x²y, 2x + y⁸]; J = [[6xy, 3x²], [2, 8y⁷]].</summary>
    [Differentiable]
    public static (double f, double g) FG(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));

    /// <inheritdoc cref="FG"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double f, double g) FGDenominator(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));

    /// <summary>The identity (x, y) → (x, y); J = I.</summary>
    [Differentiable]
    public static (double, double) Identity(double x, double y) => (x, y);

    /// <inheritdoc cref="Identity"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) IdentityDenominator(double x, double y) => (x, y);

    /// <summary>w + x for 2-vectors w = (w1, w2), x = (x1, x2); J = [I | I].</summary>
    [Differentiable]
    public static (double, double) Sum(double w1, double w2, double x1, double x2) => (w1 + x1, w2 + x2);

    /// <inheritdoc cref="Sum"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) SumDenominator(double w1, double w2, double x1, double x2) => (w1 + x1, w2 + x2);

    /// <summary>The element-wise product w ⊙ x of 2-vectors; J = [diag(x) | diag(w)].</summary>
    [Differentiable]
    public static (double, double) ElementwiseProduct(double w1, double w2, double x1, double x2) => (w1 * x1, w2 * x2);

    /// <inheritdoc cref="ElementwiseProduct"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) ElementwiseProductDenominator(double w1, double w2, double x1, double x2) => (w1 * x1, w2 * x2);

    /// <summary>The identity on n-vectors, written into a span output; J = I (n×n).</summary>
    [Differentiable]
    public static void IdentityN(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i];
        }
    }

    /// <inheritdoc cref="IdentityN"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static void IdentityNDenominator(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i];
        }
    }

    /// <summary>y = w + x for n-vectors; J = [I | I] (n×2n).</summary>
    [Differentiable]
    public static void Add(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] + x[i];
        }
    }

    /// <inheritdoc cref="Add"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static void AddDenominator(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] + x[i];
        }
    }

    /// <summary>y = w ⊙ x (element-wise) for n-vectors; J = [diag(x) | diag(w)] (n×2n).</summary>
    [Differentiable]
    public static void Mul(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] * x[i];
        }
    }

    /// <inheritdoc cref="Mul"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static void MulDenominator(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = w[i] * x[i];
        }
    }

    /// <summary>sum(x) over an array; ∇ = 1ᵀ.</summary>
    [Differentiable]
    public static double SumOf(double[] x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v;
        }

        return s;
    }

    /// <summary>The vector chain rule: [ln x², sin 3x]; J = [2/x, 3 cos 3x] (one column).</summary>
    [Differentiable]
    public static (double, double) ChainRule(double x) => (Math.Log(x * x), Math.Sin(3 * x));

    /// <inheritdoc cref="ChainRule"/>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) ChainRuleDenominator(double x) => (Math.Log(x * x), Math.Sin(3 * x));

    /// <summary>The inner map of the composed chain rule: x ↦ (x², 3x); J = [2x, 3].</summary>
    [Differentiable]
    public static (double u, double v) Inner(double x) => (x * x, 3 * x);

    /// <summary>The outer map: (u, v) ↦ (ln u, sin v); J = diag(1/u, cos v).</summary>
    [Differentiable]
    public static (double, double) Outer(double u, double v) => (Math.Log(u), Math.Sin(v));

    /// <summary>
    /// The same [ln x², sin 3x] as the composition Outer ∘ Inner of two vector methods: its Jacobian
    /// is J_Outer·J_Inner = [1/x² · 2x, cos 3x · 3] = [2/x, 3 cos 3x], each call composing through the
    /// callee's pushforward or pullback.
    /// </summary>
    [Differentiable]
    public static (double, double) ChainRuleComposed(double x)
    {
        var (u, v) = Inner(x);
        return Outer(u, v);
    }

    /// <summary>
    /// The squared loss of a ReLU neuron on one sample (x, y): L(w, b) = (y − max(0, w·x + b))².
    /// Where z = w·x + b &gt; 0: ∇_w L = −2(y − z)·x and ∂L/∂b = −2(y − z); where z &lt; 0 both are 0.
    /// </summary>
    [Differentiable]
    public static double NeuronLoss(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        double z = b;
        for (int j = 0; j < w.Length; j++)
        {
            z += w[j] * x[j];
        }

        double r = y - Math.Max(0, z);
        return r * r;
    }
}
