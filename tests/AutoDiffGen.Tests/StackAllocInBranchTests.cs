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
/// branch): the derivative code declares the adjoint buffer where both sweeps see it, as a
/// <c>scoped</c> span, which needs C# 11. Before C# 11 it is reported (ADG0005) and skipped.
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
            GeneratorRunner.CompilationOptions);
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generator.AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, compilation);
        var analyzer = compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().Result.ToArray();
        return (run, analyzer);
    }

    [Fact]
    public void CSharp11_DifferentiatesWithAScopedAdjointBuffer()
    {
        var (run, analyzer) = Compile(LanguageVersion.CSharp11);
        Assert.Empty(analyzer);
        run.AssertCleanOutput();
        Assert.Contains("scoped global::System.Span<double> hBar = default;", run.SingleGeneratedText, StringComparison.Ordinal);
    }

    [Fact]
    public void CSharp10_IsReported_AndSkipped()
    {
        var (run, analyzer) = Compile(LanguageVersion.CSharp10);
        var diagnostic = Assert.Single(analyzer);
        Assert.Equal(DiagnosticDescriptors.UnsupportedConstruct.Id, diagnostic.Id);
        Assert.Contains("before C# 11", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.WarningsAndErrors);
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("FGradient", StringComparison.Ordinal));
    }
}
