using System;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// stackalloc inside a branch (or after an early return, which puts the rest of the method in a
/// branch): the derivative code declares the adjoint buffer where both sweeps see it, starting as
/// an empty stack buffer (so C# lets it point at stack memory later), in every language version.
/// </summary>
public sealed class StackAllocInBranchTests
{
    private const string Source = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x)
            {
                if (x < 0) return x;
                Span<double> h = stackalloc double[4];
                h[0] = x * x;
                return h[0];
            }
        }
        """;

    private static (GeneratorRun Run, Diagnostic[] Analyzer) Compile(LanguageVersion version)
    {
        var options = new CSharpParseOptions(version);
        var compilation = CSharpCompilation.Create(
            "StackAlloc" + version,
            new[] { CSharpSyntaxTree.ParseText(Source, options, "Input.cs") },
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions.WithNullableContextOptions(version == LanguageVersion.CSharp7_3 ? NullableContextOptions.Disable : NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generator.AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, compilation);
        var analyzer = compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().Result.ToArray();
        return (run, analyzer);
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public void DifferentiatesWithAnAdjointBufferDeclaredOnTheStack(LanguageVersion version)
    {
        var (run, analyzer) = Compile(version);
        Assert.Empty(analyzer);
        run.AssertCleanOutput();
        Assert.Contains("global::System.Span<double> hBar = stackalloc double[0];", run.SingleGeneratedText, StringComparison.Ordinal);
    }
}
