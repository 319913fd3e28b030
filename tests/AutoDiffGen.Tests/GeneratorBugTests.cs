using System.Linq;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// Known generator bugs, one test each, written to pass once the bug is fixed: remove the Skip
/// then. Each is described, with a minimal repro, in BUGS.md under the same number.
/// </summary>
public sealed class GeneratorBugTests
{
    [Fact]
    public void Bug1_BodyThatOnlyThrows_GeneratesNoUnreachableCode()
    {
        var run = GeneratorRunner.Run("""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => throw new NotSupportedException();
            }
            """);

        // Today: CS0162 "Unreachable code detected" twice (FGradient, FPullback): an error under
        // TreatWarningsAsErrors.
        run.AssertCleanOutput();
    }

    [Theory]
    [InlineData("public partial class C_1 { [Differentiable] public static double F(double x) => x * x; }\npublic partial class C<T> { [Differentiable] public static double F(double x) => x * x; }")]
    [InlineData("public partial class Model { [Differentiable] public static double F(double x) => x * x; }\npublic partial class MODEL { [Differentiable] public static double F(double x) => x * x; }")]
    public void Bug2_TypesWhoseHintNamesCollide_BothGetTheirDerivatives(string declarations)
    {
        // Today the second AddSource throws (hint names must be unique, compared ignoring case):
        // CS8785, and the generator adds nothing at all to the compilation.
        var run = GeneratorRunner.Run("using AutoDiffGen;\n\n" + declarations + "\n").AssertCleanOutput();
        Assert.Equal(2, run.GeneratedSources.Length);
    }

    [Theory]
    [InlineData("virtual", "override")]
    [InlineData("", "new")]
    public void Bug3_DerivedTypeWithDifferentiableMethodOfTheSameName_DoesNotWarn(string baseModifier, string derivedModifier)
    {
        // Today: CS0108 "'Derived.FGradient(double, out double)' hides inherited member
        // 'Base.FGradient(double, out double)'. Use the new keyword if hiding was intended", for
        // each of the three generated members.
        GeneratorRunner.Run($$"""
            using AutoDiffGen;

            public partial class Base
            {
                [Differentiable]
                public {{baseModifier}} double F(double x) => x * x;
            }

            public partial class Derived : Base
            {
                [Differentiable]
                public {{derivedModifier}} double F(double x) => x * x * x;
            }
            """).AssertCleanOutput();
    }

    /// <summary>
    /// A derived type's overload of a base's differentiable method (other parameters): its members
    /// are overloads of the base's, and hide nothing. They were <c>new</c> (CS0109 "does not hide an
    /// accessible member" three times: an error under TreatWarningsAsErrors); a method that hides
    /// the base's signature for signature keeps <c>new</c> on its members (a new user's trial, stop 24).
    /// </summary>
    [Fact]
    public void Bug3b_DerivedOverloadOfABaseMethod_IsNotNew()
    {
        var run = GeneratorRunner.Run("""
            using AutoDiffGen;

            public partial class Base
            {
                [Differentiable]
                public double F(double w, double b) => w * b;

                [Differentiable]
                public double H(double w) => w * 3;
            }

            public partial class Derived : Base
            {
                [Differentiable]
                public double F(double w) => w * w;

                [Differentiable]
                public new double H(double w) => w * 4;
            }
            """).AssertCleanOutput();
        string derived = run.GeneratedSources.Single(s => s.HintName.StartsWith("Derived", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public double FGradient(double w, out double dw)", derived);
        Assert.Contains("public new double HGradient(double w, out double dw)", derived);
    }

    /// <summary>
    /// A negative constant of a type C# has no keyword for (nint, an enum in a namespace), written
    /// as a cast: <c>((nint)-5)</c> was CS0075 ("to cast a negative value, you must enclose the value
    /// in parentheses"); now <c>((nint)(-5))</c> (a new user's trial, stop 24).
    /// </summary>
    [Fact]
    public void Bug3c_NegativeConstantsOfTypesWithoutAKeyword_Compile()
        => GeneratorRunner.Run("""
            using AutoDiffGen;

            namespace Ns
            {
                public enum E { Neg = -4, Pos = 1 }

                public static partial class R
                {
                    [Differentiable]
                    public static double F(double x, nint n) => n != -5 ? x : x * x;

                    [Differentiable]
                    public static double G(double x) { nint k = -1; return k * x; }

                    [Differentiable]
                    public static double H(double x, E e = E.Neg) => e == (E)(-3) ? x : x * x;

                    [Differentiable]
                    public static double K(double x) => H(x) + F(x, -2);
                }
            }
            """).AssertCleanOutput();

    /// <summary>
    /// A pointer parameter (in unsafe code): the generated members were not in an unsafe context
    /// (CS0214). Reported instead (ADG0003), and nothing is generated for the method.
    /// </summary>
    [Fact]
    public async Task Bug3d_PointerParameters_AreReported()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Unsafe", new[] { GeneratorRunner.Parse("""
            using AutoDiffGen;

            public unsafe partial class U
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] int* p) => p == null ? x : x * x;
            }
            """) }, GeneratorRunner.References, GeneratorRunner.CompilationOptions.WithAllowUnsafe(true));
        var run = GeneratorRunner.Run(compilation);
        Assert.Empty(run.WarningsAndErrors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true));
        var reported = await compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Contains(reported, d => d.Id == "ADG0003" && d.GetMessage().Contains("pointer type 'int*' is not supported", System.StringComparison.Ordinal));
    }

    /// <summary>
    /// A type named in lower case (CS8981 at its declaration, which the user may disable there): the
    /// generated file named it again and repeated the warning (a new user's trial, stop 24).
    /// </summary>
    [Fact]
    public void Bug3e_LowerCaseTypeName_NoWarningInGeneratedCode()
    {
        var compilation = GeneratorRunner.CreateCompilation("""
            using AutoDiffGen;

            public partial class model
            {
                [Differentiable]
                public double F(double x) => x * x;
            }
            """);
        var run = GeneratorRunner.Run(compilation);
        Assert.Empty(run.AddedWarningsAndErrors(compilation));
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public void Bug4_LineSeparatorInsideAStatement_DoesNotBreakTheOriginComment(char separator)
    {
        // A verbatim string may hold any character; C# counts U+2028, U+2029 and U+0085 as line
        // breaks, so the "// line N: ..." comment copied from the statement ends early and the
        // rest of the statement text becomes code (CS1010, CS1002, CS0103).
        GeneratorRunner.Run($$"""
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    string label = @"a{{separator}}b";
                    return label.Length * x;
                }
            }
            """).AssertCleanOutput();
    }

    [Fact]
    public void Bug5_EarlyReturnsNestedInBranches_DoNotGrowTheOutputExponentially()
    {
        static string Guards(int count)
        {
            var lines = Enumerable.Range(1, count).Select(i => $"        if (r > {i}) {{ if (r > {100 * i}) {{ return r; }} r = r * 0.5; }}");
            return $$"""
                using AutoDiffGen;

                public static partial class Functions
                {
                    [Differentiable]
                    public static double F(double x)
                    {
                        double r = x;
                {{string.Join("\n", lines)}}
                        return r * r;
                    }
                }
                """;
        }

        // Today: 4 guards give ~65 KB, 8 give ~1.66 MB (x2.2 per guard clause; 12 give 37 MB and take
        // most of a minute). Linear growth would be about x2 from 4 to 8.
        int four = GeneratorRunner.Run(Guards(4)).AssertCleanOutput().SingleGeneratedText.Length;
        int eight = GeneratorRunner.Run(Guards(8)).AssertCleanOutput().SingleGeneratedText.Length;
        Assert.True(eight < 3 * four, $"4 guard clauses: {four} characters; 8: {eight} characters");
    }

    [Fact]
    public Task Bug6_CallToAnotherDifferentiableMethod_Composes() => VerifyAsync("""
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Inner(double x) => x * x;

            // README (Architecture): "calls to other differentiable methods compose through their
            // pushforward/pullback". Today: ADG0006 'Functions.Inner' ... has no known derivative.
            [Differentiable]
            public static double Outer(double x) => Inner(x) * 3;
        }
        """);

    /// <summary>
    /// A constant local under a conversion to an integer (the stop 27 review): constant propagation
    /// made <c>(int)(c * 10)</c> with <c>c = 1e10</c> the C# constant expression <c>(int)100000000000.0</c>,
    /// which the compiler rejects (CS0221), in the pushforward and the pullback. The conversion keeps
    /// its variable and runs when the method does, with the method's value.
    /// </summary>
    [Theory]
    [InlineData("double c = 1e10; int k = (int)(c * 10); return x * k;")]
    [InlineData("double c = 1e30; long k = (long)(c + 1); return x * k;")]
    [InlineData("double c = 1e10; int k = (int)(-(c * 10) - c); return x * k;")]
    [InlineData("float c = 1e30f; int k = (int)(c * c); return x * k;")]
    public void ConstantLocalConvertedToAnInteger_StaysARuntimeConversion(string body)
    {
        string source = MethodF(body);
        GeneratorRunner.Run(source).AssertCleanOutput();
        var runner = GeneratedCodeRunner.Compile(source);
        double value = (double)runner.Invoke("Functions", "F", new object?[] { 0.5 })!;
        var arguments = new object?[] { 0.5, null };
        double gradientValue = (double)runner.Invoke("Functions", "FGradient", arguments)!;
        Assert.Equal(value, gradientValue);
        Assert.Equal(value / 0.5, (double)arguments[1]!); // x = 0.5: the division is exact
    }

    /// <summary>
    /// The same class's siblings (constant locals in code C# would check as a constant expression:
    /// decimal overflow CS0463, checked overflow CS0220, integer division by zero CS0020, NaN to an
    /// integer): they stay run-time operations, so the generated code compiles.
    /// </summary>
    [Theory]
    [InlineData("decimal c = 1e28m; decimal k = c * 10; return x * (double)k;")]
    [InlineData("int c = int.MaxValue; int k = checked(c + 1); return x * k;")]
    [InlineData("int c = 0; int k = 5 / c; return x * k;")]
    [InlineData("double c = double.NaN; long k = (long)c; return x * k;")]
    public void ConstantLocalsWhereCSharpChecksConstants_StayRunTimeOperations(string body)
    {
        string source = MethodF(body);
        GeneratorRunner.Run(source).AssertCleanOutput();
    }

    /// <summary><c>F(double x) { body }</c>, [Differentiable], in a static partial class Functions.</summary>
    private static string MethodF(string body) => $$"""
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x) { {{body}} }
        }
        """;
}
