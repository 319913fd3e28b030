using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>A float method for GradientCheckFloatTests: a weighted softplus sum, Σ w_i·log(1 + e^{x_i·w_i}).</summary>
public static partial class FloatModels
{
    [Differentiable]
    public static float WeightedSoftplus(float[] x, [NoDerivative] float[] w)
    {
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            s += w[i] * MathF.Log(1f + MathF.Exp(x[i] * w[i]));
        }

        return s;
    }
}
