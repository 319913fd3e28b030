using System;

namespace AutoDiffGen.LoopTests.Support;

/// <summary>
/// A differentiable function of array-like and scalar inputs, seen through one flat vector p of
/// all its active inputs (the spans first, then the scalars, in parameter order), so that one set
/// of assertions serves every shape. The delegates slice p into the generated method's arguments;
/// the inactive data is captured. For a float method the delegates round to float on the way in
/// and widen to double on the way out.
/// </summary>
public sealed class VecFn
{
    /// <summary>f(p).</summary>
    public delegate double ValueFn(double[] p);

    /// <summary>Gradient: writes ∂f/∂p into g (whatever was in it) and returns f(p).</summary>
    public delegate double GradientFn(double[] p, double[] g);

    /// <summary>Pushforward along t: returns f(p) and writes the directional derivative.</summary>
    public delegate double PushforwardFn(double[] p, double[] t, out double tangent);

    /// <summary>Pullback: adds seed·∂f/∂p into adjoint and returns f(p).</summary>
    public delegate double PullbackFn(double[] p, double seed, double[] adjoint);

    public VecFn(string name, int arity, bool isSingle, ValueFn value, GradientFn gradient, PushforwardFn pushforward, PullbackFn pullback)
    {
        Name = name;
        Arity = arity;
        IsSingle = isSingle;
        Value = value;
        Gradient = gradient;
        Pushforward = pushforward;
        Pullback = pullback;
    }

    public string Name { get; }

    /// <summary>The length of p.</summary>
    public int Arity { get; }

    /// <summary>True for a float method.</summary>
    public bool IsSingle { get; }

    public ValueFn Value { get; }

    public GradientFn Gradient { get; }

    public PushforwardFn Pushforward { get; }

    public PullbackFn Pullback { get; }

    public override string ToString() => Name;

    /// <summary>p rounded to float for a float function (so the expected values use the same point).</summary>
    public double[] Representable(double[] p)
    {
        var copy = (double[])p.Clone();
        if (IsSingle)
        {
            for (int i = 0; i < copy.Length; i++) copy[i] = (float)copy[i];
        }

        return copy;
    }

    public static float[] ToSingle(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)values[i];
        return result;
    }

    public static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        if (source.Length != destination.Length) throw new ArgumentException("length mismatch", nameof(destination));
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }
}
