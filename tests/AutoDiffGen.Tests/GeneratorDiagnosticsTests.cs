using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Who reports what: the analyzer reports what lowering finds, without differentiating; the
/// generator reports the failures of its later steps (differentiation, emission) itself, at the
/// method's name, once, and again at the method's new place after it moved, with differentiation
/// still cached. And the analyzer's diagnostics-only lowering finds exactly what the generator's finds.
/// </summary>
public sealed class GeneratorDiagnosticsTests
{
    /// <summary>
    /// <c>G</c> lowers, but reverse mode cannot run its loop backwards (a buffer whose length changes
    /// from one iteration to the next): only differentiation finds that (ADG0005). <c>F</c> is fine.
    /// </summary>
    private const string Source = $$"""
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x) => x * x;

            [Differentiable]
            public static double G(double x, int n)
        {{GrowingBuffer}}
        }
        """;

    /// <summary>A body (of <c>x</c> and <c>n</c>) that lowers, but that reverse mode cannot differentiate.</summary>
    internal const string GrowingBuffer = """
            {
                double v = x;
                for (int i = 0; i < n; i++)
                {
                    double[] h = new double[i + 1];
                    h[i] = v * v;
                    v = h[i] * 0.5;
                }

                return v;
            }
        """;

    private const string BufferMessage = "a local buffer whose length changes from one iteration to the next ('double[] h = new double[i + 1];'), inside a loop that reverse mode runs backwards (it reuses one adjoint buffer for every iteration; allocate the buffer with the same length in each iteration, the largest, or allocate one before the loop when no callee writes it as a span output),";

    private static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
        => compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The line and column (1-based) of the first occurrence of <paramref name="text"/>.</summary>
    private static (int Line, int Column) PositionOf(string source, string text)
    {
        int index = source.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, text);
        int line = source.Take(index).Count(c => c == '\n');
        int column = index - (source.LastIndexOf('\n', Math.Max(0, index - 1)) + 1);
        return (line + 1, column + 1);
    }

    private static (int Line, int Column) PositionOf(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    [Fact]
    public void AFailureOfDifferentiation_IsReportedOnceByTheGenerator_AtTheMethodsName_AndTheRestIsGenerated()
    {
        var input = GeneratorRunner.CreateCompilation(Source);
        GeneratorRunner.AssertInputCompiles(input);
        var run = GeneratorRunner.Run(input);

        var reported = Assert.Single(run.RunResult.Diagnostics);
        Assert.Equal("ADG0005", reported.Id);
        Assert.Equal(DiagnosticSeverity.Error, reported.Severity);
        Assert.Equal(
            Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, null, BufferMessage).GetMessage(CultureInfo.InvariantCulture),
            reported.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("Input.cs", reported.Location.GetLineSpan().Path);

        // In the input's syntax tree (not a location by path alone), so that #pragma and
        // [SuppressMessage] apply to it as to the analyzer's diagnostics.
        Assert.Same(input.SyntaxTrees.Single(), reported.Location.SourceTree);
        Assert.Equal(PositionOf(Source, "G(double x, int n)"), PositionOf(reported));
        Assert.Equal(1, reported.Location.SourceSpan.Length);

        // F's derivatives are generated; G's are not, and nothing else is wrong with the output.
        string generated = run.SingleGeneratedText;
        Assert.Contains("FGradient", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("GGradient", generated, StringComparison.Ordinal);
        Assert.Empty(run.AddedWarningsAndErrors(input).Where(d => d.Id != "ADG0005"));

        // The analyzer does not differentiate, so it does not report it again.
        Assert.Empty(AnalyzerDiagnostics(input));
    }

    /// <summary>
    /// Finding 62: a span local assigned in each iteration of a loop run backwards would be kept on a
    /// tape, and a ref struct is no type argument (CS9244). <c>Span&lt;double&gt; h = new double[n]</c> is
    /// held as the array it is, so it is kept like the array version; the output compiles with no
    /// diagnostic. (Any other span that reached a tape is reported: <c>TapeStmt.TapeType</c>.)
    /// </summary>
    [Fact]
    public void ASpanBufferMadeInEachIterationOfALoopRunBackwards_IsKeptAsItsArray()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double G(ReadOnlySpan<double> w, double x, int n)
                {
                    foreach (double e in w)
                    {
                        Span<double> h = new double[n + 1];
                        h[0] = Math.Sin(e) * x;
                        if (h[n % h.Length] <= h[0]) return x;
                    }

                    return x * x;
                }
            }
            """;
        var input = GeneratorRunner.CreateCompilation(source);
        GeneratorRunner.AssertInputCompiles(input);
        var run = GeneratorRunner.Run(input);

        Assert.Empty(run.RunResult.Diagnostics);
        Assert.Contains("GGradient", run.SingleGeneratedText, StringComparison.Ordinal);
        Assert.Contains("Tape<double[]>", run.SingleGeneratedText, StringComparison.Ordinal);
        Assert.Empty(run.AddedWarningsAndErrors(input));
    }

    /// <summary>
    /// A span of another element type assigned in each iteration of a loop run backwards (found in
    /// review: a ReadOnlySpan&lt;int&gt; view of index data went onto a Tape&lt;ReadOnlySpan&lt;int&gt;&gt;, CS9244).
    /// No span can be kept on a tape: reported instead.
    /// </summary>
    [Fact]
    public void ASpanOfIndicesKeptOnATape_IsReported()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double G(double[] w, [NoDerivative] int[] ix, double s)
                {
                    for (int k = 0; k < ix.Length; k++)
                    {
                        ReadOnlySpan<int> r = ix.AsSpan(k, 1);
                        s = Math.Sin(s * w[r[0]]);
                    }

                    return s;
                }
            }
            """;
        var input = GeneratorRunner.CreateCompilation(source);
        GeneratorRunner.AssertInputCompiles(input);
        var run = GeneratorRunner.Run(input);

        var reported = Assert.Single(run.RunResult.Diagnostics);
        Assert.Equal("ADG0005", reported.Id);
        Assert.Contains("a span ('r') assigned in each iteration of a loop that reverse mode runs backwards", reported.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.AddedWarningsAndErrors(input).Where(d => d.Id != "ADG0005"));
    }

    [Fact]
    public void AfterTheMethodMoved_TheFailureMovesWithIt_AndDifferentiationIsNotRunAgain()
    {
        var input = GeneratorRunner.CreateCompilation(Source);
        var first = GeneratorRunner.Run(input);
        var tree = input.SyntaxTrees.Single();
        string moved = "// two lines\n// added at the top\n" + Source;
        var second = GeneratorRunner.Run(first.Driver, input.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(moved, tree.FilePath)));

        var differentiation = second.RunResult.Results.Single().TrackedSteps[StepNames.Differentiation].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, differentiation.Count);
        Assert.All(differentiation, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        var reported = Assert.Single(second.RunResult.Diagnostics);
        Assert.Equal("ADG0005", reported.Id);
        Assert.Equal(moved, reported.Location.SourceTree?.ToString());
        Assert.Equal(PositionOf(moved, "G(double x, int n)"), PositionOf(reported));
        Assert.Equal(PositionOf(Source, "G(double x, int n)").Line + 2, PositionOf(reported).Line);
    }

    [Fact]
    public void AFixedMethod_IsNoLongerReported()
    {
        var input = GeneratorRunner.CreateCompilation(Source);
        var first = GeneratorRunner.Run(input);
        Assert.Single(first.RunResult.Diagnostics);
        var tree = input.SyntaxTrees.Single();
        string fixedSource = Source.Replace("new double[i + 1]", "new double[n + 1]", StringComparison.Ordinal);
        var second = GeneratorRunner.Run(first.Driver, input.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(fixedSource, tree.FilePath)));
        second.AssertCleanOutput();
        Assert.Contains("GGradient", second.SingleGeneratedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The analyzer lowers for diagnostics only (no origin text, no model); the generator lowers the
    /// whole model. Both must find the same diagnostics, to the message: over methods with errors and
    /// warnings of every stage of lowering, a local named like a member the method mentions (renamed
    /// in the IR, and named in a message), a call to another differentiable method (lowered again,
    /// for diagnostics), and a clean one.
    /// </summary>
    [Fact]
    public void LoweringForDiagnostics_FindsWhatLoweringTheModelFinds()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            public partial class Model
            {
                private readonly Random rng = new Random(1);
                private double last;

                [Differentiable]
                public (double a, double b) Noisy(double x)
                {
                    var rng = this.rng;
                    return (x * rng.NextDouble(), x);
                }

                [Differentiable]
                public double Writes(double x)
                {
                    this.last = x;
                    try { x = x * 2; } catch { }
                    return Math.Floor(x) + Helper(x);
                }

                [Differentiable]
                public static double Helper(double x) => x * x;

                [Differentiable]
                public static double Constant(double x) => 42.0;

                [Differentiable]
                public static double Fine(double x, double[] w) => x * w[0];
            }
            """;
        var compilation = GeneratorRunner.CreateCompilation(source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        int methods = 0;
        foreach (var syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var method = (IMethodSymbol)model.GetDeclaredSymbol(syntax)!;
            var forModel = MethodLowerer.Lower(method, syntax, model, CancellationToken.None, LoweringPurpose.Model);
            var forDiagnostics = MethodLowerer.Lower(method, syntax, model, CancellationToken.None, LoweringPurpose.Diagnostics);
            Assert.Equal(Describe(forModel.Diagnostics), Describe(forDiagnostics.Diagnostics));
            Assert.Equal(forModel.Method is null, forDiagnostics.Body is null);
            Assert.Null(forDiagnostics.Method);
            methods++;
        }

        Assert.Equal(5, methods);

        // The inputs do exercise what they are meant to.
        var all = AnalyzerDiagnostics(compilation);
        Assert.Contains(all, d => d.Id == "ADG0004" && d.GetMessage(CultureInfo.InvariantCulture).Contains("NextDouble'", StringComparison.Ordinal));
        foreach (string id in new[] { "ADG0005", "ADG0007", "ADG0008", "ADG0009" })
        {
            Assert.Contains(all, d => d.Id == id);
        }

        static IEnumerable<string> Describe(ImmutableArray<Diagnostic> diagnostics)
            => diagnostics.Select(d => d.Id + " " + d.Location.SourceSpan + " " + d.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A method the compiler reports an error in (a conversion that does not exist, an undefined
    /// name) is left out: its members repeated the compiler's errors in the generated file (a new
    /// user's trial, stop 25: CS0030 twice more); the others are generated.
    /// </summary>
    [Fact]
    public void AMethodWithACompilerError_IsLeftOut_WithoutMoreErrors()
    {
        const string source = """
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double Broken(double x) { int k = "s"; return x * k; }

                [Differentiable]
                public static double Undefined(double x) => x * missing;

                [Differentiable]
                public static double Fine(double x) => x * x;
            }
            """;
        var input = GeneratorRunner.CreateCompilation(source);
        var run = GeneratorRunner.Run(input).AssertGeneratorDidNotThrow();
        Assert.Empty(run.AddedWarningsAndErrors(input));
        Assert.Contains("FineGradient", run.SingleGeneratedText, StringComparison.Ordinal);
        Assert.DoesNotContain("BrokenGradient", run.SingleGeneratedText, StringComparison.Ordinal);
        Assert.DoesNotContain("UndefinedGradient", run.SingleGeneratedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// An error in the signature is left out as one in the body is (a new user's trial, stop 26: a
    /// `T? tag` parameter under C# 8 gave CS8627 three more times in the generated members).
    /// </summary>
    [Fact]
    public void AMethodWithACompilerErrorInItsSignature_IsLeftOut_WithoutMoreErrors()
    {
        const string source = """
            using AutoDiffGen;

            public partial class Box<T>
            {
                [Differentiable]
                public static double Tagged(double x, T? tag) => x * x;

                [Differentiable]
                public static double Fine(double x) => x * x;
            }
            """;
        var csharp8 = GeneratorRunner.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp8);
        var input = CSharpCompilation.Create(
            "AutoDiffGenTestInput",
            new[] { CSharpSyntaxTree.ParseText(source, csharp8, "Input.cs") },
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        Assert.Contains(input.GetDiagnostics(), d => d.Id == "CS8627");
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGenerator().AsSourceGenerator() }, parseOptions: csharp8);
        var run = GeneratorRunner.Run(driver, input).AssertGeneratorDidNotThrow();
        Assert.Empty(run.AddedWarningsAndErrors(input));
        Assert.Contains("FineGradient", run.SingleGeneratedText, StringComparison.Ordinal);
        Assert.DoesNotContain("TaggedGradient", run.SingleGeneratedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// A project without <c>System.Span&lt;T&gt;</c> (netstandard2.0 without System.Memory): the derivatives
    /// of an array and a tuple's Jacobian are spans, so those methods get ADG0004 with the way out, and
    /// the generator writes nothing that names Span (a new user's trial, stop 26: CS0234 broke the build).
    /// Compiled against NETStandard.Library's reference assemblies, with the attributes declared in
    /// the source (the runtime's own build is for .NET 8 here).
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task WithoutSpan_ArrayDerivativesAndTupleJacobians_AreReported_AndNothingNamesSpan()
    {
        const string source = """
            namespace AutoDiffGen
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class DifferentiableAttribute : System.Attribute { public DerivativeMembers Generate { get; set; } }
                [System.AttributeUsage(System.AttributeTargets.Parameter)]
                public sealed class NoDerivativeAttribute : System.Attribute { }
                [System.Flags]
                public enum DerivativeMembers { Gradient = 1, Jacobian = Gradient, Pushforward = 2, Pullback = 4 }
            }

            public static partial class Model
            {
                [AutoDiffGen.Differentiable]
                public static double Sum(double[] w) => w[0] + w[1];

                [AutoDiffGen.Differentiable]
                public static double SumOfData(double x, [AutoDiffGen.NoDerivative] double[] w) => x * w[0];

                [AutoDiffGen.Differentiable]
                public static (double, double) Pair(double x) => (x * x, 2 * x);

                [AutoDiffGen.Differentiable(Generate = AutoDiffGen.DerivativeMembers.Pushforward | AutoDiffGen.DerivativeMembers.Pullback)]
                public static (double, double) PairWithoutJacobian(double x) => (x * x, 2 * x);
            }
            """;
        string folder = typeof(GeneratorDiagnosticsTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "NetStandard20References").Value!;
        var references = System.IO.Directory.GetFiles(folder, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToArray();
        var options = GeneratorRunner.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp7_3).WithPreprocessorSymbols("NETSTANDARD2_0").WithDocumentationMode(DocumentationMode.Parse);
        var input = CSharpCompilation.Create("NoSpan", new[] { CSharpSyntaxTree.ParseText(source, options, "Input.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Null(input.GetTypeByMetadataName("System.Span`1"));
        Assert.Empty(input.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, input).AssertGeneratorDidNotThrow();
        var analyzed = await input.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var reports = analyzed.Where(d => d.Id == "ADG0004").ToList();
        Assert.Equal(analyzed.Length, reports.Count);
        Assert.Equal(2, reports.Count);
        Assert.Contains(reports, d => d.GetMessage(CultureInfo.InvariantCulture).Contains("'Sum'", StringComparison.Ordinal)
            && d.GetMessage(CultureInfo.InvariantCulture).Contains("reference the System.Memory package, or mark the arrays [NoDerivative]", StringComparison.Ordinal)
            && d.Location.SourceSpan.Start == source.IndexOf("Sum(double[] w)", StringComparison.Ordinal));
        Assert.Contains(reports, d => d.GetMessage(CultureInfo.InvariantCulture).Contains("'Pair'", StringComparison.Ordinal)
            && d.GetMessage(CultureInfo.InvariantCulture).Contains("Generate = DerivativeMembers.Pushforward | DerivativeMembers.Pullback", StringComparison.Ordinal)
            && d.Location.SourceSpan.Start == source.IndexOf("Pair(double x)", StringComparison.Ordinal));
        Assert.Empty(run.WarningsAndErrors);
        string generated = run.SingleGeneratedText;
        Assert.Contains("SumOfDataGradient", generated, StringComparison.Ordinal);
        Assert.Contains("PairWithoutJacobianPullback", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("SumGradient(", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("PairJacobian", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Span", generated, StringComparison.Ordinal);
    }
}
