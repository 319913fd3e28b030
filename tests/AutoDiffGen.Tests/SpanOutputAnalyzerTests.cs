using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>Diagnostics of methods with <c>Span&lt;T&gt;</c> outputs that the fuzzer found wrong.</summary>
public sealed class SpanOutputAnalyzerTests
{
    /// <summary>
    /// A [Differentiable] helper called with inactive arguments repeats harmlessly when the
    /// Jacobian runs the method again: no ADG0004 (it was reported for span-output methods, whose
    /// repeatable calls were collected only for tuple-returning ones; fuzz seed 21000122).
    /// </summary>
    [Fact]
    public Task ADG0004_Negative_DifferentiableHelperWithConstantArgumentsInASpanOutputMethod() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double G(double a, double b = 0.5) => 1.5 * a;

            [Differentiable]
            public static void F(double x, Span<double> y) { double c = G(0.25); y[0] = c * x; }

            [Differentiable]
            public static double H(double x, Span<double> y) { y[0] = G(0.5) * x; return x; }
        }
        """);

    /// <summary>The same call with an effect is still refused: the Jacobian would repeat it.</summary>
    [Fact]
    public Task ADG0004_InactiveCallWithAnEffectInASpanOutputMethod() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            private static int count;

            private static double Next() => ++count;

            [Differentiable]
            public static void {|#0:F|}(double x, Span<double> y) { y[0] = Next() * x; }
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F",
            "it writes span outputs, and its Jacobian runs it once per output or per input, but it calls 'Functions.Next', which may have a side effect or a different result each time; call it outside and pass the result as a [NoDerivative] argument"));

    /// <summary>
    /// Why a callee is not seen to write its output whole, said of its first use of the output
    /// (trial 42: a loop that writes every element but reads the old next one was refused with no
    /// reason, and "write every element first" misled); a clear then accumulation is whole, and so
    /// is a loop bounded by an input's length that a guard (if (x.Length != y.Length) throw …) checks
    /// equal to the output's, but not one checked only to be no shorter, nor one whose guard may return.
    /// </summary>
    [Fact]
    public Task ADG0006_SaysWhyAnOutputIsNotWrittenWhole() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static void Sneaky(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = x[i] + (i + 1 < y.Length ? y[i + 1] : 0); }

            [Differentiable]
            public static void InBranch(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) { if (x[i] > 0) y[i] = x[i]; } }

            [Differentiable]
            public static void FromOne(ReadOnlySpan<double> x, Span<double> y) { for (int i = 1; i < y.Length; i++) y[i] = x[i]; }

            [Differentiable]
            public static void Accumulates(double[] W, ReadOnlySpan<double> x, Span<double> y) { for (int r = 0; r < y.Length; r++) for (int c = 0; c < x.Length; c++) y[r] += W[r * x.Length + c] * x[c]; }

            [Differentiable]
            public static void Returns(ReadOnlySpan<double> x, Span<double> y) { if (x.Length == 0) return; for (int i = 0; i < y.Length; i++) y[i] = x[i]; }

            [Differentiable]
            public static void ReadsFirst(ReadOnlySpan<double> x, Span<double> y) { double s = y[0]; for (int i = 0; i < y.Length; i++) y[i] = x[i] * s; }

            [Differentiable]
            public static void Steps(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i += 2) y[i] = x[i]; }

            [Differentiable]
            public static void ClearsFirst(double[] W, ReadOnlySpan<double> x, Span<double> y) { y.Clear(); for (int r = 0; r < y.Length; r++) for (int c = 0; c < x.Length; c++) y[r] += W[r * x.Length + c] * x[c]; }

            [Differentiable]
            public static void Guarded(ReadOnlySpan<double> x, Span<double> y) { if (x.Length != y.Length) throw new ArgumentException("lengths"); for (int i = 0; i < x.Length; i++) y[i] = x[i] * 2; }

            [Differentiable]
            public static void GuardedLoosely(ReadOnlySpan<double> x, Span<double> y) { if (x.Length < y.Length) throw new ArgumentException("lengths"); for (int i = 0; i < x.Length; i++) y[i] = x[i] * 2; }

            [Differentiable]
            public static void GuardMayReturn(ReadOnlySpan<double> x, Span<double> y) { if (x.Length != y.Length) { if (x.Length == 0) return; throw new ArgumentException("lengths"); } for (int i = 0; i < x.Length; i++) y[i] = x[i]; }

            [Differentiable]
            public static double Caller(double[] W, ReadOnlySpan<double> x)
            {
                double[] h = new double[x.Length];
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    Sneaky(x, {|#0:h|}); s += h[0];
                    InBranch(x, {|#1:h|}); s += h[0];
                    FromOne(x, {|#2:h|}); s += h[0];
                    Accumulates(W, x, {|#3:h|}); s += h[0];
                    Returns(x, {|#4:h|}); s += h[0];
                    ReadsFirst(x, {|#5:h|}); s += h[0];
                    Steps(x, {|#6:h|}); s += h[0];
                    ClearsFirst(W, x, h); s += h[0];
                    Guarded(x, h); s += h[0];
                    GuardedLoosely(x, {|#7:h|}); s += h[0];
                    GuardMayReturn(x, {|#8:h|}); s += h[0];
                }

                return s;
            }
        }
        """,
        NotWhole(0, "Sneaky", "its loop over 'y' reads elements of 'y' other than the one it has just written, which may still hold the caller's values"),
        NotWhole(1, "InBranch", "its loop over 'y' does not store y[i] in every iteration (a store in a branch or an inner loop, or at another index, may not reach every element)"),
        NotWhole(2, "FromOne", "its loop over 'y' does not count from 0"),
        NotWhole(3, "Accumulates", "its loop over 'y' updates its elements (y[i] += …) without writing them first"),
        NotWhole(4, "Returns", "it may return before it writes every element of 'y'"),
        NotWhole(5, "ReadsFirst", "it reads 'y' before it writes every element"),
        NotWhole(6, "Steps", "its loop over 'y' does not step its counter by 1 once in each iteration"),
        NotWhole(7, "GuardedLoosely", "its loop over 'y' is not bounded by y.Length"),
        NotWhole(8, "GuardMayReturn", "it may return before it writes every element of 'y'"));

    private static DiagnosticResult NotWhole(int location, string callee, string reason)
        => Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(location).WithArguments("Functions." + callee,
            $"the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and 'Functions.{callee}' is not seen to write every element of 'y' first: {reason} (allocate the buffer in the loop's body, as a fresh buffer for each call: double[] h = new double[n];, or make 'Functions.{callee}' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) {{ y[i] = …; }}) before any other use of 'y' and before any return)");

    /// <summary>
    /// Callees that write their output whole take buffers that hold values (also with the bound a
    /// local copy of the output's length, and a scratch buffer reused by a second loop after the
    /// calls of the first read it); otherwise the message says why: a virtual callee (an override may
    /// write less), a callee that is not seen to write whole (the fix in the buffer's element
    /// type), or, before either, a callee that cannot be differentiated itself.
    /// </summary>
    [Fact]
    public Task ADG0006_OutputsWrittenWhole() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public partial class Functions
        {
            [Differentiable]
            public static void Square(ReadOnlySpan<double> a, Span<double> y)
            {
                int m = y.Length;
                for (int i = 0; i < m; i++) y[i] = a[i] * a[i];
            }

            [Differentiable]
            public static void Halves(ReadOnlySpan<float> a, Span<float> y)
            {
                for (int i = 0; i < a.Length; i++) y[i] = a[i] * 0.5f;
            }

            [Differentiable]
            public virtual void Layer(ReadOnlySpan<double> a, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = Math.Tanh(a[i]);
            }

            [Differentiable]
            public static void Chatty(ReadOnlySpan<double> a, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = a[i];
                {|#3:Console.WriteLine(y[0])|};
            }

            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

            [Differentiable]
            public static double TwoLoops(double[] w)
            {
                double[] h = new double[w.Length];
                double s = 0;
                for (int k = 0; k < 3; k++) { Square(w, h); s += Dot(w, h); }
                for (int k = 0; k < 2; k++) { h[k] = w[k] * s; s += Dot(w, h); }
                return s;
            }

            [Differentiable]
            public static float NotWhole(float[] w)
            {
                Span<float> h = stackalloc float[w.Length];
                float s = 0;
                for (int k = 0; k < 3; k++) { Halves(w, {|#0:h|}); s += h[0]; }
                return s;
            }

            [Differentiable]
            public double Dispatched(double[] w)
            {
                double[] h = new double[w.Length];
                double s = 0;
                for (int k = 0; k < 3; k++) { Layer(w, {|#1:h|}); s += h[0]; }
                return s;
            }

            [Differentiable]
            public static void OwnOutputComposes(double[] w, Span<double> y) { y[0] = 1; Square(w, y); }

            [Differentiable]
            public static void OwnOutputInALoop(double[] w, Span<double> y) { for (int k = 0; k < 2; k++) Square(w, {|#4:y|}); }

            [Differentiable]
            public static void OwnOutputNotWritten(float[] w, Span<float> y) => Halves(w, {|#5:y|});

            [Differentiable]
            public static void OwnOutputWrittenAfter(double[] w, Span<double> y)
            {
                Square(w, y);
                {|#6:y[0] = w[0];|}
            }

            [Differentiable]
            public static void OwnOutputTwice(double[] w, Span<double> y) { Square(w, y); Square(w, {|#7:y|}); }

            [Differentiable]
            public static void OwnOutputThroughAnAlias(double[] w, Span<double> y) { Span<double> o = y; Square(w, {|#8:o|}); }

            [Differentiable]
            public static double CannotBeDifferentiated(double[] w)
            {
                double[] h = new double[w.Length];
                double s = 0;
                for (int k = 0; k < 3; k++) { {|#2:Chatty(w, h)|}; s += h[0]; }
                return s;
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(3).WithArguments("Console.WriteLine", "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Halves", "the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and 'Functions.Halves' is not seen to write every element of 'y' first: its loop over 'y' is not bounded by y.Length (allocate the buffer in the loop's body, as a fresh buffer for each call: float[] h = new float[n];, or make 'Functions.Halves' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Layer", "the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and the call dispatches to the overrides of 'Functions.Layer', which may not write every element of 'y' (allocate the buffer in the loop's body, as a fresh buffer for each call: double[] h = new double[n];, or call a method that is not virtual)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(4).WithArguments("Functions.Square", "the argument of its span output 'y' cannot be differentiated through: it is a span output of this method, and the call is in a loop (this method's pullback runs the call's pullback, which writes the output again, for each iteration backwards, so the output would end with the first iteration's values); call it outside loops, or pass a local buffer and copy that into the output"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(5).WithArguments("Functions.Halves", "the argument of its span output 'y' cannot be differentiated through: it is a span output of this method, and 'Functions.Halves' is not seen to write every element of 'y' first: its loop over 'y' is not bounded by y.Length (pass a fresh local buffer and copy that into the output, or make 'Functions.Halves' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(6).WithArguments("a write to the output 'y' (or memory it shares) after 'Functions.Square' wrote it (line 75), whose pullback writes it again in the reverse sweep, so the output would not end as this method leaves it (let 'Functions.Square' write into a local buffer, and copy that into the output after writing it)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(7).WithArguments("Functions.Square", "the argument of its span output 'y' cannot be differentiated through: it is a span output of this method that the call to 'Functions.Square' (line 80) wrote or read before, and this method's pullback runs that call's pullback after this one's (writing the output again, or reading what this call wrote), so nothing may write the output after it; write all but the last into local buffers"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(8).WithArguments("Functions.Square", "the argument of its span output 'y' cannot be differentiated through: it is a view or an alias of a span output of this method (pass the output itself, outside loops, to a callee that writes it whole)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithLocation(3).WithArguments("Functions.Chatty",
            "'Functions.Chatty' cannot be differentiated itself: while differentiating this call, ADG0006 (line 29): 'Console.WriteLine' is called with an active (differentiated) argument, but it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));

    /// <summary>
    /// A void callee with span outputs composes when each output argument is a fresh local buffer
    /// (see SpanCompositionTests); every other shape is refused at the argument, never composed as
    /// if the buffer kept its derivative.
    /// </summary>
    [Fact]
    public Task ADG0006_SpanOutputArgumentsThatDoNotCompose() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Scale(double a, Span<double> y) { y[0] = a * a; return a; }

            [Differentiable]
            public static void Fill(double a, Span<double> y) { y[0] = a; }

            [Differentiable]
            public static void Pair(double a, Span<double> y, Span<double> z) { y[0] = a; z[0] = a; }

            [Differentiable]
            public static void Shift(double a, ReadOnlySpan<double> v, Span<double> y) { y[0] = a * v[0]; }

            [Differentiable]
            public static double Fine(double x)
            {
                Span<double> h = stackalloc double[1];
                Fill(x, h);
                return h[0];
            }

            [Differentiable]
            public static double ReturnsAValue(double x)
            {
                Span<double> h = stackalloc double[1];
                double r = {|#0:Scale(x, h)|};
                return r + h[0];
            }

            [Differentiable]
            public static double WrittenBefore(double x)
            {
                Span<double> h = stackalloc double[1];
                h[0] = 1;
                Fill(x, {|#1:h|});
                return h[0];
            }

            [Differentiable]
            public static double InALoop(double x)
            {
                var h = new double[1];
                double s = 0;
                for (int i = 0; i < 2; i++) { Fill(x * i, {|#2:h|}); s += h[0]; }
                return s;
            }

            // Written by one call or another, one on each side of a branch: fresh on each path.
            [Differentiable]
            public static double EitherSide(double x)
            {
                var h = new double[1];
                if (x > 0) Fill(x, h); else Fill(x * x, h);
                return h[0];
            }

            // Allocated in the loop around the call: fresh at every call, composes.
            [Differentiable]
            public static double AllocatedInTheLoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) { var h = new double[1]; Fill(x * i, h); s += h[0]; }
                return s;
            }

            // Allocated in an outer loop, called in an inner one: not fresh at the inner loop's second call.
            [Differentiable]
            public static double AllocatedInAnOuterLoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    var h = new double[1];
                    for (int j = 0; j < 2; j++) { Fill(x * j, {|#7:h|}); s += h[0]; }
                }

                return s;
            }

            // The fresh buffer as an input and the output of one call (a new user's trial, stop 30:
            // in a loop it was not reported, and the members threw at run time), and outside loops.
            [Differentiable]
            public static double InputAndOutputInALoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) { var h = new double[1]; Shift(x, h, {|#9:h|}); s += h[0]; }
                return s;
            }

            [Differentiable]
            public static double InputAndOutput(double x)
            {
                var h = new double[1];
                Shift(x, h, {|#10:h|});
                return h[0];
            }

            // Allocated in the loop, but stored into before the call.
            [Differentiable]
            public static double StoredBeforeTheCallInTheLoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) { var h = new double[1]; h[0] = s; Fill(x * i, {|#8:h|}); s += h[0]; }
                return s;
            }

            [Differentiable]
            public static double ASlice(double x)
            {
                Span<double> h = stackalloc double[2];
                var tail = h.Slice(1);
                Fill(x, {|#3:tail|});
                return h[1];
            }

            [Differentiable]
            public static void IntoMyOutput(double x, Span<double> y) => Fill(x, {|#4:y|});

            [Differentiable]
            public static double SameTwice(double x)
            {
                var h = new double[1];
                Pair(x, {|#5:h|}, h);
                return h[0];
            }

            // Finding 61: written through a variable that holds one of two local buffers (an if/else
            // merge); before, the write was not seen and the gradient gave 11 where 4 is right.
            [Differentiable]
            public static double WrittenThroughAChoice(double x, int k)
            {
                double[] a = new double[1];
                double[] b = new double[1];
                double[] c;
                if (k > 0) c = a; else c = b;
                c[0] = x * 7;
                Fill(x, {|#6:a|});
                return a[0] + b[0];
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Scale", "it writes span outputs (Span<T> parameters) and returns a value, and such calls do not compose yet (a void one does); inline the computation, or return the value through another output"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: the buffer was already written, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (allocate a fresh buffer for it, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (allocate the buffer in the loop's body, as a fresh buffer for each call: double[] h = new double[n];, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(7).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: the call is in a loop, the buffer was not allocated in the same iteration, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (allocate the buffer in the loop's body, as a fresh buffer for each call: double[] h = new double[n];, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(9).WithArguments("Functions.Shift", "the argument of its span output 'y' cannot be differentiated through: the same buffer is another argument of the call"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(10).WithArguments("Functions.Shift", "the argument of its span output 'y' cannot be differentiated through: the same buffer is another argument of the call"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(8).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: the buffer was already written, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (allocate a fresh buffer for it, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(3).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: it is not a local buffer of this method (new or stackalloc, not a slice or other view)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(4).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: it is a span output of this method, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (pass a fresh local buffer and copy that into the output, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(5).WithArguments("Functions.Pair", "the argument of its span output 'y' cannot be differentiated through: the same buffer is another argument of the call"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(6).WithArguments("Functions.Fill", "the argument of its span output 'y' cannot be differentiated through: the buffer was already written, and 'Functions.Fill' is not seen to write every element of 'y' first: it writes single elements of 'y' (y[k] = …) before, or instead of, a loop over all of them (allocate a fresh buffer for it, or make 'Functions.Fill' write every element of 'y' first (y.Clear(), y.Fill(…), or a loop for (int i = 0; i < y.Length; i++) { y[i] = …; }) before any other use of 'y' and before any return)"));

    /// <summary>
    /// Span-input callees compose for active inputs, slices of them and local buffers (also written in the loop around the call);
    /// other arguments are refused at the argument, and a write to a local buffer after a call that
    /// read it at the write (not on another path).
    /// </summary>
    [Fact]
    public Task ADG0006_ArrayArgumentsThatDoNotComposeYet() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

            [Differentiable]
            public static double Fine(ReadOnlySpan<double> w, double[] v) => Dot(w.Slice(1), v) + Dot(v, w);

            [Differentiable]
            public static double Data(ReadOnlySpan<double> w, [NoDerivative] double[] x) => Dot(w, x);

            [Differentiable]
            public static double Local(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                h[0] = s; h[1] = s * s;
                return Dot(h, w);
            }

            [Differentiable]
            public static double LocalInLoop(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                h[0] = s; h[1] = s * s;
                double t = 0;
                for (int i = 0; i < 2; i++) t += Dot(h, w);
                return t;
            }

            [Differentiable]
            public static double LocalWrittenInLoop(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                double t = 0;
                for (int i = 0; i < 2; i++)
                {
                    h[0] = s * i; h[1] = s;
                    t += Dot(h, w);
                }

                return t;
            }

            [Differentiable]
            public static double LocalWrittenOnTheOtherPathInLoop(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                h[0] = s; h[1] = s * s;
                double t = 0;
                for (int i = 0; i < 2; i++)
                {
                    if (i == 0)
                    {
                        t += Dot(h, w);
                    }
                    else
                    {
                        h[0] = t;
                    }
                }

                return t;
            }

            [Differentiable]
            public static double Twice(ReadOnlySpan<double> w) => Dot(w, {|#2:w.Slice(1)|});

            [Differentiable]
            public static void Output(ReadOnlySpan<double> w, Span<double> y)
            {
                y[0] = w[0];
                y[1] = Dot({|#3:y.Slice(0, 1)|}, w.Slice(0, 1));
            }

            [Differentiable]
            public static double WrittenAfter(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                h[0] = s; h[1] = s * s;
                double d = Dot(h.Slice(0, 2), w);
                {|#4:h[1] = d;|}
                return h[1] + d;
            }

            [Differentiable]
            public static double WrittenThroughARefLocalAfter(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                ref Span<double> r = ref h;
                h[0] = s; h[1] = s * s;
                double d = Dot(h, w);
                {|#5:r[0] = d;|}
                return h[0] + d;
            }

            [Differentiable]
            public static double WrittenOnTheOtherPath(double s, ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[2];
                h[0] = s; h[1] = s * s;
                if (s > 0)
                {
                    return Dot(h, w);
                }

                h[1] = s;
                return Dot(h, w);
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("Functions.Dot",
            "the argument of its array parameter 'b' cannot be differentiated through: another of its array arguments is or may be (through a choice) the same array or a view of it, and such calls do not compose yet; pass a copy of one of them in a local buffer (allocated with new, filled with CopyTo), or inline the computation"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(3).WithArguments("Functions.Dot",
            "the argument of its array parameter 'a' cannot be differentiated through: it is a span output of this method (or a view of one), and such arguments do not compose yet; pass a local buffer, an active input array or a slice of one, or inline the computation"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments(
            "a write to 'h.Slice(0, 2)' (or memory it shares) after it was passed to 'Functions.Dot' (line 83), whose pullback reads it again in the reverse sweep and must see what the call saw (finish writing it before the call, or write into another buffer)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(5).WithArguments(
            "a write to 'h' (or memory it shares) after it was passed to 'Functions.Dot' (line 94), whose pullback reads it again in the reverse sweep and must see what the call saw (finish writing it before the call, or write into another buffer)"));

    /// <summary>
    /// A slice argument held in a variable ahead of a later argument that may throw is still a view
    /// of the active input (fuzz seed 26, program 93: it was "holds no active values").
    /// </summary>
    [Fact]
    public Task ADG0006_Negative_SliceHeldAheadOfALaterArgument() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double S0(ReadOnlySpan<double> v, double a) { double s = a; for (int i = 0; i < v.Length; i++) s += v[i] * a; return s; }

            [Differentiable]
            public static double F(ReadOnlySpan<double> w0, int n, double x1) => S0(w0.Slice(w0.Length / 2), w0[n % w0.Length] * x1);
        }
        """);

    /// <summary>
    /// Integer Math.Min/Max/Abs are deterministic and effect-free: a Jacobian or a pullback may run
    /// them again (new-user trial: `Math.Min(a.Length, b.Length)` made a vector method ADG0004 and
    /// a span callee ADG0006).
    /// </summary>
    [Fact]
    public Task ADG0004_Negative_IntegerMathFunctionsRepeatHarmlessly() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static (double, double) Q(ReadOnlySpan<double> a) { int n = Math.Min(a.Length, 3); double s = 0; for (int i = 0; i < n; i++) s += a[i]; return (s, s * Math.Abs(-2)); }

            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { int n = Math.Max(Math.Min(a.Length, b.Length), 0); double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }

            [Differentiable]
            public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> v) => Dot(w, v);
        }
        """);
}
