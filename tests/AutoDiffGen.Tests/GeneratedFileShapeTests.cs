using System;
using System.Linq;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// The shape of a generated file by the consumer's C# version: a file-scoped namespace where C# has
/// it (10), a block namespace before; documentation checked (as with GenerateDocumentationFile)
/// without a warning, though the method's own parameters are not documented again.
/// </summary>
public sealed class GeneratedFileShapeTests
{
    private const string Source = """
        using System;
        using AutoDiffGen;

        namespace Physics.Models
        {
            /// <summary>A documented type.</summary>
            public static partial class Energy
            {
                /// <summary>A documented method.</summary>
                /// <param name="x">The position.</param>
                /// <param name="w">The weights.</param>
                /// <returns>The energy.</returns>
                [Differentiable]
                public static double E(double x, double[] w)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x * x;
                    return s;
                }
            }
        }
        """;

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3, false)]
    [InlineData(LanguageVersion.CSharp9, false)]
    [InlineData(LanguageVersion.CSharp10, true)]
    [InlineData(LanguageVersion.Latest, true)]
    public void NamespaceIsFileScopedFromCSharp10_AndTheDocsCompileWithoutWarnings(LanguageVersion version, bool fileScoped)
    {
        var options = new CSharpParseOptions(version, DocumentationMode.Diagnose, preprocessorSymbols: new[] { "NET8_0_OR_GREATER" });
        var compilation = CSharpCompilation.Create(
            "Shape" + version,
            new[] { CSharpSyntaxTree.ParseText(Source, options, "Input.cs") },
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions
                .WithNullableContextOptions(version == LanguageVersion.CSharp7_3 ? NullableContextOptions.Disable : NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new[]
                {
                    // Missing docs on public members are reported here (unlike the other tests).
                    new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
                    new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
                }));
        var driver = CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generator.AutoDiffGenerator().AsSourceGenerator() }, parseOptions: options);
        var run = GeneratorRunner.Run(driver, compilation);
        run.AssertCleanOutput();
        string text = run.SingleGeneratedText;
        Assert.Equal(fileScoped, text.Contains("namespace Physics.Models;", StringComparison.Ordinal));
        Assert.Equal(!fileScoped, text.Contains("namespace Physics.Models\n{", StringComparison.Ordinal));
        // The parameters it adds are documented, the method's own are not (CS1573 is off in the file).
        Assert.Contains("<param name=\"dw\">", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<param name=\"w\">", text, StringComparison.Ordinal);
        Assert.Contains("#pragma warning disable CS1718, CS1573", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A nullable annotation on a parameter is kept in the generated signatures, in an annotations
    /// context: a <c>T? tag</c> of a generic type whose <c>T : class</c> is bound to <c>string</c> still
    /// takes <c>null</c> (a new user's trial: the file's <c>#nullable disable</c> made it <c>T</c>, and the
    /// call was CS8625, an error with TreatWarningsAsErrors). The caller here has nullable warnings on.
    /// </summary>
    [Fact]
    public void NullableAnnotationsOfParameters_AreKept()
    {
        var run = GeneratorRunner.Run("""
            #nullable enable
            using AutoDiffGen;

            public partial class Tagged<T> where T : class
            {
                [Differentiable]
                public static double Sq(double x, T? tag) => x * x;
            }

            public partial class Free<T>
            {
                [Differentiable]
                public static double Cube(double x, T? tag, string? label, string name) => x * x * x;
            }

            public static class Caller
            {
                public static double Run()
                {
                    double a = Tagged<string>.SqGradient(2, null, out double da);
                    double b = Free<string>.CubeGradient(2, null, null, "n", out double db);
                    Free<int>.CubePushforward(2, 0, null, "n", 1, out double tangent);
                    return a + b + da + db + tangent;
                }
            }
            """).AssertCleanOutput();
        var text = string.Join("\n", run.GeneratedSources.Select(g => g.SourceText.ToString()));
        Assert.Contains("SqGradient(double x, T? tag, out double dx)", text, StringComparison.Ordinal);
        Assert.Contains("#nullable enable annotations", text, StringComparison.Ordinal);
    }
}
