using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Calls to [Differentiable] methods with array and span parameters (SpanCompositionTests.cs):
/// the arguments are active inputs of the caller or slices of them, and local buffers (also written in loops around the call, SpanCompositionInLoops.cs).
/// </summary>
public static partial class SpanComposition
{
    /// <summary>a·b over the shorter length.</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>x·w₀ + w₁² (the WeightedPair, returning one value).</summary>
    [Differentiable]
    public static double WeightedPair(double x, ReadOnlySpan<double> w) => x * w[0] + w[1] * w[1];

    /// <summary>Σ sin(wᵢ) over an array parameter.</summary>
    [Differentiable]
    public static double SumSin(double[] w)
    {
        double s = 0;
        foreach (double v in w)
        {
            s += Math.Sin(v);
        }

        return s;
    }

    /// <summary>(Σw², Σw) with a tuple result and a span parameter.</summary>
    [Differentiable]
    public static (double squares, double sum) Moments(ReadOnlySpan<double> w)
    {
        double q = 0, s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            q += w[i] * w[i];
            s += w[i];
        }

        return (q, s);
    }

    /// <summary>WeightedPair(x, w[1..]) + Dot(w, v) + x·SumSin(u): slices and whole arrays, spans and an array.</summary>
    [Differentiable]
    public static double Caller(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, double[] u)
        => WeightedPair(x, w.Slice(1)) + Dot(w, v) + x * SumSin(u);

    /// <summary>Calls in a loop, a slice made before it: Σₖ k·x·Dot(w[1..], v).</summary>
    [Differentiable]
    public static double InLoop(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        var tail = w.Slice(1);
        double acc = 0;
        for (int k = 1; k <= 3; k++)
        {
            acc += k * x * Dot(tail, v);
        }

        return acc;
    }

    /// <summary>A tuple-returning callee with a span parameter: var (q, s) = Moments(w); q / (1 + s²).</summary>
    [Differentiable]
    public static double Normalized(ReadOnlySpan<double> w)
    {
        var (q, s) = Moments(w);
        return q / (1 + s * s);
    }

    /// <summary>A vector method composing a span callee: (Dot(w, v), x·SumSin(u)).</summary>
    [Differentiable]
    public static (double dot, double scaled) Pair(double x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, double[] u)
        => (Dot(w, v), x * SumSin(u));

    /// <summary>a·v₀·v₁.</summary>
    [Differentiable]
    public static double Scaled(ReadOnlySpan<double> v, double a) => a * v[0] * v[1];

    /// <summary>A slice argument held ahead of a later argument that may throw (w[n % w.Length]): fuzz seed 26, program 93.</summary>
    [Differentiable]
    public static double HeldSlice(ReadOnlySpan<double> w, int n, double x) => Scaled(w.Slice(1), w[n % w.Length] * x);

    // ---- Callees with span outputs, written into local buffers ----

    /// <summary>y = a·x.</summary>
    [Differentiable]
    public static void ScaleInto(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = a * x[i];
        }
    }

    /// <summary>y = x ⊙ x.</summary>
    [Differentiable]
    public static void Squares(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * x[i];
        }
    }

    /// <summary>h = a·x on the stack, then h₀h₁ + sin h₂ (x has 3 elements).</summary>
    [Differentiable]
    public static double IntoStack(double a, ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        ScaleInto(a, x, h);
        return h[0] * h[1] + Math.Sin(h[2]);
    }

    /// <summary>h = a·x in a new array, then Σh² in a loop.</summary>
    [Differentiable]
    public static double IntoArray(double a, double[] x)
    {
        var h = new double[x.Length];
        ScaleInto(a, x, h);
        double s = 0;
        for (int i = 0; i < h.Length; i++)
        {
            s += h[i] * h[i];
        }

        return s;
    }

    /// <summary>h one longer than x: its last element stays 0; then h is overwritten at 0 and read.</summary>
    [Differentiable]
    public static double PartlyWrittenThenOverwritten(double a, ReadOnlySpan<double> x)
    {
        var h = new double[x.Length + 1];
        ScaleInto(a, x, h);
        h[0] = h[0] * h[1] + h[x.Length];
        return h[0] + a * h[1];
    }

    /// <summary>Two calls into two buffers, the second from the first's result: y = a·(x ⊙ x) + (x ⊙ x) (a vector method).</summary>
    [Differentiable]
    public static void TwoStages(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        var squares = new double[x.Length];
        Squares(x, squares);
        var scaled = new double[x.Length];
        ScaleInto(a, x, scaled);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = a * squares[i] + squares[i] + scaled[i] * x[i];
        }
    }

    /// <summary>An exponential moving average in place: v = β·v + (1 − β)·g, reading the output before writing it.</summary>
    [Differentiable]
    public static void Momentum(double beta, ReadOnlySpan<double> g, Span<double> v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = beta * v[i] + (1 - beta) * g[i];
        }
    }

    /// <summary>
    /// Σ vᵢ² of <see cref="Momentum"/> from a fresh buffer (v = (1 − β)·g): the callee reads its
    /// output, zeros at the call; its pullback, which runs it again, must see those zeros (it saw
    /// the call's results: a new user's trial, stop 25).
    /// </summary>
    [Differentiable]
    public static double MomentumNorm(double beta, ReadOnlySpan<double> g)
    {
        Span<double> v = stackalloc double[3];
        Momentum(beta, g, v);
        return v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
    }

    /// <summary>The same into a new array, and β·Σv as a second output (a vector method).</summary>
    [Differentiable]
    public static (double Norm, double Scaled) MomentumPair(double beta, double[] g)
    {
        var v = new double[g.Length];
        Momentum(beta, g, v);
        double norm = 0, sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            norm += v[i] * v[i];
            sum += v[i];
        }

        return (norm, beta * sum);
    }

    // ------------------------------------------------------------ local buffers as array arguments

    /// <summary>log Σ exp zᵢ, shifted by the maximum.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i] - m);
        }

        return m + Math.Log(s);
    }

    /// <summary>A hidden layer tanh(W₁x) in a stackalloc buffer, then w₂·h + 0.1·h·h through <see cref="Dot"/>.</summary>
    [Differentiable]
    public static double HiddenLayer(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[w2.Length];
        for (int j = 0; j < h.Length; j++)
        {
            double a = 0;
            for (int k = 0; k < x.Length; k++)
            {
                a += w1[j * x.Length + k] * x[k];
            }

            h[j] = Math.Tanh(a);
        }

        return Dot(w2, h) + 0.1 * Dot(h, w2);
    }

    /// <summary>
    /// Softmax cross-entropy: logits written by the method's last loop into a new array, then
    /// <see cref="LogSumExp"/> of them. The loop must not be fused with the reverse of what follows
    /// it, which reads the whole array through the callee (found while building this: the pullback
    /// ran before the loop, on zeros).
    /// </summary>
    [Differentiable]
    public static double CrossEntropy(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] int label)
    {
        var logits = new double[w.Length / x.Length];
        for (int k = 0; k < logits.Length; k++)
        {
            double a = 0;
            for (int i = 0; i < x.Length; i++)
            {
                a += w[k * x.Length + i] * x[i];
            }

            logits[k] = a;
        }

        return LogSumExp(logits) - logits[label];
    }

    /// <summary>Slices of a local buffer as arguments, beside a slice of an input.</summary>
    [Differentiable]
    public static double SlicesOfALocal(ReadOnlySpan<double> w)
    {
        Span<double> h = stackalloc double[6];
        for (int j = 0; j < 6; j++)
        {
            h[j] = w[j] * w[(j + 1) % 6];
        }

        return Dot(h.Slice(0, 3), w.Slice(3, 3)) + LogSumExp(h.Slice(1, 4));
    }

    /// <summary>A buffer rewritten in each iteration of a loop (scratch), then read whole after it by a callee.</summary>
    [Differentiable]
    public static double ScratchThenCall(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        double s = 0;
        for (int i = 0; i < x.Length / 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                h[j] = w[j] * x[i * 3 + j];
            }

            for (int j = 0; j < 3; j++)
            {
                s += h[j] * h[j];
            }
        }

        return s + LogSumExp(h);
    }

    /// <summary>A callee's span output read by two more callees.</summary>
    [Differentiable]
    public static double OutputThenInputs(ReadOnlySpan<double> w, double a)
    {
        var h = new double[w.Length];
        ScaleInto(a, w, h);
        return LogSumExp(h) + Dot(h, w);
    }

    /// <summary>A call before the method's last loop (a reduction fused with its reverse), whose value it reads.</summary>
    [Differentiable]
    public static double CallBeforeAReduction(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[4];
        for (int j = 0; j < 4; j++)
        {
            h[j] = Math.Sin(w[j]);
        }

        double c = LogSumExp(h);
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += c * w[i] * x[i % x.Length] + h[i % 4];
        }

        return s;
    }

    /// <summary>The call on one path; the buffer written after the branch on the other (the early return's continuation).</summary>
    [Differentiable]
    public static double CallOnOnePath(ReadOnlySpan<double> w, [NoDerivative] double t)
    {
        Span<double> h = stackalloc double[3];
        for (int j = 0; j < 3; j++)
        {
            h[j] = w[j] * w[j];
        }

        if (t > 0)
        {
            return Dot(h, w.Slice(0, 3));
        }

        h[0] = 5 * w[1];
        return LogSumExp(h) * t;
    }

    /// <summary>A vector method whose two outputs call through the same local buffer.</summary>
    [Differentiable]
    public static (double Lse, double Weighted) LocalPair(ReadOnlySpan<double> w)
    {
        Span<double> h = stackalloc double[3];
        for (int j = 0; j < 3; j++)
        {
            h[j] = Math.Exp(w[j]) - w[(j + 1) % 3];
        }

        return (LogSumExp(h), Dot(h, w.Slice(0, 3)) * w[0]);
    }

    /// <summary>Σ aᵢbᵢ in single precision.</summary>
    [Differentiable]
    public static float DotF(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>exp(w) in a float buffer, dotted with w.</summary>
    [Differentiable]
    public static float LocalF(ReadOnlySpan<float> w)
    {
        Span<float> h = stackalloc float[w.Length];
        for (int j = 0; j < w.Length; j++)
        {
            h[j] = MathF.Exp(w[j]);
        }

        return DotF(h, w) / w.Length;
    }

    /// <summary>
    /// Features computed from data only into a local buffer, then dotted with the weights: the buffer
    /// holds no active value, yet its tangent (zeros) and adjoint must exist for the callee (trial 29:
    /// the pushforward did not compile, the gradient threw).
    /// </summary>
    [Differentiable]
    public static double DataFeatures(ReadOnlySpan<double> w, [NoDerivative] double[] data)
    {
        Span<double> phi = stackalloc double[w.Length];
        for (int i = 0; i < phi.Length; i++)
        {
            phi[i] = data[i % data.Length] * data[i % data.Length];
        }

        return Dot(w, phi);
    }

    /// <summary>A constant table made with an initializer, and a buffer never written, as callee arguments.</summary>
    [Differentiable]
    public static double ConstantBuffers(ReadOnlySpan<double> w)
    {
        double[] c = { 1.5, -2, 0.25 };
        var zeros = new double[3];
        return Dot(w.Slice(0, 3), c) + LogSumExp(zeros) * w[0];
    }

    /// <summary>The same in a vector method (a Jacobian's sweeps).</summary>
    [Differentiable]
    public static (double A, double B) ConstantBufferPair(ReadOnlySpan<double> w)
    {
        var c = new double[3];
        c[1] = 2;
        return (Dot(w.Slice(0, 3), c), w[0] * LogSumExp(c));
    }

    /// <summary>A local buffer filled before a loop and passed to callees in every iteration (the loop is the method's last, fused with its reverse).</summary>
    [Differentiable]
    public static double BufferCalledInALoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        Span<double> g = stackalloc double[3];
        for (int j = 0; j < 3; j++)
        {
            h[j] = Math.Sin(w[j]);
            g[j] = 2 * w[j];
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += LogSumExp(h) * x[i] + Dot(h, g) * w[3];
        }

        return s;
    }

    /// <summary>The same in an inner loop whose result is carried (a recurrence, taped), the buffer an array.</summary>
    [Differentiable]
    public static double BufferCalledInNestedLoops(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        var h = new double[3];
        for (int j = 0; j < 3; j++)
        {
            h[j] = w[j] * w[j];
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = x[i];
            for (int k = 0; k < 2; k++)
            {
                t = t * 0.5 + LogSumExp(h) * w[k];
            }

            s += t * t;
        }

        return s;
    }
}
