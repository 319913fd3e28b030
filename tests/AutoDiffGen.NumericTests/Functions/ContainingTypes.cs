using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>An instance method reading fields and properties (constants for differentiation).</summary>
public sealed partial class Model
{
    private static readonly double Offset = 0.25;
    private readonly double weight;

    public Model(double weight, double bias)
    {
        this.weight = weight;
        Bias = bias;
    }

    public double Bias { get; }

    [Differentiable]
    public double Predict(double x) => weight * x * x + Bias * x + Offset;

    [Differentiable]
    public double UsesThis(double x, double y) => this.weight * Math.Exp(x * this.Bias) * y;
}

/// <summary>A struct containing type.</summary>
public partial struct Spring
{
    public double Stiffness;

    public double RestLength { get; set; }

    [Differentiable]
    public readonly double Energy(double x)
    {
        double s = x - RestLength;
        return 0.5 * Stiffness * s * s;
    }

    [Differentiable]
    public double Force(double x) => -Stiffness * (x - RestLength);

    [Differentiable]
    public static double StaticInStruct(double x) => x * x * x;
}

/// <summary>A record containing type (primary-constructor properties read as constants).</summary>
public partial record Polynomial(double A, double B, double C)
{
    [Differentiable]
    public double Evaluate(double x) => (A * x + B) * x + C;

    [Differentiable]
    public static double StaticInRecord(double x) => x * x * x;
}

/// <summary>A record struct containing type.</summary>
public partial record struct Weights(double Left, double Right)
{
    [Differentiable]
    public readonly double Weighted(double x, double y) => Left * x + Right * y * y;
}

/// <summary>Nested partial types, three deep.</summary>
public static partial class Outer
{
    public static double CallPrivate(double x, out double dx) => PrivateNested.HGradient(x, out dx);

    public partial class Middle
    {
        [Differentiable]
        public static double G(double x, double y) => x / (1 + y * y);

        public partial struct Inner
        {
            [Differentiable]
            public static double F(double x) => Math.Exp(-x * x);
        }
    }

    private static partial class PrivateNested
    {
        [Differentiable]
        internal static double H(double x) => x * x * 5;
    }
}
