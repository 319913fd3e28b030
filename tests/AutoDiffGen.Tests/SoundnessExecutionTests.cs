using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Issue 6 (soundness), the generated-code side: exact constants, overlapping output spans, nullable
/// contexts and language versions, file-local types, and the constructs that were falsely reported,
/// each checked against a closed form.
/// </summary>
public sealed class SoundnessExecutionTests
{
    /// <summary>Generates (clean output required), compiles and loads; returns a static method by type and name.</summary>
    private static Func<string, string, MethodInfo> Load(GeneratorRun run)
    {
        run.AssertCleanOutput();
        using var stream = new MemoryStream();
        var emit = run.OutputCompilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new AssemblyLoadContext("Soundness" + Guid.NewGuid().ToString("N"), isCollectible: true);
        var assembly = context.LoadFromStream(new MemoryStream(stream.ToArray()));
        return (type, name) => assembly.GetType(type)!.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{type}.{name} was not generated");
    }

    private static Func<string, string, MethodInfo> Load(string source) => Load(GeneratorRunner.Run(source));

    private static double Gradient(MethodInfo gradient, params object[] arguments)
    {
        var all = arguments.Append(null).ToArray();
        gradient.Invoke(null, all);
        return (double)all[^1]!;
    }

    // ------------------------------------------------------------------ 9: integer and decimal constants

    /// <summary>
    /// A real constant in a local, converted to an integer at run time: the generated code keeps the
    /// local (found by the fuzzer, stop 20). Substituted, <c>(int)1E+20</c> and <c>(uint)-3.5</c> are
    /// constant expressions C# rejects (CS0221), and a constant condition <c>(double)(int)1.640625 &gt; 0</c>
    /// makes a branch unreachable (CS0162, an error with TreatWarningsAsErrors); the formula in the
    /// docs is left out where integers wrap or truncate.
    /// </summary>
    [Fact]
    public void RealConstantsConvertedToIntegers_StayRunTimeConversions()
    {
        var run = GeneratorRunner.Run("""
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    double big = 1e20, negative = -3.5, c = 1.640625;
                    int k = (int)big;
                    uint u = (uint)negative;
                    double y;
                    if ((double)(int)c > 0.0) y = x * x; else y = -x;
                    return x * k + x * u + y;
                }

                public static double Run(double x, out double dx) => FGradient(x, out dx);
            }
            """);
        var get = Load(run);
        foreach (var folded in new[] { "(int)1E+20", "(uint)-3.5", "(int)1.640625" })
        {
            Assert.DoesNotContain(folded, run.SingleGeneratedText, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("∂F/∂x =", run.SingleGeneratedText, StringComparison.Ordinal);
        var f = get("Functions", "F");
        double x = 1.5;
        int k = (int)Volatile(1e20);
        uint u = (uint)Volatile(-3.5);
        Assert.Equal((double)f.Invoke(null, new object[] { x })!, x * k + x * u + x * x);
        var args = new object?[] { x, null };
        get("Functions", "Run").Invoke(null, args);
        Assert.Equal(k + (double)u + 2 * x, (double)args[1]!);
    }

    /// <summary>
    /// A partial that chooses among constants (Clamp's, Max's, Relu's) gives the operand it leaves out
    /// no derivative at all: before, the pushforward multiplied that operand's tangent by 0, which is
    /// NaN where the tangent is not finite (the tangent of <c>Asin</c> out of its domain, whose NaN value
    /// <c>ClampNative</c> replaces by a bound and <c>MaxNumber</c> ignores), while the pullback gave the
    /// bound's derivative, 0 (soak seed 104, program 555).
    /// </summary>
    [Fact]
    public void ASelectedAwayOperandWithANaNTangent_GivesNoDerivative_InEitherMode()
    {
        var run = GeneratorRunner.Run("""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double Clamped(double x) => double.ClampNative(Math.Asin(0.9 * Math.Atan(x)), -1.0, 1.0) + x;

                [Differentiable]
                public static double Number(double x) => double.MaxNumber(x * x, Math.Asin(x + 1.5));

                public static double[] Run(double x)
                {
                    var r = new double[4];
                    ClampedGradient(x, out r[0]);
                    ClampedPushforward(x, 1, out r[1]);
                    NumberGradient(x, out r[2]);
                    NumberPushforward(x, 1, out r[3]);
                    return r;
                }
            }
            """);
        var get = Load(run);
        // At x = 5: 0.9·atan(5) ≈ 1.24, Asin is NaN, ClampNative returns a bound (derivative 0), + x gives 1.
        // MaxNumber(x², NaN) returns x²: derivative 2x = 10.
        var r = (double[])get("Functions", "Run").Invoke(null, new object[] { 5.0 })!;
        Assert.Equal(new[] { 1.0, 1.0, 10.0, 10.0 }, r);
    }

    /// <summary>
    /// A property's getter runs where the method reads the property, once per read, and a field that
    /// a call can change is read where the method reads it: the generated members return the
    /// method's value and differentiate it. Before, both were read as plain values that nothing
    /// changes (order-free, merged with an equal read, read again in the reverse sweep): for
    /// <c>x·Next + x·Next</c> with a counting getter the gradient returned 2 for 3 and the derivative 5
    /// for 3 (the pushforward 4), and a read of a field after a call that bumps it was merged with
    /// the read before (2 for 3, derivative 4); the gradient's docs gave 2·Next as its formula.
    /// </summary>
    [Fact]
    public void PropertiesWithEffects_AndFieldsACallChanges_AreReadWhereTheMethodReadsThem()
    {
        var run = GeneratorRunner.Run("""
            using AutoDiffGen;

            public static class Counter
            {
                private static int n;
                public static double Next => ++n;
                public static void Reset() => n = 0;
            }

            public partial class Primary(double k)
            {
                public void Bump() { k += 1; }

                [Differentiable]
                public double I(double x) { double a = x * k; Bump(); return a + x * k; }
            }

            public partial struct Reassigned
            {
                public readonly double k;

                public Reassigned(double k) { this.k = k; }

                public void Reset() { this = new Reassigned(k + 1); }

                [Differentiable]
                public double F(double x) { double a = x * k; Reset(); return a + x * k; }
            }

            public partial class Functions
            {
                public static double State = 1;
                public double Own = 1;
                public static readonly double Fixed = 2;

                public static void Bump() => State += 1;

                public void BumpOwn() => Own += 1;

                [Differentiable]
                public static double Twice(double x) => x * Counter.Next + x * Counter.Next;

                [Differentiable]
                public static double AroundCall(double x)
                {
                    double a = x * State;
                    Bump();
                    return a + x * State + Fixed * x;
                }

                [Differentiable]
                public double Instance(double x)
                {
                    double a = x * Own;
                    BumpOwn();
                    return a * x + x * this.Own;
                }

                public static double[] Run(double x)
                {
                    var r = new double[11];
                    r[9] = new Primary(1).IGradient(x, out double dp) + 1000 * dp;
                    r[10] = new Reassigned(1).FGradient(x, out double dr) + 1000 * dr;
                    Counter.Reset();
                    r[0] = TwiceGradient(x, out r[1]);
                    Counter.Reset();
                    r[2] = TwicePushforward(x, 1, out r[3]);
                    State = 1;
                    r[4] = AroundCallGradient(x, out r[5]);
                    State = 1;
                    r[6] = AroundCallPullback(x, 2, ref r[7]);
                    r[8] = new Functions().InstanceGradient(x, out double d) + 1000 * d;
                    return r;
                }
            }
            """);
        Assert.DoesNotContain("Next", string.Join("\n", string.Concat(run.GeneratedSources.Select(g => g.SourceText.ToString())).Split('\n').Where(l => l.TrimStart().StartsWith("/// <br/>", StringComparison.Ordinal))), StringComparison.Ordinal);
        var get = Load(run);
        double x = 1.5;
        var r = (double[])get("Functions", "Run").Invoke(null, new object[] { x })!;
        // Twice: x·1 + x·2 = 3x, derivative 3.
        Assert.Equal(3 * x, r[0]);
        Assert.Equal(3, r[1]);
        Assert.Equal(3 * x, r[2]);
        Assert.Equal(3, r[3]);
        // AroundCall: x·1 + x·2 + 2x = 5x, derivative 5; the pullback with seed 2 adds 10.
        Assert.Equal(5 * x, r[4]);
        Assert.Equal(5, r[5]);
        Assert.Equal(5 * x, r[6]);
        Assert.Equal(10, r[7]);
        // Instance: x·1·x + x·2 = x² + 2x, derivative 2x + 2 = 5 at 1.5.
        Assert.Equal(x * x + 2 * x + 1000 * (2 * x + 2), r[8]);
        // A primary-constructor parameter a call changes (found in review), and a readonly field of a
        // struct whose method assigns this: x·1 + x·2 = 3x, derivative 3, as the method computes.
        Assert.Equal(3 * x + 3000, r[9]);
        Assert.Equal(3 * x + 3000, r[10]);
    }

    /// <summary>
    /// Finding 58: a slice of a <c>Span</c> held as a <c>ReadOnlySpan</c> (<c>ReadOnlySpan&lt;double&gt; mid =
    /// buf.Slice(1)</c>, an implicit conversion around the slice) was no view to the lowering, so its
    /// elements were read as constants: the gradient lost every term through it (a new user's trial
    /// found the same through <c>w.AsSpan(1, n)</c>, which was not a view either and is now). Every
    /// form against its closed form, at dyadic points where every product is exact.
    /// </summary>
    [Fact]
    public void SlicesHeldReadOnly_AndAsSpanViews_CarryTheirDerivatives()
    {
        var get = Load("""
            using System;
            using AutoDiffGen;

            public static partial class Views
            {
                [Differentiable]
                public static double LocalSliceReadOnly(double[] w)
                {
                    Span<double> buf = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) buf[i] = w[i] * w[i];
                    ReadOnlySpan<double> mid = buf.Slice(1);
                    return 3 * mid[0] + mid[1];
                }

                [Differentiable]
                public static double AsSpanViews(double[] w)
                {
                    ReadOnlySpan<double> mid = w.AsSpan(1, w.Length - 2);
                    Span<double> tail = w.AsSpan(2);
                    return mid[0] * mid[1] + tail[1] * w.AsSpan()[0] + w.AsSpan(1)[2];
                }

                [Differentiable]
                public static double SliceOfAsSpan(double[] w)
                {
                    ReadOnlySpan<double> v = w.AsSpan(1).Slice(1);
                    return v[0] * v[1];
                }

                [Differentiable]
                public static double AsSpanToCallee(double[] w) => SumSq(w.AsSpan(2)) * w[0];

                [Differentiable]
                public static double SumSq(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                    return s;
                }

                public static double[] Run(double[] w)
                {
                    int n = w.Length;
                    var r = new double[4 * (n + 1)];
                    r[0] = LocalSliceReadOnlyGradient(w, r.AsSpan(1, n));
                    r[n + 1] = AsSpanViewsGradient(w, r.AsSpan(n + 2, n));
                    r[2 * (n + 1)] = SliceOfAsSpanGradient(w, r.AsSpan(2 * (n + 1) + 1, n));
                    r[3 * (n + 1)] = AsSpanToCalleeGradient(w, r.AsSpan(3 * (n + 1) + 1, n));
                    return r;
                }
            }
            """);
        double[] w = { 0.5, -1.25, 2, 0.75, -3, 1.5 };
        var r = (double[])get("Views", "Run").Invoke(null, new object[] { w })!;
        double[] Row(int k) => r.Skip(k * (w.Length + 1)).Take(w.Length + 1).ToArray();
        // 3·w1² + w2²
        Assert.Equal(new[] { 3 * w[1] * w[1] + w[2] * w[2], 0, 6 * w[1], 2 * w[2], 0, 0, 0 }, Row(0));
        // w1·w2 + w3·w0 + w3
        Assert.Equal(new[] { w[1] * w[2] + w[3] * w[0] + w[3], w[3], w[2], w[1], w[0] + 1, 0, 0 }, Row(1));
        // w2·w3
        Assert.Equal(new[] { w[2] * w[3], 0, 0, w[3], w[2], 0, 0 }, Row(2));
        // (w2² + … + w5²)·w0
        double s = w.Skip(2).Sum(v => v * v);
        Assert.Equal(new[] { s * w[0], s, 0, 2 * w[2] * w[0], 2 * w[3] * w[0], 2 * w[4] * w[0], 2 * w[5] * w[0] }, Row(3));
    }

    /// <summary>
    /// Finding 59: a <c>?:</c> or switch expression whose value is one of several active arrays or
    /// spans, passed straight to a <c>[Differentiable]</c> callee (<c>SumSq(c ? w : u)</c>), left
    /// its result slot inactive during lowering, so the call was taken for an inactive one and its
    /// result for a constant: gradient 0 through it. Closed forms at dyadic points (exact products).
    /// </summary>
    [Fact]
    public void OneOfSeveralArraysChosenByAnExpression_PassedToACallee_IsDifferentiated()
    {
        var get = Load("""
            using System;
            using AutoDiffGen;

            public static partial class Chosen
            {
                [Differentiable]
                public static double SumSq(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                    return s;
                }

                [Differentiable]
                public static double Conditional(ReadOnlySpan<double> w, ReadOnlySpan<double> u) => SumSq(w.Length > 3 ? w : u);

                [Differentiable]
                public static double Switch(double[] w, double[] u, int k) => SumSq(k switch { 0 => w, 1 => u.AsSpan(1), _ => w.AsSpan(2) }) * w[0];

                public static double[] Run(double[] w, double[] u)
                {
                    var r = new double[3 * (1 + w.Length + u.Length)];
                    int at = 0;
                    for (int k = -1; k < 3; k++)
                    {
                        if (k == 0) continue;
                        var dw = r.AsSpan(at + 1, w.Length);
                        var du = r.AsSpan(at + 1 + w.Length, u.Length);
                        r[at] = k < 0 ? ConditionalGradient(w, u, dw, du) : SwitchGradient(w, u, k, dw, du);
                        at += 1 + w.Length + u.Length;
                    }

                    return r;
                }
            }
            """);
        double[] w = { 0.5, -1.25, 2, 0.75 }, u = { 1.5, -0.5, 3 };
        var r = (double[])get("Chosen", "Run").Invoke(null, new object[] { w, u })!;
        double[] Row(int k) => r.Skip(k * 8).Take(8).ToArray();
        // w.Length > 3: Σ w², gradient 2w.
        Assert.Equal(new[] { w.Sum(v => v * v), 2 * w[0], 2 * w[1], 2 * w[2], 2 * w[3], 0, 0, 0 }, Row(0));
        // k = 1: (u1² + u2²)·w0.
        double s1 = u[1] * u[1] + u[2] * u[2];
        Assert.Equal(new[] { s1 * w[0], s1, 0, 0, 0, 0, 2 * u[1] * w[0], 2 * u[2] * w[0] }, Row(1));
        // k = 2: (w2² + w3²)·w0.
        double s2 = w[2] * w[2] + w[3] * w[3];
        Assert.Equal(new[] { s2 * w[0], s2, 0, 2 * w[2] * w[0], 2 * w[3] * w[0], 0, 0, 0 }, Row(2));
    }

    /// <summary>
    /// Finding 60 (an adversarial trial of views): an array or span cast to a span and indexed or
    /// sliced on the spot (<c>((ReadOnlySpan&lt;double&gt;)w)[3]</c>, <c>((Span&lt;double&gt;)h)[0]</c> of a
    /// local buffer) was read as a constant: the index went to the conversion, which no pass takes
    /// for a view. Now the conversion is held in a view variable, as a slice used in place is.
    /// </summary>
    [Fact]
    public void CastsToSpans_IndexedOrSlicedInPlace_CarryTheirDerivatives()
    {
        var get = Load("""
            using System;
            using AutoDiffGen;

            public static partial class Casts
            {
                [Differentiable]
                public static double Indexed(double[] w, double[] u, double x) => ((ReadOnlySpan<double>)w)[3] * x + ((Span<double>)u)[1];

                [Differentiable]
                public static double LocalBuffer(double[] w, double[] u, double x)
                {
                    Span<double> h = stackalloc double[2];
                    h[0] = w[0] * x;
                    h[1] = u[0];
                    return ((ReadOnlySpan<double>)h)[0] * ((ReadOnlySpan<double>)h)[1];
                }

                [Differentiable]
                public static double Sliced(double[] w, double[] u, double x)
                {
                    var v = ((ReadOnlySpan<double>)w).Slice(1);
                    return v[0] * x + u[1];
                }

                public static double[] Run(double[] w, double[] u, double x)
                {
                    int n = w.Length;
                    var r = new double[3 * (2 * n + 2)];
                    for (int k = 0; k < 3; k++)
                    {
                        int at = k * (2 * n + 2);
                        var dw = r.AsSpan(at + 1, n);
                        var du = r.AsSpan(at + 1 + n, n);
                        double dx;
                        r[at] = k switch { 0 => IndexedGradient(w, u, x, dw, du, out dx), 1 => LocalBufferGradient(w, u, x, dw, du, out dx), _ => SlicedGradient(w, u, x, dw, du, out dx) };
                        r[at + 2 * n + 1] = dx;
                    }

                    return r;
                }
            }
            """);
        double[] w = { 0.5, -1.25, 2, 0.75 }, u = { 1.5, -0.5, 3, 0.25 };
        double x = 1.75;
        var r = (double[])get("Casts", "Run").Invoke(null, new object[] { w, u, x })!;
        double[] Row(int k) => r.Skip(k * 10).Take(10).ToArray();
        // w3·x + u1
        Assert.Equal(new[] { w[3] * x + u[1], 0, 0, 0, x, 0, 1, 0, 0, w[3] }, Row(0));
        // (w0·x)·u0
        Assert.Equal(new[] { w[0] * x * u[0], x * u[0], 0, 0, 0, w[0] * x, 0, 0, 0, w[0] * u[0] }, Row(1));
        // w1·x + u1
        Assert.Equal(new[] { w[1] * x + u[1], 0, x, 0, 0, 0, 1, 0, 0, w[1] }, Row(2));
    }

    /// <summary>
    /// <c>tag is null</c> / <c>is not null</c> / <c>== null</c> / <c>null !=</c> on a type parameter's value
    /// (unconstrained, <c>notnull</c>, a struct's <c>T?</c>): the generated test compiles and matches as
    /// the original does (a new user's trial: <c>tag == (T)default(object)</c> was CS0019 in the
    /// pushforward and pullback; the fuzzer's generic production: <c>maybe == default(object)</c> too).
    /// </summary>
    [Fact]
    public void IsNullOnATypeParameter_CompilesAndMatchesAsThePattern()
    {
        var get = Load("""
            #nullable enable
            using AutoDiffGen;

            public static partial class Box<T>
            {
                [Differentiable]
                public static double F(double x, T? tag) => tag is null ? x : 2 * x;
            }

            public static partial class Keyed<TKey> where TKey : notnull
            {
                [Differentiable]
                public static double G(double x, TKey? key) => key is not null ? 3 * x : x * x;
            }

            public static partial class Maybe<T> where T : struct
            {
                [Differentiable]
                public static double H(double x, T? maybe, int? count) => maybe is null ? x * x : (count is null ? 5 * x : 7 * x);

                [Differentiable]
                public static double J(double x, T? maybe) => maybe == null ? x : 4 * x;
            }

            public static partial class Loose<T>
            {
                [Differentiable]
                public static double L(double x, T? tag) => null != tag ? 6 * x : x;
            }

            public static class Caller
            {
                public static double A(double x, out double dx) => Box<string>.FGradient(x, null, out dx);
                public static double B(double x, out double dx) => Box<string>.FGradient(x, "t", out dx);
                public static double C(double x, out double dx) => Box<int>.FGradient(x, 0, out dx);
                public static double D(double x, out double dx) => Keyed<string>.GGradient(x, null, out dx);
                public static double E(double x, out double dx) => Keyed<int>.GGradient(x, 4, out dx);
                public static double M(double x, out double dx) => Maybe<int>.HGradient(x, null, 2, out dx);
                public static double N(double x, out double dx) => Maybe<int>.HGradient(x, 1, null, out dx);
                public static double O(double x, out double dx) => Maybe<int>.HGradient(x, 1, 2, out dx);
                public static double P(double x, out double dx) => Maybe<int>.JGradient(x, null, out dx);
                public static double Q(double x, out double dx) => Maybe<int>.JGradient(x, 3, out dx);
                public static double R(double x, out double dx) => Loose<string>.LGradient(x, null, out dx);
                public static double S(double x, out double dx) => Loose<string>.LGradient(x, "s", out dx);
            }
            """);
        double x = 1.5;
        foreach (var (name, value, derivative) in new[]
        {
            ("A", x, 1.0), ("B", 2 * x, 2.0), ("C", 2 * x, 2.0),     // a value type is never null
            ("D", x * x, 2 * x), ("E", 3 * x, 3.0),
            ("M", x * x, 2 * x), ("N", 5 * x, 5.0), ("O", 7 * x, 7.0),
            ("P", x, 1.0), ("Q", 4 * x, 4.0), ("R", x, 1.0), ("S", 6 * x, 6.0),
        })
        {
            var args = new object?[] { x, null };
            Assert.Equal(value, (double)get("Caller", name).Invoke(null, args)!);
            Assert.Equal(derivative, (double)args[1]!);
        }
    }

    /// <summary>
    /// A [Differentiable] caller composing through a method of a generic type of the same compilation
    /// (<c>Box&lt;int&gt;.F</c>): the callee is checked as declared, not as the constructed type's method,
    /// whose parameters its body does not name (found by the fuzzer's generic production: a false
    /// ADG0006, every parameter read "before it is assigned").
    /// </summary>
    [Fact]
    public void ACallerComposesThroughAMethodOfAGenericType()
    {
        var get = Load("""
            #nullable enable
            using AutoDiffGen;

            public static partial class Box<T>
            {
                [Differentiable]
                public static double F(double x, T? tag) => tag is null ? x * x : 3 * x;
            }

            public static partial class Caller
            {
                [Differentiable]
                public static double K(double x) => Box<int>.F(x, 2) + Box<string>.F(x, null) + Box<int?>.F(x, null);

                public static double Run(double x, out double dx) => KGradient(x, out dx);
            }
            """);
        var args = new object?[] { 1.5, null };
        Assert.Equal(3 * 1.5 + 2 * 1.5 * 1.5, (double)get("Caller", "Run").Invoke(null, args)!);
        Assert.Equal(3 + 4 * 1.5, (double)args[1]!);   // 3 + 2x + 2x
    }

    /// <summary>The value as the run time converts it (not folded by this compiler).</summary>
    private static double Volatile(double value) => value;

    [Fact]
    public void LongAndDecimalConstants_KeepEveryDigit()
    {
        var get = Load("""
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    const long big = 9007199254740993L;      // 2^53 + 1: not a double
                    long k = big;
                    ulong u = 18446744073709551615UL;
                    decimal m = 1.2345678901234567890123456789m;
                    return x * (k % 10) + x * (double)(u % 7) + x * (double)(m * 1e27m % 10m);
                }
            }
            """);
        // k % 10 = 3; (2^64 - 1) % 7 = 1; 1234567890123456789012345678.9 % 10 = 8.9 (only with all 29 digits kept).
        double slope = 3 + 1 + 8.9;
        var gradient = get("Functions", "FGradient");
        var args = new object?[] { 2.0, null };
        double value = (double)gradient.Invoke(null, args)!;
        Assert.Equal(2 * slope, value, 12);
        Assert.Equal(slope, (double)args[1]!, 12);
    }

    // ------------------------------------------------------------------ 13: output spans that overlap inputs

    private const string TwoArrays = """
        using System;
        using System.Linq;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double[] x, double[] y, [NoDerivative] ReadOnlySpan<double> d)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * y[i] * d[i];
                return s;
            }

            public static string? GradientInto(int mode)
            {
                var x = new double[] { 1, 2 };
                var y = new double[] { 3, 4 };
                var d = new double[] { 1, 1 };
                var g = new double[] { 7, 7, 7, 7 };
                try
                {
                    switch (mode)
                    {
                        case 0: FGradient(x, y, d, x, new double[2]); break;                 // dx is x
                        case 1: FGradient(x, y, d, g.AsSpan(0, 2), g.AsSpan(1, 2)); break;   // dy overlaps dx
                        case 2: FPullback(x, y, d, 1.0, g.AsSpan(0, 2), d.AsSpan()); break;  // yAdjoint is d
                        case 3:
                            FPushforward(x, y, d, x, x, out double tangent);                  // tangents may alias anything
                            return tangent.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        default:
                            FGradient(x, y, d, g.AsSpan(0, 2), g.AsSpan(2, 2));
                            return string.Join(",", g);
                    }
                }
                catch (ArgumentException e)
                {
                    // Nothing may have been written before the throw.
                    return e.ParamName + (x[0] == 1 && x[1] == 2 && g.All(v => v == 7) ? " untouched" : " written");
                }

                return "no exception";
            }
        }
        """;

    [Theory]
    [InlineData(0, "dx untouched")]
    [InlineData(1, "dy untouched")]
    [InlineData(2, "yAdjoint untouched")]
    [InlineData(3, "16")]         // tangents ẋ = ẏ = x: Σ (ẋ·y + x·ẏ)·d = (1·3 + 1·1) + (2·4 + 2·2) = 16
    [InlineData(4, "3,4,1,2")]    // ∂/∂x = y·d, ∂/∂y = x·d
    public void OutputSpanOverlappingAnInput_ThrowsNamingIt_BeforeWriting(int mode, string expected)
    {
        var get = Load(TwoArrays);
        Assert.Equal(expected, (string?)get("Functions", "GradientInto").Invoke(null, new object[] { mode }));
    }

    /// <summary>
    /// A span output sharing memory with a [NoDerivative] input (computing in place over data) is
    /// refused by every generated member, before anything is written: the derivatives read the data
    /// again after the method's writes (a new user's trial, stop 25: the Jacobian and the pullback
    /// were silently wrong, the pushforward cleared its tangent over the data). A Jacobian refuses an
    /// output sharing an input before it clears its buffer (it cleared it first).
    /// </summary>
    private const string OutputsOverData = """
        using System;
        using System.Linq;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F([NoDerivative] ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += Math.Sin(d[i] * x[i]);
                for (int i = 0; i < y.Length; i++) y[i] = x[i] * s;
                return s;
            }

            [Differentiable]
            public static void Mul(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = w[i] * x[i];
            }

            [Differentiable]
            public static double H([NoDerivative] ReadOnlyMemory<double> d, ReadOnlySpan<double> x, Span<double> y)
            {
                double s = 0;
                var data = d.Span;
                for (int i = 0; i < x.Length; i++) s += Math.Sin(data[i] * x[i]);
                for (int i = 0; i < y.Length; i++) y[i] = x[i] * s;
                return s;
            }

            public static string? Run(int mode)
            {
                var d = new double[] { 1, 2 };
                var x = new double[] { 0.5, -1 };
                var buffer = new double[] { 7, 7, 7, 7, 7, 7, 7, 7 };
                try
                {
                    switch (mode)
                    {
                        case 0: FPullback(d, x, d, 1.0, new double[2], buffer.AsSpan(0, 2)); break;                 // y is d
                        case 1: FPushforward(d, x, buffer.AsSpan(0, 2), x, out _, d); break;                      // yTangent is d
                        case 2: FJacobian(d, x, d, buffer.AsSpan(0, 6)); break;                                                // y is d
                        case 3: MulJacobian(x, new double[] { 3, 4 }, x, buffer); break;               // y is w
                        case 5: HPullback(d, x, d, 1.0, new double[2], buffer.AsSpan(0, 2)); break;   // y is d's memory (a review of stop 25)
                        default:
                            FJacobian(d, x, new double[2], buffer.AsSpan(0, 6));
                            return "no exception";
                    }
                }
                catch (ArgumentException e)
                {
                    return e.ParamName + (d[0] == 1 && d[1] == 2 && x[0] == 0.5 && x[1] == -1 && buffer.All(v => v == 7) ? " untouched" : " written");
                }

                return "no exception";
            }
        }
        """;

    [Theory]
    [InlineData(0, "y untouched")]
    [InlineData(1, "yTangent untouched")]
    [InlineData(2, "y untouched")]
    [InlineData(3, "y untouched")]
    [InlineData(4, "no exception")]
    [InlineData(5, "y untouched")]
    public void OutputSpanOverlappingADataInput_ThrowsNamingIt_BeforeWriting(int mode, string expected)
    {
        var get = Load(OutputsOverData);
        Assert.Equal(expected, (string?)get("Functions", "Run").Invoke(null, new object[] { mode }));
    }

    // ------------------------------------------------------------------ 16, 18: nullable contexts and language versions

    private const string LocalArray = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, int n, string? label)
            {
                var b = new double[n];
                for (int i = 0; i < n; i++) b[i] = x * i;
                double s = label is null ? 0 : label.Length;
                for (int i = 0; i < n; i++) s += b[i] * b[i];
                return s;
            }
        }
        """;

    [Theory]
    [InlineData("#nullable enable\n")]
    [InlineData("#nullable disable\n")]
    public void LocalArrayUnderEitherNullableContext_Compiles_AndIsRight(string context)
    {
        var get = Load(context + LocalArray.Replace("string? label", context.Contains("enable", StringComparison.Ordinal) ? "string? label" : "string label", StringComparison.Ordinal));
        // s = Σ (x·i)² = x² · Σ i², d/dx = 2x · Σ i²; n = 4: Σ i² = 14.
        Assert.Equal(2 * 1.5 * 14, Gradient(get("Functions", "FGradient"), 1.5, 4, null!), 12);
    }

    [Fact]
    public void CSharp73_VectorizedLoopsCompile_AndAreRight()
    {
        // A .NET 8+ project (NET8_0_OR_GREATER) that keeps C# 7.3: the vectorized part must compile
        // there too (no nint/nuint) and run.
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3, preprocessorSymbols: new[] { "NET8_0_OR_GREATER" });
        var source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double Dot(double[] w, double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i] - w[i];
                    return s;
                }

                // Spans cannot pass through reflection: arrays in, the gradient's spans out.
                public static double Run(double[] w, double[] x, double[] dw, double[] dx) => DotGradient(w, x, dw, dx);
            }
            """;
        var compilation = CSharpCompilation.Create(
            "CSharp73Vectorized",
            new[] { CSharpSyntaxTree.ParseText(source, options, "Input.cs") },
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions.WithNullableContextOptions(NullableContextOptions.Disable));
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generator.AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, compilation);
        Assert.Contains("global::AutoDiffGen.VectorBlocks.Load(", run.SingleGeneratedText, StringComparison.Ordinal);
        var get = Load(run);
        int n = 4 * System.Numerics.Vector<double>.Count + 3;
        var w = new double[n];
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = 0.25 * i - 1;
            x[i] = 2 - 0.5 * i;
        }

        var dw = new double[n];
        var dx = new double[n];
        get("Functions", "Run").Invoke(null, new object?[] { w, x, dw, dx });
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i] - 1, dw[i]);     // ∂/∂wᵢ = xᵢ − 1, one term: exact
            Assert.Equal(w[i], dx[i]);
        }
    }

    [Fact]
    public void CSharp73_GeneratedCodeCompiles_WithoutNullableDirective()
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, double b, [NoDerivative] double[] X)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i] * X[i]) + b * b;
                    return s;
                }

                [Differentiable]
                public static float G(float x) => Math.Abs(x) * x + Math.Max(x, 1f);
            }
            """;
        var compilation = CSharpCompilation.Create(
            "CSharp73",
            new[] { CSharpSyntaxTree.ParseText(source, options, "Input.cs") },
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions.WithNullableContextOptions(NullableContextOptions.Disable));
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generator.AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, compilation);
        var text = run.SingleGeneratedText;
        Assert.DoesNotContain("#nullable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MathF", text, StringComparison.Ordinal);
        var get = Load(run);
        var g = get("Functions", "GGradient");
        var gArgs = new object?[] { -2f, null };
        Assert.Equal(Math.Abs(-2f) * -2f + 1f, (float)g.Invoke(null, gArgs)!);
        Assert.Equal(2 * Math.Abs(-2f), (float)gArgs[1]!);      // d/dx (|x|·x) = 2|x|; Max(x, 1) = 1 does not depend on x
    }

    [Fact]
    public void ExistingMemberNamedLikeAGeneratedOne_IsSkipped_OthersGenerated()
    {
        var get = Load("""
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => x * x;

                public static double FGradient(double x, out double dx) { dx = -1; return -1; }

                [Differentiable]
                public static double G(double x) => x * x * x;
            }
            """);
        Assert.Equal(-1.0, Gradient(get("Functions", "FGradient"), 2.0));       // the user's own
        Assert.Equal(12.0, Gradient(get("Functions", "GGradient"), 2.0));       // 3x²
    }

    // ------------------------------------------------------------------ 17: file-local types

    [Fact]
    public void FileLocalType_DoesNotCrash_AndOtherTypesStillGetDerivatives()
    {
        var run = GeneratorRunner.Run("""
            using AutoDiffGen;

            file partial class Local
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }

            public static partial class Other
            {
                [Differentiable]
                public static double G(double x) => x * x * x;
            }
            """);
        run.AssertGeneratorDidNotThrow();
        Assert.Equal(new[] { "Other.AutoDiff.g.cs" }, run.GeneratedSources.Select(s => s.HintName).ToArray());
        var get = Load(run);
        Assert.Equal(27.0, Gradient(get("Other", "GGradient"), 3.0));
    }

    [Fact]
    public void HintNames_HaveOnlySafeCharacters()
    {
        var hierarchy = new AutoDiffGen.Generator.IR.HierarchyInfo(
            "N",
            AutoDiffGen.Generator.Helpers.EquatableArray.Create(new AutoDiffGen.Generator.IR.TypeDeclarationInfo("class", "C", "<Input>F1__C"), new AutoDiffGen.Generator.IR.TypeDeclarationInfo("class", "D", "D`1")));
        Assert.Equal("N._Input_F1__C.D`1.AutoDiff.g.cs", hierarchy.HintName);
    }

    // ------------------------------------------------------------------ 21: constructs that were falsely reported, now right

    private const string Supported = """
        using System;
        using AutoDiffGen;

        public partial class Scaled(double k)
        {
            [Differentiable]
            public double Prim(double x) => k * x * x;
        }

        public static partial class Functions
        {
            [Differentiable]
            public static double Opt(double x, double scale = 3.0) => scale * x * x;

            [Differentiable]
            public static double CallOpt(double x) => Opt(x) + Opt(x, 2.0);

            [Differentiable]
            public static double SwitchInLoop(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    switch (i % 3)
                    {
                        case 0: s += x; break;
                        case 1: if (s > 100) continue; s += x * x; break;
                        default: { s += 2 * x; break; }
                    }
                }

                return s;
            }

            [Differentiable]
            public static double Coalesce(double x, string? name, string other) => (name ?? other).Length * x * x;

            [Differentiable]
            public static double GotoCase(double x, int mode)
            {
                double r = x;
                switch (mode)
                {
                    case 0: r = r * x; goto case 1;
                    case 1: r = r + x; break;
                    case 2: r = 2 * r; goto default;
                    default: r = r * r; break;
                }

                return r;
            }

            [Differentiable]
            public static double TypePattern(double x, object o)
            {
                if (o is string s) return x * s.Length;
                return o is int ? x * x : -x;
            }
        }
        """;

    [Fact]
    public void PrimaryConstructorParameter_ReadAsAConstant()
    {
        var run = GeneratorRunner.Run(Supported);
        var get = Load(run);
        var gradient = get("Scaled", "PrimGradient");
        var instance = Activator.CreateInstance(gradient.DeclaringType!, 2.0);
        var args = new object?[] { 3.0, null };
        Assert.Equal(18.0, (double)gradient.Invoke(instance, args)!);   // k·x²
        Assert.Equal(12.0, (double)args[1]!);                           // 2kx
    }

    [Fact]
    public void OmittedOptionalArgument_ComposesWithItsDefault()
        => Assert.Equal(10 * 2.0, Gradient(Load(Supported)("Functions", "CallOptGradient"), 2.0));  // d/dx (3x² + 2x²) = 10x

    [Theory]
    [InlineData(1.5, 5, 4 + 4 * 1.5)]   // i = 0..4: x, x², 2x, x, x²: d/dx = 4 + 4x
    [InlineData(20.0, 5, 4 + 2 * 20.0)] // s > 100 before i = 4: that x² is skipped by continue
    public void BreakAndContinueInSwitchSectionInLoop(double x, int n, double expected)
        => Assert.Equal(expected, Gradient(Load(Supported)("Functions", "SwitchInLoopGradient"), x, n), 12);

    [Theory]
    [InlineData(null, 3 * 2 * 2.0)]   // (other = "abc").Length · 2x
    [InlineData("ab", 2 * 2 * 2.0)]
    public void CoalesceOnInactiveData(string? name, double expected)
        => Assert.Equal(expected, Gradient(Load(Supported)("Functions", "CoalesceGradient"), 2.0, name!, "abc"), 12);

    [Theory]
    [InlineData(0, 2 * 2.0 + 1)]   // x² then + x
    [InlineData(1, 2.0)]           // 2x... r = x + x: 2
    [InlineData(2, 8 * 2.0)]       // (2x)² = 4x²: 8x
    [InlineData(3, 2 * 2.0)]       // x²: 2x
    public void GotoCaseAndGotoDefault(int mode, double expected)
        => Assert.Equal(expected, Gradient(Load(Supported)("Functions", "GotoCaseGradient"), 2.0, mode), 12);

    [Theory]
    [InlineData("abcd", 4.0)]
    [InlineData(5, 2 * 2.0)]
    [InlineData(1.5, -1.0)]
    public void TypePatternsOnInactiveValues(object o, double expected)
        => Assert.Equal(expected, Gradient(Load(Supported)("Functions", "TypePatternGradient"), 2.0, o), 12);

    /// <summary>
    /// A number formatted into a string (<c>$"{d}"</c>, <c>"v" + d</c>, <c>s += d</c>) reads the
    /// current culture: two equal strings around a call that changes it differ, so they are not merged
    /// (stop 24's note: the gradient returned 1 where the method returns 2). <c>s += d</c> did not
    /// compile before (CS0019, <c>(object)s + (object)d</c>).
    /// </summary>
    [Theory]
    [InlineData("Interpolated")]
    [InlineData("Concatenated")]
    [InlineData("Appended")]
    public void NumbersFormattedAroundACultureChange_AreFormattedTwice(string name)
    {
        var get = Load("""
            using System.Globalization;
            using AutoDiffGen;

            public static partial class Functions
            {
                static void Swap() => CultureInfo.CurrentCulture = CultureInfo.CurrentCulture.Name == "de-DE" ? CultureInfo.InvariantCulture : new CultureInfo("de-DE");

                [Differentiable]
                public static double Interpolated(double x, [NoDerivative] double d)
                {
                    string a = $"{d}";
                    Swap();
                    string b = $"{d}";
                    return a == b ? x : 2 * x;
                }

                [Differentiable]
                public static double Concatenated(double x, [NoDerivative] double d)
                {
                    string a = "v" + d;
                    Swap();
                    string b = "v" + d;
                    return a == b ? x : 2 * x;
                }

                [Differentiable]
                public static double Appended(double x, [NoDerivative] double d)
                {
                    string a = "v";
                    a += d;
                    Swap();
                    string b = "v";
                    b += d;
                    return a == b ? x : 2 * x;
                }
            }
            """);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            foreach (var member in new[] { name, name + "Gradient", name + "Pushforward", name + "Pullback" })
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                var method = get("Functions", member);
                var arguments = member switch
                {
                    _ when member == name => new object?[] { 3.0, 1.5 },
                    _ when member.EndsWith("Gradient", StringComparison.Ordinal) => new object?[] { 3.0, 1.5, null },
                    _ when member.EndsWith("Pushforward", StringComparison.Ordinal) => new object?[] { 3.0, 1.5, 1.0, null },
                    _ => new object?[] { 3.0, 1.5, 1.0, 0.0 },
                };
                // 1.5 is "1.5" in the invariant culture and "1,5" in German: the method returns 2x.
                Assert.Equal(6.0, (double)method.Invoke(null, arguments)!);
                if (member != name)
                {
                    Assert.Equal(2.0, (double)arguments[^1]!);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
