using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Rosenbrock at n = 100,000 and 1,000,000: the function, the hand-written scalar gradient, the
/// hand-vectorized gradient (the baseline: Ratio = time ÷ hand-vectorized) and the generated one.
/// </summary>
[MemoryDiagnoser]
public class RosenbrockLargeBenchmark
{
    private double[] x = Array.Empty<double>(), g = Array.Empty<double>();

    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        x = new double[N];
        g = new double[N];
        for (int i = 0; i < N; i++) x[i] = random.NextDouble() * 2 - 1;
    }

    [Benchmark(Description = "function only")]
    public double Function() => Functions.Rosenbrock(x);

    [Benchmark(Description = "hand-written scalar gradient")]
    public double HandWrittenGradient() => HandWritten.RosenbrockGradient(x, g);

    [Benchmark(Baseline = true, Description = "hand-vectorized gradient")]
    public double HandVectorizedGradient() => HandVectorized.RosenbrockGradient(x, g);

    [Benchmark(Description = "generated gradient")]
    public double GeneratedGradient() => Functions.RosenbrockGradient(x, g);

    [Benchmark(Description = "generated gradient, ReorderSums")]
    public double GeneratedReorderedGradient() => Functions.RosenbrockReorderedGradient(x, g);
}

/// <summary>The ReLU neuron's mean squared error at N = 20,000 and 100,000 samples, d = 64.</summary>
[MemoryDiagnoser]
public class ReluLossLargeBenchmark
{
    private const int D = 64;
    private readonly double[] w = new double[D], dw = new double[D];
    private double[] X = Array.Empty<double>(), y = Array.Empty<double>();

    [Params(20_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(6);
        X = new double[N * D];
        y = new double[N];
        for (int i = 0; i < X.Length; i++) X[i] = random.NextDouble() * 2 - 1;
        for (int i = 0; i < N; i++) y[i] = random.NextDouble();
        for (int j = 0; j < D; j++) w[j] = random.NextDouble() - 0.5;
    }

    [Benchmark(Description = "function only")]
    public double Function() => Functions.ReluLoss(w, 0.1, X, y);

    [Benchmark(Description = "hand-written scalar gradient")]
    public double HandWrittenGradient() => HandWritten.ReluLossGradient(w, 0.1, X, y, dw, out _);

    [Benchmark(Baseline = true, Description = "hand-vectorized gradient")]
    public double HandVectorizedGradient() => HandVectorized.ReluLossGradient(w, 0.1, X, y, dw, out _);

    [Benchmark(Description = "generated gradient")]
    public double GeneratedGradient() => Functions.ReluLossGradient(w, 0.1, X, y, dw, out _);

    [Benchmark(Description = "generated gradient, ReorderSums")]
    public double GeneratedReorderedGradient() => Functions.ReluLossReorderedGradient(w, 0.1, X, y, dw, out _);
}
