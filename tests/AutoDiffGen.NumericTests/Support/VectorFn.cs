using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests.Support;

/// <summary>The generated Jacobian seen through arrays: fills <paramref name="jacobian"/> in the method's layout, returns the value.</summary>
public delegate double[] JacobianCall(double[] x, Span<double> jacobian);

/// <summary>The generated Pushforward seen through arrays: writes the output tangents, returns the value.</summary>
public delegate double[] PushforwardCall(double[] x, double[] tangent, double[] outputTangent);

/// <summary>The generated Pullback seen through arrays: adds Σₖ seedₖ·∂outputₖ/∂xᵢ into adjoints[i], returns the value.</summary>
public delegate double[] PullbackCall(double[] x, double[] seed, double[] adjoints);

/// <summary>
/// A vector-valued differentiable method with its three generated methods (Jacobian, Pushforward,
/// Pullback), seen through arrays: <c>x</c> is the flattened list of active inputs (scalars and
/// array elements in parameter order, the Jacobian's columns), the value is the list of tuple
/// elements (its rows). Array inputs have a fixed length per instance. For a float method the
/// points, tangents, seeds and adjoints are rounded to float on the way in and widened to double
/// on the way out.
/// </summary>
public sealed class VectorFn
{
    private readonly Func<double[], double[]> value;
    private readonly JacobianCall jacobian;
    private readonly PushforwardCall pushforward;
    private readonly PullbackCall pullback;

    public VectorFn(int inputs, int outputs, bool isSingle, JacobianLayout layout, Func<double[], double[]> value, JacobianCall jacobian, PushforwardCall pushforward, PullbackCall pullback)
    {
        Inputs = inputs;
        Outputs = outputs;
        IsSingle = isSingle;
        Layout = layout;
        this.value = value;
        this.jacobian = jacobian;
        this.pushforward = pushforward;
        this.pullback = pullback;
    }

    /// <summary>n: the number of active inputs (the Jacobian's columns in numerator layout).</summary>
    public int Inputs { get; }

    /// <summary>m: the number of outputs (tuple elements).</summary>
    public int Outputs { get; }

    /// <summary>True for a float method.</summary>
    public bool IsSingle { get; }

    /// <summary>The layout the method declares in its [Differentiable] attribute.</summary>
    public JacobianLayout Layout { get; }

    /// <summary>The original method.</summary>
    public double[] Value(double[] x) => Checked(value(x));

    /// <summary>The generated Jacobian, into a buffer of the caller's choosing (any length).</summary>
    public double[] Jacobian(double[] x, Span<double> buffer) => Checked(jacobian(x, buffer));

    /// <summary>The generated Pushforward: returns (value, output tangents).</summary>
    public (double[] Value, double[] Tangent) Pushforward(double[] x, double[] tangent)
    {
        Assert.Equal(Inputs, tangent.Length);
        var outputTangent = new double[Outputs];
        var v = Checked(pushforward(x, tangent, outputTangent));
        return (v, outputTangent);
    }

    /// <summary>The generated Pullback: adds Σₖ seedₖ·∂outputₖ/∂xᵢ into adjoints[i], returns the value.</summary>
    public double[] Pullback(double[] x, double[] seed, double[] adjoints)
    {
        Assert.Equal(Outputs, seed.Length);
        Assert.Equal(Inputs, adjoints.Length);
        return Checked(pullback(x, seed, adjoints));
    }

    /// <summary>The point the function really sees (rounded to float for a float function).</summary>
    public double[] Representable(double[] x) => IsSingle ? x.Select(v => (double)(float)v).ToArray() : (double[])x.Clone();

    private double[] Checked(double[] v)
    {
        Assert.Equal(Outputs, v.Length);
        return v;
    }
}

/// <summary>Tuple elements as arrays, for the lambdas that adapt generated methods to <see cref="VectorFn"/>.</summary>
public static class TupleElements
{
    public static double[] Elements((double, double) t) => new[] { t.Item1, t.Item2 };

    public static double[] Elements((double, double, double) t) => new[] { t.Item1, t.Item2, t.Item3 };

    public static double[] Elements((double, double, double, double) t) => new[] { t.Item1, t.Item2, t.Item3, t.Item4 };

    public static double[] Elements((float, float) t) => new double[] { t.Item1, t.Item2 };

    public static double[] Elements((float, float, float) t) => new double[] { t.Item1, t.Item2, t.Item3 };

    /// <summary>Any tuple of doubles, also one of eight or more elements (nested in TRest).</summary>
    public static double[] ElementsOf(System.Runtime.CompilerServices.ITuple t) => Enumerable.Range(0, t.Length).Select(i => (double)t[i]!).ToArray();

    /// <summary>A double array rounded to float (tangents and points of float methods).</summary>
    public static float[] Single(double[] x) => x.Select(v => (float)v).ToArray();
}

/// <summary>One vector-valued function with the points to check it at and, where known, its closed-form Jacobian (m×n, numerator layout).</summary>
public sealed record VectorCase(string Name, VectorFn Fn, Action<Action<double[]>> ForAllPoints, Func<double[], double[]>? Jacobian);

/// <summary>A table of <see cref="VectorCase"/>s driving [Theory]s over their names.</summary>
public sealed class VectorCaseTable : IEnumerable<VectorCase>
{
    private readonly Dictionary<string, VectorCase> cases = new(StringComparer.Ordinal);

    /// <summary>A case checked on <see cref="Tolerances.Iterations"/> random points of <paramref name="domain"/>.</summary>
    public void Add(string name, VectorFn fn, Gen<double[]> domain, Func<double[], double[]>? jacobian)
        => cases.Add(name, new VectorCase(name, fn, check => domain.ForAll(check), jacobian));

    /// <summary>A case checked on the given points.</summary>
    public void Add(string name, VectorFn fn, double[][] points, Func<double[], double[]>? jacobian)
        => cases.Add(name, new VectorCase(name, fn, check => Array.ForEach(points, check), jacobian));

    public TheoryData<string> Names(bool withClosedForm = false)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases.Values.Where(c => !withClosedForm || c.Jacobian is not null))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public VectorCase Get(string name) => cases[name];

    public void RunClosedForm(string name)
    {
        var c = cases[name];
        var closedForm = c.Jacobian ?? throw new InvalidOperationException($"{name} has no closed form.");
        c.ForAllPoints(x => JacobianAssert.ClosedForm(c.Fn, x, closedForm(c.Fn.Representable(x))));
    }

    public void RunFiniteDifferences(string name)
    {
        var c = cases[name];
        c.ForAllPoints(x => JacobianAssert.FiniteDifferences(c.Fn, x));
    }

    public IEnumerator<VectorCase> GetEnumerator() => cases.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
