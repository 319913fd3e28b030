using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Large, deep and invalid inputs: the generator must produce compiling code or quietly skip the
/// method, never throw, and its output must not grow faster than the input.
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private static string Sum(int terms)
    {
        var sum = new StringBuilder("x * 1");
        for (int i = 2; i <= terms; i++)
        {
            sum.Append(" + x * ").Append(i);
        }

        return sum.ToString();
    }

    /// <summary>A method F plus a caller of the generated members, so a skipped method fails to compile.</summary>
    private static string WithCallers(string body) => $$"""
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x) => {{body}};

            public static double Use(double x)
            {
                double a = 0;
                return FGradient(x, out double dx) + dx + FPushforward(x, 1.0, out double t) + t + FPullback(x, 1.0, ref a) + a;
            }
        }
        """;

    /// <summary>
    /// Nine methods that all call each other (and themselves), a few levels deep: each call is checked
    /// by lowering its callee, and a check reuses what it found for a callee whenever the methods it
    /// took to compose (those further up the stack) are still there. Without that, every path through
    /// the calls was lowered (9! orderings; seven such methods took about 30 s). The gradient of the
    /// first one is checked against finite differences.
    /// </summary>
    [Fact]
    public void MethodsThatAllCallEachOther_AreCheckedOncePerAssumption_AndDifferentiateRightly()
    {
        const int count = 9;
        var source = new StringBuilder("using System;\nusing AutoDiffGen;\n\npublic static partial class Clique\n{\n");
        for (int i = 0; i < count; i++)
        {
            // Fi(x, n) = n <= 0 ? sin(x + i) : Σ_j F_j(0.5 x, n - 1) / count
            source.Append($"    [Differentiable]\n    public static double F{i}(double x, int n)\n    {{\n        if (n <= 0) return Math.Sin(x + {i});\n        double s = 0;\n");
            for (int j = 0; j < count; j++)
            {
                source.Append($"        s += F{j}(0.5 * x, n - 1);\n");
            }

            source.Append($"        return s / {count};\n    }}\n\n");
        }

        source.Append("}\n");
        var f = GeneratedCodeRunner.Compile(source.ToString()).Get("Clique", "F0");
        f.Check(new object[] { 0.3, 2 });
        f.Check(new object[] { -1.1, 3 });
    }

    [Fact]
    public void SumOf5000Terms_GeneratesCompilingCode()
    {
        var run = GeneratorRunner.Run(WithCallers(Sum(5000))).AssertCleanOutput();
        Assert.Contains("FGradient(", run.SingleGeneratedText, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedTextGrowsLinearlyWithTheNumberOfOperations()
    {
        int Length(int terms) => GeneratorRunner.Run(WithCallers(Sum(terms))).AssertCleanOutput().SingleGeneratedText.Length;

        int small = Length(200);
        int large = Length(400);
        double ratio = (double)large / small;
        Assert.True(ratio < 2.6, $"generated text for 400 terms is {ratio:F2} times that for 200 ({large} vs {small} characters): more than linear growth");
    }

    [Fact]
    public void FiveHundredNestedParentheses_DoNotCrashAndCompile()
    {
        // (1 + (1 + (1 + ... (x * x) ...))): nests to the right, so lowering recurses 500 deep.
        string body = string.Concat(Enumerable.Repeat("(1 + ", 500)) + "(x * x)" + new string(')', 500);
        var run = GeneratorRunner.Run(WithCallers(body)).AssertCleanOutput();
        Assert.Contains("FGradient(", run.SingleGeneratedText, StringComparison.Ordinal);
    }

    [Fact]
    public void FiveHundredNestedPlainParentheses_DoNotCrashAndCompile()
    {
        string body = new string('(', 500) + "x * x" + new string(')', 500);
        GeneratorRunner.Run(WithCallers(body)).AssertCleanOutput();
    }

    [Fact]
    public void NestingJustBelowTheDepthLimit_GeneratesCompilingCode()
    {
        string body = string.Concat(Enumerable.Repeat("-(", 900)) + "x * x" + new string(')', 900);
        GeneratorRunner.Run(WithCallers(body)).AssertCleanOutput();
    }

    [Fact]
    public void NestingBeyondTheDepthLimit_IsSkippedWithoutThrowing()
    {
        string body = string.Concat(Enumerable.Repeat("-(", 1200)) + "x" + new string(')', 1200);
        var run = GeneratorRunner.Run($$"""
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => {{body}};
            }
            """);
        run.AssertGeneratorDidNotThrow();
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.WarningsAndErrors);
    }

    /// <summary>Bodies the generator must skip quietly (the analyzer reports them) or differentiate.</summary>
    public static TheoryData<string, string> UnusualBodies => new()
    {
        { "try/catch", "double r = x; try { r = x * x; } catch (Exception) { r = 0; } return r;" },
        { "lock", "double r = x; lock (Gate) { r = x * x; } return r;" },
        { "for loop", "double r = x; for (int i = 0; i < 3; i++) { r = r * x; } return r;" },
        { "while loop", "double r = x; while (r < 10) { r = r * 2; } return r;" },
        { "foreach loop", "double r = x; foreach (var d in new[] { 1.0, 2.0 }) { r = r + d; } return r;" },
        { "goto", "double r = x; goto done; done: return r;" },
        { "lambda", "Func<double, double> f = t => t * x; return f(x);" },
        { "local function", "static double Sq(double t) => t * t; return Sq(x);" },
        { "unknown call", "return Helper(x);" },
        { "field write", "Total = x; return x;" },
        { "ref local", "ref double r = ref x; return r;" },
        // "throw only" (every path throws) is BUGS.md #1: see GeneratorBugTests.
        { "constant result", "return 1.0;" },
        { "switch without default", "return x switch { > 0 => x, < 0 => -x };" },
        { "tuple deconstruction", "var (a, b) = (x, x * x); return a + b;" },
        { "string interpolation", "string s = $\"{x}\"; return s.Length * x;" },
        { "checked", "return checked(x * 2);" },
        { "unreachable code after return", "return x;\n#pragma warning disable CS0162\n        return x * x;\n#pragma warning restore CS0162" },
        { "rethrow-free catch-all throw expression", "return x > 0 ? x : throw new ArgumentException(nameof(x));" },
    };

    [Theory]
    [MemberData(nameof(UnusualBodies))]
    public void UnusualBodies_NeverThrowAndAddNoDiagnostics(string name, string body)
    {
        string source = $$"""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                private static readonly object Gate = new();
                public static double Total;

                public static double Helper(double t) => t;

                [Differentiable]
                public static double F(double x)
                {
                    {{body}}
                }
            }
            """;
        var input = GeneratorRunner.CreateCompilation(source);
        var run = GeneratorRunner.Run(input);
        run.AssertGeneratorDidNotThrow();
        var added = run.AddedWarningsAndErrors(input);
        Assert.True(added.IsEmpty, name + ": " + string.Join("\n", added));
        AssertAnalyzerDidNotFail(run.OutputCompilation);
    }

    /// <summary>Method shapes the generator must skip quietly (the analyzer reports them) or differentiate.</summary>
    public static TheoryData<string, string> UnusualShapes => new()
    {
        { "not partial", "public static class C { [Differentiable] public static double F(double x) => x * x; }" },
        { "enclosing type not partial", "public class Outer { public partial class C { [Differentiable] public static double F(double x) => x * x; } }" },
        { "no body (abstract)", "public abstract partial class C { [Differentiable] public abstract double F(double x); }" },
        { "no body (partial definition)", "public partial class C { [Differentiable] public partial double F(double x); public partial double F(double x) => x * x; }" },
        { "no body (extern)", "public partial class C { [Differentiable] [System.Runtime.InteropServices.DllImport(\"m\")] public static extern double F(double x); }" },
        { "interface", "public partial interface I { [Differentiable] double F(double x) => x * x; }" },
        { "generic", "public partial class C { [Differentiable] public static double F<T>(double x) => x * x; }" },
        { "returns int", "public partial class C { [Differentiable] public static int F(double x) => (int)x; }" },
        { "ref parameter", "public partial class C { [Differentiable] public static double F(ref double x) => x * x; }" },
        { "active array", "public partial class C { [Differentiable] public static double F(double[] x) => x[0]; }" },
        { "async", "public partial class C { [Differentiable] public static async System.Threading.Tasks.Task<double> F(double x) { await System.Threading.Tasks.Task.Yield(); return x; } }" },
        { "generic containing type", "public partial class C<T> { [Differentiable] public double F(double x) => x * x; }" },
        { "record", "public partial record R(double K) { [Differentiable] public double F(double x) => K * x * x; }" },
        { "keyword parameter names", "public partial class C { [Differentiable] public static double F(double @double, double @out) => @double * @out; }" },
        { "keyword type and namespace names", "namespace @namespace { public static partial class @class { [Differentiable] public static double @double(double @in) => @in * @in; } }" },
        { "a type and a type parameter named @var", "public static partial class @var { [Differentiable] public static double F(double x) => x * x; } public partial class V4<@var> { [Differentiable] public double F(double x) => x * x; }" },
        { "member names that clash", "public partial class C { private double dx = 1; private double t1 = 2; [Differentiable] public double F(double x) => x * x * dx * t1; }" },
        { "missing body (syntax error)", "public partial class C { [Differentiable] public static double F(double x) }" },
        { "unresolved name", "public partial class C { [Differentiable] public static double F(double x) => x * Unknown; }" },
    };

    [Theory]
    [MemberData(nameof(UnusualShapes))]
    public void UnusualMethodShapes_NeverThrowAndAddNoDiagnostics(string name, string declarations)
    {
        string source = "using AutoDiffGen;\n\n" + declarations + "\n";
        var input = GeneratorRunner.CreateCompilation(source);
        var run = GeneratorRunner.Run(input);
        run.AssertGeneratorDidNotThrow();
        var added = run.AddedWarningsAndErrors(input);
        Assert.True(added.IsEmpty, name + ": " + string.Join("\n", added));
        AssertAnalyzerDidNotFail(run.OutputCompilation);
    }

    /// <summary>
    /// A branch-free chain whose symbolic expansion doubles with each line (<c>x = x·y + 1; y = x·y + 1;</c>
    /// twenty times): the formulas in the documentation give up early (found by a new-user trial, where
    /// seven pairs did not compile within 150 s and 120 lines took the compiler to 17 GB). The output
    /// has no formulas, compiles, and is right (checked against central differences).
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task ChainWhoseExpansionDoubles_NoFormulasAndFinishes()
    {
        var body = new StringBuilder();
        for (int i = 0; i < 20; i++)
        {
            body.Append("        x = x * y * 0.5 + 0.25; y = x * y * 0.5 + 0.25;\n");
        }

        string source = "using AutoDiffGen;\n\npublic static partial class Functions\n{\n    [Differentiable]\n    public static double P(double x, double y)\n    {\n" + body + "        return x + y;\n    }\n}\n";
        var run = System.Threading.Tasks.Task.Run(() => GeneratorRunner.Run(source));
        // A guard against the exponential case coming back (it ran for minutes), not a timing test.
        Assert.Same(run, await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(TimeSpan.FromMinutes(2))));
        string text = (await run).AssertCleanOutput().SingleGeneratedText;
        Assert.DoesNotContain("symbolically", text, StringComparison.Ordinal);
        GeneratedCodeRunner.Compile(source).Get("Functions", "P").Check(new object[] { 0.3, 0.6 });
    }

    /// <summary>
    /// Vectorized loops declare their vector locals with <c>var</c>, except where the user's code has a
    /// type named <c>var</c> in scope (C# then takes <c>var</c> for that type): explicit types there, and
    /// the output compiles either way.
    /// </summary>
    [Theory]
    [InlineData("", true)]
    [InlineData("#pragma warning disable CS8981\n    private sealed class var { }\n#pragma warning restore CS8981", false)]
    [InlineData("NESTED", false)]
    public void VectorLocals_UseVarOnlyWhereItIsTheKeyword(string member, bool expectVar)
    {
        string nested = member == "NESTED"
            ? "namespace N\n{\n#pragma warning disable CS8981\n    internal sealed class var { }\n#pragma warning restore CS8981\n"
            : "namespace N\n{\n";
        string source = "using System;\nusing AutoDiffGen;\n\n" + nested + $$"""
            public static partial class Functions
            {
                {{(member == "NESTED" ? "" : member)}}

                [Differentiable]
                public static double Dot(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int j = 0; j < w.Length; j++)
                    {
                        s += w[j] * x[j];
                    }

                    return s;
                }
            }
        }
        """;
        string text = GeneratorRunner.Run(source).AssertCleanOutput().SingleGeneratedText;
        Assert.Contains("global::AutoDiffGen.VectorBlocks.Load(", text, StringComparison.Ordinal);
        Assert.Equal(expectVar, text.Contains("var vec", StringComparison.Ordinal));
        Assert.Equal(!expectVar, text.Contains("global::System.Numerics.Vector<double> vec", StringComparison.Ordinal));
    }

    /// <summary>The analyzer must not throw (AD0001) nor report an internal failure (ADG0010 "failed internally").</summary>
    private static void AssertAnalyzerDidNotFail(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = compilation.WithAnalyzers(analyzers, options)
            .GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.DoesNotContain(diagnostics, d => d.Id == "ADG0010" && d.GetMessage().Contains("failed internally", StringComparison.Ordinal));
    }
}
