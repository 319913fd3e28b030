using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// Each diagnostic ADG0001..ADG0010: reported at the exact span with the right arguments, and not
/// reported for a similar method that can be differentiated.
/// </summary>
public sealed class AnalyzerTests
{
    /// <summary>Members inside <c>public static partial class Functions</c>, with the usings every test needs.</summary>
    private static string InClass(string members) => $$"""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
        {{members}}
        }
        """;

    // ------------------------------------------------------------------ ADG0001 type not partial

    [Fact]
    public Task ADG0001_ContainingTypeNotPartial_ReportedAtTypeIdentifier() => VerifyAsync(
        """
        using AutoDiffGen;

        public static class {|#0:Functions|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.TypeNotPartial).WithLocation(0).WithArguments("Functions", "F"));

    [Fact]
    public Task ADG0001_EnclosingTypeNotPartial_ReportedAtEnclosingTypeIdentifier() => VerifyAsync(
        """
        using AutoDiffGen;

        namespace N
        {
            public class {|#0:Outer|}
            {
                public partial struct Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.TypeNotPartial).WithLocation(0).WithArguments("Outer", "F"));

    [Fact]
    public Task ADG0001_Negative_AllTypesPartial() => VerifyAsync(
        """
        using AutoDiffGen;

        namespace N
        {
            public partial class Outer
            {
                public partial struct Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
        }
        """);

    // ------------------------------------------------------------------ ADG0002 return type

    [Fact]
    public Task ADG0002_ReturnsInt() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:int|} F(double x) => 1;
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "int"));

    [Fact]
    public Task ADG0002_ReturnsString() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:string|} F(double x) => "x";
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "string"));

    [Fact]
    public Task ADG0002_ReturnsTupleWithAnIntElement() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:(double, int)|} F(double x) => (x, 2);
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "(double, int)"));

    [Fact]
    public Task ADG0002_ReturnsTupleOfDoubleAndFloat() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:(double, float)|} F(double x) => (x, (float)x);
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "(double, float)"));

    [Fact]
    public Task ADG0002_ReturnsNestedTuple() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:(double, (double, double))|} F(double x) => (x, (x, x));
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "(double, (double, double))"));

    [Fact]
    public Task ADG0002_Negative_ReturnsTupleOfDoublesOrOfFloats() => VerifyAsync(InClass("""
            [Differentiable]
            public static (double, double) F(double x) => (x, x * x);

            [Differentiable]
            public static (float a, float b, float c) G(float x, float y) => (x, x * y, 2f);
        """));

    [Fact]
    public Task ADG0004_VectorMethodWithAnInactiveCallThatMayHaveAnEffect() => VerifyAsync(InClass("""
            private static readonly System.Random Rng = new System.Random(1);

            [Differentiable]
            public static (double, double) {|#0:F|}(double x)
            {
                double noise = Rng.NextDouble();
                return (x * noise, x);
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F",
            "it returns a tuple, and its Jacobian runs it once per output or per input, but it calls 'Functions.Rng.NextDouble', which may have a side effect or a different result each time; call it outside and pass the result as a [NoDerivative] argument"));

    [Fact]
    public Task ADG0004_Negative_VectorMethodCallingADifferentiableMethodWithInactiveArguments() => VerifyAsync(InClass("""
            [Differentiable]
            public static double G(double a, double b) => a * b + 1.0;

            [Differentiable]
            public static (double, double) F(double x, int n)
            {
                double k = G(n, 2.0);
                return (x * k, G(x, k));
            }
        """));

    [Fact]
    public Task ADG0006_Negative_CallsToAVectorValuedDifferentiableMethodCompose() => VerifyAsync(InClass("""
            [Differentiable]
            public static (double, double) Pair(double x) => (x, x * x);

            [Differentiable]
            public static double F(double x) => Pair(x).Item2;

            [Differentiable]
            public static (double, double) G(double x)
            {
                var (a, b) = Pair(x);
                (double p, double q) t = Pair(a * b);
                return Pair(t.q);
            }
        """));

    [Fact]
    public Task ADG0005_ADG0006_TupleHoldingAnActiveValue_PassedToUnknownCodeOrBoxed() => VerifyAsync(InClass("""
            private static double Foo((double, double) p) => p.Item1 * p.Item2;

            [Differentiable]
            public static double H([NoDerivative] (double, double) p, double y) => p.Item1 * y;

            [Differentiable]
            public static double F(double x)
            {
                var t = (x, 2.0);
                object o = {|#1:(x, 1.0)|};
                var inactive = (3.0, 1.0);
                inactive.Item1 = 2.0;
                return {|#0:Foo(t)|} + H({|#2:t|}, x) + Foo(inactive) * x + H(inactive, x);
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Foo",
            "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("converting a tuple that holds an active value to 'object'"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("Functions.H",
            "its parameter 'p' is [NoDerivative] in 'Functions.H', so no derivative flows through this argument; pass an inactive value, or remove [NoDerivative] from 'p'"));

    [Fact]
    public Task ADG0006_VectorValuedCallee_ActiveArgumentForNoDerivativeParameter() => VerifyAsync(InClass("""
            [Differentiable]
            public static (double, double) Scale(double x, [NoDerivative] double k) => (x * k, k);

            [Differentiable]
            public static double F(double x) => Scale(x, {|#0:x|}).Item1;
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Scale",
            "its parameter 'k' is [NoDerivative] in 'Functions.Scale', so no derivative flows through this argument; pass an inactive value, or remove [NoDerivative] from 'k'"));

    [Fact]
    public Task ADG0004_VectorMethodWithParameterOfTheOtherRealType() => VerifyAsync(InClass("""
            [Differentiable]
            public static (float, float) {|#0:F|}(float x, double y) => (x, (float)y);
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F",
            "its Jacobian holds float values, but 'y' is differentiated in another type; make the active parameters and the outputs all double or all float, or mark 'y' [NoDerivative]"));

    [Fact]
    public Task ADG0002_Negative_ReturnsDoubleOrFloat() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x) => x * x;

            [Differentiable]
            public static float G(float x) => x * x;
        """));

    // ------------------------------------------------------------------ ADG0003 parameters

    [Fact]
    public Task ADG0003_RefParameter() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F({|#0:ref double x|}) => x * x;
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(0).WithArguments("x", "F", "ref, out and in parameters are not supported"));

    [Fact]
    public Task ADG0003_OutAndInParameters() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F({|#0:in double x|}, {|#1:out double y|})
            {
                y = 1;
                return x * x;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(0).WithArguments("x", "F", "ref, out and in parameters are not supported"),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(1).WithArguments("y", "F", "ref, out and in parameters are not supported"));

    [Fact]
    public Task ADG0003_Negative_SpanOutputParameter() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, System.Span<double> outputs) { outputs[0] = x * x; return x; }

            [Differentiable]
            public static void G(System.ReadOnlySpan<float> x, System.Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i]; }
        """));

    [Fact]
    public Task ADG0002_VoidWithoutSpanOutputs() => VerifyAsync(InClass("""
            [Differentiable]
            public static {|#0:void|} F(double x, [NoDerivative] System.Span<double> y) { y[0] = 1; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedReturnType).WithLocation(0).WithArguments("F", "void"));

    [Fact]
    public Task ADG0004_SpanOutputOfTheOtherRealType() => VerifyAsync(InClass("""
            [Differentiable]
            public static void {|#0:F|}(double x, System.Span<float> y) { y[0] = (float)x; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0)
            .WithArguments("F", "its Jacobian holds double values, but 'y' is an output in another type; make the active parameters and the outputs all double or all float"));

    [Fact]
    public Task ADG0005_WritingANoDerivativeSpan() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, [NoDerivative] System.Span<double> y) { {|#0:y[0]|} = x; return x; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0)
            .WithArguments("writing into 'y', a [NoDerivative] span (data); remove [NoDerivative] to make it an output of the method, or copy it into a local buffer made with new or stackalloc first"));

    [Fact]
    public Task ADG0003_Negative_ActiveArrayAndSpanParameters() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, double[] weights, System.ReadOnlySpan<float> more) => weights[0] * x + more[0];
        """));

    [Fact]
    public Task ADG0003_Negative_NoDerivativeArrayAndIntParameters() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, [NoDerivative] double[] weights, int i) => weights[i] * x;
        """));

    // ------------------------------------------------------------------ ADG0004 method shape

    [Fact]
    public Task ADG0004_GenericMethod_ReportedAtTypeParameterList() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F{|#0:<T>|}(double x) => x * x;
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F", "generic methods are not supported"));

    // A new user's trial (stop 30): an async method got ADG0002 for its Task as well.
    [Fact]
    public Task ADG0004_AsyncMethod_ReportedOnce() => VerifyAsync(InClass("""
            [Differentiable]
            public static async System.Threading.Tasks.Task<double> {|#0:F|}(double x) { await System.Threading.Tasks.Task.Yield(); return x * x; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F", "async methods are not supported"));

    // A new user's trial (stop 30): both were ADG0007 "only locals may be assigned", which is not
    // the rule for an output's elements.
    [Fact]
    public Task ADG0005_WritesToAnOutputThroughIndexFromEndOrASliceMadeInTheWrite() => VerifyAsync(InClass("""
            [Differentiable]
            public static void A(System.ReadOnlySpan<double> x, System.Span<double> y) { {|#0:y[^1]|} = x[0]; }

            [Differentiable]
            public static void B(System.ReadOnlySpan<double> x, System.Span<double> y) { {|#1:y.Slice(1)[0]|} = x[0]; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("indexing from the end (^) or with a range"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("writing through a view made in the same expression ('y.Slice(1)[0]'): hold the view in a local first (var tail = y.Slice(1); tail[0] = …)"));

    [Fact]
    public Task ADG0004_NoBody_ReportedAtIdentifier() => VerifyAsync(
        """
        using AutoDiffGen;

        public abstract partial class Model
        {
            [Differentiable]
            public abstract double {|#0:F|}(double x);
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F", "it has no body"));

    [Fact]
    public Task ADG0004_Negative_NonGenericMethodWithBody() => VerifyAsync(
        """
        using AutoDiffGen;

        public abstract partial class Model
        {
            public abstract double G(double x);

            [Differentiable]
            public double F(double x) => x * x;
        }
        """);

    // ------------------------------------------------------------------ ADG0005 unsupported constructs

    [Fact]
    public Task ADG0005_TryCatch_ReportedAtTryKeyword() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                double r = x;
                {|#0:try|}
                {
                    r = x * x;
                }
                catch (Exception)
                {
                    r = 0;
                }

                return r;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("try/catch/finally"));

    [Fact]
    public Task ADG0005_Lambda_ReportedAtLambda() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                Func<double> one = {|#0:() => 1.0|};
                return x * one();
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a lambda expression"));

    /// <summary>
    /// What a local buffer cannot do is said of a local buffer (trial 29): a call such as Reverse on
    /// it (not "mark the parameter it comes from [NoDerivative]"), and a write through a choice of
    /// two of them (not "an array this method did not allocate").
    /// </summary>
    [Fact]
    public Task LocalBufferMessages() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Cleared(double x)
            {
                Span<double> h = stackalloc double[2];
                h[0] = x;
                {|#0:h.Reverse()|};
                return h[0] + x;
            }

            [Differentiable]
            public static double Chosen(double x, bool c)
            {
                var h = new double[2];
                var g = new double[2];
                var s = c ? h : g;
                {|#1:s[0]|} = x;
                return h[0] + g[0];
            }

            [Differentiable]
            public static double IndexTable(ReadOnlySpan<double> w, double a)
            {
                int[] idx = { 0, 1, 2 };
                {|#2:idx[0]|} = 2;
                return w[idx[0]] * a;
            }

            [Differentiable]
            public static double HeldInATuple(double[] w)
            {
                var t = (new double[2], 3);
                {|#3:t.Item1[0]|} = w[0] * 2;
                return t.Item1[0] + w[1];
            }

            [Differentiable]
            public static double ViewedInALoop(double x)
            {
                var h = new double[3];
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    h[i] = x * i;
                    var v = {|#4:h.AsSpan(i)|};
                    s += v[0];
                }

                return s;
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("MemoryExtensions.Reverse", "'h' is a local buffer of this method, and of the calls that take a buffer whole only Clear, Fill, CopyTo into a local buffer or a span output, and [Differentiable] methods are differentiated; write or read its elements in a loop instead"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("writing through 's', which holds one of several local buffers chosen by a condition (write into each buffer by its own name)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("writing into 'idx', a local array of 'int' (only arrays of double or float are local buffers a method may write; an array of data is read-only here: compute each value where it is used)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("writing into an array through a tuple's element ('t.Item1'): write through a local that holds the array (var h = t.Item1; h[k] = …)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("viewing an active array or a local buffer as a span inside a loop (make the view once, before the loop)"));

    /// <summary>A method group passed as a delegate is named as such, not as a lambda (trial 28).</summary>
    [Fact]
    public Task ADG0005_MethodGroupAsADelegate_NamedAsOne() => VerifyAsync(InClass("""
            private static double Apply(Func<double, double> f, double x) => f(x);

            [Differentiable]
            public static double F(double x) => {|#1:Apply({|#0:Math.Sin|}, x)|};
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a delegate made from the method 'Sin' (a method passed as a value; call it directly instead)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Apply", "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));

    [Fact]
    public Task ADG0005_GotoAndLabel() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                double r = x * x;
                {|#0:goto|} done;
            {|#1:done|}:
                return r;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("goto"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("a labeled statement"));

    [Fact]
    public Task ADG0005_Lock_ReportedAtLockKeyword() => VerifyAsync(InClass("""
            private static readonly object Gate = new();

            [Differentiable]
            public static double F(double x)
            {
                double r = x;
                {|#0:lock|} (Gate)
                {
                    r = x * x;
                }

                return r;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a lock statement"));

    [Fact]
    public Task ADG0005_Negative_LoopsAreSupported() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, int n, [NoDerivative] double[] data)
            {
                double r = x;
                for (int i = 0; i < n; i++)
                {
                    r = r * x;
                }

                while (n > 0)
                {
                    n = n - 1;
                }

                foreach (double d in data)
                {
                    r = r + d;
                }

                do
                {
                    n = n + 1;
                }
                while (n < 3);

                return r;
            }
        """));

    [Fact]
    public Task ADG0005_StackAllocInLoop_Reported() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, int n)
            {
                double r = 0;
                for (int i = 0; i < n; i++)
                {
                    System.Span<double> h = {|#0:stackalloc double[2]|};
                    h[0] = x;
                    r += h[0];
                }

                return r;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("stackalloc inside a loop (allocate the buffer once, before the loop, or use new double[n])"));

    [Fact]
    public Task ADG0005_InitializedBuffers_SpreadAndStackAllocOrSpanCollectionInLoop_Reported() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, double y, int n)
            {
                double[] a = new[] { x, y };
                double[] b = [x * y, 2];
                System.Span<double> c = [x, y];
                double[] d = {|#1:[.. a, y]|};
                double r = a[0] + b[1] + c[0] + d[2];
                for (int i = 0; i < n; i++)
                {
                    System.Span<double> h = {|#2:stackalloc double[] { x, r }|};
                    System.Span<double> g = {|#3:[r, x]|};
                    r += h[1] + g[0];
                }

                return r;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("a collection expression with a spread (..) into an array or span of reals (write the elements out, or copy in a loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("stackalloc inside a loop (allocate the buffer once, before the loop, or use new double[n])"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("a collection expression of reals into a span inside a loop (declare the span once, before the loop, or use new double[] { … })"));

    [Fact]
    public Task ADG0005_StaticLocalFunction_ReportedAtFirstToken() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                {|#0:static|} double Square(double t) => t * t;
                return Square(x);
            }
        """),
        // The call is not reported again (stop 25: two errors for one construct).
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a local function"));

    [Fact]
    public Task ADG0005_LocalFunctionWithoutModifier_ReportedAtWholeStatement() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                {|#0:double Square(double t) => t * t;|}
                return Square(x);
            }
        """),
        // The first token (the return type) belongs to a type node, not to the statement, so the
        // whole local function is marked: see BUGS.md (notes) on this inconsistency.
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a local function"));

    [Fact]
    public Task ADG0005_Negative_IfElseSwitchAndLocals() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, int mode)
            {
                double r = x * x;
                if (r > 1)
                {
                    r = r - 1;
                }
                else
                {
                    r = Math.Sin(r);
                }

                switch (mode)
                {
                    case 0:
                        return r;
                    case 1:
                        r = r * 2;
                        break;
                }

                return mode switch { > 2 => r * x, _ => r };
            }
        """));

    // ------------------------------------------------------------------ ADG0006 no known derivative

    /// <summary>
    /// Clear, Fill and CopyTo into span outputs and local buffers are differentiated (as the loops
    /// they stand for); what is left of the calls on a whole buffer is reported, with what is
    /// differentiated: another span method on an output, a copy between buffers that may share
    /// memory (a loop would not move elements as CopyTo and Array.Copy do), an array's CopyTo at another index,
    /// and a CopyTo into an active input (which the method may not write: said as such).
    /// </summary>
    [Fact]
    public Task ADG0006_SpanMethodsOnAnOutput() => VerifyAsync(InClass("""
            [Differentiable]
            public static void Clears(double a, System.ReadOnlySpan<double> x, System.Span<double> y) { y.Clear(); y[0] = a * x[0]; }

            [Differentiable]
            public static void Fills(double a, System.Span<double> y) { y.Fill(a); }

            [Differentiable]
            public static void Copies(System.ReadOnlySpan<double> x, System.Span<double> y) { x.CopyTo(y); }

            [Differentiable]
            public static void Reverses(System.ReadOnlySpan<double> x, System.Span<double> y) { x.CopyTo(y); {|#0:y.Reverse()|}; }

            [Differentiable]
            public static double Shifts(double[] x)
            {
                var h = new double[x.Length + 1];
                x.CopyTo(h, 0);
                {|#1:h.AsSpan(0, x.Length).CopyTo(h.AsSpan(1))|};
                {|#2:x.CopyTo(h, 1)|};
                {|#4:Array.Copy(h, 0, h, 1, x.Length)|};
                return h[x.Length];
            }

            [Differentiable]
            public static double IntoInput(double[] x, double[] w)
            {
                var h = new double[x.Length];
                {|#3:h.CopyTo(w, 0)|};
                return w[0] * x[0];
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("MemoryExtensions.Reverse", "'y' is a span output of this method, and of the calls that take a buffer whole only Clear, Fill, CopyTo into a local buffer or a span output, and [Differentiable] methods are differentiated; write or read its elements in a loop instead"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("copying 'h.AsSpan(0, x.Length)' into 'h.AsSpan(1)', which may share its memory (a loop of element copies would not move the elements as a copy does; copy through a second local buffer)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("an array's CopyTo at an index other than 0 (copy into a view instead: x.CopyTo(h.AsSpan(index)), made before any loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("copying 'h' into 'h', which may share its memory (a loop of element copies would not move the elements as a copy does; copy through a second local buffer)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("writing into 'w', an array or span this method did not allocate (copy it into a local buffer made with new or stackalloc first)"));

    /// <summary>
    /// Whole-buffer calls refused with the reason (trial 43): Array.Copy between element types the
    /// loop would not convert as the runtime does (object into double: generated code that did not
    /// compile; double into float), a view made in a loop reported once (not the copy again), a
    /// write through a choice of local buffers, and writes with derivatives at stake into memory the
    /// method did not allocate (data, an input's array) said as such, not as a missing derivative.
    /// </summary>
    [Fact]
    public Task WholeBufferCallsRefusedWithTheirReason() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Boxed(double[] w, [NoDerivative] object[] x) { double[] h = new double[w.Length]; {|#0:Array.Copy(x, h, w.Length)|}; return h[0] * w[0]; }

            [Differentiable]
            public static float Narrowed(float[] w, [NoDerivative] double[] x) { float[] h = new float[w.Length]; {|#1:Array.Copy(x, h, w.Length)|}; return h[0] * w[0]; }

            [Differentiable]
            public static double Widened(double[] w, [NoDerivative] int[] x) { double[] h = new double[w.Length]; Array.Copy(x, h, w.Length); return h[0] * w[0]; }

            [Differentiable]
            public static double ViewInALoop(double[] w, int d)
            {
                double[] h = new double[d];
                double s = 0;
                for (int i = 0; i < 2; i++) { {|#2:w.AsSpan(0, d)|}.CopyTo(h); s += h[0]; }
                return s;
            }

            [Differentiable]
            public static double Chosen(double[] w, bool c)
            {
                double[] a = new double[3];
                double[] b = new double[3];
                a[0] = w[0];
                b[0] = w[1];
                Span<double> d = c ? a : b;
                {|#3:d.Clear()|};
                return a[0] + b[0];
            }

            [Differentiable]
            public static double IntoData(double[] w, [NoDerivative] double[] x) { {|#4:x.AsSpan().Fill(w[0])|}; return x[0] * w[1]; }

            [Differentiable]
            public static double IntoAnInput(double[] w, double[] u) { double[] h = new double[3]; h[0] = w[0]; {|#5:h.CopyTo(u, 0)|}; return u[0]; }

            [Differentiable]
            public static double DataCleared(double[] w, [NoDerivative] double[] x) { Array.Clear(x); return w[0]; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("Array.Copy from an array of 'object' into an array of 'double' (copy between arrays of one element type, or of a number type that widens into the other, such as int into double)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("Array.Copy from an array of 'double' into an array of 'float' (copy between arrays of one element type, or of a number type that widens into the other, such as int into double)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("viewing an active array or a local buffer as a span inside a loop (make the view once, before the loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("writing through 'd', which holds one of several local buffers chosen by a condition (write into each buffer by its own name)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("writing into 'x.AsSpan()', an array or span this method did not allocate (copy it into a local buffer made with new or stackalloc first)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(5).WithArguments("writing into 'u', an array or span this method did not allocate (copy it into a local buffer made with new or stackalloc first)"));

    [Fact]
    public Task ADG0006_MathFunctionsReportedWithAReason() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Up(double x) => {|#0:Math.BitIncrement(x)|} + {|#1:double.BitDecrement(x)|};

            [Differentiable]
            public static double Converts(double x, float y) => {|#2:double.ConvertToInteger<int>(x)|} + {|#3:double.ConvertToIntegerNative<long>(x)|}
                + {|#4:double.CreateChecked(y)|} + {|#5:double.CreateSaturating(y)|} + {|#6:double.CreateTruncating(y)|};
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Math.BitIncrement", BitStep),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Double.BitDecrement", BitStep),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("Double.ConvertToInteger", ToInteger),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(3).WithArguments("Double.ConvertToIntegerNative", ToInteger),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(4).WithArguments("Double.CreateChecked", Create),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(5).WithArguments("Double.CreateSaturating", Create),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(6).WithArguments("Double.CreateTruncating", Create));

    private const string BitStep = "it steps to the adjacent representable number, which has no derivative: as a function of x it is constant between neighbours (slope 0) yet follows x (slope 1), and neither is right for every use; "
        + "write x itself where the step only keeps a value off a boundary";

    private const string ToInteger = "it converts to an integer type (derivative 0 everywhere); write a cast such as (int)x, or Math.Truncate(x)";

    private const string Create = "a generic conversion has no known derivative; write a cast such as (double)x (derivative 1)";

    [Fact]
    public Task ADG0006_Negative_TheMathSurface() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, double y, float z) =>
                Math.Asinh(x) + double.Acosh(1 + x * x) + Math.Atanh(0.5 * Math.Tanh(x)) + double.SinPi(x) + double.CosPi(y) + double.TanPi(0.1 * Math.Tanh(x))
                + double.AsinPi(0.5 * Math.Tanh(x)) + double.AcosPi(0.5 * Math.Tanh(y)) + double.AtanPi(x) + double.Atan2Pi(y, x)
                + double.DegreesToRadians(x) + double.RadiansToDegrees(y) + double.Exp2(x) + double.Exp10(y) + double.ExpM1(x) + double.Exp2M1(x) + double.Exp10M1(x)
                + double.LogP1(x * x) + double.Log2P1(y * y) + double.Log10P1(x * x) + double.Hypot(x, y) + double.RootN(x, 3)
                + Math.CopySign(x, y) + Math.IEEERemainder(x, y) + double.Ieee754Remainder(x, y) + double.Lerp(x, y, 0.25)
                + Math.MaxMagnitude(x, y) + Math.MinMagnitude(x, y) + double.MaxMagnitudeNumber(x, y) + double.MinMagnitudeNumber(x, y)
                + double.MaxNumber(x, y) + double.MinNumber(x, y) + double.MaxNative(x, y) + double.MinNative(x, y) + double.ClampNative(x, -1, y * y + 1)
                + double.MultiplyAddEstimate(x, y, x) + Math.ReciprocalEstimate(x) + Math.ReciprocalSqrtEstimate(y * y) + Math.ScaleB(x, 2)
                + Math.SinCos(x).Sin + double.SinCosPi(y).CosPi + MathF.Asinh(z) + float.Hypot(z, z) + float.SinPi(z);
        """));

    [Fact]
    public Task ADG0005_RealPrograms_TwoDimensionalArrayReportedOnceWithTheRowMajorForm() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Cholesky(double x, int n)
            {
                var a = {|#0:new double[n, n]|};
                a[0, 0] = x;
                a[0, 1] += x * x;
                return a[0, 0] * a[0, 1];
            }

            [Differentiable]
            public static double ReadsData(double x, [NoDerivative] double[,] table) => table[0, 1] * x;
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(
            "a 2-dimensional array (use a one-dimensional array in row-major order instead, new double[rows * columns] with element [i * columns + j], which is differentiated as a local buffer)"));

    /// <summary>
    /// One report per construct, no follow-ons (stop 24): an out argument is reported, not read as
    /// "reading 'v' before it is assigned" (also its later reads, and `out var v` is not a second
    /// report); an array of data made in the method is reported once, with what to do instead, and
    /// its element writes add no ADG0007 (a write into another array still gets its own).
    /// </summary>
    [Fact]
    public Task ADG0005_RealPrograms_OutArgumentsAndDataArraysReportedOnce() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Looked(double x, [NoDerivative] System.Collections.Generic.Dictionary<string, double> d)
            {
                double v;
                if (d.TryGetValue("k", {|#0:out v|})) return x * v;
                return x;
            }

            [Differentiable]
            public static double Declared(double x, [NoDerivative] System.Collections.Generic.Dictionary<string, double> d)
                => d.TryGetValue("k", {|#1:out var v|}) ? x * v : x;

            [Differentiable]
            public static double Indexes(double x, int m, [NoDerivative] int[] other)
            {
                int[] idx = {|#2:new int[m]|};
                {|#3:other[0]|} = 1;
                for (int i = 0; i < m; i++) idx[i] = i;
                double s = 0;
                for (int i = 0; i < m; i++) s += x * idx[i];
                return s;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a ref or out argument (not supported in a [Differentiable] method, not even in a call on data only: make that call outside and pass its result in)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("a ref or out argument (not supported in a [Differentiable] method, not even in a call on data only: make that call outside and pass its result in)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments(
            "an array of 'int' made here (a local buffer holds double or float values; compute each value where it is used, write the values in an initializer (new[] { … }), or fill the array before the method and pass it in as a [NoDerivative] argument)"),
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(3).WithArguments("array element", "other[0]"));

    /// <summary>
    /// A view refused inside a loop is reported once: the call that reads it is not reported again
    /// as passing "a buffer this method writes" (a new user's trial, stop 26). The same call in a loop
    /// that writes a local buffer, also where that buffer has the name of the refused view's local in
    /// another scope (the review of stop 26), composes since stop 29 (reverse mode saves the buffer
    /// at the call): it is not reported. Nor is a slice refused as the argument itself ("holds no
    /// active values" was reported too), nor AsSpan given a range, which is reported (a new user's
    /// trial, stop 29: "no call can take one yet (apart from … AsSpan …)" was reported too).
    /// </summary>
    [Fact]
    public Task ADG0005_SliceInLoop_CallReadingItNotReportedAgain() => VerifyAsync(InClass("""
            [Differentiable]
            public static double SumSq(ReadOnlySpan<double> a)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i];
                return s;
            }

            [Differentiable]
            public static double Blocks(ReadOnlySpan<double> w, [NoDerivative] int block)
            {
                double t = 0;
                for (int k = 0; k < w.Length / block; k++)
                {
                    var seg = {|#0:w.Slice(k * block, block)|};
                    t += Math.Sqrt(SumSq(seg));
                }

                return t;
            }

            [Differentiable]
            public static double Local(double x)
            {
                double[] b = { x, 2 * x };
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    b[1] = s;
                    s += SumSq(b);
                }

                return s;
            }

            [Differentiable]
            public static double Twice(ReadOnlySpan<double> w, [NoDerivative] int block)
            {
                double t = 0;
                for (int k = 0; k < w.Length / block; k++)
                {
                    var seg = {|#2:w.Slice(k * block, block)|};
                    t += SumSq(seg);
                }

                {
                    double[] seg = { w[0], 2 * w[0] };
                    for (int r = 0; r < 1; r++)
                    {
                        seg[0] = t;
                        t += SumSq(seg);
                    }
                }

                return t;
            }

            [Differentiable]
            public static double Inline(ReadOnlySpan<double> w)
            {
                double t = 0;
                for (int k = 0; k + 1 < w.Length; k++) t += SumSq({|#4:w.Slice(k, 2)|});
                return t;
            }

            [Differentiable]
            public static double Range(double[] w) => SumSq(w.AsSpan({|#5:1..3|}));
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("slicing an active span inside a loop (slice once, before the loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("slicing an active span inside a loop (slice once, before the loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("slicing an active span inside a loop (slice once, before the loop)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(5).WithArguments("a range"));

    /// <summary>
    /// A method of an interface (abstract, static abstract or with a default body): one ADG0004 each,
    /// not also ADG0001 "must be declared partial" (making it partial would not help) nor "it has no
    /// body" (a new user's trial, stop 24).
    /// </summary>
    [Fact]
    public Task ADG0004_InterfaceMethods_ReportedOnce() => VerifyAsync("""
            using AutoDiffGen;

            public interface IModel
            {
                [Differentiable]
                double {|#0:F|}(double x);

                [Differentiable]
                static abstract double {|#1:G|}(double x);

                [Differentiable]
                double {|#2:H|}(double x) => x * x;
            }
            """,
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("F", "methods of interfaces cannot be differentiated"),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(1).WithArguments("G", "methods of interfaces cannot be differentiated"),
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(2).WithArguments("H", "methods of interfaces cannot be differentiated"));

    [Fact]
    public Task ADG0005_RealPrograms_ForEachOverWhatCannotBeIndexed() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Enumerable(double w, [NoDerivative] System.Collections.Generic.IEnumerable<double> data)
            {
                double s = 0;
                foreach (var d in {|#0:data|}) s += w * d;
                return s;
            }

            [Differentiable]
            public static double Changes(double w, [NoDerivative] System.Collections.Generic.List<double> data)
            {
                double s = 0;
                foreach (var d in data) { s += w * d; {|#1:data|}.Add(d); }
                return s;
            }

            [Differentiable]
            public static double ActiveList(double w)
            {
                System.Collections.Generic.List<double> data = {|#2:[w, 2 * w]|};
                return data[0];
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(
            "foreach over 'System.Collections.Generic.IEnumerable<double>', which has no indexer to read it by (pass an array, a span, a List<T> or an IReadOnlyList<T>, or copy it into an array before the method)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments(
            "changing or passing on a list inside a foreach over it (the original's enumerator would throw); loop over an index instead"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments(
            "a collection of active values of type 'System.Collections.Generic.List<double>' (its elements would carry no derivative; use an array or span of reals)"));

    [Fact]
    public Task ADG0005_ADG0006_Negative_RealPrograms_TablesDataAndGuards() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, double sigma, [NoDerivative] System.Collections.Generic.IReadOnlyList<(double A, double B)> pairs)
            {
                System.ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
                if (x > 1e9) throw new System.ArgumentOutOfRangeException(nameof(x), x, "too large");
                System.Diagnostics.Debug.Assert(sigma > 0);
                System.Diagnostics.Debug.Assert(sigma < 1e9, $"sigma = {sigma:F2}, x = {x,6} of {pairs.Count}");
                System.ReadOnlySpan<double> c = [1.5, -2, 0.25];
                double[] d = { 1, 2 };
                System.Collections.Generic.List<double> xs = [0.5, 1.5];
                double s = c[0] * x + d[1] * sigma;
                foreach (var v in xs) s += v * x;
                foreach (var (a, b) in pairs) s += a * x + b;
                foreach (var (a, b) in new (double, double)[] { (1, 2) }) s += a * sigma + b;
                return s;
            }
        """));

    [Fact]
    public Task ADG0006_Negative_AnExceptionNotThrownStillReported() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x)
            {
                var e = new System.ArgumentOutOfRangeException(nameof(x), {|#1:x|}, "kept");
                return x;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("converting an active value to 'object'"));

    [Fact]
    public Task ADG0006_UserMethodWithActiveArgument() => VerifyAsync(InClass("""
            public static double Helper(double t) => t * 2;

            [Differentiable]
            public static double F(double x) => x + {|#0:Helper(x)|};
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Helper", "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));

    [Fact]
    public Task ADG0006_Negative_RecursiveCallComposes() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x) => x > 1 ? F(x / 2) : x;

            [Differentiable]
            public static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1);
        """));

    [Fact]
    public Task ADG0006_RecursionThatRepeatsAnEffect() => VerifyAsync(InClass("""
            private static int count;
            private static double Tick() => ++count;

            [Differentiable]
            public static double F(double x, int n)
            {
                double c = {|#1:Tick()|};
                return n == 0 ? x : c * {|#0:F(x, n - 1)|};
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("Functions.F",
            "the call leads back to 'F' (recursion), which calls 'Functions.Tick', which may have a side effect; the pullback of a recursive method runs it again at every level, so reverse mode would repeat it; call it outside and pass the result as a [NoDerivative] argument"));

    [Fact]
    public Task ADG0006_CalleeThatCannotBeDifferentiated_PointsInsideIt() => VerifyAsync(InClass("""
            public static double Helper(double t) => t * 2;

            [Differentiable]
            public static double Inner(double x) => x + {|#1:Helper(x)|};

            [Differentiable]
            public static double Outer(double x) => {|#0:Inner(x)|} * 2;
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Functions.Helper", "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("Functions.Inner",
            "'Functions.Inner' cannot be differentiated itself: while differentiating this call, ADG0006 (line 9): 'Functions.Helper' is called with an active (differentiated) argument, but it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));

    [Fact]
    public Task ADG0006_DifferentiableCalleeWithSideEffect() => VerifyAsync(InClass("""
            private static int count;
            private static double Tick() => ++count;

            [Differentiable]
            public static double Inner(double x) => x * {|#1:Tick()|};

            [Differentiable]
            public static double Outer(double x) => {|#0:Inner(x)|} * 2;
        """),
        // The additional location points at the effect inside the callee ("while differentiating this call").
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("Functions.Inner",
            "'Functions.Inner' calls 'Functions.Tick', which may have a side effect, and its pullback runs 'Functions.Inner' again, so reverse mode would repeat it; call it in this method instead and pass the result to 'Functions.Inner' as a [NoDerivative] argument"));

    [Fact]
    public Task ADG0006_Negative_CallToDifferentiableMethodComposes() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Inner(double x) => x * x;

            [Differentiable]
            public static double Outer(double x) => Inner(x) * 3 + Inner(2.0);
        """));

    [Fact]
    public Task ADG0006_DelegateInvocation() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, Func<double, double> f) => {|#0:f(x)|};
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("delegate f", "a delegate has no known derivative; call a [Differentiable] method instead, or pass only inactive values"));

    [Fact]
    public Task ADG0006_Negative_InactiveArgumentsAndMathFunctions() => VerifyAsync(InClass("""
            public static double Helper(double t) => t * 2;

            [Differentiable]
            public static double F(double x, Func<double, double> f, [NoDerivative] double c)
                => x * Helper(c) + f(3.0) + Math.Exp(x) + Math.Atan2(x, c) + (double.IsNaN(x) ? 0 : x);
        """));

    // ------------------------------------------------------------------ ADG0007 writes to non-locals

    [Fact]
    public Task ADG0007_WritesToFieldPropertyArrayElementStaticField() => VerifyAsync(
        """
        using AutoDiffGen;

        public partial class Model
        {
            private double last;
            private static double total;

            public double Last { get; set; }

            [Differentiable]
            public double F(double x, [NoDerivative] double[] buffer)
            {
                {|#0:last|} = x;
                {|#1:Last|} = x;
                {|#2:buffer[0]|} = x;
                {|#3:total|} = x;
                return x * x;
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(0).WithArguments("field", "last"),
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(1).WithArguments("property", "Last"),
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(2).WithArguments("array element", "buffer[0]"),
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(3).WithArguments("static field", "total"));

    [Fact]
    public Task ADG0007_Negative_ReadsOfFieldsAndWritesToLocalsAndParameters() => VerifyAsync(
        """
        using AutoDiffGen;

        public partial class Model
        {
            private double scale = 2;
            private static double offset = 1;

            public double Bias { get; set; }

            [Differentiable]
            public double F(double x, [NoDerivative] double[] buffer)
            {
                double r = scale * x + offset + Bias + buffer[0];
                x = r * r;
                r += x;
                return r;
            }
        }
        """);

    [Fact]
    public Task ADG0007_TupleElementOfAFieldOrArrayElement_ButNotOfALocal() => VerifyAsync(
        """
        using AutoDiffGen;

        public partial class Model
        {
            private (double a, double b) pair;

            [Differentiable]
            public double F(double x, [NoDerivative] (double, double)[] pairs)
            {
                {|#0:pair.a|} = x;
                {|#1:pairs[0].Item2|} = x;
                (double a, double b) t = (x, 1.0);
                t.a = x * x;
                t.Item2 += x;
                for (int i = 0; i < 3; i++)
                {
                    t.b *= t.Item1;
                }

                return t.a + t.b;
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(0).WithArguments("field", "a"),
        Diagnostic(DiagnosticDescriptors.WriteToNonLocal).WithLocation(1).WithArguments("field", "Item2"));

    // ------------------------------------------------------------------ ADG0008 zero derivative (warning)

    [Fact]
    public Task ADG0008_FloorAndIntCastOfActiveValue() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x) => x + {|#0:Math.Floor(x)|} + {|#1:(int)x|};
        """),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(0).WithArguments("Math.Floor"),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(1).WithArguments("The cast to int"));

    [Fact]
    public Task ADG0008_Negative_FloorAndCastOfInactiveValue() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, [NoDerivative] double c) => x * Math.Floor(c) + (int)c + (float)x;
        """));

    /// <summary>
    /// A string made from an active value carries no derivative: parsed back, it is a step function
    /// of the value (found by a helper: double.Parse($"{x}") gave 0 with no diagnostic). In an
    /// exception's message it is only a message.
    /// </summary>
    [Fact]
    public Task ADG0008_ActiveValueFormattedIntoAString() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x) => x + double.Parse({|#0:$"{x * 2}"|}, System.Globalization.CultureInfo.InvariantCulture);

            [Differentiable]
            public static double G(double x) => x > 10 ? throw new ArgumentException($"x = {x} is too large") : x * x;

            [Differentiable]
            public static double H(double x)
            {
                if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), $"{x} < 0");
                return x;
            }
        """),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(0).WithArguments("The conversion to a string"));

    // ------------------------------------------------------------------ ADG0009 result independent of active parameters

    [Fact]
    public Task ADG0009_ReturnsConstant() => VerifyAsync(InClass("""
            [Differentiable]
            public static double {|#0:F|}(double x) => 42.0;
        """),
        Diagnostic(DiagnosticDescriptors.ResultDoesNotDependOnActiveInputs).WithLocation(0).WithArguments("F"));

    [Fact]
    public Task ADG0009_ReturnsOnlyNoDerivativeData() => VerifyAsync(InClass("""
            [Differentiable]
            public static double {|#0:F|}(double x, [NoDerivative] double c)
            {
                double unused = x * x;
                return c * 2;
            }
        """),
        Diagnostic(DiagnosticDescriptors.ResultDoesNotDependOnActiveInputs).WithLocation(0).WithArguments("F"));

    [Fact]
    public Task ADG0009_Negative_OneBranchDependsOnActiveParameter() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, [NoDerivative] double c)
            {
                if (c > 0)
                {
                    return 1.0;
                }

                return x;
            }
        """));

    [Fact]
    public Task ADG0005_BufferWhoseLengthChangesInALoopRunBackwards() => VerifyAsync(InClass($$"""
            [Differentiable]
            public static double {|#0:F|}(double x, int n)
        {{GeneratorDiagnosticsTests.GrowingBuffer}}
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(
            "a local buffer whose length changes from one iteration to the next ('double[] h = new double[i + 1];'), inside a loop that reverse mode runs backwards (it reuses one adjoint buffer for every iteration; allocate the buffer with the same length in each iteration, the largest, or allocate one before the loop when no callee writes it as a span output),"));

    // ------------------------------------------------------------------ ADG0010 too complex

    [Fact]
    public Task ADG0010_Negative_SumOf5000TermsIsFine()
    {
        var sum = new StringBuilder("x * 1");
        for (int i = 2; i <= 5000; i++)
        {
            sum.Append(" + x * ").Append(i);
        }

        return VerifyAsync(InClass($$"""
                [Differentiable]
                public static double F(double x) => {{sum}};
            """));
    }

    [Fact]
    public Task ADG0010_ExpressionNestedMoreThan1000LevelsDeep()
    {
        // 1200 nested unary minus: -(-(-(...x...))). Lowering counts one level per operation and
        // reports where its depth limit (1000) is crossed: the 1001st unary minus from the outside.
        const int levels = 1200;
        var text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            text.Append(i == 1000 ? "{|#0:-(" : "-(");
        }

        text.Append('x');
        for (int i = levels - 1; i >= 0; i--)
        {
            text.Append(i == 1000 ? ")|}" : ")");
        }

        return VerifyAsync(
            InClass($$"""
                [Differentiable]
                public static double F(double x) => {{text}};
            """),
            Diagnostic(DiagnosticDescriptors.TooComplex).WithLocation(0).WithArguments("F", "expressions nest more than 1000 levels deep"));
    }

    [Fact]
    public Task ADG0010_Negative_900LevelsDeepIsFine()
    {
        string text = string.Concat(Enumerable.Repeat("-(", 900)) + "x" + new string(')', 900);
        return VerifyAsync(InClass($$"""
                [Differentiable]
                public static double F(double x) => {{text}};
            """));
    }

    [Fact]
    public Task ADG0010_MoreLocalsThanCSharpAllows()
    {
        // 11,000 statements s = exp(s)·sin(x + s): each keeps five locals in the pushforward (exp(s),
        // x + s and sin(x + s), each read more than once, and s and its tangent; the tangents of the
        // three are written into their reads), over the 50,000 locals a generated member may have
        // (C# allows 65,534): reported instead of generating code that fails to compile (CS0204).
        var body = new StringBuilder("double s = x;\n");
        for (int i = 0; i < 11_000; i++)
        {
            body.Append("s = Math.Exp(s) * Math.Sin(x + s);\n");
        }

        return VerifyAsync(
            InClass($$"""
                [Differentiable]
                public static double {|#0:F|}(double x)
                {
                    {{body}}
                    return s;
                }
            """),
            Diagnostic(DiagnosticDescriptors.TooComplex).WithLocation(0).WithArguments("F", "it differentiates to more than 50000 local variables in FPushforward (C# allows 65,534 in a method)"));
    }
}
