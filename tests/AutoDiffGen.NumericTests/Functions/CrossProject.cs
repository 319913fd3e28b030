using System;
using AutoDiffGen.TestLibrary;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>[Differentiable] methods that call the ones of AutoDiffGen.TestLibrary, another project: they compose through its generated members.</summary>
public static partial class CrossProject
{
    /// <summary>Both overloads of Scale: 3x² + x·sin y.</summary>
    [Differentiable]
    public static double Overloads(double x, double y) => LibraryFunctions.Scale(x) + LibraryFunctions.Scale(x, y);

    /// <summary>a·b + Σ a² (the second callee reorders its sums).</summary>
    [Differentiable]
    public static double Spans(double[] a, ReadOnlySpan<double> b) => LibraryFunctions.Dot(a, b) + LibraryFunctions.SumOfSquares(a);

    /// <summary>w·e^(x²).</summary>
    [Differentiable]
    public static double Data(double x, [NoDerivative] double w) => LibraryFunctions.Weighted(x * x, w);

    /// <summary>(x + y)·x·y.</summary>
    [Differentiable]
    public static double Tuple(double x, double y)
    {
        var (s, p) = LibraryFunctions.SumAndProduct(x, y);
        return s * p;
    }

    /// <summary>x⁴ through the library's recursion, plus sin x.</summary>
    [Differentiable]
    public static double Recursive(double x) => LibraryFunctions.Pow(x, 4) + Math.Sin(x);

    /// <summary>Generic&lt;int&gt;.Cube(x) + Generic&lt;string&gt;.Cube(2x) = 9x³ + 3 + 6.</summary>
    [Differentiable]
    public static double Generic(double x) => Generic<int>.Cube(x) + Generic<string>.Cube(2 * x);

    /// <summary>softplus(x·y) + x: the library's opaque SoftPlus, through the library's [DerivativeOf] methods.</summary>
    [Differentiable]
    public static double SoftPlus(double x, double y) => Activations.SoftPlus(x * y) + x;

    /// <summary>2x³, forward mode only (the callee has only a pushforward).</summary>
    [Differentiable(Generate = DerivativeMembers.Pushforward)]
    public static double ForwardOnly(double x) => LibraryFunctions.ForwardOnly(x) * 2;

    /// <summary>Σₖ₌₁³ Σᵢ (k·a)²·xᵢ² through one buffer reused by the library's ScaleInto: 14·a²·Σx².</summary>
    [Differentiable]
    public static double Reused(double a, [NoDerivative] double[] x)
    {
        double[] y = new double[x.Length];
        double s = 0;
        for (int k = 1; k <= 3; k++)
        {
            LibraryFunctions.ScaleInto(k * a, x, y);
            for (int i = 0; i < y.Length; i++)
            {
                s += y[i] * y[i];
            }
        }

        return s;
    }
}
