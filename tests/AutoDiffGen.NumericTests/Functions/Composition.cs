using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>Calls between differentiable methods: they compose through pushforward and pullback.</summary>
public static partial class Composition
{
    [Differentiable]
    public static double Inner(double x, double y) => x * x * y + Math.Sin(y);

    /// <summary>Σ_{i&lt;3} 2·Inner(x + i, k) + Inner(3, x): a call in a reduction loop and one after it.</summary>
    [Differentiable]
    public static double Outer(double x, double k)
    {
        double s = 0;
        for (int i = 0; i < 3; i++) s += Inner(x + i, k) * 2;
        return s + Inner(3.0, x);
    }

    /// <summary>A call inside a branch, with a constant in an active position.</summary>
    [Differentiable]
    public static double Branchy(double x) => x > 0 ? Inner(x, 2.0) : Inner(1.0, x);

    [Differentiable]
    public static float InnerSingle(float x) => x * MathF.Exp(x);

    [Differentiable]
    public static float OuterSingle(float x) => InnerSingle(x * x) + x;
}

public partial class CompositionInstance
{
    private readonly double scale = 1.5;

    [Differentiable]
    public double Scaled(double x) => scale * x * x;

    [Differentiable]
    public double Twice(double x) => Scaled(Scaled(x));
}
