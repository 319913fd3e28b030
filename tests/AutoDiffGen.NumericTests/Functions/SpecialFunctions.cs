using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// A special-function library as a user would call it: not [Differentiable] (the generator does not
/// look into it); its derivatives are supplied below with [DerivativeOf].
/// </summary>
public static class SpecialFunctions
{
    private static readonly double[] Lanczos =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9: about 1e-15 relative).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x) for x &gt; 0: recurrence up to x ≥ 10, then the asymptotic series (about 1e-15).</summary>
    public static double Digamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }

        double f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }

    /// <summary>The digamma's derivative, the trigamma ψ₁(x) (recurrence, then the asymptotic series).</summary>
    public static double Trigamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result += 1 / (x * x);
            x += 1;
        }

        double f = 1 / (x * x);
        return result + 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
    }
}

/// <summary>The custom derivatives of <see cref="SpecialFunctions.LogGamma"/>: (ln Γ)′ = ψ.</summary>
public static class SpecialFunctionDerivatives
{
    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.LogGamma))]
    public static void LogGammaPushforward(double x, double xTangent, out double resultTangent)
        => resultTangent = SpecialFunctions.Digamma(x) * xTangent;

    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.LogGamma))]
    public static double LogGammaPullback(double x, double resultAdjoint, ref double xAdjoint)
    {
        xAdjoint += resultAdjoint * SpecialFunctions.Digamma(x);
        return SpecialFunctions.LogGamma(x);
    }
}

/// <summary>Losses over <see cref="SpecialFunctions.LogGamma"/>.</summary>
public static partial class GammaModels
{
    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b): ∂a = ψ(a) − ψ(a + b), ∂b = ψ(b) − ψ(a + b).</summary>
    [Differentiable]
    public static double LogBeta(double a, double b)
        => SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(b) - SpecialFunctions.LogGamma(a + b);

    /// <summary>
    /// The negative log-likelihood of data under a Gamma(shape k, rate r) distribution:
    /// Σ −(k ln r + (k − 1) ln xᵢ − r xᵢ − ln Γ(k)).
    /// </summary>
    [Differentiable]
    public static double GammaNll(double k, double r, [NoDerivative] double[] data)
    {
        double nll = 0;
        for (int i = 0; i < data.Length; i++)
        {
            nll -= k * Math.Log(r) + (k - 1) * Math.Log(data[i]) - r * data[i] - SpecialFunctions.LogGamma(k);
        }

        return nll;
    }

    /// <summary>A ReLU unit with a stopped target scale: relu(w·x + b) − sg(w)·t.</summary>
    [Differentiable]
    public static double StoppedScale(double w, double b, [NoDerivative] double x, [NoDerivative] double t)
        => Ad.Relu(w * x + b) - Ad.StopGradient(w) * t;
}
