using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// The pipeline caches: an edit that does not touch a [Differentiable] method must not re-run
/// lowering or differentiation (each step's outputs are Cached or Unchanged).
/// </summary>
public sealed class IncrementalityTests
{
    private const string Functions = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, double y) => 3 * x * x * y;

            [Differentiable]
            public static double G(double x, double y)
            {
                double wave = Math.Sin(x) * Math.Exp(-y);
                if (x > y)
                {
                    return wave + Math.Log(1 + x * x);
                }

                return wave + x * y;
            }
        }

        namespace Models
        {
            public partial struct Spring
            {
                public double K;

                [Differentiable]
                public double Energy(double x) => 0.5 * K * x * x;
            }
        }
        """;

    private const string Other = """
        public static class Other
        {
            public static int Answer() => 42;
        }
        """;

    private static readonly string[] CachingSteps = { StepNames.Lowering, StepNames.Differentiation, StepNames.Emission };

    private static void AssertCached(GeneratorRun run, string stepName)
    {
        var result = run.RunResult.Results.Single();
        Assert.True(result.TrackedSteps.TryGetValue(stepName, out var steps), $"no tracked step '{stepName}'; steps: {string.Join(", ", result.TrackedSteps.Keys)}");
        var outputs = steps.SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"step '{stepName}' output {output.Value} was {output.Reason}"));
    }

    private static ImmutableArray<IncrementalStepRunReason> Reasons(GeneratorRun run, string stepName)
        => run.RunResult.Results.Single().TrackedSteps[stepName].SelectMany(s => s.Outputs).Select(o => o.Reason).ToImmutableArray();

    private static (GeneratorRun First, Compilation Compilation) FirstRun()
    {
        var compilation = GeneratorRunner.CreateCompilation(Functions, Other);
        var first = GeneratorRunner.Run(compilation).AssertCleanOutput();
        Assert.Equal(3, Reasons(first, StepNames.Lowering).Length);
        Assert.All(Reasons(first, StepNames.Lowering), r => Assert.Equal(IncrementalStepRunReason.New, r));
        return (first, compilation);
    }

    private static void AssertSameOutput(GeneratorRun first, GeneratorRun second)
        => Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));

    [Fact]
    public void AddingAnUnrelatedFile_ReusesEveryStep()
    {
        var (first, compilation) = FirstRun();
        var second = GeneratorRunner.Run(first.Driver, compilation.AddSyntaxTrees(GeneratorRunner.Parse("public class Unrelated { public int N; }", "Unrelated.cs")));
        foreach (var step in CachingSteps)
        {
            AssertCached(second, step);
        }

        AssertSameOutput(first, second);
    }

    [Fact]
    public void EditingAnotherFile_ReusesEveryStep()
    {
        var (first, compilation) = FirstRun();
        var other = compilation.SyntaxTrees.Single(t => t.FilePath == "Input1.cs");
        var edited = compilation.ReplaceSyntaxTree(other, GeneratorRunner.Parse(Other.Replace("42", "43 + Helper()") + "\npublic static partial class More { public static int Helper() => 1; }", "Input1.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited);
        foreach (var step in CachingSteps)
        {
            AssertCached(second, step);
        }

        AssertSameOutput(first, second);
    }

    [Fact]
    public void EditingTheSameFileBelowTheMethods_ReusesEveryStep()
    {
        var (first, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Input.cs");
        var edited = compilation.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(Functions + "\n\npublic static class Appended { public static double Twice(double v) => 2 * v; }\n", "Input.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited);
        foreach (var step in CachingSteps)
        {
            AssertCached(second, step);
        }

        AssertSameOutput(first, second);
    }

    [Fact]
    public void AddingALineAboveTheMethods_DifferentiatesNothingAgain_AndShiftsTheLineComments()
    {
        var (first, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Input.cs");
        var edited = compilation.ReplaceSyntaxTree(tree, GeneratorRunner.Parse("// a comment added at the top\n" + Functions, "Input.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited).AssertCleanOutput();

        // The methods moved: lowering sees new lines, differentiation sees the same models.
        AssertCached(second, StepNames.Differentiation);

        // The output is the same but for the line numbers in the comments, each one more.
        string before = first.GeneratedSources.Single(s => s.HintName == "Functions.AutoDiff.g.cs").SourceText.ToString();
        string after = second.GeneratedSources.Single(s => s.HintName == "Functions.AutoDiff.g.cs").SourceText.ToString();
        string shifted = System.Text.RegularExpressions.Regex.Replace(before, @"// line (\d+)", m => "// line " + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(before, after);
        Assert.Equal(shifted, after);
        Assert.Contains("// line 8: => 3 * x * x * y", after, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AddingAnUnrelatedMemberToTheType_DifferentiatesNothingAgain()
    {
        var (first, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Input.cs");
        string withMember = Functions.Replace(
            "public static partial class Functions\n{",
            "public static partial class Functions\n{\n    public static int Unrelated(int k) => k + 1; public static double t1, dx;\n");
        Assert.NotEqual(Functions, withMember);
        var second = GeneratorRunner.Run(first.Driver, compilation.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(withMember, "Input.cs"))).AssertCleanOutput();
        AssertCached(second, StepNames.Differentiation);
    }

    [Fact]
    public void EditingADifferentiableMethod_ReRunsOnlyThatMethod()
    {
        // The control experiment: the tracking must see a real change, or the tests above prove nothing.
        var (first, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Input.cs");
        var edited = compilation.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(Functions.Replace("3 * x * x * y", "4 * x * x * y"), "Input.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited).AssertCleanOutput();

        var lowering = Reasons(second, StepNames.Lowering);
        Assert.Equal(1, lowering.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, lowering.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var differentiation = Reasons(second, StepNames.Differentiation);
        Assert.Equal(1, differentiation.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, differentiation.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("4.0 * x", second.GeneratedSources.Single(s => s.HintName == "Functions.AutoDiff.g.cs").SourceText.ToString(), System.StringComparison.Ordinal);
    }
}
