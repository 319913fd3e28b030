using System;
using System.Diagnostics;
using AutoDiffGen;
using AutoDiffGen.Samples.Neuron;

// Train a single ReLU neuron with the gradient AutoDiffGen generated at compile time.
// 1. A synthetic data set from a known neuron: y = max(0, w*·x + b*) + noise.
const int N = 10_000, d = 8;
var random = new Random(42);
double[] wStar = new double[d];
for (int j = 0; j < d; j++) wStar[j] = Math.Round(random.NextDouble() * 4 - 2, 2);
double bStar = 0.5;

double[] X = new double[N * d], y = new double[N];
for (int i = 0; i < N; i++)
{
    double z = bStar;
    for (int j = 0; j < d; j++)
    {
        X[i * d + j] = random.NextDouble() * 2 - 1;
        z += wStar[j] * X[i * d + j];
    }

    y[i] = Math.Max(0, z) + 0.05 * Gaussian(random);
}

// 2. Adam on (w, b), starting from small random weights (all-zero would start in the ReLU's flat part).
double[] w = new double[d], dw = new double[d];
for (int j = 0; j < d; j++) w[j] = 0.1 * (random.NextDouble() - 0.5);
double b = 0.1;
var adam = new Adam(d + 1, learningRate: 0.05);
double[] parameters = new double[d + 1], gradient = new double[d + 1];

Console.WriteLine($"Training a ReLU neuron on N = {N:N0} samples, d = {d}, with Adam and the generated LossGradient.");
Console.WriteLine();
const int epochs = 300;
var clock = Stopwatch.StartNew();
double loss = 0;
for (int epoch = 1; epoch <= epochs; epoch++)
{
    loss = Neuron.LossGradient(w, b, X, y, dw, out double db);
    w.CopyTo(parameters, 0);
    parameters[d] = b;
    dw.CopyTo(gradient, 0);
    gradient[d] = db;
    adam.Step(parameters, gradient);
    Array.Copy(parameters, w, d);
    b = parameters[d];

    if (epoch == 1 || epoch % 25 == 0)
    {
        int filled = epoch * 30 / epochs;
        Console.WriteLine($"  epoch {epoch,4} [{new string('#', filled)}{new string('.', 30 - filled)}] loss {loss:0.000E+0}");
    }
}

clock.Stop();
Console.WriteLine();
Console.WriteLine($"{epochs} gradient evaluations in {clock.Elapsed.TotalMilliseconds:F0} ms; final loss {loss:0.000E+0} (the noise variance, {0.05 * 0.05:0.0E+0}, is the floor).");
Console.WriteLine();
Console.WriteLine("parameter     recovered       true");
for (int j = 0; j < d; j++) Console.WriteLine($"  w[{j}]      {w[j],10:F4} {wStar[j],10:F4}");
Console.WriteLine($"  b         {b,10:F4} {bStar,10:F4}");

// 3. Check the generated gradient once against central finite differences at the final point.
double[] numeric = new double[d];
GradientCheck.Gradient(p => Neuron.Loss(p, b, X, y), w, numeric);
Neuron.LossGradient(w, b, X, y, dw, out double dbFinal);
double worst = 0;
for (int j = 0; j < d; j++) worst = Math.Max(worst, Math.Abs(dw[j] - numeric[j]));
worst = Math.Max(worst, Math.Abs(dbFinal - GradientCheck.Derivative(q => Neuron.Loss(w, q, X, y), b)));
Console.WriteLine();
Console.WriteLine($"max |generated − finite difference| over the gradient: {worst:0.0E+0}");
return worst < 1e-6 ? 0 : 1;

static double Gaussian(Random random)
    => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

/// <summary>Adam (Kingma and Ba, 2015) with the usual defaults.</summary>
sealed class Adam(int size, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[] m = new double[size], v = new double[size];
    private int t;

    public void Step(double[] parameters, double[] gradient)
    {
        t++;
        for (int i = 0; i < parameters.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
            double mHat = m[i] / (1 - Math.Pow(beta1, t)), vHat = v[i] / (1 - Math.Pow(beta2, t));
            parameters[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
        }
    }
}
