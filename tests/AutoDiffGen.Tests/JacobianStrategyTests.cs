using System.Text.RegularExpressions;
using AutoDiffGen.Tests.Infrastructure;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Which Jacobian strategy each method gets, read from the generated XML documentation: the
/// compressed (Curtis–Powell–Reid) one only where every output element provably depends on the
/// same element of each array input alone. A wrong "compressed" would be a silently wrong Jacobian
/// (the numeric tests of Functions/SpanOutputs.cs check each of these against finite differences).
/// </summary>
public sealed class JacobianStrategyTests
{
    private const string Source = """
        using System;
        using AutoDiffGen;

        public static partial class C
        {
            [Differentiable] public static void Scale(double a, ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = a * x[i]; }
            [Differentiable] public static void Leaky(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0.1 * x[i]; }
            [Differentiable] public static void Guarded(ReadOnlySpan<double> x, Span<double> y) { if (y.Length != x.Length) throw new ArgumentException("y"); for (int i = 0; i < x.Length; i++) { y[i] += x[i]; y[i] *= y[i]; } }
            [Differentiable] public static void Two(ReadOnlySpan<double> x, double c, Span<double> a, Span<double> b) { for (int i = 0; i < x.Length; i++) { a[i] = x[i] * x[i]; b[i] = x[i] + c; } }
            [Differentiable] public static void Alias(ReadOnlySpan<double> x, Span<double> y) { var z = y; for (int i = 0; i < x.Length; i++) z[i] = x[i]; }
            [Differentiable] public static void Backwards(ReadOnlySpan<double> x, Span<double> y) { for (int i = x.Length - 1; i >= 0; i--) y[i] = x[i]; }
            [Differentiable] public static void Neighbour(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i + 1 < x.Length; i++) y[i] = x[i] * x[i + 1]; }
            [Differentiable] public static void OtherCounter(ReadOnlySpan<double> x, Span<double> y) { int j = 0; for (int i = 0; i < x.Length; i++) { y[j] = x[i]; j++; } }
            [Differentiable] public static void Skips(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i + 1 < x.Length; i++) { y[i] = x[i]; i++; } }
            [Differentiable] public static void Carried(ReadOnlySpan<double> x, Span<double> y) { double p = 1; for (int i = 0; i < x.Length; i++) { y[i] = x[i] * p; p = x[i]; } }
            [Differentiable] public static void Before(ReadOnlySpan<double> x, Span<double> y) { double f = x[0]; for (int i = 0; i < x.Length; i++) y[i] = x[i] * f; }
            [Differentiable] public static void After(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i]; y[0] = x[1]; }
            [Differentiable] public static void Nested(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) { double s = 0; for (int j = 0; j < x.Length; j++) s += x[j]; y[i] = s; } }
            [Differentiable] public static void Slice(ReadOnlySpan<double> x, Span<double> y) { var t = y.Slice(1); for (int i = 0; i < t.Length; i++) t[i] = x[i]; }
            [Differentiable] public static void Buffer(ReadOnlySpan<double> x, Span<double> y) { Span<double> h = stackalloc double[4]; for (int i = 0; i < x.Length; i++) { h[i % 4] = x[i]; y[i] = h[0]; } }
            [Differentiable] public static double Returns(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i]; return 1; }
        }
        """;

    [Theory]
    [InlineData("Scale", true)]
    [InlineData("Leaky", true)]
    [InlineData("Guarded", true)]
    [InlineData("Two", true)]
    [InlineData("Alias", false)]
    [InlineData("Backwards", false)]
    [InlineData("Neighbour", false)]
    [InlineData("OtherCounter", false)]
    [InlineData("Skips", false)]
    [InlineData("Carried", false)]
    [InlineData("Before", false)]
    [InlineData("After", false)]
    [InlineData("Nested", false)]
    [InlineData("Slice", false)]
    [InlineData("Buffer", false)]
    [InlineData("Returns", false)]
    public void CompressedOnlyWhereElementwiseIsProved(string method, bool compressed)
    {
        string text = GeneratorRunner.Run(Source).AssertCleanOutput().SingleGeneratedText;
        var match = Regex.Match(text, @"/// Strategy: (?<strategy>[^\n]*)\n(?:[^\n]*\n){1,3}?\s*public static \w+ " + method + "Jacobian\\(");
        Assert.True(match.Success, $"no strategy found for {method}Jacobian");
        Assert.Equal(compressed, match.Groups["strategy"].Value.StartsWith("Compressed", System.StringComparison.Ordinal));
    }
}
