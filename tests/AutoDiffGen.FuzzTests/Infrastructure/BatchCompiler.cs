using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.Generator;
using AutoDiffGen.Generator.Diagnostics;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.FuzzTests.Infrastructure;

/// <summary>What compiling one program of a batch gave.</summary>
internal sealed class CompiledProgram
{
    public required FuzzProgram Program { get; init; }

    /// <summary>Null when the program could not be run; then <see cref="Failures"/> or <see cref="Rejected"/> says why.</summary>
    public Harness.Member? Value { get; set; }

    public Harness.Member? Gradient { get; set; }

    /// <summary>F's reference for finite differences, when F stops gradients (see <see cref="FuzzProgram.StopsGradients"/>).</summary>
    public Harness.Member? Reference { get; set; }

    public Harness.Member? Pushforward { get; set; }

    public Harness.Member? Pullback { get; set; }

    /// <summary>F of the program in double (see <see cref="FuzzProgram.DoubleTwin"/>), when it has one and it compiles.</summary>
    public Harness.Member? DoubleValue { get; set; }

    /// <summary>The vector twin's members (see <see cref="FuzzProgram.VectorTwin"/>), when it has one: value, Jacobian, pushforward, pullback.</summary>
    public Harness.Member[]? Twin { get; set; }

    /// <summary>The element-wise map's members (see <see cref="FuzzProgram.Map"/>), when it has one: Jacobian, pushforward, pullback.</summary>
    public Harness.Member[]? Map { get; set; }

    /// <summary>Why the program was not a valid test (a grammar bug, or a construct that may be reported).</summary>
    public string? Rejected { get; set; }

    public List<Failure> Failures { get; } = new();

    public string GeneratedText { get; set; } = "";
}

/// <summary>One failed check.</summary>
internal sealed record Failure(string Check, string Member, string Message)
{
    public override string ToString() => $"[{Check}] {Member}: {Message}";
}

/// <summary>
/// Compiles many programs in one Roslyn compilation with the generator (as
/// tests/AutoDiffGen.Tests/Infrastructure/GeneratorRunner does, in memory, against the .NET 10
/// reference assemblies), isolates per program what went wrong, adds a harness per program and
/// loads the result into a collectible load context.
/// </summary>
internal static class BatchCompiler
{
    /// <summary>.NET 10's reference assemblies and the runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> BaseReferences =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    private static readonly Lazy<ImmutableArray<MetadataReference>> references = new(() => BaseReferences.Add(FuzzLibrary.Reference));

    /// <summary>What every batch compiles against: <see cref="BaseReferences"/> and the <see cref="FuzzLibrary"/>.</summary>
    public static ImmutableArray<MetadataReference> References => references.Value;

    // The symbols the SDK defines for a net10.0 project (the reference assemblies are .NET 10's), so
    // that generated code under #if NET8_0_OR_GREATER (vectorized loops) is compiled and run too.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose,
        preprocessorSymbols: new[] { "NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER" });

    public static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release)
        .WithWarningLevel(9999)
        // CS1701/CS1702 (a reference to an older framework assembly unified with the newer one: the
        // runtime's net8.0 build against .NET 10's reference assemblies) are off by default in SDK builds.
        .WithSpecificDiagnosticOptions(new[]
        {
            new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
        });

    private static readonly Regex ClassName = new(@"partial class (P\d+)\b", RegexOptions.Compiled);

    /// <summary>Keeps load contexts alive until the batch is checked; unloaded by the caller.</summary>
    public sealed class Batch : IDisposable
    {
        public required List<CompiledProgram> Programs { get; init; }

        public AssemblyLoadContext? Context { get; set; }

        public Action? Reset { get; set; }

        public Func<string>? TakeLog { get; set; }

        /// <summary>FuzzFrozen.Mode: 0 pass through, 1 record, 2 replay.</summary>
        public Action<int>? Freeze { get; set; }

        public void Dispose() => Context?.Unload();
    }

    public static Batch Compile(IReadOnlyList<FuzzProgram> programs)
    {
        var compiled = programs.Select(p => new CompiledProgram { Program = p }).ToList();
        var byClass = compiled.ToDictionary(c => c.Program.ClassName);
        var support = CSharpSyntaxTree.ParseText(Harness.SupportSource, ParseOptions, "Support.cs");
        var trees = new List<SyntaxTree> { support };
        var treeOf = new Dictionary<SyntaxTree, CompiledProgram>();
        foreach (var c in compiled)
        {
            var tree = CSharpSyntaxTree.ParseText(c.Program.RenderFile(), ParseOptions, c.Program.ClassName + ".cs");
            trees.Add(tree);
            treeOf[tree] = c;
        }

        var input = CSharpCompilation.Create("FuzzBatch" + Guid.NewGuid().ToString("N"), trees, References, Options);

        // A diagnostic's input tree: its own, or for the generator's (located by file path) the tree of that path.
        var treeByPath = trees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First());
        SyntaxTree? TreeOf(Diagnostic d) => d.Location.SourceTree ?? (treeByPath.TryGetValue(d.Location.GetLineSpan().Path, out var t) ? t : null);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new AutoDiffGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        var generatorException = run.Results.Single().Exception;
        if (generatorException is not null || generatorDiagnostics.Any(d => d.Id is "CS8785" or "CS8784" or "AD0001"))
        {
            string message = generatorException?.ToString() ?? string.Join("; ", generatorDiagnostics);
            if (programs.Count == 1)
            {
                compiled[0].Failures.Add(new Failure("crash", "generator", Cut(message, 2000)));
                return new Batch { Programs = compiled };
            }

            // One program took the whole output down: compile each alone to find it (rare), then
            // the batch without the programs that crash the generator.
            var crashing = new List<CompiledProgram>();
            var fine = new List<FuzzProgram>();
            foreach (var p in programs)
            {
                using var single = Compile(new[] { p });
                if (single.Programs[0].Failures.Any(f => f.Check == "crash"))
                {
                    crashing.Add(single.Programs[0]);
                }
                else
                {
                    fine.Add(p);
                }
            }

            var rest = Compile(fine);
            rest.Programs.AddRange(crashing);
            return rest;
        }

        // Map generated files to their program.
        var generatedOf = new Dictionary<SyntaxTree, CompiledProgram>();
        foreach (var tree in output.SyntaxTrees.Except(trees))
        {
            var m = ClassName.Match(tree.ToString());
            if (m.Success && byClass.TryGetValue(m.Groups[1].Value, out var owner))
            {
                generatedOf[tree] = owner;
                owner.GeneratedText += tree.ToString();
            }
        }

        foreach (var d in output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            var tree = d.Location.SourceTree;
            if (tree is null)
            {
                continue;
            }

            if (treeOf.TryGetValue(tree, out var c))
            {
                if (d.Severity == DiagnosticSeverity.Error)
                {
                    c.Rejected ??= "grammar: the program itself does not compile: " + d;
                }
            }
            else if (generatedOf.TryGetValue(tree, out var g) && g.Failures.Count < 2)
            {
                g.Failures.Add(new Failure("compile", "generated code", d.ToString()));
            }
        }

        // Programs without generated members: which diagnostic said why?
        var missing = compiled.Where(c => c.Rejected is null && c.Failures.All(IsWarning) && !HasMembers(output, c.Program)).ToList();
        if (missing.Count > 0)
        {
            // The analyzer reports what lowering finds; the generator what differentiation and
            // emission find, at a location that names the file by its path.
            var reported = input
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
                .Concat(generatorDiagnostics)
                .ToList();
            foreach (var c in missing)
            {
                var errors = reported
                    .Where(d => d.Severity == DiagnosticSeverity.Error && TreeOf(d) is { } t && treeOf.TryGetValue(t, out var o) && o == c)
                    .ToList();
                if (errors.Count == 0)
                {
                    c.Failures.Add(new Failure("silent-skip", "generator", "no generated members and no ADG error"));
                    continue;
                }

                // ADG0010 "too large" is the documented size limit (README): switch sections with
                // returns, nested deeply, lower to exponentially many statements; a rejection, not a bug.
                bool expected = errors.All(d => LineOf(d, TreeOf(d)).Contains("/*may-diagnose*/", StringComparison.Ordinal)
                    || (d.Id == "ADG0010" && (d.GetMessage().Contains("lowers to more than", StringComparison.Ordinal) || d.GetMessage().Contains("differentiates to more than", StringComparison.Ordinal))));
                if (expected)
                {
                    c.Rejected = "reported as expected: " + errors[0].Id;
                }
                else
                {
                    var d = errors.First(d => !LineOf(d, TreeOf(d)).Contains("/*may-diagnose*/", StringComparison.Ordinal));
                    c.Failures.Add(new Failure("false-diagnostic", d.Id, $"{d.GetMessage()} at `{LineOf(d, TreeOf(d)).Trim()}`"));
                }
            }
        }

        // Phase 2: drop what cannot run, add harnesses, emit, load.
        var droppedTwins = new HashSet<CompiledProgram>();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            // Warnings in generated code are failures, but the program still runs (its other checks count too).
            var runnable = compiled.Where(c => c.Rejected is null && c.Failures.All(IsWarning)).ToList();
            var remove = treeOf.Where(kv => !runnable.Contains(kv.Value)).Select(kv => kv.Key)
                .Concat(generatedOf.Where(kv => !runnable.Contains(kv.Value)).Select(kv => kv.Key))
                .Where(t => output.SyntaxTrees.Contains(t))
                .ToList();
            var harnessTrees = runnable.ToDictionary(
                c => CSharpSyntaxTree.ParseText(Harness.Emit(c.Program), ParseOptions, "H_" + c.Program.ClassName + ".cs"),
                c => c);
            // Double twins, each in a file of its own (not seen by the generator: the attributes
            // are inert there), dropped when one does not compile.
            var twinTrees = runnable.Where(c => !droppedTwins.Contains(c))
                .Select(c => (Program: c, Text: Harness.EmitDoubleTwin(c.Program)))
                .Where(t => t.Text is not null)
                .ToDictionary(t => CSharpSyntaxTree.ParseText(t.Text!, ParseOptions, "D_" + t.Program.Program.ClassName + ".cs"), t => t.Program);
            var final = output.RemoveSyntaxTrees(remove).AddSyntaxTrees(harnessTrees.Keys).AddSyntaxTrees(twinTrees.Keys);
            using var stream = new MemoryStream();
            var emit = final.Emit(stream);
            if (!emit.Success)
            {
                bool blamed = false;
                foreach (var d in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    var tree = d.Location.SourceTree;
                    if (tree is not null && twinTrees.TryGetValue(tree, out var dt))
                    {
                        droppedTwins.Add(dt);
                        blamed = true;
                    }
                    else if (tree is not null && harnessTrees.TryGetValue(tree, out var h))
                    {
                        h.Failures.Add(new Failure("signature", "generated members", "the documented call shapes do not compile: " + d));
                        blamed = true;
                    }
                    else if (tree is not null && generatedOf.TryGetValue(tree, out var g))
                    {
                        g.Failures.Add(new Failure("compile", "generated code", d.ToString()));
                        blamed = true;
                    }
                    else if (tree is not null && treeOf.TryGetValue(tree, out var p))
                    {
                        p.Rejected ??= "grammar: " + d;
                        blamed = true;
                    }
                }

                if (!blamed)
                {
                    throw new InvalidOperationException("batch does not compile: " + string.Join("\n", emit.Diagnostics.Take(10)));
                }

                continue;
            }

            stream.Position = 0;
            var context = new AssemblyLoadContext("Fuzz" + Guid.NewGuid().ToString("N"), isCollectible: true);
            context.Resolving += static (loader, name) => name.Name == FuzzLibrary.AssemblyName ? loader.LoadFromStream(new MemoryStream(FuzzLibrary.Image)) : null;
            var assembly = context.LoadFromStream(stream);
            var log = assembly.GetType("FuzzLog")!;
            var batch = new Batch
            {
                Programs = compiled,
                Context = context,
                Reset = log.GetMethod("Reset")!.CreateDelegate<Action>(),
                TakeLog = log.GetMethod("Take")!.CreateDelegate<Func<string>>(),
                Freeze = assembly.GetType("FuzzFrozen")!.GetMethod("Mode")!.CreateDelegate<Action<int>>(),
            };
            foreach (var c in runnable)
            {
                var h = assembly.GetType(Harness.HarnessClassName(c.Program))!;
                c.Value = h.GetMethod("Value")!.CreateDelegate<Harness.Member>();
                c.Gradient = h.GetMethod("Gradient")!.CreateDelegate<Harness.Member>();
                c.Reference = h.GetMethod("Reference")?.CreateDelegate<Harness.Member>();
                c.Pushforward = h.GetMethod("Pushforward")?.CreateDelegate<Harness.Member>();
                c.Pullback = h.GetMethod("Pullback")?.CreateDelegate<Harness.Member>();
                c.DoubleValue = assembly.GetType(Harness.DoubleHarnessClassName(c.Program))?.GetMethod("Value")!.CreateDelegate<Harness.Member>();
                if (c.Program.VectorTwin)
                {
                    c.Twin = new[] { "TValue", "TJacobian", "TPushforward", "TPullback" }.Select(name => h.GetMethod(name)!.CreateDelegate<Harness.Member>()).ToArray();
                }

                if (c.Program.Map is not null)
                {
                    c.Map = new[] { "EJacobian", "EPushforward", "EPullback" }.Select(name => h.GetMethod(name)!.CreateDelegate<Harness.Member>()).ToArray();
                }
            }

            return batch;
        }

        throw new InvalidOperationException("could not isolate the programs that break the batch");
    }

    private static bool IsWarning(Failure f) => f.Check == "compile" && f.Message.Contains(": warning ", StringComparison.Ordinal);

    private static bool HasMembers(Compilation output, FuzzProgram program)
    {
        var type = output.GetTypeByMetadataName(program.ClassName);
        var expected = (program.GradientOnly ? new[] { "FGradient" } : new[] { "FGradient", "FPushforward", "FPullback" })
            .Concat(program.VectorTwin ? new[] { "FTJacobian", "FTPushforward", "FTPullback" } : Array.Empty<string>())
            .Concat(program.Map is not null ? new[] { "FEJacobian", "FEPushforward", "FEPullback" } : Array.Empty<string>());
        return type is not null && expected.All(n => type.GetMembers(n).Length > 0);
    }

    private static string LineOf(Diagnostic d, SyntaxTree? tree)
    {
        if (tree is null)
        {
            return "";
        }

        var text = tree.GetText();
        var line = text.Lines.GetLineFromPosition(d.Location.SourceSpan.Start);
        return line.ToString();
    }

    public static string Cut(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "…";
}
