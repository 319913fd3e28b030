using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Whether a gradient needs a reverse sweep of its own, or can clear its derivatives and call the
/// pullback with seed 1 (half the generated code per method): both, on the benchmark functions, in
/// one run. <c>--filter '*GradientShapeBenchmark*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GradientShapeBenchmark
{
    private readonly double[] rx = new double[1000], rg = new double[1000];
    private readonly double[] w = new double[16], dw = new double[16], X = new double[4000 * 16], y = new double[4000];
    private readonly double[] W1 = new double[64 * 32], b1 = new double[64], W2 = new double[64], input = new double[32];
    private readonly double[] dW1 = new double[64 * 32], db1 = new double[64], dW2 = new double[64];
    private double[] alphas = Array.Empty<double>(), means = Array.Empty<double>(), icf = Array.Empty<double>(), gx = Array.Empty<double>();
    private double[] dalphas = Array.Empty<double>(), dmeans = Array.Empty<double>(), dicf = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        Fill(random, rx, -1, 1);
        Fill(random, X, -1, 1);
        Fill(random, y, 0, 1);
        Fill(random, w, -0.5, 0.5);
        Fill(random, W1, -0.15, 0.15);
        Fill(random, b1, -0.5, 0.5);
        Fill(random, W2, -0.5, 0.5);
        Fill(random, input, -1, 1);
        const int d = 10, k = 25, n = 1000;
        alphas = Fill(random, new double[k], -1, 1);
        means = Fill(random, new double[k * d], 0, 1);
        icf = Fill(random, new double[k * d * (d + 1) / 2], -0.5, 0.5);
        gx = Fill(random, new double[n * d], 0, 1);
        dalphas = new double[alphas.Length];
        dmeans = new double[means.Length];
        dicf = new double[icf.Length];
    }

    [Benchmark(Description = "Rosenbrock: own sweep")]
    public double RosenbrockOwn() => Functions.RosenbrockGradient(rx, rg);

    [Benchmark(Description = "Rosenbrock: pullback")]
    public double RosenbrockPullback()
    {
        Array.Clear(rg);
        return Functions.RosenbrockPullback(rx, 1.0, rg);
    }

    [Benchmark(Description = "ReLU: own sweep")]
    public double ReluOwn() => Functions.ReluLossGradient(w, 0.1, X, y, dw, out _);

    [Benchmark(Description = "ReLU: pullback")]
    public double ReluPullback()
    {
        Array.Clear(dw);
        double db = 0;
        return Functions.ReluLossPullback(w, 0.1, X, y, 1.0, dw, ref db);
    }

    [Benchmark(Description = "MLP: own sweep")]
    public double MlpOwn() => Functions.MlpGradient(W1, b1, W2, 0.1, input, 0.5, dW1, db1, dW2, out _);

    [Benchmark(Description = "MLP: pullback")]
    public double MlpPullback()
    {
        Array.Clear(dW1);
        Array.Clear(db1);
        Array.Clear(dW2);
        double db2 = 0;
        return Functions.MlpPullback(W1, b1, W2, 0.1, input, 0.5, 1.0, dW1, db1, dW2, ref db2);
    }

    [Benchmark(Description = "GMM (10, 25, 1000): own sweep")]
    public double GmmOwn() => Gmm.ObjectiveGradient(alphas, means, icf, gx, 1.0, 0, dalphas, dmeans, dicf);

    [Benchmark(Description = "GMM (10, 25, 1000): pullback")]
    public double GmmPullback()
    {
        Array.Clear(dalphas);
        Array.Clear(dmeans);
        Array.Clear(dicf);
        return Gmm.ObjectivePullback(alphas, means, icf, gx, 1.0, 0, 1.0, dalphas, dmeans, dicf);
    }

    private static double[] Fill(Random random, double[] a, double lo, double hi)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = lo + (hi - lo) * random.NextDouble();
        }

        return a;
    }
}
