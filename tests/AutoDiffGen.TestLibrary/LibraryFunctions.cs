using System;

namespace AutoDiffGen.TestLibrary;

/// <summary>
/// [Differentiable] methods of another assembly than their callers: overloads (told apart by the
/// documentation ID in [DerivativeMember]), span parameters, a [NoDerivative] parameter, a method
/// that reorders its sums, a vector-valued one, a recursive one, and one with only a pushforward.
/// </summary>
public static partial class LibraryFunctions
{
    /// <summary>3x²: derivative 6x.</summary>
    [Differentiable]
    public static double Scale(double x) => 3 * x * x;

    /// <summary>x·sin y, an overload of <see cref="Scale(double)"/>: partials (sin y, x·cos y).</summary>
    [Differentiable]
    public static double Scale(double x, double y) => x * Math.Sin(y);

    /// <summary>Σ a[i]·b[i].</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Σ v[i]², its sums reordered in vectorized loops (its members' value may differ in the last bits).</summary>
    [Differentiable(ReorderSums = true)]
    public static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    /// <summary>weight·eˣ, with the weight as data.</summary>
    [Differentiable]
    public static double Weighted(double x, [NoDerivative] double weight) => weight * Math.Exp(x);

    /// <summary>(x + y, x·y).</summary>
    [Differentiable]
    public static (double Sum, double Product) SumAndProduct(double x, double y) => (x + y, x * y);

    /// <summary>xⁿ by recursion.</summary>
    [Differentiable]
    public static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1);

    /// <summary>x³, with only its pushforward generated.</summary>
    [Differentiable(Generate = DerivativeMembers.Pushforward)]
    public static double ForwardOnly(double x) => x * x * x;

    /// <summary>y = a·x element by element, writing every element of y first (its members say so: WritesWhole = "y").</summary>
    [Differentiable]
    public static void ScaleInto(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = a * x[i];
        }
    }
}

/// <summary>A [Differentiable] method of a generic type: each construction has its own members.</summary>
/// <typeparam name="TTag">Unused: it only makes the type generic.</typeparam>
public static partial class Generic<TTag>
{
    /// <summary>x³ plus the length of the type argument's name, a constant: derivative 3x².</summary>
    [Differentiable]
    public static double Cube(double x) => x * x * x + typeof(TTag).Name.Length;
}
