using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AutoDiffGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Compares the compile cost of folders of C# (each the generator benchmark's user files
/// <c>Type*.cs</c> with generated files beside them, as <c>ADG_GENERATOR_BENCH_DUMP</c> writes them,
/// possibly edited), compiled in turn in this process: wall clock, CPU time and the managed memory
/// the compiler allocates, best of several rounds, each as a multiple of the user's files alone
/// (the first folder's). The allocated memory barely moves with the machine's load, so it compares
/// variants on a busy machine where the times cannot. Opt-in, as timings never belong in a test:
/// <c>ADG_COMPILE_COMPARE=/tmp/a,/tmp/b [ADG_COMPILE_COMPARE_ROUNDS=15] [ADG_COMPILE_COMPARE_REPORT=/tmp/report.txt]
/// dotnet test tests/AutoDiffGen.Tests -c Release --filter CompileComparison</c>.
/// </summary>
public sealed class CompileComparison
{
    [Fact]
    public void Compare()
    {
        string? folders = Environment.GetEnvironmentVariable("ADG_COMPILE_COMPARE");
        if (string.IsNullOrEmpty(folders))
        {
            return;
        }

        var names = folders.Split(',');
        CSharpCompilation Compile(string name, string[] files) => CSharpCompilation.Create(
            name,
            files.OrderBy(f => f, StringComparer.Ordinal).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), GeneratorRunner.ParseOptions, f)),
            GeneratorRunner.References,
            GeneratorRunner.CompilationOptions);
        var compilations = names.Select((d, i) => Compile("Variant" + i, Directory.GetFiles(d, "*.cs"))).Prepend(Compile("User", Directory.GetFiles(names[0], "Type*.cs"))).ToList();
        var best = compilations.Select(_ => (Wall: double.MaxValue, Cpu: double.MaxValue, Megabytes: double.MaxValue)).ToArray();
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("ADG_COMPILE_COMPARE_ROUNDS"), out int r) && r > 0 ? r : 15;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < compilations.Count; i++)
            {
                using var stream = new MemoryStream();
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var result = compilations[i].Emit(stream);
                watch.Stop();
                process.Refresh();
                double megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
                Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
                best[i] = (Math.Min(best[i].Wall, watch.Elapsed.TotalMilliseconds), Math.Min(best[i].Cpu, (process.TotalProcessorTime - cpu).TotalMilliseconds), Math.Min(best[i].Megabytes, megabytes));
            }
        }

        var user = best[0];
        var lines = best.Select((b, i) => i == 0
            ? $"user files alone: wall {b.Wall:F0} ms, CPU {b.Cpu:F0} ms, allocated {b.Megabytes:F1} MB"
            : $"{names[i - 1]}: wall {b.Wall:F0} ms, CPU {b.Cpu:F0} ms, allocated {b.Megabytes:F1} MB; the rest ÷ the user's: wall {(b.Wall - user.Wall) / user.Wall:F2}, CPU {(b.Cpu - user.Cpu) / user.Cpu:F2}, allocated {(b.Megabytes - user.Megabytes) / user.Megabytes:F2}");
        File.WriteAllLines(Environment.GetEnvironmentVariable("ADG_COMPILE_COMPARE_REPORT") ?? Path.Combine(Path.GetTempPath(), "adg-compile-compare.txt"), lines);
    }
}
