using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>Rosenbrock in n = 1,000 dimensions.</summary>
[MemoryDiagnoser]
public class RosenbrockBenchmark
{
    private readonly double[] x = new double[1000], g = new double[1000];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1;
    }

    [Benchmark(Description = "function only")]
    public double Function() => Functions.Rosenbrock(x);

    [Benchmark(Baseline = true, Description = "hand-written gradient")]
    public double HandWrittenGradient() => HandWritten.RosenbrockGradient(x, g);

    [Benchmark(Description = "generated gradient")]
    public double GeneratedGradient() => Functions.RosenbrockGradient(x, g);
}

/// <summary>The ReLU neuron's mean squared error at N = 4,000, d = 16.</summary>
[MemoryDiagnoser]
public class ReluLossBenchmark
{
    private const int N = 4000, D = 16;
    private readonly double[] w = new double[D], dw = new double[D], X = new double[N * D], y = new double[N];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        for (int i = 0; i < X.Length; i++) X[i] = random.NextDouble() * 2 - 1;
        for (int i = 0; i < N; i++) y[i] = random.NextDouble();
        for (int j = 0; j < D; j++) w[j] = random.NextDouble() - 0.5;
    }

    [Benchmark(Description = "function only")]
    public double Function() => Functions.ReluLoss(w, 0.1, X, y);

    [Benchmark(Baseline = true, Description = "hand-written gradient")]
    public double HandWrittenGradient() => HandWritten.ReluLossGradient(w, 0.1, X, y, dw, out _);

    [Benchmark(Description = "generated gradient")]
    public double GeneratedGradient() => Functions.ReluLossGradient(w, 0.1, X, y, dw, out _);
}

/// <summary>A 32-input, 64-hidden-unit tanh network on one sample.</summary>
[MemoryDiagnoser]
public class MlpBenchmark
{
    private const int D = 32, H = 64;
    private readonly double[] W1 = new double[H * D], b1 = new double[H], W2 = new double[H], input = new double[D];
    private readonly double[] dW1 = new double[H * D], db1 = new double[H], dW2 = new double[H];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (int i = 0; i < W1.Length; i++) W1[i] = (random.NextDouble() - 0.5) * 0.3;
        for (int i = 0; i < H; i++) { b1[i] = random.NextDouble() - 0.5; W2[i] = random.NextDouble() - 0.5; }
        for (int i = 0; i < D; i++) input[i] = random.NextDouble() * 2 - 1;
    }

    [Benchmark(Description = "function only")]
    public double Function() => Functions.Mlp(W1, b1, W2, 0.1, input, 0.5);

    [Benchmark(Baseline = true, Description = "hand-written gradient")]
    public double HandWrittenGradient() => HandWritten.MlpGradient(W1, b1, W2, 0.1, input, 0.5, dW1, db1, dW2, out _);

    [Benchmark(Description = "generated gradient")]
    public double GeneratedGradient() => Functions.MlpGradient(W1, b1, W2, 0.1, input, 0.5, dW1, db1, dW2, out _);
}
