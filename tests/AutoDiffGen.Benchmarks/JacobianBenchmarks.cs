using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>The 2×2 Jacobian of [3x²y, 2x + y⁸]: the cost of a call.</summary>
[MemoryDiagnoser]
public class FGJacobianBenchmark
{
    private readonly double[] j = new double[4];
    private double x = 1.25, y = 0.75;

    [Benchmark(Baseline = true, Description = "hand-written Jacobian")]
    public double HandWritten()
    {
        j[0] = 6 * x * y;
        j[1] = 3 * x * x;
        j[2] = 2;
        j[3] = 8 * Math.Pow(y, 7);
        return 3 * x * x * y + 2 * x + Math.Pow(y, 8);
    }

    [Benchmark(Description = "generated FGJacobian")]
    public double Generated()
    {
        var (f, g) = VectorFunctions.FGJacobian(x, y, j);
        return f + g;
    }
}

/// <summary>y = x ⊙ eˣ at n = 1,000: an n×n Jacobian that is diagonal.</summary>
[MemoryDiagnoser]
public class ElementwiseJacobianBenchmark
{
    private const int N = 1000;
    private readonly double[] x = new double[N], y = new double[N], j = new double[N * N];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (int i = 0; i < N; i++) x[i] = random.NextDouble() * 2 - 1;
    }

    [Benchmark(Baseline = true, Description = "function + clearing the n×n buffer")]
    public double FunctionAndClear()
    {
        VectorFunctions.ExpTimes(x, y);
        Array.Clear(j);
        return y[0];
    }

    [Benchmark(Description = "hand-written Jacobian (clear + diagonal)")]
    public double HandWritten()
    {
        Array.Clear(j);
        for (int i = 0; i < N; i++)
        {
            double e = Math.Exp(x[i]);
            y[i] = x[i] * e;
            j[i * N + i] = (1 + x[i]) * e;
        }

        return y[0];
    }

    [Benchmark(Description = "generated Jacobian (compressed)")]
    public double Generated()
    {
        VectorFunctions.ExpTimesJacobian(x, y, j);
        return y[0];
    }
}

/// <summary>A dense layer y = tanh(W x + b) with 64 outputs and 32 inputs: its 64×32 Jacobian with respect to x.</summary>
[MemoryDiagnoser]
public class DenseLayerJacobianBenchmark
{
    private const int M = 64, N = 32;
    private readonly double[] W = new double[M * N], b = new double[M], x = new double[N], y = new double[M], j = new double[M * N];
    private readonly double[] unit = new double[N], tangent = new double[M], up = new double[M], down = new double[M], shifted = new double[N];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        for (int i = 0; i < W.Length; i++) W[i] = (random.NextDouble() * 2 - 1) / Math.Sqrt(N);
        for (int i = 0; i < M; i++) b[i] = random.NextDouble() * 0.2 - 0.1;
        for (int i = 0; i < N; i++) x[i] = random.NextDouble() * 2 - 1;
    }

    [Benchmark(Baseline = true, Description = "hand-written Jacobian diag(1 − y²)·W")]
    public double HandWritten()
    {
        for (int i = 0; i < M; i++)
        {
            double s = b[i];
            for (int k = 0; k < N; k++) s += W[i * N + k] * x[k];
            double t = Math.Tanh(s);
            y[i] = t;
            double d = 1 - t * t;
            for (int k = 0; k < N; k++) j[i * N + k] = d * W[i * N + k];
        }

        return y[0];
    }

    [Benchmark(Description = "generated LayerJacobian")]
    public double Generated()
    {
        VectorFunctions.LayerJacobian(W, x, b, y, j);
        return y[0];
    }

    [Benchmark(Description = "n generated pushforwards in a loop")]
    public double Pushforwards()
    {
        for (int c = 0; c < N; c++)
        {
            unit[c] = 1;
            VectorFunctions.LayerPushforward(W, x, b, y, unit, tangent);
            unit[c] = 0;
            for (int i = 0; i < M; i++) j[i * N + c] = tangent[i];
        }

        return y[0];
    }

    [Benchmark(Description = "central finite differences (2n evaluations)")]
    public double FiniteDifferences()
    {
        x.CopyTo(shifted, 0);
        for (int c = 0; c < N; c++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[c]));
            shifted[c] = x[c] + h;
            VectorFunctions.Layer(W, shifted, b, up);
            shifted[c] = x[c] - h;
            VectorFunctions.Layer(W, shifted, b, down);
            shifted[c] = x[c];
            for (int i = 0; i < M; i++) j[i * N + c] = (up[i] - down[i]) / (2 * h);
        }

        VectorFunctions.Layer(W, x, b, y);
        return y[0];
    }
}
