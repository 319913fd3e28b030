using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
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
    /// A callee with a span output writes the caller's buffer: until such calls compose, they are
    /// refused, never treated as a call that leaves the buffer's derivative unchanged.
    /// </summary>
    [Fact]
    public Task ADG0006_CallToADifferentiableMethodWithASpanOutput() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Scale(double a, Span<double> y) { y[0] = a * a; return a; }

            [Differentiable]
            public static void Fill(double a, Span<double> y) { y[0] = a; }

            [Differentiable]
            public static double F(double x)
            {
                Span<double> h = stackalloc double[1];
                double r = {|#0:Scale(x, h)|};
                return r + h[0];
            }

            [Differentiable]
            public static double G(double x)
            {
                Span<double> h = stackalloc double[1];
                {|#1:Fill(x, h)|};
                return h[0];
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Scale", "it writes span outputs (Span<T> parameters), and calls to such [Differentiable] methods do not compose yet; inline the computation, or write the outputs in this method"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Fill", "it writes span outputs (Span<T> parameters), and calls to such [Differentiable] methods do not compose yet; inline the computation, or write the outputs in this method"));
}
