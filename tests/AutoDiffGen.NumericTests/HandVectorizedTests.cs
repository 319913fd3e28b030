using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Xunit;
using Bench = AutoDiffGen.Benchmarks;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// The hand-vectorized gradients of the benchmarks (tests/AutoDiffGen.Benchmarks/HandVectorized.cs,
/// linked into this project with the benchmarks' Functions.cs and HandWritten.cs) against the
/// generated gradients of the same functions, at lengths around multiples of the vector width
/// (<see cref="Vector{T}.Count"/> is 2, 4 or 8 doubles), so the vector loop, the scalar tail and the
/// edges all run. The formulas are the same; only the order of the summations differs, so each
/// tolerance is a rounding bound: a sum of m terms computed in two orders differs by at most
/// ~m·ε·Σ|terms| (ε = 2.2e-16), taken here with a factor of 4 to spare.
/// </summary>
public sealed class HandVectorizedTests
{
    private const double Epsilon = 2.220446049250313e-16;

    private static readonly int[] Lengths = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16, 17, 18, 31, 33, 100, 1001 };

    private static readonly (int N, int D)[] Shapes =
    {
        (1, 1), (3, 2), (5, 3), (7, 4), (9, 5), (11, 7), (13, 8), (20, 9), (25, 15), (30, 16), (30, 17), (40, 33), (50, 64), (50, 67),
    };

    public static TheoryData<int> RosenbrockLengths => new(Lengths);

    [Theory]
    [MemberData(nameof(RosenbrockLengths))]
    public void RosenbrockMatchesTheGeneratedGradient(int n)
    {
        var random = new Random(n + 1);
        double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var vectorized = new double[n];
        var generated = new double[n];
        var scalar = new double[n];
        Array.Fill(vectorized, double.NaN); // every element must be written
        double vValue = Bench.HandVectorized.RosenbrockGradient(x, vectorized);
        double gValue = Bench.Functions.RosenbrockGradient(x, generated);
        double sValue = Bench.HandWritten.RosenbrockGradient(x, scalar);

        // The value: n − 1 non-negative terms (so Σ|terms| is the value), each rounded a few times.
        double valueBound = 4 * (n + 4) * Epsilon * gValue;
        Close(gValue, vValue, valueBound, "value");
        Close(sValue, vValue, valueBound, "value vs scalar hand-written");

        // gᵢ = −2aᵢ − 400bᵢxᵢ + 200bᵢ₋₁: three terms of a few roundings each.
        for (int i = 0; i < n; i++)
        {
            double magnitude = 0;
            if (i < n - 1)
            {
                double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
                magnitude += Math.Abs(2 * a) + Math.Abs(400 * b * x[i]) + 400 * Math.Abs(x[i] * x[i] * x[i]);
            }

            if (i > 0)
            {
                magnitude += 200 * (Math.Abs(x[i]) + x[i - 1] * x[i - 1]);
            }

            Close(generated[i], vectorized[i], 4 * 8 * Epsilon * magnitude, $"g[{i}]");
            Close(scalar[i], vectorized[i], 4 * 8 * Epsilon * magnitude, $"g[{i}] vs scalar hand-written");
        }
    }

    public static TheoryData<int, int> ReluShapes
    {
        get
        {
            var data = new TheoryData<int, int>();
            foreach (var (n, d) in Shapes)
            {
                data.Add(n, d);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReluShapes))]
    public void ReluLossMatchesTheGeneratedGradient(int n, int d)
    {
        var random = new Random(1000 * n + d);
        double[] X = Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] y = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        double[] w = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        double b = 0.1;

        var dwVectorized = new double[d];
        var dwGenerated = new double[d];
        var dwScalar = new double[d];
        Array.Fill(dwVectorized, double.NaN);
        double vValue = Bench.HandVectorized.ReluLossGradient(w, b, X, y, dwVectorized, out double dbVectorized);
        double gValue = Bench.Functions.ReluLossGradient(w, b, X, y, dwGenerated, out double dbGenerated);
        double sValue = Bench.HandWritten.ReluLossGradient(w, b, X, y, dwScalar, out double dbScalar);

        // Rounding bounds. zᵢ = b + Σⱼ wⱼXᵢⱼ is summed in another order: |δzᵢ| ≤ d·ε·Sᵢ with
        // Sᵢ = |b| + Σⱼ|wⱼXᵢⱼ|. Away from the kink (checked: no |zᵢ| within 1e6 of that), the unit
        // is on or off in both, and rᵢ = yᵢ − max(0, zᵢ) and gᵢ = −2rᵢ/n inherit δzᵢ. Then
        // ∂w_j = Σᵢ gᵢXᵢⱼ (n terms), ∂b = Σᵢ gᵢ and the value Σᵢ rᵢ²/n add n·ε·Σ|terms|.
        int m = n + d + 4;
        double valueScale = 0, dbScale = 0;
        var dwScale = new double[d];
        for (int i = 0; i < n; i++)
        {
            double z = b, s = Math.Abs(b);
            for (int j = 0; j < d; j++)
            {
                z += w[j] * X[i * d + j];
                s += Math.Abs(w[j] * X[i * d + j]);
            }

            Assert.True(Math.Abs(z) > 1e6 * d * Epsilon * s, $"sample {i} is too close to the kink for this comparison");
            double r = y[i] - Math.Max(0, z);
            valueScale += (r * r + 2 * Math.Abs(r) * s) / n;
            if (z > 0)
            {
                double g = 2 * (Math.Abs(r) + s) / n;
                dbScale += g;
                for (int j = 0; j < d; j++)
                {
                    dwScale[j] += g * Math.Abs(X[i * d + j]);
                }
            }
        }

        Close(gValue, vValue, 4 * m * Epsilon * valueScale, "value");
        Close(sValue, vValue, 4 * m * Epsilon * valueScale, "value vs scalar hand-written");
        Close(dbGenerated, dbVectorized, 4 * m * Epsilon * dbScale, "db");
        Close(dbScalar, dbVectorized, 4 * m * Epsilon * dbScale, "db vs scalar hand-written");
        for (int j = 0; j < d; j++)
        {
            Close(dwGenerated[j], dwVectorized[j], 4 * m * Epsilon * dwScale[j], $"dw[{j}]");
            Close(dwScalar[j], dwVectorized[j], 4 * m * Epsilon * dwScale[j], $"dw[{j}] vs scalar hand-written");
        }
    }

    [Fact]
    public void TheTestsCoverTheVectorLoopAndTheTail()
    {
        // Lengths above cover a full vector plus a tail for every width .NET uses for double.
        int width = Vector<double>.Count;
        Assert.Contains(width, new[] { 2, 4, 8 });
        // Rosenbrock's vector loop covers elements 1 … n − 2.
        Assert.Contains(Lengths, n => n - 2 > 2 * width && (n - 2) % width != 0);
        Assert.Contains(Lengths, n => n - 2 > 0 && (n - 2) % width == 0);
        Assert.Contains(Shapes, s => s.D > width && s.D % width != 0);
        Assert.Contains(Shapes, s => s.D % width == 0);
    }

    private static void Close(double expected, double actual, double allowed, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= allowed, string.Format(CultureInfo.InvariantCulture, "{0}: expected {1:R}, got {2:R} (|error| = {3:E2}, allowed {4:E2})", what, expected, actual, error, allowed));
    }
}
