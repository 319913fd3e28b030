using System;
using System.Linq;
using AutoDiffGen.NumericTests.Functions;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// [DerivativeOf] in a real project: ln Γ's derivative ψ supplied by the user, composed through the
/// callers' gradient, pushforward and pullback, against closed forms of ψ (ψ(1) = −γ, ψ(½) = −γ − 2 ln 2,
/// ψ(n + 1) = ψ(n) + 1/n) and GradientCheck. Tolerance 1e-13: the series for ψ is good to about 1e-15,
/// and the chain adds a few roundings.
/// </summary>
public class CustomDerivativeTests
{
    private const double EulerGamma = 0.57721566490153286;

    private static void Close(double expected, double actual, double tolerance = 1e-13)
        => Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(1.0, 1.0, -1.0, -1.0)]                    // ψ(1) − ψ(2) = −1
    [InlineData(0.5, 0.5, -1.3862943611198906, -1.3862943611198906)] // ψ(½) − ψ(1) = −2 ln 2
    [InlineData(2.0, 1.0, -0.5, -1.5)]                    // ψ(2) − ψ(3) = −½, ψ(1) − ψ(3) = −1 − ½
    public void LogBeta_AllModes_MatchClosedForm(double a, double b, double da, double db)
    {
        double value = GammaModels.LogBetaGradient(a, b, out double ga, out double gb);
        Assert.Equal(GammaModels.LogBeta(a, b), value);
        Close(da, ga);
        Close(db, gb);

        GammaModels.LogBetaPushforward(a, b, 0.25, -2.0, out double tangent);
        Close(0.25 * da - 2 * db, tangent);

        double aa = 1, ab = -1;
        GammaModels.LogBetaPullback(a, b, 3.0, ref aa, ref ab);
        Close(1 + 3 * da, aa);
        Close(-1 + 3 * db, ab);
    }

    [Fact]
    public void GammaNll_Gradient_MatchesClosedForm_AndGradientCheck()
    {
        double[] data = { 0.7, 1.9, 3.2, 0.4, 2.5 };
        double k = 2.0, r = 1.5;
        GammaModels.GammaNllGradient(k, r, data, out double gk, out double gr);

        // ∂k = Σ −(ln r + ln xᵢ − ψ(k)), ∂r = Σ −(k/r − xᵢ); ψ(2) = 1 − γ.
        double psi2 = 1 - EulerGamma;
        Close(data.Sum(x => -(Math.Log(r) + Math.Log(x) - psi2)), gk);
        Close(data.Sum(x => -(k / r - x)), gr);

        // An independent numerical check, as a user would write it.
        double worst = GradientCheck.WorstRelativeError(p => GammaModels.GammaNll(p[0], p[1], data), new[] { k, r }, new[] { gk, gr });
        Assert.True(worst < 1e-8, "worst relative error " + worst);
    }

    [Fact]
    public void StopGradientAndRelu_MatchClosedForm()
    {
        // Active unit (w·x + b > 0): ∂w = x, ∂b = 1; the stopped w·t contributes nothing.
        GammaModels.StoppedScaleGradient(0.5, 0.25, 2.0, 3.0, out double dw, out double db);
        Assert.Equal(2.0, dw);
        Assert.Equal(1.0, db);

        // At the kink (w·x + b = 0) Relu's derivative is 0.
        GammaModels.StoppedScaleGradient(0.5, -1.0, 2.0, 3.0, out dw, out db);
        Assert.Equal(0.0, dw);
        Assert.Equal(0.0, db);
    }
}
