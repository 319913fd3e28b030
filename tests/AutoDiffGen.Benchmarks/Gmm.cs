using System;
using AutoDiffGen;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The Gaussian mixture model objective of ADBench (Srajer, Kukelova, Fitzgibbon 2018, "A
/// benchmark of selected algorithmic differentiation tools on some problems in computer vision and
/// machine learning"; the C++ reference is <c>gmm_objective</c> in ADBench's
/// <c>src/cpp/shared/gmm.h</c>), written as one <c>[Differentiable]</c> method. This file is also
/// compiled into tests/AutoDiffGen.NumericTests (linked), where its gradient is checked.
/// </summary>
public static partial class Gmm
{
    /// <summary>
    /// ADBench's GMM objective (its <c>err</c>): a data term over the points and a Wishart-prior term
    /// on the inverse covariance factors, with ADBench's signs and constants exactly,
    /// <c>err = CONSTANT + Σᵢ logsumexp_k(α_k + Σ log diag Q_k − ½‖Q_k (x_i − μ_k)‖²) − n·logsumexp(α) + prior</c>,
    /// where <c>CONSTANT = −n·d·½·log 2π</c> and
    /// <c>prior = Σ_k (½γ²‖Q_k‖²_F − m·Σ log diag Q_k) − K·C</c>,
    /// <c>C = n′·d·(log γ − ½ log 2) − log Γ_d(n′/2)</c>, <c>n′ = d + m + 1</c>
    /// (ADBench's <c>gmm_objective</c>, <c>log_wishart_prior</c>, <c>preprocess_qs</c>,
    /// <c>Qtimesx</c> and <c>logsumexp</c>, inlined into one method).
    /// </summary>
    /// <param name="alphas">K unnormalized log mixture weights.</param>
    /// <param name="means">K·d component means, component after component.</param>
    /// <param name="icf">
    /// K·d(d+1)/2 inverse covariance factors: per component, the d logs of the diagonal of the
    /// lower-triangular Q_k, then its strictly lower triangular entries column by column (ADBench's
    /// layout, as its <c>Qtimesx</c> reads them).
    /// </param>
    /// <param name="x">N·d data points, point after point.</param>
    /// <param name="wishartGamma">The Wishart prior's γ.</param>
    /// <param name="wishartM">The Wishart prior's m.</param>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
                                   [NoDerivative] ReadOnlySpan<double> x,
                                   [NoDerivative] double wishartGamma, [NoDerivative] int wishartM)
    {
        int k = alphas.Length;
        if (k == 0 || means.Length % k != 0)
        {
            throw new ArgumentException("means must hold K·d values for K = alphas.Length.", nameof(means));
        }

        int d = means.Length / k;
        int icfSize = d * (d + 1) / 2;
        if (d == 0 || icf.Length != k * icfSize || x.Length % d != 0)
        {
            throw new ArgumentException("icf must hold K·d(d+1)/2 values and x N·d values.", nameof(icf));
        }

        int n = x.Length / d;
        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);

        // preprocess_qs: sum_qs[k] = Σ_d icf (the log-diagonal), Qdiags = exp of it.
        Span<double> qdiags = stackalloc double[d * k];
        Span<double> sumQs = stackalloc double[k];
        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQs[ik] += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
        }

        // Scratch buffers, reused for every point (stackalloc inside the loop is ADG0005 and CA2014).
        Span<double> xcentered = stackalloc double[d];
        Span<double> qxcentered = stackalloc double[d];
        Span<double> mainTerm = stackalloc double[k];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                // subtract, then Qtimesx: Q_k (x_i − μ_k) with Q_k's diagonal and its strictly lower triangle.
                for (int id = 0; id < d; id++)
                {
                    xcentered[id] = x[ix * d + id] - means[ik * d + id];
                }

                for (int id = 0; id < d; id++)
                {
                    qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
                }

                int lparams = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qxcentered[j] += icf[lparams] * xcentered[i];
                        lparams++;
                    }
                }

                double sqnorm = 0;
                for (int id = 0; id < d; id++)
                {
                    sqnorm += qxcentered[id] * qxcentered[id];
                }

                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sqnorm;
            }

            // logsumexp(main_term), the maximum subtracted.
            double mx = mainTerm[0];
            for (int ik = 1; ik < k; ik++)
            {
                mx = Math.Max(mx, mainTerm[ik]);
            }

            double semx = 0;
            for (int ik = 0; ik < k; ik++)
            {
                semx += Math.Exp(mainTerm[ik] - mx);
            }

            slse += Math.Log(semx) + mx;
        }

        // logsumexp(alphas).
        double amax = alphas[0];
        for (int ik = 1; ik < k; ik++)
        {
            amax = Math.Max(amax, alphas[ik]);
        }

        double asum = 0;
        for (int ik = 0; ik < k; ik++)
        {
            asum += Math.Exp(alphas[ik] - amax);
        }

        double lseAlphas = Math.Log(asum) + amax;

        // log_wishart_prior.
        int wishartN = d + wishartM + 1;
        double c = wishartN * d * (Math.Log(wishartGamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * wishartN, d);
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
            }

            for (int l = d; l < icfSize; l++)
            {
                frobenius += icf[ik * icfSize + l] * icf[ik * icfSize + l];
            }

            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }

        prior -= k * c;

        double err = constant + slse - n * lseAlphas;
        return err + prior;
    }

    /// <summary>
    /// The log of the multivariate gamma function, log Γ_p(a) = p(p−1)/4·log π + Σ_{j=1..p} log Γ(a + (1−j)/2)
    /// (ADBench's <c>log_gamma_distrib</c>). A constant of the objective: not differentiated, called
    /// on inactive values only.
    /// </summary>
    public static double LogMultivariateGamma(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            result += LogGammaOfHalfInteger(a + 0.5 * (1 - j));
        }

        return result;
    }

    /// <summary>
    /// log Γ(x) for x a positive multiple of ½, the only arguments the Wishart constant has
    /// (a = (d + m + 1)/2): Γ(1) = 1, Γ(½) = √π and Γ(x + 1) = x·Γ(x), so the sum of the logs is
    /// exact to a few ulps. Other arguments throw.
    /// </summary>
    public static double LogGammaOfHalfInteger(double x)
    {
        double twice = 2 * x;
        if (!(x > 0) || twice != Math.Floor(twice) || x > 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Only positive multiples of 1/2 (up to 1e6) are supported.");
        }

        double result = twice % 2 == 0 ? 0.0 : 0.5 * Math.Log(Math.PI);
        for (double t = twice % 2 == 0 ? 1.0 : 0.5; t < x; t++)
        {
            result += Math.Log(t);
        }

        return result;
    }
}
