using System;
using System.Reflection;

namespace AutoDiffGen.NumericTests.Support;

// Shapes of the generated methods, so that a method group such as Fns.FGradient converts to a
// delegate (out and ref parameters rule out Func/Action).
public delegate double Grad1(double x, out double dx);
public delegate double Push1(double x, double xTangent, out double resultTangent);
public delegate double Pull1(double x, double resultAdjoint, ref double xAdjoint);
public delegate double Grad2(double x, double y, out double dx, out double dy);
public delegate double Push2(double x, double y, double xTangent, double yTangent, out double resultTangent);
public delegate double Pull2(double x, double y, double resultAdjoint, ref double xAdjoint, ref double yAdjoint);
public delegate double Grad3(double x, double y, double z, out double dx, out double dy, out double dz);
public delegate double Push3(double x, double y, double z, double xTangent, double yTangent, double zTangent, out double resultTangent);
public delegate double Pull3(double x, double y, double z, double resultAdjoint, ref double xAdjoint, ref double yAdjoint, ref double zAdjoint);

public delegate float GradF1(float x, out float dx);
public delegate float PushF1(float x, float xTangent, out float resultTangent);
public delegate float PullF1(float x, float resultAdjoint, ref float xAdjoint);
public delegate float GradF2(float x, float y, out float dx, out float dy);
public delegate float PushF2(float x, float y, float xTangent, float yTangent, out float resultTangent);
public delegate float PullF2(float x, float y, float resultAdjoint, ref float xAdjoint, ref float yAdjoint);
public delegate float GradF3(float x, float y, float z, out float dx, out float dy, out float dz);
public delegate float PushF3(float x, float y, float z, float xTangent, float yTangent, float zTangent, out float resultTangent);
public delegate float PullF3(float x, float y, float z, float resultAdjoint, ref float xAdjoint, ref float yAdjoint, ref float zAdjoint);

/// <summary>
/// A differentiable function together with its three generated derivative methods, seen through
/// arrays so that one set of assertions serves every arity and both precisions. For a float
/// function the points, tangents and adjoints are rounded to float on the way in and widened to
/// double on the way out.
/// </summary>
public sealed class DiffFn
{
    private readonly Func<double[], double> value;
    private readonly Func<double[], double[], double> gradient;
    private readonly Func<double[], double[], (double Value, double Tangent)> pushforward;
    private readonly Func<double[], double, double[], double> pullback;

    private DiffFn(
        int arity,
        bool isSingle,
        Func<double[], double> value,
        Func<double[], double[], double> gradient,
        Func<double[], double[], (double, double)> pushforward,
        Func<double[], double, double[], double> pullback)
    {
        Arity = arity;
        IsSingle = isSingle;
        this.value = value;
        this.gradient = gradient;
        this.pushforward = pushforward;
        this.pullback = pullback;
    }

    /// <summary>Number of active inputs.</summary>
    public int Arity { get; }

    /// <summary>True for a float method (float values, tangents and adjoints).</summary>
    public bool IsSingle { get; }

    /// <summary>The original method.</summary>
    public double Value(double[] x) => value(x);

    /// <summary>The generated Gradient: writes the partials, returns the value.</summary>
    public double Gradient(double[] x, double[] grad) => gradient(x, grad);

    /// <summary>The generated Pushforward: returns (value, resultTangent).</summary>
    public (double Value, double Tangent) Pushforward(double[] x, double[] tangent) => pushforward(x, tangent);

    /// <summary>The generated Pullback: adds seed·∂f/∂xᵢ into adjoints[i], returns the value.</summary>
    public double Pullback(double[] x, double seed, double[] adjoints) => pullback(x, seed, adjoints);

    /// <summary>The point the function really sees (rounded to float for a float function).</summary>
    public double[] Representable(double[] x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            r[i] = IsSingle ? (float)x[i] : x[i];
        }

        return r;
    }

    public static DiffFn Of1(Func<double, double> f, Grad1 g, Push1 p, Pull1 b) => new(
        1,
        false,
        x => f(x[0]),
        (x, d) => g(x[0], out d[0]),
        (x, t) => (p(x[0], t[0], out double rt), rt),
        (x, s, a) => b(x[0], s, ref a[0]));

    public static DiffFn Of2(Func<double, double, double> f, Grad2 g, Push2 p, Pull2 b) => new(
        2,
        false,
        x => f(x[0], x[1]),
        (x, d) => g(x[0], x[1], out d[0], out d[1]),
        (x, t) => (p(x[0], x[1], t[0], t[1], out double rt), rt),
        (x, s, a) => b(x[0], x[1], s, ref a[0], ref a[1]));

    public static DiffFn Of3(Func<double, double, double, double> f, Grad3 g, Push3 p, Pull3 b) => new(
        3,
        false,
        x => f(x[0], x[1], x[2]),
        (x, d) => g(x[0], x[1], x[2], out d[0], out d[1], out d[2]),
        (x, t) => (p(x[0], x[1], x[2], t[0], t[1], t[2], out double rt), rt),
        (x, s, a) => b(x[0], x[1], x[2], s, ref a[0], ref a[1], ref a[2]));

    public static DiffFn OfF1(Func<float, float> f, GradF1 g, PushF1 p, PullF1 b) => new(
        1,
        true,
        x => f((float)x[0]),
        (x, d) =>
        {
            float v = g((float)x[0], out float d0);
            d[0] = d0;
            return v;
        },
        (x, t) => (p((float)x[0], (float)t[0], out float rt), rt),
        (x, s, a) =>
        {
            float a0 = (float)a[0];
            float v = b((float)x[0], (float)s, ref a0);
            a[0] = a0;
            return v;
        });

    public static DiffFn OfF2(Func<float, float, float> f, GradF2 g, PushF2 p, PullF2 b) => new(
        2,
        true,
        x => f((float)x[0], (float)x[1]),
        (x, d) =>
        {
            float v = g((float)x[0], (float)x[1], out float d0, out float d1);
            d[0] = d0;
            d[1] = d1;
            return v;
        },
        (x, t) => (p((float)x[0], (float)x[1], (float)t[0], (float)t[1], out float rt), rt),
        (x, s, a) =>
        {
            float a0 = (float)a[0], a1 = (float)a[1];
            float v = b((float)x[0], (float)x[1], (float)s, ref a0, ref a1);
            a[0] = a0;
            a[1] = a1;
            return v;
        });

    public static DiffFn OfF3(Func<float, float, float, float> f, GradF3 g, PushF3 p, PullF3 b) => new(
        3,
        true,
        x => f((float)x[0], (float)x[1], (float)x[2]),
        (x, d) =>
        {
            float v = g((float)x[0], (float)x[1], (float)x[2], out float d0, out float d1, out float d2);
            d[0] = d0;
            d[1] = d1;
            d[2] = d2;
            return v;
        },
        (x, t) => (p((float)x[0], (float)x[1], (float)x[2], (float)t[0], (float)t[1], (float)t[2], out float rt), rt),
        (x, s, a) =>
        {
            float a0 = (float)a[0], a1 = (float)a[1], a2 = (float)a[2];
            float v = b((float)x[0], (float)x[1], (float)x[2], (float)s, ref a0, ref a1, ref a2);
            a[0] = a0;
            a[1] = a1;
            a[2] = a2;
            return v;
        });

    /// <summary>
    /// A static method and its generated methods found by reflection, for functions kept in
    /// Pending/ (excluded from compilation until a generator bug is fixed): the tests that use it
    /// compile either way and fail with a clear message while the function is excluded.
    /// </summary>
    public static DiffFn FromReflection(string typeName, string methodName)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        Type type = typeof(DiffFn).Assembly.GetType(typeName)
            ?? throw new InvalidOperationException($"{typeName} is not compiled: move it out of Pending/ once its generator bug is fixed.");
        MethodInfo Find(string name) => type.GetMethod(name, Flags)
            ?? throw new InvalidOperationException($"{typeName}.{name} was not generated.");
        MethodInfo f = Find(methodName), g = Find(methodName + "Gradient"), p = Find(methodName + "Pushforward"), b = Find(methodName + "Pullback");
        int n = f.GetParameters().Length;
        bool single = f.ReturnType == typeof(float);
        object Box(double v) => single ? (object)(float)v : v;
        double Unbox(object? v) => single ? (float)v! : (double)v!;
        object[] Args(double[] x, int extra)
        {
            var args = new object[n + extra];
            for (int i = 0; i < n; i++)
            {
                args[i] = Box(x[i]);
            }

            return args;
        }

        return new DiffFn(
            n,
            single,
            x => Unbox(f.Invoke(null, Args(x, 0))),
            (x, d) =>
            {
                var args = Args(x, n);
                double v = Unbox(g.Invoke(null, args));
                for (int i = 0; i < n; i++)
                {
                    d[i] = Unbox(args[n + i]);
                }

                return v;
            },
            (x, t) =>
            {
                var args = Args(x, n + 1);
                for (int i = 0; i < n; i++)
                {
                    args[n + i] = Box(t[i]);
                }

                double v = Unbox(p.Invoke(null, args));
                return (v, Unbox(args[2 * n]));
            },
            (x, s, a) =>
            {
                var args = Args(x, n + 1);
                args[n] = Box(s);
                for (int i = 0; i < n; i++)
                {
                    args[n + 1 + i] = Box(a[i]);
                }

                double v = Unbox(b.Invoke(null, args));
                for (int i = 0; i < n; i++)
                {
                    a[i] = Unbox(args[n + 1 + i]);
                }

                return v;
            });
    }
}
