using System;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>Deterministic test data.</summary>
public static class Data
{
    /// <summary>n values uniform in [lo, hi), from a fixed seed.</summary>
    public static double[] Uniform(int n, double lo, double hi, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = lo + (hi - lo) * random.NextDouble();
        return values;
    }

    /// <summary>The ReLU neuron's data: X (N×d), y, and a point (w, b) as one vector.</summary>
    public sealed record ReluData(double[] X, double[] Y, double[] Point, int N, int D);

    public static ReluData Relu(int n = 40, int d = 5, int seed = 7)
    {
        var X = Uniform(n * d, -1, 1, seed);
        var y = Uniform(n, 0, 1, seed + 1);
        var point = Uniform(d + 1, -1, 1, seed + 2);
        point[d] = 0.1;
        return new ReluData(X, y, point, n, d);
    }
}
