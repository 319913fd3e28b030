// Math.Round(x, digits) and Math.Round(x, MidpointRounding) report ADG0008; expected.
#pragma warning disable ADG0008

using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>An object whose members are read (as constants) through a static readonly field.</summary>
public sealed class Settings
{
    public double Weight = 1.5;

    public double Scale { get; } = 2.0;
}

/// <summary>
/// Constructs beyond the brief's list, or combinations of listed ones, that the generator
/// accepts: each must then also differentiate correctly.
/// </summary>
public static partial class ExtraConstructs
{
    /// <summary>
    /// Stores through ref locals that name local buffers (<c>ref Span&lt;double&gt; r = ref h</c>,
    /// <c>ref double[] q = ref g</c>): 7ab + a² + b. The review of stop 28 found them dropped (no
    /// store emitted, no diagnostic: every member returned another value).
    /// </summary>
    [Differentiable]
    public static double RefLocalBufferStores(double a, double b)
    {
        Span<double> h = stackalloc double[2];
        ref Span<double> r = ref h;
        h[0] = a;
        r[0] = 7 * b;
        double[] g = new double[2];
        ref double[] q = ref g;
        q[1] = a * a;
        q[1] += b;
        return h[0] * a + g[1];
    }

    private static readonly float SingleConstant = 0.25f;
    private static readonly Settings Config = new();

    private static double Factor => 2.0;

    [Differentiable]
    public static double MathConstants(double x) => Math.PI * x * x + Math.E * x + double.Pi + Factor * x;

    [Differentiable]
    public static double Relu(double x) => Math.Max(0, x);

    [Differentiable]
    public static double ClampUnit(double x) => Math.Clamp(x, 0, 1);

    [Differentiable]
    public static double ClampDegenerate(double x, double lo) => Math.Clamp(x, lo, lo);

    [Differentiable]
    public static double IntMathCalls(double x, int n) => Math.Max(n, 1) * x + Math.Abs(n) * x * x;

    [Differentiable]
    public static double IntLiteralArguments(double x) => Math.Log(x, 2) + Math.Pow(2, x) + Math.Atan2(1, x);

    [Differentiable]
    public static double RoundDigits(double x) => x * x + Math.Round(x, 2) + Math.Round(x, MidpointRounding.AwayFromZero);

    [Differentiable]
    public static double InactiveCallsOfAllKinds(double x) => x * NoArgs() + Math.Sin(Factor) * x + Factor;

    [Differentiable]
    public static double FloatConstantInDouble(double x) => SingleConstant * x * x;

    [Differentiable]
    public static double OtherObjectMembers(double x) => Config.Weight * x + Config.Scale * x * x;

    [Differentiable]
    public static double EnumLocal(double x)
    {
        Shape s = x > 0 ? Shape.Quadratic : Shape.Cubic;
        switch (s)
        {
            case Shape.Quadratic:
                return x * x;
            default:
                return x * x * x;
        }
    }

    [Differentiable]
    public static double IntFromBranch(double x, double y)
    {
        int k = x > y ? 1 : -1;
        int j = k switch { 1 => 3, _ => 5 };
        return k * x + j * y;
    }

    [Differentiable]
    public static double ReturnInSwitchInIf(double x, int mode)
    {
        if (x > 0)
        {
            switch (mode)
            {
                case 0:
                    return x * x;
                case 1:
                    if (x > 2)
                    {
                        return 3 * x;
                    }

                    break;
            }

            x = x + 1;
        }

        return -x;
    }

    [Differentiable]
    public static double SameNamesInSwitchSections(double x, double y, int mode)
    {
        switch (mode)
        {
            case 0:
            {
                double t = x * y;
                return t * t;
            }

            default:
            {
                double t = x + y;
                return t * t * t;
            }
        }
    }

    [Differentiable]
    public static double IsPattern(double x) => x is > 0 and < 1 ? x * x : x;

    [Differentiable]
    public static double SwitchCombinators(double x) => x switch
    {
        < 0 or > 10 => -x,
        not 5 => x * x,
        _ => 1,
    };

    [Differentiable]
    public static double WhenClause(double x, int mode) => mode switch
    {
        0 when x > 1 => x * x,
        0 => 2 * x,
        _ => 3 * x,
    };

    [Differentiable]
    public static double ReassignParameters(double x, double y)
    {
        x = x * 2;
        y *= x;
        (x, y) = (y, x);
        return x * y + x;
    }

    [Differentiable]
    public static double RemainderAssign(double x, double y)
    {
        double r = x;
        r %= y;
        return r * 2;
    }

    [Differentiable]
    public static double IntOperands(double x, int n)
    {
        double s = x / n;
        s += n;
        s *= n;
        s -= n / 2;
        return s * x;
    }

    [Differentiable]
    public static double ExplicitCasts(double x, int n) => (double)n * x + +x;

    [Differentiable]
    public static double SideEffectInCondition(double x)
    {
        double a = x;
        if (++a > 2)
        {
            return a * a;
        }

        return a;
    }

    [Differentiable]
    public static double PostfixReturn(double x)
    {
        double a = x * x;
        return a++;
    }

    [Differentiable]
    public static double AssignmentAsValue(double x)
    {
        double a = x;
        double b = (a += x) * 2;
        double c, d;
        c = d = b * x;
        return a * b + c - d / 2;
    }

    [Differentiable]
    public static double Six(double a, double b, double c, double d, double e, double f) => a * b + c * d * e - f / a + Math.Sin(f * b);

    [Differentiable]
    public static double MixedPrecision(double x, float y) => x * y;

    [Differentiable]
    public static float FloatWithDoubleLocal(float x)
    {
        double t = x;
        return (float)(t * t);
    }

    [Differentiable]
    public static double Overload(double x) => x * x;

    [Differentiable]
    public static double Overload(double x, double y) => x * y;

    [Differentiable]
    public static float Overload(float x) => x * x * x;

    private static double NoArgs() => 4.0;
}

/// <summary>An instance method calling an instance helper with inactive arguments and reading a field inside a Math call.</summary>
public sealed partial class ExtraModel
{
    private readonly double weight = 0.5;

    [Differentiable]
    public double InstanceHelper(double x, int n) => Helper(n) * x + Math.Exp(weight) * x * x;

    private double Helper(int n) => weight * n;
}

/// <summary>A generic containing type.</summary>
public static partial class GenericHolder<T>
{
    [Differentiable]
    public static double F(double x) => x * x;

    /// <summary>A type pattern on a value of the type parameter (the generated code did not compile, CS0030): x·tag where tag is a double, else x.</summary>
    [Differentiable]
    public static double Tagged(double x, T tag) => tag is double d ? d * x : x;

    /// <summary>A type pattern and a relational one (the right side tests the narrowed value; it compared the T value: CS0030): x·tag for a positive double tag, else x.</summary>
    [Differentiable]
    public static double PositiveTag(double x, T tag) => tag is double d and > 0 ? d * x : x;

    /// <summary>The same in a switch: k·x for an int, |s|·x² for a string, else x.</summary>
    [Differentiable]
    public static double Switched(double x, T tag) => tag switch { int k => k * x, string s => s.Length * x * x, _ => x };
}

/// <summary>A struct-constrained generic type: a type pattern on a <c>T?</c> (Nullable&lt;T&gt;) value converts through object too (the fuzzer's production found it).</summary>
public static partial class GenericStructHolder<T>
    where T : struct
{
    /// <summary>x·tag where tag is a double, else x.</summary>
    [Differentiable]
    public static double Tagged(double x, T? tag) => tag is double d ? d * x : x;
}

/// <summary>
/// Partial methods (C# 9) with [Differentiable] on either part: the part with the body is
/// differentiated (a new user's trial found ADG0011 against the method itself, and "it has no body").
/// </summary>
public partial class PartialMethods
{
    /// <summary>x³ + 2x, the attribute on the part with the body.</summary>
    public partial double OnBody(double x);

    /// <summary>sin(x)·y, the attribute on the declaring part.</summary>
    [Differentiable]
    public partial double OnDeclaration(double x, double y);

    [Differentiable]
    public partial double OnBody(double x) => x * x * x + 2 * x;

    public partial double OnDeclaration(double x, double y) => Math.Sin(x) * y;
}

/// <summary>
/// Calls of obsolete and experimental members the method allows (a pragma, or being obsolete itself):
/// the generated code repeats them (a new user's trial found EXP01 and CS0619 in generated code, and
/// CS0618 warnings).
/// </summary>
public static partial class ObsoleteCalls
{
    [System.Diagnostics.CodeAnalysis.Experimental("ADGTEST01")]
    public static double Preview(int n) => n;

    [Obsolete("use something else")]
    public static double Old(int n) => 2 * n;

#pragma warning disable ADGTEST01, CS0618
    /// <summary>Preview(n)·Old(n)·x².</summary>
    [Differentiable]
    public static double Allowed(double x, int n) => Preview(n) * Old(n) * x * x;
#pragma warning restore ADGTEST01, CS0618

    /// <summary>xⁿ by a recursion of an obsolete method (CS0619 outside an obsolete context).</summary>
    [Obsolete("kept for compatibility", true)]
    [Differentiable]
    public static double Power(double x, int n) => n == 0 ? 1 : x * Power(x, n - 1);
}

/// <summary>foreach by readonly reference over a span parameter (a new user's trial found it reported as "a ref local").</summary>
public static partial class RefReadonlyForEach
{
    /// <summary>Σ sin(v)·v over w.</summary>
    [Differentiable]
    public static double Sum(ReadOnlySpan<double> w)
    {
        double s = 0;
        foreach (ref readonly double v in w)
        {
            s += Math.Sin(v) * v;
        }

        return s;
    }
}

/// <summary>Collection initializers of the runtime's collections of plain values: data, like collection expressions (a new user's trial found ADG0005).</summary>
public static partial class CollectionInitializers
{
    /// <summary>(0.5 + 1.5)·x² plus 1.5·x² per distinct element of {1, 2, 2}: 5x².</summary>
    [Differentiable]
    public static double Weighted(double x)
    {
        var weights = new System.Collections.Generic.List<double> { 0.5, 1.5 };
        var distinct = new System.Collections.Generic.HashSet<int> { 1, 2, 2 };
        double s = 0;
        foreach (var w in weights)
        {
            s += w * x * x;
        }

        return s + distinct.Count * 1.5 * x * x;
    }

    /// <summary>Σ p·q·x over a list of tuples, plus a dictionary's 1.5·x: (0.75 + 6 + 1.5)·x (stop 25: ADG0005 before).</summary>
    [Differentiable]
    public static double Pairs(double x)
    {
        var points = new System.Collections.Generic.List<(double, double)> { (0.5, 1.5), (2, 3) };
        var weights = new System.Collections.Generic.Dictionary<int, double> { { 1, 0.5 }, { 2, 1.5 } };
        double s = 0;
        foreach (var (p, q) in points)
        {
            s += p * q * x;
        }

        return s + weights[2] * x;
    }
}

/// <summary>Options a property pattern reads; <see cref="Reads"/> counts the getter's runs.</summary>
public sealed class PatternOptions
{
    public double Scale { get; set; } = 2;

    public PatternOptions? Inner { get; set; }

    public string Name = "ab";

    public int Reads;

    public int Counted => ++Reads;
}

/// <summary>The modes of <see cref="Patterns.Drag"/>.</summary>
public enum DragMode
{
    Fast,
    Accurate,
    Slow,
}

/// <summary>A positional record whose properties a switch tests in several arms.</summary>
public sealed record DragOptions(DragMode Mode, double Tolerance);

/// <summary>Property and list patterns on data and on an active array's length (stop 25: ADG0005 before).</summary>
public static partial class Patterns
{
    /// <summary>x² where s has more than 2 characters, else x.</summary>
    [Differentiable]
    public static double Length(double x, [NoDerivative] string? s) => s is { Length: > 2 } ? x * x : x;

    /// <summary>x·Scale where o is options with Scale &gt; 1, else −x.</summary>
    [Differentiable]
    public static double Typed(double x, [NoDerivative] object? o) => o is PatternOptions { Scale: > 1 } options ? x * options.Scale : -x;

    /// <summary>3x where o.Inner.Name has 2 characters (o and o.Inner not null), else x.</summary>
    [Differentiable]
    public static double Extended(double x, [NoDerivative] PatternOptions? o) => o is { Inner.Name.Length: 2 } ? 3 * x : x;

    /// <summary>The getter runs once: x·Reads (1) where Counted is in (0, 4), else x.</summary>
    [Differentiable]
    public static double GetterOnce(double x, [NoDerivative] PatternOptions o) => o is { Counted: > 0 and < 4 } ? x * o.Reads : x;

    /// <summary>
    /// Terms chosen by list patterns: w0·w1 where w has 2 or more elements; w0·d1 where d is
    /// [_, &gt; 0.5, ..]; last·w0 where d's last element is negative; first² where w has 2 or more;
    /// 100·w0 where d is exactly [1, 2].
    /// </summary>
    [Differentiable]
    public static double Lists(double[] w, [NoDerivative] double[]? d)
    {
        double s = 0;
        if (w is { Length: > 1 })
        {
            s += w[0] * w[1];
        }

        if (d is [_, > 0.5, ..])
        {
            s += w[0] * d[1];
        }

        if (d is [.., var last] && last < 0)
        {
            s += last * w[0];
        }

        if (w is [var first, _, ..])
        {
            s += first * first;
        }

        if (d is [1.0, 2.0])
        {
            s += 100 * w[0];
        }

        return s;
    }

    /// <summary>2x where s starts with 'a' and ends with 'z', else 5x.</summary>
    [Differentiable]
    public static double Chars(double x, [NoDerivative] string s) => s is ['a', .., 'z'] ? 2 * x : 5 * x;

    /// <summary>d·x where the flag is set and o is a double d (bound on one path of the &amp;&amp;), else x.</summary>
    [Differentiable]
    public static double BoundOnOnePath(double x, [NoDerivative] bool flag, [NoDerivative] object o)
    {
        if (flag && o is double d)
        {
            return d * x;
        }

        return x;
    }

    /// <summary>m·x where n has a value m, else x.</summary>
    [Differentiable]
    public static double Nullable(double x, [NoDerivative] int? n) => n is { } m ? m * x : x;

    /// <summary>
    /// A switch on a record's properties, Mode tested in two arms (an auto-property, read again
    /// without an effect): ½ρv² when fast; ½ρv²(1 + 0.1v) when accurate with a small tolerance;
    /// else ρ√(1 + v²).
    /// </summary>
    [Differentiable]
    public static double Drag(double v, double rho, [NoDerivative] DragOptions o) => o switch
    {
        { Mode: DragMode.Fast } => 0.5 * rho * v * v,
        { Mode: DragMode.Accurate, Tolerance: < 1e-3 } => 0.5 * rho * v * v * (1 + 0.1 * v),
        _ => rho * Math.Sqrt(1 + v * v),
    };

    /// <summary>x² where o is options with Scale &gt; 1, else 3x: the property is read only where the type test passed.</summary>
    [Differentiable]
    public static double AndNarrowed(double x, [NoDerivative] object o) => o is PatternOptions and { Scale: > 1 } ? x * x : 3 * x;

    /// <summary>b·x where x ≤ 5 and d is [_, b], else x (2x above 5): d[1] is read only where d has two elements.</summary>
    [Differentiable]
    public static double GuardedLocal(double x, [NoDerivative] double[] d)
    {
        double r = x;
        if (x > 5)
        {
            r = 2 * x;
        }
        else if (d is [_, var b])
        {
            r = b * x;
        }

        return r;
    }

    /// <summary>last·100 + x with last = x, the element's value when matched (the store after it does not change it): derivative 101.</summary>
    [Differentiable]
    public static double Snapshot(double x)
    {
        double[] buffer = new double[3];
        buffer[2] = x;
        if (buffer is [.., var last])
        {
            buffer[2] = 100;
            return last * buffer[2] + x;
        }

        return 0;
    }
}
