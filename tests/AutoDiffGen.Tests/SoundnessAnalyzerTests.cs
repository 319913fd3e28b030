using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// Issue 6 (soundness), the diagnostics side: nothing active passes unreported into a call, a
/// parameter or an attribute that is ignored; no diagnostic where the code is supported; messages in
/// C# terms; none stacked on compiler errors.
/// </summary>
public sealed class SoundnessAnalyzerTests
{
    private static string InClass(string members) => $$"""
        using System;
        using System.Linq;
        using System.Collections.Generic;
        using AutoDiffGen;

        public static partial class Functions
        {
        {{members}}
        }
        """;

    private const string NoCallTakesArrays = "is an active array or span, and no call can take one yet (apart from Slice and AsSpan, Length, which is fine, and a CopyTo into a local buffer or a span output); index its elements in this method instead, or mark the parameter it comes from [NoDerivative]";

    // ------------------------------------------------------------------ 10: active arrays and [NoDerivative] parameters of callees

    [Fact]
    public Task ActiveArrayPassedToPlainHelper_ADG0006() => VerifyAsync(InClass("""
            public static double Helper(double[] a) => a[0];

            [Differentiable]
            public static double F(double[] x) => {|#0:Helper(x)|};
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Helper", "'x' " + NoCallTakesArrays));

    [Fact]
    public Task ActiveArrayToLinqExtension_ADG0006() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double[] x) => {|#0:x.Max()|} + x.Length;
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Enumerable.Max", "'x' " + NoCallTakesArrays));

    [Fact]
    public Task ActiveArrayToDifferentiableCalleeWithSpanParameter_Composes() => VerifyAsync(InClass("""
            [Differentiable]
            public static double G(ReadOnlySpan<double> v) => v[0] * v[0];

            [Differentiable]
            public static double F(double[] x) => G(x);
        """));

    [Fact]
    public Task MethodCalledOnActiveSpan_ADG0006() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(ReadOnlySpan<double> x) => {|#0:x.ToArray()|}[0];
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("ReadOnlySpan.ToArray", "'x' " + NoCallTakesArrays));

    [Fact]
    public Task ActiveArrayToConstructor_ADG0006() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double[] x) => {|#0:new List<double>(x)|}.Count * x[0];
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("new List", "a constructor has no known derivative; pass only inactive values (an exception that is thrown may take active values)"));

    [Fact]
    public Task ActiveArgumentForNoDerivativeParameterOfCallee_ADG0006AtTheArgument() => VerifyAsync(InClass("""
            [Differentiable]
            public static double K(double x, [NoDerivative] double k) => x * k;

            [Differentiable]
            public static double F(double x) => K(x, {|#0:x * 2|});
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments(
            "Functions.K",
            "its parameter 'k' is [NoDerivative] in 'Functions.K', so no derivative flows through this argument; pass an inactive value, or remove [NoDerivative] from 'k'"));

    [Fact]
    public Task Negative_LengthSliceInterpolationForeachAndNoDerivativeArrays() => VerifyAsync(InClass("""
            public static double Helper(ReadOnlySpan<double> a) => a[0];

            [Differentiable]
            public static double F(double[] x, [NoDerivative] double[] data)
            {
                if (x.Length == 0) throw new ArgumentException($"empty {x} {x[0]}");
                double s = Helper(data) + data.Max();
                foreach (var v in x) s += v * v;
                return s;
            }
        """));

    [Fact]
    public Task MutualRecursion_Composes() => VerifyAsync(InClass("""
            [Differentiable]
            public static double A(double x) => x > 1 ? B(x / 2) : x;

            [Differentiable]
            public static double B(double x) => A(x) + 1;
        """));

    /// <summary>
    /// M calls N with inactive arguments only: an ordinary call, which the pullbacks that run M's body
    /// again repeat harmlessly because N has no effect (found by the fuzzer: it was taken for one).
    /// </summary>
    [Fact]
    public Task MutualRecursion_ThroughAnInactiveCall_Composes() => VerifyAsync(InClass("""
            [Differentiable]
            public static double M(double a, int k) => k <= 0 ? a * a : N(0.5, k - 1) * a;

            [Differentiable]
            public static double N(double a, int k) => k <= 0 ? Math.Sin(a) : M(a, k - 1) + a;

            [Differentiable]
            public static double Outer(double x) => M(x, 3) + N(x, 2);
        """));

    [Fact]
    public Task MutualRecursion_ThatRepeatsAnEffect_IsReportedInEveryMemberOfTheCycle() => VerifyAsync(InClass("""
            private static int count;
            private static double Tick() => ++count;

            [Differentiable]
            public static double A(double x) => x > 1 ? {|#0:B(x / 2)|} * {|#2:Tick()|} : x;

            [Differentiable]
            public static double B(double x) => {|#1:A(x)|} + 1;
        """),
        // A's pullback runs B's, which runs A again: A's effect would repeat (reported in A); B's
        // pullback runs A's, which runs A's body again (reported in B, at its call of A).
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(2).WithArguments("Functions.B",
            "the call leads back to 'A' (recursion), which calls 'Functions.Tick', which may have a side effect; the pullback of a recursive method runs it again at every level, so reverse mode would repeat it; call it outside and pass the result as a [NoDerivative] argument"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithLocation(2).WithArguments("Functions.A",
            "'Functions.A' calls 'Functions.Tick', which may have a side effect, and its pullback runs 'Functions.A' again, so reverse mode would repeat it; call it in this method instead and pass the result to 'Functions.A' as a [NoDerivative] argument"));

    // ------------------------------------------------------------------ 17, 18: file-local types, member clashes, overrides

    [Fact]
    public Task FileLocalType_ADG0004() => VerifyAsync("""
        using AutoDiffGen;

        file partial class Local
        {
            [Differentiable]
            public static double {|#0:F|}(double x) => x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments(
            "F",
            "it is in a file-local type, and C# keeps every part of a file-local type in one file, so the generated derivatives cannot be added to it; declare the type internal instead of file"));

    [Fact]
    public Task ExistingMemberWithTheGeneratedSignature_ADG0011() => VerifyAsync(InClass("""
            [Differentiable]
            public static double {|#0:F|}(double x) => x * x;

            public static double FGradient(double x, out double dx) { dx = 0; return 0; }

            public static int FPullback;

            [Differentiable]
            public static double G(double x) => x * x;

            // An overload with other parameters: no clash.
            public static double GGradient(double x) => x;
        """),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("F", "the type already has a method 'FGradient' with the parameters the generated one would have; rename it or the differentiable method"),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("F", "the type already has a field named 'FPullback'; rename it or the differentiable method"));

    [Fact]
    public Task OverrideOfAbstractDifferentiable_ADG0011() => VerifyAsync("""
        using AutoDiffGen;

        public abstract partial class Base
        {
            [Differentiable]
            public abstract double {|#0:A|}(double x);
        }

        public partial class Derived : Base
        {
            [Differentiable]
            public override double {|#1:A|}(double x) => x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnsupportedMethodShape).WithLocation(0).WithArguments("A", "it has no body"),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(1).WithArguments(
            "A",
            "its derivatives would override those of 'Base.A', but it is abstract, so none are generated for it; give the base method a body, or remove [Differentiable] from it"));

    [Fact]
    public Task OverrideWithOtherNoDerivativeParameters_ADG0011() => VerifyAsync("""
        using AutoDiffGen;

        public partial class Base
        {
            [Differentiable]
            public virtual double E(double x, double k) => k * x * x;
        }

        public partial class Derived : Base
        {
            [Differentiable]
            public override double {|#0:E|}(double x, [NoDerivative] double k) => k * x * x * x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("E",
            "its derivatives would override those of 'Base.E', but its [NoDerivative] parameters are not the same, so they would have other parameters and this type would inherit the base's, which differentiate 'Base.E'; mark the same parameters [NoDerivative] as the base method"));

    [Fact]
    public Task UnmarkedOverrideOfDifferentiable_ADG0013() => VerifyAsync("""
        using AutoDiffGen;

        public partial class Base
        {
            [Differentiable]
            public virtual double E(double x) => x * x;

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public virtual double G(double x) => x * x;

            public virtual double Plain(double x) => x;
        }

        public partial class Derived : Base
        {
            // Inherits EGradient, EPushforward and EPullback, which differentiate Base.E.
            public override double {|#0:E|}(double x) => x * x * x;

            [System.Obsolete]
            public override double {|#1:G|}(double x) => 2 * x;

            public override double Plain(double x) => 2 * x;
        }

        public partial class Marked : Base
        {
            [Differentiable]
            public override double E(double x) => x * x * x;
        }

        public partial class FurtherDown : Derived
        {
            public override double {|#2:E|}(double x) => x;
        }

        public partial class Hiding : Base
        {
            // Not an override: Hiding.E's callers bind to it; EGradient stays Base.E's, by its name.
            public new double E(double x) => x;
        }
        """,
        Diagnostic(DiagnosticDescriptors.OverrideNotDifferentiable).WithLocation(0).WithArguments("E", "Base.E", "'EGradient', 'EPushforward' and 'EPullback'"),
        Diagnostic(DiagnosticDescriptors.OverrideNotDifferentiable).WithLocation(1).WithArguments("G", "Base.G", "'GGradient'"),
        Diagnostic(DiagnosticDescriptors.OverrideNotDifferentiable).WithLocation(2).WithArguments("E", "Base.E", "'EGradient', 'EPushforward' and 'EPullback'"));

    // ------------------------------------------------------------------ 19: [Differentiable] where it has no effect

    [Fact]
    public Task OnLocalFunctionLambdaAndAccessor_ADG0012() => VerifyAsync(InClass("""
            public static double P { [{|#0:Differentiable|}] get => 1.0; }

            public static double M(double y)
            {
                [{|#1:Differentiable|}]
                static double Square(double x) => x * x;

                Func<double, double> f = [{|#2:Differentiable|}] (double x) => x;
                return Square(y) + f(y);
            }
        """),
        Diagnostic(DiagnosticDescriptors.MisplacedAttribute).WithLocation(0).WithArguments("a 'get' accessor", "property and event accessors are not differentiated; move the computation into a [Differentiable] method and call it from the accessor"),
        Diagnostic(DiagnosticDescriptors.MisplacedAttribute).WithLocation(1).WithArguments("local function 'Square'", "only methods of a partial type are differentiated; make it a static method of the type"),
        Diagnostic(DiagnosticDescriptors.MisplacedAttribute).WithLocation(2).WithArguments("a lambda expression", "only methods of a partial type are differentiated; make it a static method of the type"));

    // ------------------------------------------------------------------ 20: parameters that hold reals

    private const string HoldsReals = "holds double or float values that cannot be differentiated (only double, float, and one-dimensional arrays and ReadOnlySpans of them are); mark it [NoDerivative] to pass it as data";

    [Fact]
    public Task ParametersHoldingReals_ADG0003() => VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Numerics;
        using AutoDiffGen;

        public struct Point { public double X, Y; }

        public record Scale(double Factor);

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, {|#0:List<double> l|}, {|#1:Vector2 v|}, {|#2:Complex c|}, {|#3:Point p|}, {|#4:Scale s|}, {|#5:(double, double) t|}, {|#6:double? n|}, {|#7:IEnumerable<double> e|}, {|#8:Memory<double> m|}, {|#9:double[][] j|}) => x;

            // The other floating types (a new user's trial: a Half was taken as a constant).
            [Differentiable]
            public static double G(double x, {|#10:Half h|}, {|#11:System.Runtime.InteropServices.NFloat f|}, {|#12:Half[] hs|}, [NoDerivative] Half data) => (double)h * x + (double)data;
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(0).WithArguments("l", "F", "its type 'System.Collections.Generic.List<double>' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(1).WithArguments("v", "F", "its type 'System.Numerics.Vector2' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(2).WithArguments("c", "F", "its type 'System.Numerics.Complex' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(3).WithArguments("p", "F", "its type 'Point' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(4).WithArguments("s", "F", "its type 'Scale' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(5).WithArguments("t", "F", "its type '(double, double)' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(6).WithArguments("n", "F", "its type 'double?' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(7).WithArguments("e", "F", "its type 'System.Collections.Generic.IEnumerable<double>' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(8).WithArguments("m", "F", "its type 'System.Memory<double>' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(9).WithArguments("j", "F", "its type 'double[][]' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(10).WithArguments("h", "G", "its type 'System.Half' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(11).WithArguments("f", "G", "its type 'System.Runtime.InteropServices.NFloat' " + HoldsReals),
        Diagnostic(DiagnosticDescriptors.UnsupportedParameter).WithLocation(12).WithArguments("hs", "G", "its type 'System.Half[]' " + HoldsReals));

    [Fact]
    public Task Negative_ParametersHoldingNoRealsOrMarkedNoDerivative() => VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using AutoDiffGen;

        public enum Mode { A, B }

        public record struct Tag(int Id, string Name);

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, int i, bool b, string s, Mode mode, Tag tag, Random rng, int[] ints, Func<double, double> f, decimal d, object o,
                                   [NoDerivative] List<double> l, [NoDerivative] double[,] grid, [NoDerivative] double? n) => x;
        }
        """);

    // ------------------------------------------------------------------ 21: no false diagnostics on supported code

    [Fact]
    public Task Negative_SupportedConstructsThatWereReported() => VerifyAsync("""
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
            public static double Coalesce(double x, string? name, string other) => (name ?? other).Length * x;

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
                return o is int ? x : -x;
            }
        }
        """);

    // ------------------------------------------------------------------ 22: messages and compiler errors

    [Fact]
    public Task IndexFromEnd_NamedInCSharpTerms() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(ReadOnlySpan<double> x) => {|#0:x[^1]|};
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("indexing from the end (^) or with a range"));

    /// <summary>
    /// A ThrowIf… helper of the user's own exception type may keep the active value where the method
    /// reads it back (here a static field): only .NET's own throw helpers take active arguments.
    /// </summary>
    [Fact]
    public Task UserThrowHelperWithAnActiveArgument_ADG0006() => VerifyAsync(InClass("""
            public sealed class RangeProblem : Exception
            {
                public static double Last;

                public static void ThrowIfHuge(double value)
                {
                    Last = value;
                    if (value > 1e9) throw new RangeProblem();
                }
            }

            [Differentiable]
            public static double F(double x)
            {
                {|#0:RangeProblem.ThrowIfHuge(x)|};
                return x * RangeProblem.Last;
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("RangeProblem.ThrowIfHuge",
            "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)"));

    /// <summary>
    /// Where DEBUG is not defined the compiler drops Debug.Assert with its arguments: an argument
    /// that assigns or may throw, taken out of the call by the lowering, would run anyway (found by
    /// the soak: --v in the condition changed the value by 1). Plain reads stay fine.
    /// </summary>
    [Fact]
    public Task ConditionalCallWhoseArgumentsAssignOrThrow_ADG0005() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Decrements(double x)
            {
                double v = x * x;
                {|#0:System.Diagnostics.Debug.Assert(!double.IsNaN(--v))|};
                return v;
            }

            [Differentiable]
            public static double Reads(double x, int n)
            {
                System.Diagnostics.Debug.Assert(!double.IsNaN(x) && n >= 0, $"x = {x:F2}, n = {n}");
                return x * x;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(
            "a call to a [Conditional] method (Debug.Assert, …) whose arguments may throw or have an effect (the compiler drops them with the call where the symbol is not defined); compute them beforehand"));

    /// <summary>
    /// One report per construct (stop 25's trials): no "reading 'r' before it is assigned" after a
    /// refused ref local or a refused jump in a switch section, no second report at the call of a
    /// refused local function or of a local holding a refused lambda; and nothing of ours in a
    /// method the compiler already reports an error in (a goto to no label).
    /// </summary>
    [Fact]
    public Task OneReportPerConstruct_AndNoneBesideCompilerErrors() => VerifyAsync(InClass("""
            [Differentiable]
            public static double RefChoice(double x) { double y = 2 * x; ref double {|#0:r = ref (x > 0 ? ref x : ref y)|}; return r * 2; }

            [Differentiable]
            public static double Sections(double u, [NoDerivative] int regime)
            {
                double cost;
                switch (regime)
                {
                    case 0: if (u <= 2) { cost = 1.5 * u; {|#1:break|}; } else {|#2:goto|} default;
                    default: cost = Math.Exp(u - 2) + 2; break;
                }
                return cost;
            }

            [Differentiable]
            public static double Local(double x) { {|#3:static|} double Twice(double t) => t * 2; return Twice(1) * x; }

            [Differentiable]
            public static double Lambda(double x) { Func<double, double> f = {|#4:t => t * t|}; return f(x); }

            [Differentiable]
            public static double Broken(double x) { goto {|#5:nowhere|}; return x; }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("a ref local that refers to something other than a local or parameter"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("break before the end of a switch section"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("goto case or goto default before the end of a switch section"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("a local function"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("a lambda expression"),
        DiagnosticResult.CompilerError("CS0159").WithLocation(5).WithArguments("nowhere"));

    /// <summary>
    /// A review of stop 25: a getter tested in two places of one pattern or switch (C# runs it once)
    /// is refused rather than run twice; a property pattern on a tuple is refused (it was a constant,
    /// or did not compile); a list pattern on a user's collection is refused; a local function
    /// declared after the return is reported at its call (it was silently 0).
    /// </summary>
    [Fact]
    public Task PatternsThatWouldReadAgain_AndLocalFunctionsAfterTheReturn() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Twice(double x, [NoDerivative] Opt o) => o is { {|#0:Counted|}: 5 } or { {|#1:Counted|}: 1 } ? x * x : 3 * x;

            [Differentiable]
            public static double Tuple(double x) { var t = (x, 2.0); return t is {|#2:{ Item1: var a }|} ? a * x : 0; }

            [Differentiable]
            public static double Users(double x, [NoDerivative] Bag b) => b is {|#3:[var a, ..]|} ? a * x : x;

            [Differentiable]
            public static double After(double x) { return {|#4:Sq(x)|} + x; static double Sq(double v) => v * v; }
        }

        public sealed class Opt { public int Reads; public int Counted => ++Reads; }

        public sealed class Bag { public int Length => 1; public double this[int i] => 2.0; }

        public static class Unused
        {
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(TestedTwice),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments(TestedTwice),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("a property pattern on a tuple (read its elements, or deconstruct it, instead)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("a list pattern on a 'Bag' (use an array, a span, a string or a List<T>)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(4).WithArguments("calling local function 'Sq'"));

    private const string TestedTwice = "a getter with code of its own ('Counted') tested in more than one place of one pattern or switch (C# runs it once there; read it into a local first and test that)";

    /// <summary>
    /// A local buffer passed to a callee's [NoDerivative] parameter: the advice is not "remove
    /// [NoDerivative]" (which only led to another ADG0006, a new user's trial, stop 25) but to pass
    /// data the method does not write.
    /// </summary>
    [Fact]
    public Task LocalBufferForANoDerivativeParameter_SaysWhatToDo() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Predict(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> feat) => w[0] * feat[0];

            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[] x)
            {
                double[] feat = new double[1];
                feat[0] = x[0] * 2 - 1;
                return Predict(w, {|#0:feat|});
            }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Predict",
            "its parameter 'feat' is [NoDerivative] in 'Functions.Predict', and this argument is a buffer this method writes, which counts as differentiated (and the callee's pullback, which runs it again, would see what is written after the call); leave 'feat' differentiated in the callee (a local buffer of data then has a zero tangent), pass data the method does not write (a [NoDerivative] parameter filled by the caller), or inline the computation"));

    /// <summary>
    /// An active value in a string concatenation (<c>"h" + x</c>) is ADG0008, as <c>$"{x}"</c> is:
    /// it was ADG0005 for boxing the value to object (a new user's trial, stop 25). Inside a
    /// throw's message nothing is reported.
    /// </summary>
    [Fact]
    public Task ActiveValueConcatenatedIntoAString_ADG0008() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, [NoDerivative] int k)
            {
                string s = "h" + {|#0:x|} + 'c' + k + true;
                if (x > 100) throw new ArgumentException("big " + x);
                return x * s.Length;
            }
        """),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(0).WithArguments("The conversion to a string"));

    /// <summary>
    /// Finding 64: a callee that reads state (a field that is not readonly) is run again by its
    /// pullback after the whole forward sweep; a call after it that may change that state (or one
    /// anywhere in a loop around it) made the derivatives see another value, and two such calls
    /// were merged into one (a wrong value). Reported at the call, pointing at the change; a change
    /// before the call, on another branch or after a return, or a callee that reads no state (its own
    /// constant table, a string), is fine.
    /// </summary>
    [Fact]
    public Task CalleeReadingStateChangedAfterTheCall_ADG0006() => VerifyAsync(InClass("""
            public static double k = 2;
            public static readonly double Fixed = 3;
            public static void Bump() => k += 1;

            [Differentiable]
            public static double E(double x) => k * x * x;

            [Differentiable]
            public static double Pure(double x) => Fixed * x * x;

            [Differentiable]
            public static double After(double x)
            {
                double a = {|#0:E(x)|};
                {|#1:Bump()|};
                return a + E(x);
            }

            [Differentiable]
            public static double InALoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    {|#3:Bump()|};
                    s += {|#2:E(x)|};
                }

                return s;
            }

            [Differentiable]
            public static double Before(double x)
            {
                Bump();
                return E(x) + E(2 * x);
            }

            [Differentiable]
            public static double NoStateRead(double x)
            {
                double a = Pure(x);
                Bump();
                return a + Pure(x);
            }

            [Differentiable]
            public static double OtherBranch(double x)
            {
                double a;
                if (x > 0) a = E(x); else { Bump(); a = x; }
                return a;
            }

            [Differentiable]
            public static double NewRuntimeObject(double x)
            {
                double a = E(x);
                var seen = new List<double>();
                return a + seen.Count;
            }

            [Differentiable]
            public static double AfterAReturn(double x)
            {
                if (x > 0) return E(x);
                Bump();
                return x;
            }

            [Differentiable]
            public static double ConstantTableAndString(double x, string label)
            {
                double a = Table(x) + Named(x, label);
                Bump();
                return a;
            }

            [Differentiable]
            public static double Table(double x) { ReadOnlySpan<double> c = [76.18, -86.5]; return c[0] * x + c[1] * x * x; }

            [Differentiable]
            public static double Named(double x, [NoDerivative] string label) => label.Length * x * x;

            // Formatting plain values after the call changes nothing E reads (stop 24): numbers and
            // strings (also with the runtime's cultures). An active value's ToString is a string
            // (ADG0008). Writing to the console is a call that may change state (Console.SetOut
            // may route it to the user's code), and so is a user's object formatted.
            [Differentiable]
            public static double Logged(double x, int n)
            {
                double y = E(x);
                string s = n.ToString(System.Globalization.CultureInfo.InvariantCulture) + string.Concat("a", "b") + $"step {n}";
                string t = {|#4:y.ToString("F2")|} + s;
                return y * 2 + t.Length;
            }

            [Differentiable]
            public static double Printed(double x)
            {
                double y = {|#5:E(x)|};
                {|#6:Console.WriteLine("step")|};
                return y;
            }

            [Differentiable]
            public static double LoggedObject(double x, [NoDerivative] Stateful f)
            {
                double y = E(x);
                string s = $"{{|#7:f|}}" + ("v" + {|#8:f|});
                return y + s.Length;
            }

            [Differentiable]
            public static double ObjectInAThrow(double x, [NoDerivative] Stateful f) => x > 0 ? x : throw new ArgumentException($"bad {f}");

            // Parsing and formatting read the current culture, which a call may change.
            [Differentiable]
            public static double Parsed(double x, [NoDerivative] string s) => x * double.Parse(s);

            [Differentiable]
            public static double CultureChanged(double x, [NoDerivative] string s)
            {
                double y = {|#9:Parsed(x, s)|};
                {|#10:Bump()|};
                return y;
            }

            // So does a number formatted into a string (stop 25).
            [Differentiable]
            public static double Formatted(double x, [NoDerivative] double d) => x * $"{d}".Length + x * ("v" + d).Length;

            [Differentiable]
            public static double CultureChangedAfterFormatting(double x, [NoDerivative] double d)
            {
                double y = {|#11:Formatted(x, d)|};
                {|#12:Bump()|};
                return y;
            }

            [Differentiable]
            public static double InvariantParsed(double x, [NoDerivative] string s) => x * double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

            [Differentiable]
            public static double InvariantCultureUnchanged(double x, [NoDerivative] string s)
            {
                double y = InvariantParsed(x, s);
                Bump();
                return y;
            }
        """ + """
        }

        public sealed class Stateful
        {
            public override string ToString() { Functions.k += 1; return "f"; }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("Functions.E", StateChanged("Bump")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithLocation(3).WithArguments("Functions.E", StateChanged("Bump")),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(4).WithArguments("The conversion to a string"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(5).WithLocation(6).WithArguments("Functions.E", StateChanged("System.Console.WriteLine")),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(7).WithArguments(FormatsUserObject),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(8).WithArguments(FormatsUserObject),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(9).WithLocation(10).WithArguments("Functions.Parsed", Changed("the current culture", "Functions.Bump", "Parsed")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(11).WithLocation(12).WithArguments("Functions.Formatted", Changed("the current culture", "Functions.Bump", "Formatted")));

    private const string FormatsUserObject = "formatting a 'Stateful' into a string (its ToString may run code with an effect, which the derivatives could not keep in order); format it outside the method and pass the string in as a [NoDerivative] argument";

    /// <summary>
    /// Two [Differentiable] overloads whose generated members would have the same parameters
    /// (the second's [NoDerivative] parameters make its pushforward's list the first's): before, the
    /// generated file did not compile (CS0111). Each is reported, naming the other.
    /// </summary>
    [Fact]
    public Task OverloadsWhoseDerivativesWouldCollide_ADG0011() => VerifyAsync(InClass("""
            [Differentiable]
            public static double {|#0:F|}(double w, double b) => w * b;

            [Differentiable]
            public static double {|#1:F|}(double w, [NoDerivative] double x, [NoDerivative] double y) => w * x - y;

            [Differentiable]
            public static double G(double w, double b) => w * b;

            [Differentiable]
            public static double G(double w) => w * w;
        """),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("F",
            "its 'FPushforward' would have the same parameters as the one generated for the overload 'Functions.F(double, double, double)'; rename one of them, or give them parameters that tell their derivatives apart"),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(1).WithArguments("F",
            "its 'FPushforward' would have the same parameters as the one generated for the overload 'Functions.F(double, double)'; rename one of them, or give them parameters that tell their derivatives apart"));

    /// <summary>
    /// A generic type's method whose parameter is of the type parameter, called with T bound to
    /// double: the callee's members take that parameter as data (as declared), so an active argument
    /// is reported (before, the caller passed it a tangent its members do not have: CS1501); an
    /// inactive one composes.
    /// </summary>
    [Fact]
    public Task ActiveArgumentForAParameterOfATypeParameter_ADG0006() => VerifyAsync($$"""
            using AutoDiffGen;

            public static partial class Box<T>
            {
                [Differentiable]
                public static double G(double x, T? tag) => tag is null ? x : x * 2;
            }

            public static partial class User
            {
                [Differentiable]
                public static double Active(double x, double y) => Box<double>.G(x, {|#0:y|});

                [Differentiable]
                public static double Inactive(double x) => Box<double>.G(x, 2.0) + Box<int>.G(x, 2);
            }
            """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Box.G",
            "its parameter 'tag' is of type 'T?' where it is declared, which its derivatives do not differentiate (whatever it stands for here), so no derivative flows through this argument; pass an inactive value, or give the parameter the type double"));

    /// <summary>
    /// An override of a generic base's method that binds the type parameter to double: the base's
    /// members take the parameter as data, so the override must too (before, its members overrode
    /// nothing: CS0115). Reported with that reason; marked [NoDerivative], it is generated.
    /// </summary>
    [Fact]
    public Task OverrideBindingABaseTypeParameterToDouble_ADG0011() => VerifyAsync($$"""
            using AutoDiffGen;

            public partial class Base<T>
            {
                [Differentiable]
                public virtual double E(double x, T t) => x * x;
            }

            public partial class D : Base<double>
            {
                [Differentiable]
                public override double {|#0:E|}(double x, double t) => x * t;
            }

            public partial class Fine : Base<double>
            {
                [Differentiable]
                public override double E(double x, [NoDerivative] double t) => x * t;
            }
            """,
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(0).WithArguments("E",
            "its derivatives would override those of 'Base.E', but it differentiates other parameters, so they would have other parameters and this type would inherit the base's, which differentiate 'Base.E'; its parameter 't' is differentiated here, but in 'Base.E' it is of type 'T', which its derivatives take as data; mark 't' [NoDerivative]"));

    /// <summary>
    /// Finding 66: what a callee reads that a call can change is any memory it neither allocated nor
    /// differentiates (a field's array through a local or a view, a [NoDerivative] array parameter,
    /// a list through its indexer) and what an inactive [Differentiable] call reads; and a change is
    /// any call that may have an effect: a constructor, a delegate, one in a loop's condition. Each
    /// case gave a wrong gradient with no diagnostic.
    /// </summary>
    [Fact]
    public Task CalleeReadingMemoryElsewhere_OrChangesByConstructorsDelegatesAndConditions_ADG0006() => VerifyAsync(InClass("""
            public static double k = 2;
            public static readonly double[] W = { 2, 3 };
            public static readonly List<double> L = new() { 1.5 };
            public static void Bump() => k += 1;
            public static void Mutate(double[] w) => w[0] += 1;
            public static int Next() => (int)(k += 1);
            public sealed class Bumper { public Bumper(int n) { k += n; } }

            [Differentiable]
            public static double ThroughALocal(double x) { double[] w = W; return w[0] * x * x; }

            [Differentiable]
            public static double ThroughAView(double x) { ReadOnlySpan<double> w = W.AsSpan(0); return w[0] * x * x; }

            [Differentiable]
            public static double Data(double x, [NoDerivative] double[] w) => w[0] * x * x;

            [Differentiable]
            public static double Indexer(double x) => L[0] * x * x;

            [Differentiable]
            public static double E(double x) => k * x * x;

            [Differentiable]
            public static double InactiveCall(double x) => x * x * E(1.0);

            [Differentiable]
            public static double A(double x) { double a = {|#0:ThroughALocal(x)|}; {|#1:Bump()|}; return a; }

            [Differentiable]
            public static double B(double x) { double a = {|#2:ThroughAView(x)|}; {|#3:Bump()|}; return a; }

            [Differentiable]
            public static double C(double x, [NoDerivative] double[] w) { double a = {|#4:Data(x, w)|}; {|#5:Mutate(w)|}; return a + Data(2 * x, w); }

            [Differentiable]
            public static double D(double x) { double a = {|#6:Indexer(x)|}; {|#7:Bump()|}; return a; }

            [Differentiable]
            public static double F(double x) { double a = {|#8:InactiveCall(x)|}; {|#9:Bump()|}; return a; }

            [Differentiable]
            public static double G(double x) { double a = {|#10:E(x)|}; var b = {|#11:new Bumper(1)|}; return a + E(2 * x); }

            [Differentiable]
            public static double H(double x, [NoDerivative] Action act) { double a = {|#12:E(x)|}; {|#13:act()|}; return a + E(2 * x); }

            [Differentiable]
            public static double I(double x) { double s = 1; while ({|#15:Next()|} < 3) { s = s * {|#14:E(x)|} + 1; } return s; }
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("Functions.ThroughALocal", Changed("the elements of 'w'", "Functions.Bump", "ThroughALocal")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithLocation(3).WithArguments("Functions.ThroughAView", Changed("the elements of 'w'", "Functions.Bump", "ThroughAView")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(4).WithLocation(5).WithArguments("Functions.Data", Changed("the elements of 'w'", "Functions.Mutate", "Data")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(6).WithLocation(7).WithArguments("Functions.Indexer", Changed("the elements of 'Functions.L'", "Functions.Bump", "Indexer")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(8).WithLocation(9).WithArguments("Functions.InactiveCall", Changed("'Functions.k'", "Functions.Bump", "InactiveCall")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(10).WithLocation(11).WithArguments("Functions.E", Changed("'Functions.k'", "new Functions.Bumper", "E")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(12).WithLocation(13).WithArguments("Functions.E", Changed("'Functions.k'", "act", "E")),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(14).WithLocation(15).WithArguments("Functions.E", Changed("'Functions.k'", "Functions.Next", "E")));

    /// <summary>
    /// Finding 67 (a new user's trial): composition binds to the base method and dispatches to the
    /// override. An override with an effect its base has not (its pullback, run by callers that
    /// were checked against the base, would repeat it) is reported at the override; what an
    /// override may read is assumed at every call that dispatches (a later change is ADG0006), and
    /// a call through base. is exact.
    /// </summary>
    [Fact]
    public Task OverrideWithAnEffectItsBaseHasNot_ADG0011_AndDispatchingCallsAssumeStateReads() => VerifyAsync($$"""
            using AutoDiffGen;

            public partial class VB
            {
                public double k = 2;
                public int logged;
                public void Bump() => k += 1;
                public void Log() => logged++;

                [Differentiable]
                public virtual double E(double x) => x * x;

                [Differentiable]
                public double F(double x) { double a = {|#0:E(x)|}; {|#1:Bump()|}; return a + E(2 * x); }

                [Differentiable]
                public double BeforeIsFine(double x) { Bump(); return E(x) + E(2 * x); }
            }

            public partial class VD : VB
            {
                [Differentiable]
                public override double {|#2:E|}(double x) { {|#3:Log()|}; return k * x * x; }

                [Differentiable]
                public double ThroughBase(double x) { double a = base.E(x); Bump(); return a + base.E(2 * x); }
            }
            """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithLocation(1).WithArguments("this.E",
            "it reads what the overrides of 'E' may read, which the call to 'this.Bump' after it (or in the same loop) may change, and the derivatives run 'E' again (its pullback) after that call, so they would see another value than this method did; make that call before it (and outside any loop around both), or read the state here and pass it as a [NoDerivative] argument"),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(2).WithLocation(3).WithArguments("E",
            "its derivatives override those of 'VB.E', which callers compose through (their pullbacks run it again), and it calls 'this.Log', which may have a side effect, where 'VB.E' calls nothing of the kind, so those callers would repeat it unchecked; call it in the callers instead, and pass its result as a [NoDerivative] argument"));

    /// <summary>
    /// Finding 67: a user-defined operator with an active operand was differentiated as the built-in
    /// one (or taken as a constant): no known derivative (ADG0006). Of inactive values it is a call
    /// that may have an effect (it was dropped when unused, and merged across changes); a
    /// Deconstruct method was read as a tuple (CS1061): ADG0005. A derived class's overload whose
    /// pushforward would take the base overload's parameters (it hid it): ADG0011. The locals a
    /// reported Deconstruct or property pattern would assign are not reported again where read.
    /// </summary>
    [Fact]
    public Task UserOperatorsDeconstructAndDerivedOverloads() => VerifyAsync($$"""
            using AutoDiffGen;

            public readonly struct Meters
            {
                public readonly double V;
                public Meters(double v) { V = v; }
                public static double operator -(Meters a, double s) => a.V * s;
                public void Deconstruct(out double lo, out double hi) { lo = V; hi = 2 * V; }
            }

            public readonly struct Tick
            {
                public readonly int V;
                public Tick(int v) { V = v; }
                public static Tick operator +(Tick a, Tick b) { Functions.K += 1; return new Tick(a.V + b.V); }
            }

            public static partial class Functions
            {
                public static double K = 2;

                [Differentiable]
                public static double Ek(double x) => K * x * x;

                [Differentiable]
                public static double Sub(double x, [NoDerivative] Meters m) => {|#0:m - x|};

                [Differentiable]
                public static double Unused(double x, [NoDerivative] Tick t) { double a = {|#1:Ek(x)|}; Tick u = {|#2:t + t|}; return a + Ek(2 * x); }

                [Differentiable]
                public static double Split(double x, [NoDerivative] Meters m) { {|#3:var (lo, hi) = m|}; return x * lo + hi; }

                [Differentiable]
                public static double Tag(double x, [NoDerivative] Meters m) => m is {|#5:(> 1.0, _)|} ? x : 2 * x;
            }

            public partial class OB
            {
                [Differentiable]
                public double F(double w, double b) => w * b;
            }

            public partial class OD : OB
            {
                [Differentiable]
                public double {|#4:F|}(double w, [NoDerivative] double a, [NoDerivative] double b) => w * a - b;
            }
            """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Meters operator -",
            "it is a user-defined operator, and an active value is one of its operands; it has no known derivative: write the arithmetic on the real values themselves, or supply a [Differentiable] method and call it"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithLocation(2).WithArguments("Functions.Ek",
            "it reads 'Functions.K', which the call to '(t + t)' after it (or in the same loop) may change, and the derivatives run 'Ek' again (its pullback) after that call, so they would see another value than this method did; make that call before it (and outside any loop around both), or read the state here and pass it as a [NoDerivative] argument"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(3).WithArguments("deconstructing a 'Meters' through its Deconstruct method (read its members instead)"),
        // No follow-on "reading 'lo' before it is assigned" (stop 24): the locals a reported
        // construct would have assigned are not reported again where they are read.
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(5).WithArguments("a positional pattern (deconstruction)"),
        Diagnostic(DiagnosticDescriptors.GeneratedMemberConflict).WithLocation(4).WithArguments("F",
            "its 'FPushforward' would have the same parameters as the one generated for the overload 'OB.F(double, double)'; rename one of them, or give them parameters that tell their derivatives apart"));

    private static string Changed(string state, string change, string callee)
        => $"it reads {state}, which the call to '{change}' after it (or in the same loop) may change, and the derivatives run '{callee}' again (its pullback) after that call, so they would see another value than this method did; make that call before it (and outside any loop around both), or read the state here and pass it as a [NoDerivative] argument";

    private static string StateChanged(string change)
        => $"it reads 'Functions.k', which the call to '{(change.Contains('.') ? change : "Functions." + change)}' after it (or in the same loop) may change, and the derivatives run 'E' again (its pullback) after that call, so they would see another value than this method did; make that call before it (and outside any loop around both), or read the state here and pass it as a [NoDerivative] argument";

    /// <summary>
    /// Finding 59: one of two active arrays chosen by a ?: inside a loop (each iteration could choose
    /// another) is reported; before, the generated gradient did not compile (CS0030). Chosen
    /// before the loop, or outside loops, it is differentiated.
    /// </summary>
    [Fact]
    public Task ArrayChosenByAConditionalInsideALoop_ADG0005() => VerifyAsync(InClass("""
            [Differentiable]
            public static double InLoop(double[] w, double[] u, int k)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) s += ({|#0:k > 0 ? w : u|})[i] * 2;
                return s;
            }

            [Differentiable]
            public static double BeforeTheLoop(double[] w, double[] u, int k)
            {
                double s = 0;
                var a = k > 0 ? w : u;
                for (int i = 0; i < 2; i++) s += a[i] * 2;
                return s + (k > 1 ? w : u)[0];
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments(
            "choosing one of several active arrays or spans inside a loop (choose it before the loop, into a variable)"));

    /// <summary>
    /// Finding 60: an active array converted to a type that is no array or span (object, an
    /// interface, Memory, ArraySegment) had its elements read as constants through the result
    /// (<c>((double[])o)[1]</c>, <c>l[1]</c>, <c>m.Span[1]</c>): reported at the conversion now. A
    /// reference comparison, a null check and a message in a throw read no element and stay fine.
    /// </summary>
    [Fact]
    public Task ActiveArrayConvertedToANonSpanType_ADG0005() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Boxed(double[] w, double x) { object o = {|#0:w|}; return ((double[])o)[1] * x; }

            [Differentiable]
            public static double AsList(double[] w, double x) { System.Collections.Generic.IReadOnlyList<double> l = {|#1:w|}; return l[1] * x; }

            [Differentiable]
            public static double AsMemory(double[] w, double x) { System.Memory<double> m = {|#2:w|}; return m.Span[1] * x; }

            [Differentiable]
            public static double Guarded(double[] w, double x)
            {
                System.ArgumentNullException.ThrowIfNull(w);
                if (w == null || w.Length < 2) throw new System.ArgumentException($"too short: {w}");
                return w[1] * x;
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("converting an active array or span to 'object' (read its elements through the array itself, a Span or a ReadOnlySpan)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("converting an active array or span to 'System.Collections.Generic.IReadOnlyList<double>' (read its elements through the array itself, a Span or a ReadOnlySpan)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("converting an active array or span to 'System.Memory<double>' (read its elements through the array itself, a Span or a ReadOnlySpan)"));

    /// <summary>
    /// Finding 60: the same array reaching two array parameters of a callee through a choice
    /// (<c>Dot(c ? w : u, w)</c>, or a view assigned in an if/else) was not reported, and the
    /// gradient threw where the method returns (the callee's pullback refuses adjoints that share
    /// memory); a choice between an active array and data was an internal error (ADG0010).
    /// </summary>
    [Fact]
    public Task ArraysChosenByBranches_SameArrayTwice_ADG0006_AndDataBesideAnActiveArray_ADG0005() => VerifyAsync(InClass("""
            [Differentiable]
            public static double Dot(System.ReadOnlySpan<double> a, System.ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            [Differentiable]
            public static double Twice(double[] w, double[] u, bool c) => Dot(c ? w : u, {|#0:w|});

            [Differentiable]
            public static double Mixed(double[] w, [NoDerivative] double[] d, bool c) => ({|#1:c ? w : d|})[0];

            [Differentiable]
            public static double Distinct(double[] w, double[] u, double[] z, bool c) => Dot(c ? w : u, z);
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Functions.Dot",
            "the argument of its array parameter 'b' cannot be differentiated through: another of its array arguments is or may be (through a choice) the same array or a view of it, and such calls do not compose yet; pass a copy of one of them in a local buffer (allocated with new, filled with CopyTo), or inline the computation"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("choosing between an active array or span and inactive data ([NoDerivative], a field, a call's result)"));

    /// <summary>
    /// Finding 60, from the review: a ?: or switch expression choosing between an active array and
    /// data that is no variable (a field, a call's result) was not reported; the gradient added into
    /// the active array whichever was chosen, the pushforward used the data as its own tangent. And
    /// the safety net of finding 58 must not fire on data only sized or indexed by an active array's
    /// length (Ones(w.Length), Rows[w.Length - 3]), which was fine before.
    /// </summary>
    [Fact]
    public Task ChoiceOfAnActiveArrayAndAFieldOrACall_ADG0005_DataSizedByAnActiveArray_Fine() => VerifyAsync(InClass("""
            public static readonly double[] Data = { 3, 1.5, -2, 0.25, 4, 1 };
            public static readonly double[][] Rows = { new[] { 1.0 }, new[] { 2.0, 3.0 }, new[] { 4.0, 5.0, 6.0 } };
            public static double[] Ones(int n) { var a = new double[n]; Array.Fill(a, 1.0); return a; }

            [Differentiable]
            public static double Field(double[] w, double x, int k) { var a = w; var b = {|#0:k > 1 ? a : Data|}; return b[0] * b[2] * x; }

            [Differentiable]
            public static double Call(double[] w, double x, int k) => ({|#1:k switch { 0 => w, _ => Ones(w.Length) }|})[1] * x;

            [Differentiable]
            public static double InATuple(double[] w, double x, int k) { var t = {|#2:k > 1 ? (w, x) : (Data, 1.0)|}; return t.Item1[2] * t.Item2; }

            [Differentiable]
            public static double Sized(double[] w, double x)
            {
                double[] c = Ones(w.Length);
                ReadOnlySpan<double> row = Rows[w.Length - 3];
                return c[0] * w[0] * x + row[0] * w[1];
            }
        """),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(0).WithArguments("choosing between an active array or span and inactive data ([NoDerivative], a field, a call's result)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(1).WithArguments("choosing between an active array or span and inactive data ([NoDerivative], a field, a call's result)"),
        Diagnostic(DiagnosticDescriptors.UnsupportedConstruct).WithLocation(2).WithArguments("choosing between an active array or span and inactive data ([NoDerivative], a field, a call's result)"));

    [Fact]
    public Task CompilerError_NoAdgDiagnosticStackedOnIt() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x) => x + {|CS0103:Unknown|}(x);
        """));

    /// <summary>
    /// An error in one arm gives the switch expression no type ('?'): the other arms' conversions to
    /// it were reported as "converting an active value to '?'" beside the compiler's error (found by
    /// the new-user trial).
    /// </summary>
    [Fact]
    public Task CompilerErrorInASwitchArm_NoAdgDiagnosticOnTheOtherArms() => VerifyAsync(InClass("""
            [Differentiable]
            public static double F(double x, int k) => k switch
            {
                0 => Math.{|CS0117:Exp2|}(x),
                1 => double.SinCosPi(x).{|CS1061:Cos|},
                _ => x,
            };
        """));
}
