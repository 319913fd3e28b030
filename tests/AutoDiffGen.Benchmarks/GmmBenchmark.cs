using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>A GMM size: d dimensions, K components, N points.</summary>
public sealed record GmmSize(int D, int K, int N)
{
    public override string ToString() => $"d={D}, K={K}, N={N}";
}

/// <summary>
/// ADBench's GMM objective (<see cref="Gmm.Objective"/>) alone and its generated gradient. The
/// ratio gradient ÷ objective (BenchmarkDotNet's Ratio column, the objective being the baseline)
/// is the figure ADBench reports for every tool.
/// </summary>
[MemoryDiagnoser]
public class GmmBenchmark
{
    private double[] alphas = Array.Empty<double>(), means = Array.Empty<double>(), icf = Array.Empty<double>(), x = Array.Empty<double>();
    private double[] dalphas = Array.Empty<double>(), dmeans = Array.Empty<double>(), dicf = Array.Empty<double>();

    /// <summary>ADBench's sizes of the issue: (d, K, N).</summary>
    public static IEnumerable<GmmSize> Sizes =>
    [
        new GmmSize(2, 5, 1000),
        new GmmSize(10, 25, 1000),
        new GmmSize(10, 50, 1000),
        new GmmSize(20, 50, 1000),
    ];

    [ParamsSource(nameof(Sizes))]
    public GmmSize Size { get; set; } = new(2, 5, 1000);

    /// <summary>Random inputs in ADBench's ranges (its generator draws uniformly): γ = 1, m = 0 as in its data files.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (d, k, n) = (Size.D, Size.K, Size.N);
        var random = new Random(4);
        alphas = Fill(random, k, -1, 1);
        means = Fill(random, k * d, 0, 1);
        icf = Fill(random, k * d * (d + 1) / 2, -0.5, 0.5);
        x = Fill(random, n * d, 0, 1);
        dalphas = new double[alphas.Length];
        dmeans = new double[means.Length];
        dicf = new double[icf.Length];
    }

    [Benchmark(Baseline = true, Description = "objective")]
    public double Objective() => Gmm.Objective(alphas, means, icf, x, 1.0, 0);

    [Benchmark(Description = "generated gradient")]
    public double Gradient() => Gmm.ObjectiveGradient(alphas, means, icf, x, 1.0, 0, dalphas, dmeans, dicf);

    private static double[] Fill(Random random, int length, double lo, double hi)
    {
        var a = new double[length];
        for (int i = 0; i < length; i++)
        {
            a[i] = lo + (hi - lo) * random.NextDouble();
        }

        return a;
    }
}
