using System;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>
/// The derivatives of the test functions, written by hand from the mathematics (not from the
/// generated code), each in the layout of the function's <see cref="VecFn"/> vector p.
/// </summary>
public static class ClosedForms
{
    /// <summary>zᵢ = w·Xᵢ + b for the ReLU neuron.</summary>
    public static double[] ReluPreActivations(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, int n)
    {
        int d = w.Length;
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = b;
            for (int j = 0; j < d; j++) z[i] += w[j] * X[i * d + j];
        }

        return z;
    }

    /// <summary>
    /// ∂C/∂w = (2/N) Σ (max(0, zᵢ) − yᵢ)·1[zᵢ &gt; 0]·Xᵢ and ∂C/∂b = (2/N) Σ (max(0, zᵢ) − yᵢ)·1[zᵢ &gt; 0],
    /// as (w₀ … w_{d−1}, b).
    /// </summary>
    public static double[] ReluLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        var z = ReluPreActivations(w, b, X, n);
        var g = new double[d + 1];
        for (int i = 0; i < n; i++)
        {
            double factor = 2.0 / n * (Math.Max(0, z[i]) - y[i]) * (z[i] > 0 ? 1 : 0);
            for (int j = 0; j < d; j++) g[j] += factor * X[i * d + j];
            g[d] += factor;
        }

        return g;
    }

    /// <summary>gᵢ = −2(1 − xᵢ) − 400xᵢ(xᵢ₊₁ − xᵢ²) [i &lt; n−1] + 200(xᵢ − xᵢ₋₁²) [i &gt; 0].</summary>
    public static double[] Rosenbrock(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (i < n - 1) g[i] += -2 * (1 - x[i]) - 400 * x[i] * (x[i + 1] - x[i] * x[i]);
            if (i > 0) g[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
        }

        return g;
    }

    /// <summary>p(x) = Σ cᵢxⁱ: ∂p/∂cᵢ = xⁱ, ∂p/∂x = p'(x) = Σ i·cᵢ·xⁱ⁻¹; as (c₀ … c_{n−1}, x).</summary>
    public static double[] Horner(ReadOnlySpan<double> c, double x)
    {
        int n = c.Length;
        var g = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            g[i] = Math.Pow(x, i);
            if (i > 0) g[n] += i * c[i] * Math.Pow(x, i - 1);
        }

        return g;
    }

    /// <summary>
    /// The iterated map xₜ₊₁ = xₜ − a·sin(xₜ) by the chain rule written out by hand:
    /// ∂xₜ₊₁/∂x₀ = (1 − a·cos xₜ)·∂xₜ/∂x₀, ∂xₜ₊₁/∂a = (1 − a·cos xₜ)·∂xₜ/∂a − sin xₜ; as (x, a).
    /// </summary>
    public static double[] IteratedMap(double x, double a, int k)
    {
        double dx = 1, da = 0;
        for (int t = 0; t < k; t++)
        {
            double factor = 1 - a * Math.Cos(x);
            da = factor * da - Math.Sin(x);
            dx = factor * dx;
            x -= a * Math.Sin(x);
        }

        return new[] { dx, da };
    }

    /// <summary>vₜ₊₁ = vₜ²/2 + c, max(n, 1) times: ∂vₜ₊₁ = vₜ·∂vₜ (+ 1 for c); as (v, c).</summary>
    public static double[] DoWhileRecurrence(double v, double c, int n)
    {
        double dv = 1, dc = 0;
        int k = 0;
        do
        {
            dv = v * dv;
            dc = v * dc + 1;
            v = 0.5 * v * v + c;
            k++;
        }
        while (k < n);

        return new[] { dv, dc };
    }

    /// <summary>
    /// v = x^(1/2^m) after m ≥ 1 square roots (the first with v ≤ 1.5), result v³ = x^(3/2^m):
    /// derivative (3/2^m)·x^(3/2^m − 1).
    /// </summary>
    public static double[] DoWhileSqrtUntilSmall(double x)
    {
        int m = 0;
        double v = x;
        do
        {
            v = Math.Sqrt(v);
            m++;
        }
        while (v > 1.5);

        double e = 3 / Math.Pow(2, m);
        return new[] { e * Math.Pow(x, e - 1) };
    }

    /// <summary>
    /// p_k = Π_{i≤k} xᵢ; the first k with p_k &gt; limit returns p_k·scale (∂/∂xᵢ = scale·p_k/xᵢ for
    /// i ≤ k, ∂/∂scale = p_k); otherwise returns p_{n−1} (∂/∂xᵢ = p/xᵢ, ∂/∂scale = 0). As (x, scale).
    /// </summary>
    public static double[] ProductUntilLimit(ReadOnlySpan<double> x, double scale, double limit)
    {
        int n = x.Length;
        var g = new double[n + 1];
        double p = 1;
        for (int k = 0; k < n; k++)
        {
            p *= x[k];
            if (p > limit)
            {
                for (int i = 0; i <= k; i++) g[i] = scale * Product(x, k, except: i);
                g[n] = p;
                return g;
            }
        }

        for (int i = 0; i < n; i++) g[i] = Product(x, n - 1, except: i);
        return g;
    }

    private static double Product(ReadOnlySpan<double> x, int last, int except)
    {
        double p = 1;
        for (int i = 0; i <= last; i++)
        {
            if (i != except) p *= x[i];
        }

        return p;
    }

    /// <summary>
    /// p₀ = 1, p_l = p_{l−1}·x_{j_l} + 1 over j_l = n−1, n−3, …: ∂p/∂x_{j_l} = p_{l−1}·Π_{l' &gt; l} x_{j_l'};
    /// elements the loop skips have derivative 0.
    /// </summary>
    public static double[] StepDownByTwo(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var g = new double[n];
        var visited = new System.Collections.Generic.List<int>();
        for (int j = n - 1; j >= 0; j -= 2) visited.Add(j);
        double before = 1;
        for (int l = 0; l < visited.Count; l++)
        {
            double after = 1;
            for (int l2 = l + 1; l2 < visited.Count; l2++) after *= x[visited[l2]];
            g[visited[l]] = before * after;
            before = before * x[visited[l]] + 1;
        }

        return g;
    }

    /// <summary>
    /// s = (1−α)^{n−1}x₀ + Σ_{i≥1} α(1−α)^{n−1−i}xᵢ, and ∂s/∂α from Dᵢ = xᵢ − sᵢ₋₁ + (1−α)Dᵢ₋₁; as (x, α).
    /// </summary>
    public static double[] Smoothing(ReadOnlySpan<double> x, double alpha)
    {
        int n = x.Length;
        var g = new double[n + 1];
        g[0] = Math.Pow(1 - alpha, n - 1);
        for (int i = 1; i < n; i++) g[i] = alpha * Math.Pow(1 - alpha, n - 1 - i);
        double s = x[0], dAlpha = 0;
        for (int i = 1; i < n; i++)
        {
            dAlpha = x[i] - s + (1 - alpha) * dAlpha;
            s = alpha * x[i] + (1 - alpha) * s;
        }

        g[n] = dAlpha;
        return g;
    }

    /// <summary>Σ over pairs x₂ₖx₂ₖ₊₁: g₂ₖ = x₂ₖ₊₁, g₂ₖ₊₁ = x₂ₖ, a trailing odd element 0.</summary>
    public static double[] PairProducts(ReadOnlySpan<double> x)
    {
        var g = new double[x.Length];
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            g[i] = x[i + 1];
            g[i + 1] = x[i];
        }

        return g;
    }

    /// <summary>d/dv (sin v · v) = sin v + v cos v.</summary>
    public static double[] ForeachSum(ReadOnlySpan<double> x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++) g[i] = Math.Sin(x[i]) + x[i] * Math.Cos(x[i]);
        return g;
    }

    /// <summary>2xᵢ before the first negative element, 0 from it on.</summary>
    public static double[] SumSquaresUntilNegative(ReadOnlySpan<double> x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length && x[i] >= 0; i++) g[i] = 2 * x[i];
        return g;
    }

    /// <summary>∂/∂xᵢ = y·exp(xᵢ) for xᵢ ≥ 0 (else 0), ∂/∂y = Σ_{xᵢ≥0} exp(xᵢ); as (x, y).</summary>
    public static double[] SumExpSkippingNegative(ReadOnlySpan<double> x, double y)
    {
        int n = x.Length;
        var g = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            if (x[i] < 0) continue;
            g[i] = y * Math.Exp(x[i]);
            g[n] += Math.Exp(x[i]);
        }

        return g;
    }

    /// <summary>∇(xᵀAx) = (A + Aᵀ)x.</summary>
    public static double[] QuadraticForm(ReadOnlySpan<double> x, ReadOnlySpan<double> A)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) g[i] += (A[i * n + j] + A[j * n + i]) * x[j];
        }

        return g;
    }

    /// <summary>m = n/2, s = Σ_{i&lt;m} xᵢx_{m+i}: gᵢ = x_{m+i}, g_{m+i} = xᵢ; a trailing element (odd n) 0.</summary>
    public static double[] HalvesDot(ReadOnlySpan<double> x)
    {
        int m = x.Length / 2;
        var g = new double[x.Length];
        for (int i = 0; i < m; i++)
        {
            g[i] = x[m + i];
            g[m + i] = x[i];
        }

        return g;
    }

    /// <summary>s = Σᵢ (w·Xᵢ)²: ∇ = 2 Σᵢ (w·Xᵢ) Xᵢ.</summary>
    public static double[] RowSlices(ReadOnlySpan<double> w, ReadOnlySpan<double> X)
    {
        int d = w.Length, n = X.Length / d;
        var g = new double[d];
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
            for (int j = 0; j < d; j++) g[j] += 2 * z * X[i * d + j];
        }

        return g;
    }

    /// <summary>cₖ = Σ_{i≤k} xᵢ², s = Σ cₖ²: ∂s/∂xᵢ = 4xᵢ·Σ_{k≥i} cₖ.</summary>
    public static double[] PrefixSquares(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var c = new double[n];
        double running = 0;
        for (int k = 0; k < n; k++) c[k] = running += x[k] * x[k];
        var g = new double[n];
        double tail = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            tail += c[i];
            g[i] = 4 * x[i] * tail;
        }

        return g;
    }

    /// <summary>bₖ = Σ_{i ≡ k (mod m)} xᵢ², s = Σ bₖ²: ∂s/∂xᵢ = 4xᵢ·b_{i mod m}.</summary>
    public static double[] Bins(ReadOnlySpan<double> x, int m)
    {
        var bins = new double[m];
        for (int i = 0; i < x.Length; i++) bins[i % m] += x[i] * x[i];
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++) g[i] = 4 * x[i] * bins[i % m];
        return g;
    }

    /// <summary>s = x·w: ∂/∂x = w, ∂/∂w = x; as (x, w).</summary>
    public static double[] Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        var g = new double[2 * x.Length];
        w.CopyTo(g.AsSpan(0, x.Length));
        x.CopyTo(g.AsSpan(x.Length));
        return g;
    }
}
