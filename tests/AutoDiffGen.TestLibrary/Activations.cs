using System;

namespace AutoDiffGen.TestLibrary;

/// <summary>
/// An opaque function (not [Differentiable]) whose derivatives this library supplies with
/// [DerivativeOf]: public, so they also serve the projects that reference this one
/// (CrossProjectTests.LibraryCustomDerivative_ServesTheConsumer).
/// </summary>
public static class Activations
{
    /// <summary>ln(1 + eˣ), computed stably (the derivative is the logistic function).</summary>
    public static double SoftPlus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>The logistic function 1 / (1 + e⁻ˣ).</summary>
    public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}

/// <summary>The derivatives of <see cref="Activations.SoftPlus"/>.</summary>
public static class ActivationDerivatives
{
    /// <summary>Forward mode: the tangent of SoftPlus is Logistic(x)·ẋ.</summary>
    [DerivativeOf(typeof(Activations), nameof(Activations.SoftPlus))]
    public static void SoftPlusPushforward(double x, double xTangent, out double resultTangent)
        => resultTangent = Activations.Logistic(x) * xTangent;

    /// <summary>Reverse mode: adds resultAdjoint·Logistic(x).</summary>
    [DerivativeOf(typeof(Activations), nameof(Activations.SoftPlus))]
    public static void SoftPlusPullback(double x, double resultAdjoint, ref double xAdjoint)
        => xAdjoint += resultAdjoint * Activations.Logistic(x);
}
