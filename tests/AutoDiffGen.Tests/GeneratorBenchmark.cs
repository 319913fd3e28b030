using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AutoDiffGen.Generator;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.Tests;

/// <summary>
/// The generator's own costs (the generator rows of the README's performance table), measured on
/// 300 small methods of the shapes people write (closed forms, branches, loops over arrays,
/// reductions): generator time per method (cold and warm), generated C# per method, the cost of
/// compiling the generated code against compiling the user's code, methods differentiated again
/// after a line shift or an unrelated new member, and the analyzer's time per method (its own, and
/// the whole analyzer pass with what Roslyn does for it).
/// Opt-in, as a timing never belongs in a unit test:
/// <c>ADG_GENERATOR_BENCH=1 dotnet test tests/AutoDiffGen.Tests -c Release --filter GeneratorBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class GeneratorBenchmark
{
    private const int Types = 10;
    private const int MethodsPerType = 30;
    private const int Methods = Types * MethodsPerType;

    private readonly ITestOutputHelper output;

    public GeneratorBenchmark(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Measure()
    {
        if (Environment.GetEnvironmentVariable("ADG_GENERATOR_BENCH") != "1")
        {
            output.WriteLine("set ADG_GENERATOR_BENCH=1 to run the generator benchmark");
            return;
        }

        var sources = Enumerable.Range(0, Types).Select(Source).ToArray();
        var compilation = CSharpCompilation.Create(
            "GeneratorBenchmark",
            sources.Select((s, i) => GeneratorRunner.Parse(s, $"Type{i}.cs")),
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        GeneratorRunner.AssertInputCompiles(compilation);

        // Cold: the first run in this process (JIT included); warm: the best of later full runs.
        var cold = TimeRun(compilation, out var run, out var timing);
        // Warm: the best of the next runs. The JIT first compiles the generator's (and Roslyn's) code
        // quickly and unoptimized, and optimizes what runs often in the background a while later,
        // as in the compiler server and the IDE, which run for hours: here after 10 to 15 runs.
        // ADG_GENERATOR_BENCH_RUNS sets how many runs (default 25); each run's time is reported, to
        // show when they settle, and the best of the first five too (mostly unoptimized code).
        int runs = int.TryParse(Environment.GetEnvironmentVariable("ADG_GENERATOR_BENCH_RUNS"), out int r) && r > 0 ? r : 25;
        // Allocation per run is reported too: unlike time, the machine's load does not move it.
        var allocated = new List<long>();
        var warmRuns = Enumerable.Range(0, runs).Select(_ =>
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            double time = TimeRun(compilation, out GeneratorDriver _, out GeneratorDriverTimingInfo _);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            return time;
        }).ToList();
        var warm = warmRuns.Min();
        var generated = run.GetRunResult().GeneratedTrees;
        Assert.Equal(Types, generated.Length);
        long generatedChars = generated.Sum(t => (long)t.GetText().Length);
        // ADG_GENERATOR_BENCH_DUMP names a folder that receives the user's and the generated files,
        // to read them or to time compiles of edited copies.
        if (Environment.GetEnvironmentVariable("ADG_GENERATOR_BENCH_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            for (int i = 0; i < Types; i++)
            {
                File.WriteAllText(Path.Combine(dump, $"Type{i}.cs"), sources[i]);
            }

            foreach (var tree in generated)
            {
                File.WriteAllText(Path.Combine(dump, Path.GetFileName(tree.FilePath)), tree.GetText().ToString());
            }
        }

        long userChars = sources.Sum(s => (long)s.Length);
        string generatorReport = string.Create(CultureInfo.InvariantCulture, $"generator, warm: {warm:F0} ms total, {warm / Methods:F2} ms/method, best of {runs} runs (best of the first five: {warmRuns.Take(5).Min() / Methods:F2} ms/method; each run: {string.Join(", ", warmRuns.Select(t => (t / Methods).ToString("F2", CultureInfo.InvariantCulture)))}); allocated {allocated.Min() / (double)Methods / 1024:F0} KB/method (the least of the warm runs)");
        // ADG_GENERATOR_BENCH_QUICK=1: the generator's time, allocation and output size only, to
        // compare changes to the generator in a minute.
        if (Environment.GetEnvironmentVariable("ADG_GENERATOR_BENCH_QUICK") == "1")
        {
            Report(string.Create(CultureInfo.InvariantCulture, $"{generatorReport}\ngenerated C#: {generatedChars / Methods / 1024.0:F1} KB/method\n"));
            return;
        }

        // Compiling (documentation comments checked, as in a project that generates an XML
        // documentation file): emit the user's code alone, with the generated code, and with the generated code
        // but without the vectorized loops (every tree parsed again without NET8_0_OR_GREATER, so the
        // Vector<T> blocks are inactive code, as in a project for an older framework). The three are
        // measured in turn, ten rounds, best of each: on a shared machine the load drifts, and
        // interleaving keeps the drift out of the ratios. Wall clock (the compiler builds method
        // bodies in parallel, as csc does) and the process's CPU time (the work, all threads).
        var withGenerated = compilation.AddSyntaxTrees(generated);
        Assert.Empty(withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var scalarOptions = GeneratorRunner.ParseOptions.WithPreprocessorSymbols(GeneratorRunner.ParseOptions.PreprocessorSymbolNames.Where(n => !n.StartsWith("NET8", StringComparison.Ordinal) && !n.StartsWith("NET9", StringComparison.Ordinal) && !n.StartsWith("NET10", StringComparison.Ordinal)));
        var scalarOnly = CSharpCompilation.Create(
            "GeneratorBenchmarkScalar",
            withGenerated.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), scalarOptions, t.FilePath)),
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        // And both again with documentation comments not parsed (DocumentationMode.None), as csc
        // compiles a project that does not generate an XML documentation file (no /doc: the default).
        var noDocsOptions = GeneratorRunner.ParseOptions.WithDocumentationMode(DocumentationMode.None);
        CSharpCompilation NoDocs(Compilation c, string name) => CSharpCompilation.Create(
            name,
            c.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), noDocsOptions, t.FilePath)),
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        var userNoDocs = NoDocs(compilation, "GeneratorBenchmarkNoDocs");
        var withGeneratedNoDocs = NoDocs(withGenerated, "GeneratorBenchmarkAllNoDocs");
        // Where the compile cost goes: the generated code with one kind of member removed (the
        // benchmark's gradients are all thin wrappers of their pullbacks, which stay), and without
        // the two attributes every pushforward and pullback carries. Documentation checked.
        CSharpCompilation Without(string name, Func<SyntaxNode, bool> remove) => CSharpCompilation.Create(
            "GeneratorBenchmarkWithout" + name,
            withGenerated.SyntaxTrees.Select(t => generated.Contains(t) ? t.WithRootAndOptions(t.GetRoot().RemoveNodes(t.GetRoot().DescendantNodes().Where(remove), SyntaxRemoveOptions.KeepNoTrivia)!, t.Options) : t),
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        var compiles = new (string Name, Compilation Compilation)[]
        {
            ("user", compilation),
            ("all", withGenerated),
            ("scalar", scalarOnly),
            ("user, no docs", userNoDocs),
            ("all, no docs", withGeneratedNoDocs),
            ("without the pushforwards", Without("Pushforwards", n => n is MethodDeclarationSyntax m && m.Identifier.Text.EndsWith("Pushforward", StringComparison.Ordinal))),
            ("without the gradients", Without("Gradients", n => n is MethodDeclarationSyntax m && m.Identifier.Text.EndsWith("Gradient", StringComparison.Ordinal))),
            ("without the attributes", Without("Attributes", n => n is AttributeListSyntax)),
        };
        var best = compiles.Select(_ => (Wall: double.MaxValue, Cpu: double.MaxValue)).ToArray();
        for (int round = 0; round < 10; round++)
        {
            for (int c = 0; c < compiles.Length; c++)
            {
                best[c] = Best(best[c], TimeEmit(compiles[c].Compilation));
            }
        }

        var userCompile = best[0];
        var allCompile = best[1];
        var scalarCompile = best[2];
        var userNoDocsCompile = best[3];
        var allNoDocsCompile = best[4];
        // The share of the generated code's compile CPU time that each removal saves.
        string Share(int c) => ((allCompile.Cpu - best[c].Cpu) / (allCompile.Cpu - userCompile.Cpu)).ToString("P0", CultureInfo.InvariantCulture);

        // Incremental edits: a line added at the top of a file, a member added to a type.
        int afterLineShift = ReDifferentiated(compilation, 0, s => "// a line added at the top\n" + s);
        int afterNewMember = ReDifferentiated(compilation, 1, s => s.Replace("{\n    [Differentiable]", "{\n    public static int Unrelated(int k) => k + 1;\n\n    [Differentiable]", StringComparison.Ordinal));

        // The analyzer over all methods (best of ten): its own time, from its telemetry; and the
        // whole analyzer pass (wall clock), which includes what Roslyn's analyzer driver does for it,
        // such as binding the method bodies into the operations it hands to analyzers.
        var analyzerRuns = Enumerable.Range(0, 10).Select(_ => AnalyzerTime(compilation)).ToList();
        double analyzer = analyzerRuns.Min(r => r.Own);
        double analyzerPass = analyzerRuns.Min(r => r.Pass);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"methods: {Methods} in {Types} types; user code {userChars / Methods} chars/method");
        report.AppendLine(CultureInfo.InvariantCulture, $"generator, cold: {cold:F0} ms total, {cold / Methods:F2} ms/method (driver's own timing {timing.ElapsedTime.TotalMilliseconds:F0} ms)");
        report.AppendLine(generatorReport);
        report.AppendLine(CultureInfo.InvariantCulture, $"generated C#: {generatedChars / Methods / 1024.0:F1} KB/method ({generatedChars / (double)userChars:F1}x the user's code)");
        report.AppendLine(CultureInfo.InvariantCulture, $"compile, wall clock: user code {userCompile.Wall:F0} ms, with generated {allCompile.Wall:F0} ms, generated ÷ user {(allCompile.Wall - userCompile.Wall) / userCompile.Wall:F1}; without the vectorized blocks {scalarCompile.Wall:F0} ms, generated ÷ user {(scalarCompile.Wall - userCompile.Wall) / userCompile.Wall:F1}");
        report.AppendLine(CultureInfo.InvariantCulture, $"compile, CPU time: user code {userCompile.Cpu:F0} ms, with generated {allCompile.Cpu:F0} ms, generated ÷ user {(allCompile.Cpu - userCompile.Cpu) / userCompile.Cpu:F1}; without the vectorized blocks {scalarCompile.Cpu:F0} ms, generated ÷ user {(scalarCompile.Cpu - userCompile.Cpu) / userCompile.Cpu:F1}");
        report.AppendLine(CultureInfo.InvariantCulture, $"compile, documentation comments not parsed (no XML documentation file, the SDK's default): wall clock user code {userNoDocsCompile.Wall:F0} ms, with generated {allNoDocsCompile.Wall:F0} ms, generated ÷ user {(allNoDocsCompile.Wall - userNoDocsCompile.Wall) / userNoDocsCompile.Wall:F1}; CPU time {userNoDocsCompile.Cpu:F0} ms, {allNoDocsCompile.Cpu:F0} ms, generated ÷ user {(allNoDocsCompile.Cpu - userNoDocsCompile.Cpu) / userNoDocsCompile.Cpu:F1}");
        report.AppendLine(CultureInfo.InvariantCulture, $"share of the generated code's compile (CPU, documentation checked): the pushforwards {Share(5)}, the gradient wrappers {Share(6)}, the vectorized blocks {Share(2)}, the attributes {Share(7)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"re-differentiated after a line shift: {afterLineShift} of {MethodsPerType}; after an unrelated new member: {afterNewMember} of {MethodsPerType}");
        report.AppendLine(CultureInfo.InvariantCulture, $"analyzer: {analyzer:F0} ms total, {analyzer / Methods:F2} ms/method");
        report.AppendLine(CultureInfo.InvariantCulture, $"analyzer pass, wall clock (compiler and analyzer driver included): {analyzerPass:F0} ms total, {analyzerPass / Methods:F2} ms/method");
        Report(report.ToString());
    }

    /// <summary>Writes the report to the test's output and to the file ADG_GENERATOR_BENCH_REPORT names.</summary>
    private void Report(string report)
    {
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("ADG_GENERATOR_BENCH_REPORT") is { Length: > 0 } file)
        {
            File.WriteAllText(file, report);
        }
    }

    private static double TimeRun(Compilation compilation, out GeneratorDriver driver, out GeneratorDriverTimingInfo timing)
    {
        driver = GeneratorRunner.CreateDriver();
        var watch = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        watch.Stop();
        timing = driver.GetTimingInfo();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Wall-clock and CPU milliseconds of one emit (CPU: the whole process, every thread the compiler uses).</summary>
    private static (double Wall, double Cpu) TimeEmit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = compilation.Emit(stream);
        watch.Stop();
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        return (watch.Elapsed.TotalMilliseconds, used.TotalMilliseconds);
    }

    private static (double Wall, double Cpu) Best((double Wall, double Cpu) a, (double Wall, double Cpu) b)
        => (Math.Min(a.Wall, b.Wall), Math.Min(a.Cpu, b.Cpu));

    /// <summary>How many methods of one type the differentiation step runs again after an edit of its file.</summary>
    private static int ReDifferentiated(Compilation compilation, int type, Func<string, string> edit)
    {
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == $"Type{type}.cs");
        string edited = edit(tree.GetText().ToString());
        Assert.NotEqual(tree.GetText().ToString(), edited);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, GeneratorRunner.Parse(edited, tree.FilePath)));
        return driver.GetRunResult().Results.Single().TrackedSteps[StepNames.Differentiation]
            .SelectMany(s => s.Outputs)
            .Count(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
    }

    private static (double Own, double Pass) AnalyzerTime(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        var watch = Stopwatch.StartNew();
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        watch.Stop();
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzers[0], default).GetAwaiter().GetResult();
        return (telemetry.ExecutionTime.TotalMilliseconds, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>One type of 30 small methods, five shapes in turn, each a little different.</summary>
    private static string Source(int type)
    {
        var s = new StringBuilder();
        s.Append("using System;\nusing AutoDiffGen;\n\npublic static partial class Model").Append(type).Append("\n{\n");
        for (int i = 0; i < MethodsPerType; i++)
        {
            string k = (i + 2).ToString(CultureInfo.InvariantCulture);
            s.Append("    [Differentiable]\n");
            s.Append((i % 5) switch
            {
                0 => $"    public static double Closed{i}(double x, double y) => {k} * x * x * y + Math.Sin(x * y) - Math.Exp(-y / {k});\n\n",
                1 => $"    public static double Rosenbrock{i}(double x, double y)\n    {{\n        double a = 1 - x;\n        double b = y - x * x;\n        return a * a + {k}0 * b * b;\n    }}\n\n",
                2 => $"    public static double Branch{i}(double x, double y)\n    {{\n        if (x > y)\n        {{\n            return Math.Log(1 + x * x) * {k};\n        }}\n\n        return Math.Sqrt(1 + y * y) - x;\n    }}\n\n",
                3 => $"    public static double Dot{i}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)\n    {{\n        double s = 0;\n        for (int j = 0; j < w.Length; j++)\n        {{\n            s += w[j] * x[j] * {k};\n        }}\n\n        return s;\n    }}\n\n",
                _ => $"    public static double Loss{i}(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x)\n    {{\n        double z = b;\n        for (int j = 0; j < w.Length; j++)\n        {{\n            z += w[j] * x[j];\n        }}\n\n        double r = Math.Max(0, z) - {k};\n        return r * r;\n    }}\n\n",
            });
        }

        s.Append("}\n");
        return s.ToString();
    }
}
