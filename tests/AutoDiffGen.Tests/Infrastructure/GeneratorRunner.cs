using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Tests.Infrastructure;

/// <summary>What one run of the generator over an in-memory compilation produced.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult RunResult,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> OutputDiagnostics)
{
    /// <summary>The generated files, ordered by hint name.</summary>
    public ImmutableArray<GeneratedSourceResult> GeneratedSources
        => RunResult.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>The one generated file, when exactly one is expected.</summary>
    public string SingleGeneratedText
    {
        get
        {
            var sources = GeneratedSources;
            Assert.True(sources.Length == 1, $"expected exactly one generated file, got {sources.Length}: {string.Join(", ", sources.Select(s => s.HintName))}");
            return sources[0].SourceText.ToString();
        }
    }

    /// <summary>Warnings and errors of the compilation after generation (input plus generated code).</summary>
    public ImmutableArray<Diagnostic> WarningsAndErrors
        => OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>
    /// Warnings and errors of the output that the input alone does not have: what the generated
    /// code added (for inputs that have problems of their own).
    /// </summary>
    public ImmutableArray<Diagnostic> AddedWarningsAndErrors(Compilation input)
    {
        var before = input.GetDiagnostics().Select(d => d.ToString()).ToHashSet();
        return WarningsAndErrors.Where(d => !before.Contains(d.ToString())).ToImmutableArray();
    }

    /// <summary>
    /// Fails unless the generator ran without throwing and without reporting anything, and the
    /// output compiles with no error and no warning.
    /// </summary>
    public GeneratorRun AssertCleanOutput()
    {
        AssertGeneratorDidNotThrow();
        var problems = WarningsAndErrors;
        if (problems.Length > 0)
        {
            var generated = string.Join("\n\n", GeneratedSources.Select(s => "// ---- " + s.HintName + "\n" + s.SourceText));
            string shown = generated.Length > 20_000 ? generated.Substring(0, 20_000) + "\n…(cut)" : generated;
            Assert.Fail(
                "the output compilation has warnings or errors:\n"
                + string.Join("\n", problems.Take(20).Select(d => "  " + d))
                + "\n\ngenerated:\n" + shown);
        }

        return this;
    }

    /// <summary>Fails if the generator threw (CS8785) or reported any diagnostic of its own.</summary>
    public GeneratorRun AssertGeneratorDidNotThrow()
    {
        var result = RunResult.Results.Single();
        Assert.True(result.Exception is null, "the generator threw: " + result.Exception);
        Assert.True(
            RunResult.Diagnostics.IsEmpty,
            "the generator driver reported diagnostics: " + string.Join("; ", RunResult.Diagnostics));
        Assert.DoesNotContain(OutputDiagnostics, d => d.Id is "CS8784" or "CS8785");
        return this;
    }
}

/// <summary>
/// Compiles C# source in memory against the .NET 10 reference assemblies and the AutoDiffGen
/// runtime assembly, and runs <see cref="AutoDiffGenerator"/> over it.
/// </summary>
internal static class GeneratorRunner
{
    /// <summary>.NET 10 reference assemblies plus the runtime assembly (the attributes).</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All
            .Cast<MetadataReference>()
            .Append(RuntimeReference)
            .ToImmutableArray();

    public static MetadataReference RuntimeReference
        => MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location);

    /// <summary>
    /// Latest C#, with documentation comments checked (as in a project that generates an XML
    /// documentation file), so malformed XML in the generated docs is a warning.
    /// </summary>
    // The symbols the SDK defines for a net10.0 project (the reference assemblies are .NET 10's), so
    // that generated code under #if NET8_0_OR_GREATER (vectorized loops) is compiled and run too.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose,
        preprocessorSymbols: new[] { "NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER" });

    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable)
        // Every warning wave: generated code must compile cleanly in the strictest consumer.
        .WithWarningLevel(9999)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Default)
        // The test inputs have no documentation comments of their own (the generated members do).
        // CS1701/CS1702 (a reference to an older framework assembly unified with the newer one: the
        // runtime's net8.0 build against .NET 10's reference assemblies) are off by default in SDK builds.
        .WithSpecificDiagnosticOptions(new[]
        {
            new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
        });

    public static SyntaxTree Parse(string source, string path = "Input.cs")
        => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "AutoDiffGenTestInput",
            sources.Select((s, i) => Parse(s, i == 0 ? "Input.cs" : $"Input{i}.cs")),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new AutoDiffGenerator().AsSourceGenerator() },
            additionalTexts: null,
            parseOptions: ParseOptions,
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over the sources (the first one is "Input.cs").</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(Compilation compilation) => Run(CreateDriver(), compilation);

    /// <summary>Runs (or re-runs, for incrementality) the given driver over a compilation.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var runResult = driver.GetRunResult();
        var diagnostics = output.GetDiagnostics().AddRange(generatorDiagnostics);
        return new GeneratorRun(driver, runResult, output, diagnostics);
    }

    /// <summary>Fails if the input itself (before generation) has errors or warnings.</summary>
    public static void AssertInputCompiles(Compilation compilation, IEnumerable<string>? allowed = null)
    {
        var allowedIds = new HashSet<string>(allowed ?? Array.Empty<string>());
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !allowedIds.Contains(d.Id))
            .ToList();
        Assert.True(problems.Count == 0, "the test input does not compile cleanly:\n" + string.Join("\n", problems));
    }
}
