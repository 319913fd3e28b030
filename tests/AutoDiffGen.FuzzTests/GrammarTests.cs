using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.FuzzTests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.FuzzTests;

public sealed class GrammarTests
{
    /// <summary>The grammar's programs compile on their own (before the generator runs): no program is wasted on a typing mistake.</summary>
    [Fact]
    public void GeneratedProgramsCompile()
    {
        var programs = Enumerable.Range(0, 600).Select(i => Fuzzer.ProgramFor(4242, i)).ToList();
        var trees = programs.Select(p => CSharpSyntaxTree.ParseText(p.RenderFile(), BatchCompiler.ParseOptions, p.ClassName + ".cs"))
            .Prepend(CSharpSyntaxTree.ParseText(Harness.SupportSource, BatchCompiler.ParseOptions, "Support.cs"));
        var compilation = CSharpCompilation.Create("Grammar", trees, BatchCompiler.References, BatchCompiler.Options);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(d =>
            d + "\n    " + d.Location.SourceTree!.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start))));
    }

    /// <summary>
    /// The double twins (FuzzProgram.DoubleTwin: the program with float made double, for finite
    /// differences) of the float programs and of those with float casts compile, with their
    /// harness classes: a twin that does not compile is dropped and its program checked by F alone.
    /// </summary>
    [Fact]
    public void DoubleTwinsCompile()
    {
        var programs = Enumerable.Range(0, 600).Select(i => Fuzzer.ProgramFor(4242, i)).ToList();
        var twins = programs.Select(Harness.EmitDoubleTwin).Where(t => t is not null).ToList();
        Assert.True(twins.Count >= 200, $"only {twins.Count} of 600 programs have a double twin");
        var trees = twins.Select((t, i) => CSharpSyntaxTree.ParseText(t!, BatchCompiler.ParseOptions, $"D{i}.cs"))
            .Prepend(CSharpSyntaxTree.ParseText(Harness.SupportSource, BatchCompiler.ParseOptions, "Support.cs"));
        var compilation = CSharpCompilation.Create("Twins", trees, BatchCompiler.References, BatchCompiler.Options);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(d =>
            d + "\n    " + d.Location.SourceTree!.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start))));
        Assert.DoesNotContain("float", string.Concat(twins));
    }

    [Fact]
    public void SameSeedSameProgram()
        => Assert.Equal(Fuzzer.ProgramFor(9, 3).Render(), Fuzzer.ProgramFor(9, 3).Render());
}
