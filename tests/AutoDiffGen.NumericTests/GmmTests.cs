using System;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Benchmarks;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// ADBench's GMM objective, <see cref="Gmm.Objective"/> (tests/AutoDiffGen.Benchmarks/Gmm.cs,
/// linked into this project, so these tests check the very method the GMM benchmark runs): its
/// value against an independent implementation (<see cref="GmmReference"/>) and a closed form, its
/// generated gradient against central finite differences, and its generated pullback and
/// pushforward against the gradient.
/// </summary>
public sealed class GmmTests
{
    /// <summary>A problem: inputs drawn from a fixed seed, in ADBench's ranges (its data generator draws uniformly).</summary>
    private sealed record Problem(int D, int K, int N, double[] Alphas, double[] Means, double[] Icf, double[] X, double Gamma, int M)
    {
        public int Active => Alphas.Length + Means.Length + Icf.Length;

        public static Problem Random(int d, int k, int n, int seed, double gamma = 1.0, int m = 0)
        {
            var random = new Random(seed);
            double[] Fill(int length, double lo, double hi) => Enumerable.Range(0, length).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
            return new Problem(d, k, n, Fill(k, -1, 1), Fill(k * d, 0, 1), Fill(k * d * (d + 1) / 2, -0.5, 0.5), Fill(n * d, 0, 1), gamma, m);
        }

        /// <summary>The active inputs as one vector: alphas, then means, then icf.</summary>
        public double[] Pack() => Alphas.Concat(Means).Concat(Icf).ToArray();

        public double Value(double[] p)
            => Gmm.Objective(p.AsSpan(0, K), p.AsSpan(K, K * D), p.AsSpan(K + K * D), X, Gamma, M);

        public double Gradient(double[] gradient)
        {
            return Gmm.ObjectiveGradient(Alphas, Means, Icf, X, Gamma, M,
                gradient.AsSpan(0, K), gradient.AsSpan(K, K * D), gradient.AsSpan(K + K * D));
        }
    }

    public static TheoryData<int, int, int, int, double, int> Sizes => new()
    {
        // d, K, N, seed, γ, m: the sizes of the issue with ADBench's γ = 1, m = 0, and other
        // Wishart parameters (m odd and even: log Γ at integers and at half-integers).
        { 2, 3, 10, 11, 1.0, 0 },
        { 3, 4, 20, 12, 1.0, 0 },
        { 2, 3, 10, 13, 0.7, 3 },
        { 3, 4, 20, 14, 1.3, 2 },
    };

    /// <summary>
    /// The value of <see cref="Gmm.Objective"/> against <see cref="GmmReference"/>, written
    /// independently (full lower-triangular matrices built with a closed-form index, a general
    /// log Γ by Stirling's series). Both compute the same sums of a few hundred terms in different
    /// orders, so they differ by rounding only: at most (number of terms)·ε times the sum of the
    /// magnitudes of the terms, here below 1e-13 of that magnitude; 1e-11 leaves a margin of 100.
    /// d = 4 and 5 are included because from d = 4 on the column-by-column layout of the
    /// off-diagonal entries differs from the row-by-row one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    [InlineData(4, 2, 5, 15, 1.0, 0)]
    [InlineData(5, 3, 7, 16, 0.9, 1)]
    public void ValueMatchesAnIndependentImplementation(int d, int k, int n, int seed, double gamma, int m)
    {
        var problem = Problem.Random(d, k, n, seed, gamma, m);
        var reference = GmmReference.Evaluate(d, problem.Alphas, problem.Means, problem.Icf, problem.X, gamma, m);
        double value = problem.Value(problem.Pack());
        Close(reference.Error, value, 1e-11 * reference.Magnitude, "value");

        // Every generated member returns the value too.
        Assert.Equal(value, problem.Gradient(new double[problem.Active]));
    }

    /// <summary>
    /// A closed form by hand: one component (so both log-sum-exps are single terms), one point,
    /// d = 2, γ = 1, m = 0. Then err = −log 2π + q₀ + q₁ − ½‖L(x − μ)‖² + ½(e^{2q₀} + e^{2q₁} + l²) − C
    /// with L = [[e^{q₀}, 0], [l, e^{q₁}]], n′ = 3 and C = n′·2·(log 1 − ½ log 2) − log Γ₂(3/2)
    /// = −3 log 2 − log(π/2) (Γ₂(3/2) = π^{1/2}·Γ(3/2)·Γ(1) = π/2). The same at m = 1 (n′ = 4,
    /// C = −4 log 2 − log Γ₂(2) = −4 log 2 − log(π^{1/2}·Γ(2)·Γ(3/2)) = −4 log 2 − log(π/2), and the
    /// prior gains −m(q₀ + q₁)).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ValueMatchesAClosedFormForOneComponent(int m)
    {
        double alpha = 0.3, q0 = 0.2, q1 = -0.4, l = 0.7;
        double[] mu = { 0.1, 0.5 }, x = { 0.9, -0.2 };
        double u0 = x[0] - mu[0], u1 = x[1] - mu[1];
        double lu0 = Math.Exp(q0) * u0, lu1 = l * u0 + Math.Exp(q1) * u1;
        double c = m == 0 ? -3 * Math.Log(2) - Math.Log(Math.PI / 2) : -4 * Math.Log(2) - Math.Log(Math.PI / 2);
        double expected = -Math.Log(2 * Math.PI) + q0 + q1 - 0.5 * (lu0 * lu0 + lu1 * lu1)
                          + 0.5 * (Math.Exp(2 * q0) + Math.Exp(2 * q1) + l * l) - m * (q0 + q1) - c;
        double value = Gmm.Objective(new[] { alpha }, mu, new[] { q0, q1, l }, x, 1.0, m);
        // Terms of magnitude ≤ 2, a dozen roundings each way: a few ulps of 2; 1e-13 is ~100 ulps.
        Close(expected, value, 1e-13, "value");
    }

    /// <summary>
    /// The generated gradient against central finite differences of the objective, every
    /// component. The step is GradientCheck's h = ε^(1/3)·max(1, |p|) ≈ 6.1e-6 (|p| ≤ 1 here). The
    /// truncation error of a central difference is h²/6·|f‴| ≈ 6e-12·|f‴|; the third derivatives
    /// are largest for the log-diagonal entries q, where f has terms e^{2q}·(½‖x − μ‖² per point +
    /// ½γ²), so |f‴| ≲ 8·e·(N·d/2 + 1) ≲ 700 at N = 20, d = 3: below 5e-9. The rounding error is
    /// about ε·|f|/h ≈ 3.7e-11·|f|, with |f| ≲ 200: below 1e-8. So an error above 1e-6·max(1, |∂f|)
    /// (a margin of ~50) is a wrong derivative, not the estimate's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void GradientMatchesFiniteDifferences(int d, int k, int n, int seed, double gamma, int m)
    {
        var problem = Problem.Random(d, k, n, seed, gamma, m);
        double[] p = problem.Pack();
        var gradient = new double[p.Length];
        problem.Gradient(gradient);
        var estimate = new double[p.Length];
        GradientCheck.Gradient(problem.Value, p, estimate);
        Assert.True(Math.Abs(problem.Value(p)) < 200, "|f| is within the bound the tolerance assumes");
        for (int i = 0; i < p.Length; i++)
        {
            Close(estimate[i], gradient[i], 1e-6 * Math.Max(1, Math.Abs(estimate[i])), $"∂f/∂p[{i}] ({Name(problem, i)})");
        }
    }

    /// <summary>
    /// The pullback with seed s, added onto non-zero adjoints, gives initial + s·gradient. The two
    /// sweeps do the same operations with every adjoint scaled by s, so they differ by rounding
    /// only: each component is a sum of at most N·K·d(d+1) contributions (≤ 1,000 here), each
    /// bounded by the largest partial, so the difference is below 1,000·ε·|s|·‖∇f‖∞ ≈ 2e-13·|s|·‖∇f‖∞;
    /// 1e-11 leaves a margin of 50.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void PullbackWithASeedAddsSeedTimesGradient(int d, int k, int n, int seed, double gamma, int m)
    {
        var problem = Problem.Random(d, k, n, seed, gamma, m);
        var gradient = new double[problem.Active];
        double value = problem.Gradient(gradient);
        double norm = gradient.Max(Math.Abs);

        var random = new Random(seed + 100);
        double[] initial = Enumerable.Range(0, problem.Active).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var adjoints = (double[])initial.Clone();
        const double s = -2.5;
        int a = problem.K, mu = problem.K * problem.D;
        double returned = Gmm.ObjectivePullback(problem.Alphas, problem.Means, problem.Icf, problem.X, problem.Gamma, problem.M, s,
            adjoints.AsSpan(0, a), adjoints.AsSpan(a, mu), adjoints.AsSpan(a + mu));
        Assert.Equal(value, returned);
        for (int i = 0; i < adjoints.Length; i++)
        {
            Close(initial[i] + s * gradient[i], adjoints[i], 1e-11 * Math.Abs(s) * Math.Max(1, norm), $"adjoint {i} ({Name(problem, i)})");
        }
    }

    /// <summary>
    /// The pushforward along a random direction v is ∇f·v. Forward mode computes it in another
    /// order than the reverse sweep plus the dot product; both are sums of at most a few thousand
    /// products, each bounded by ‖∇f‖∞·|v|∞ or by the objective's terms times |v|∞ (|f| ≲ 200 and
    /// terms of the same size), so the difference is below ~5,000·ε·(Σ|∂ᵢf·vᵢ| + 200) ≈ 1e-12·…;
    /// 1e-10 of that scale leaves a margin of 100.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void PushforwardAlongADirectionIsGradientDotDirection(int d, int k, int n, int seed, double gamma, int m)
    {
        var problem = Problem.Random(d, k, n, seed, gamma, m);
        var gradient = new double[problem.Active];
        double value = problem.Gradient(gradient);

        var random = new Random(seed + 200);
        double[] v = Enumerable.Range(0, problem.Active).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int a = problem.K, mu = problem.K * problem.D;
        double returned = Gmm.ObjectivePushforward(problem.Alphas, problem.Means, problem.Icf, problem.X, problem.Gamma, problem.M,
            v.AsSpan(0, a), v.AsSpan(a, mu), v.AsSpan(a + mu), out double tangent);
        Assert.Equal(value, returned);

        double dot = 0, magnitude = 0;
        for (int i = 0; i < v.Length; i++)
        {
            dot += gradient[i] * v[i];
            magnitude += Math.Abs(gradient[i] * v[i]);
        }

        Close(dot, tangent, 1e-10 * (magnitude + 200), "pushforward");

        // And it is the directional derivative: a central difference along v (the step and the
        // error bound of GradientMatchesFiniteDifferences, times |v|₁ ≤ Active for the sum).
        double h = GradientCheck.DefaultStep(1.0);
        double[] p = problem.Pack();
        double fUp = problem.Value(p.Zip(v, (pi, vi) => pi + h * vi).ToArray());
        double fDown = problem.Value(p.Zip(v, (pi, vi) => pi - h * vi).ToArray());
        Close((fUp - fDown) / (2 * h), tangent, 1e-6 * Math.Max(1, magnitude), "pushforward against a central difference along v");
    }

    /// <summary>Wrong lengths are reported by the method's own guard, in every member.</summary>
    [Fact]
    public void InconsistentLengthsThrow()
    {
        var problem = Problem.Random(2, 3, 4, 17);
        var icf = problem.Icf.AsSpan(1).ToArray();
        var e = Assert.Throws<ArgumentException>(() => Gmm.Objective(problem.Alphas, problem.Means, icf, problem.X, 1, 0));
        Assert.Equal("icf", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gmm.ObjectiveGradient(problem.Alphas, problem.Means, icf, problem.X, 1, 0, new double[3], new double[6], new double[icf.Length]));
        Assert.Equal("icf", e.ParamName);
    }

    private static string Name(Problem problem, int i)
    {
        int a = problem.K, mu = problem.K * problem.D;
        return i < a ? $"alphas[{i}]" : i < a + mu ? $"means[{i - a}]" : $"icf[{i - a - mu}]";
    }

    private static void Close(double expected, double actual, double allowed, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= allowed, string.Format(CultureInfo.InvariantCulture, "{0}: expected {1:R}, got {2:R} (|error| = {3:E2}, allowed {4:E2})", what, expected, actual, error, allowed));
    }
}

/// <summary>
/// An independent, plain C# implementation of ADBench's GMM objective, written from the
/// definition (Srajer, Kukelova, Fitzgibbon 2018, section on GMM fitting, and ADBench's
/// <c>gmm.h</c> for the parametrisation) with separate helpers, as ADBench's C++ is organised,
/// but with full matrices: each component's Q_k is built as a d×d lower-triangular matrix (the
/// position of an off-diagonal entry in <c>icf</c> from a closed-form index, not from a running
/// counter), Q_k(x − μ_k) is a full matrix-vector product, log det Q_k is the sum of the logs of
/// its diagonal, and log Γ is Stirling's series.
/// </summary>
internal static class GmmReference
{
    /// <summary>The objective and the terms it is the sum of.</summary>
    internal readonly record struct Terms(double Constant, double DataTerm, double AlphaTerm, double Prior)
    {
        public double Error => Constant + DataTerm - AlphaTerm + Prior;

        /// <summary>The sum of the magnitudes of the terms: the scale of rounding errors.</summary>
        public double Magnitude => Math.Abs(Constant) + Math.Abs(DataTerm) + Math.Abs(AlphaTerm) + Math.Abs(Prior);
    }

    public static Terms Evaluate(int d, double[] alphas, double[] means, double[] icf, double[] x, double gamma, int m)
    {
        int k = alphas.Length, n = x.Length / d;
        var q = new double[k][,];
        for (int c = 0; c < k; c++)
        {
            q[c] = LowerTriangular(icf, c, d);
        }

        double dataTerm = 0;
        var perComponent = new double[k];
        for (int i = 0; i < n; i++)
        {
            double[] point = x.Skip(i * d).Take(d).ToArray();
            for (int c = 0; c < k; c++)
            {
                double[] centered = Subtract(point, means.Skip(c * d).Take(d).ToArray());
                double[] mahalanobis = MatVec(q[c], centered);
                perComponent[c] = alphas[c] + LogDet(q[c]) - 0.5 * Dot(mahalanobis, mahalanobis);
            }

            dataTerm += LogSumExp(perComponent);
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        double alphaTerm = n * LogSumExp(alphas);
        return new Terms(constant, dataTerm, alphaTerm, LogWishartPrior(q, d, gamma, m));
    }

    /// <summary>
    /// Q for component c: diag(exp(icf[c·s + i])), and below the diagonal the entries stored column
    /// by column after the d log-diagonal ones: column i holds rows i+1 … d−1, and the columns
    /// before it hold (d−1) + (d−2) + … + (d−i) = i(d−1) − i(i−1)/2 entries.
    /// </summary>
    private static double[,] LowerTriangular(double[] icf, int c, int d)
    {
        int size = d * (d + 1) / 2, offset = c * size;
        var q = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            q[i, i] = Math.Exp(icf[offset + i]);
            int column = offset + d + i * (d - 1) - i * (i - 1) / 2;
            for (int row = i + 1; row < d; row++)
            {
                q[row, i] = icf[column + row - i - 1];
            }
        }

        return q;
    }

    /// <summary>log p(Q) of the Wishart prior: Σ_k ½γ²‖Q_k‖²_F − m·log det Q_k − K·C.</summary>
    private static double LogWishartPrior(double[][,] q, int d, double gamma, int m)
    {
        int nPrime = d + m + 1;
        double c = nPrime * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * nPrime, d);
        double sum = 0;
        foreach (var qk in q)
        {
            sum += 0.5 * gamma * gamma * FrobeniusSquared(qk) - m * LogDet(qk);
        }

        return sum - q.Length * c;
    }

    private static double LogMultivariateGamma(double a, int p)
    {
        double sum = p * (p - 1) / 4.0 * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            sum += LogGamma(a + (1 - j) / 2.0);
        }

        return sum;
    }

    /// <summary>
    /// log Γ(x) for x &gt; 0: shifted to x + 10 by Γ(x + 1) = xΓ(x), then Stirling's series
    /// (x − ½) log x − x + ½ log 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷), whose next term,
    /// 1/(1188x⁹) &lt; 1e-12 for x ≥ 10, is far below the tolerances that use it.
    /// </summary>
    private static double LogGamma(double x)
    {
        double shift = 0;
        while (x < 10)
        {
            shift += Math.Log(x);
            x += 1;
        }

        double x2 = x * x;
        double series = 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + series - shift;
    }

    private static double LogSumExp(double[] v)
    {
        double max = v.Max();
        return max + Math.Log(v.Sum(e => Math.Exp(e - max)));
    }

    private static double LogDet(double[,] lower)
    {
        double sum = 0;
        for (int i = 0; i < lower.GetLength(0); i++)
        {
            sum += Math.Log(lower[i, i]);
        }

        return sum;
    }

    private static double FrobeniusSquared(double[,] a)
    {
        double sum = 0;
        foreach (double e in a)
        {
            sum += e * e;
        }

        return sum;
    }

    private static double[] Subtract(double[] a, double[] b) => a.Zip(b, (u, v) => u - v).ToArray();

    private static double[] MatVec(double[,] a, double[] v)
    {
        var r = new double[a.GetLength(0)];
        for (int i = 0; i < r.Length; i++)
        {
            for (int j = 0; j < v.Length; j++)
            {
                r[i] += a[i, j] * v[j];
            }
        }

        return r;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();
}
