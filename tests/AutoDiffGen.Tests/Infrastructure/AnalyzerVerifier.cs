using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AutoDiffGen.Generator;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DifferentiableAnalyzer"/> and <see cref="AutoDiffGenerator"/> over markup source
/// with Microsoft.CodeAnalysis.Testing, and checks the diagnostics of both, as <c>dotnet build</c>
/// and the IDE report them (the analyzer reports what lowering finds, the generator the failures of
/// its later steps): <c>{|ADG0005:try|}</c>, <c>[|...|]</c> or <c>{|#0:...|}</c> mark where a
/// diagnostic must be reported, and any diagnostic not marked (one reported twice, too) fails the
/// test. The generated sources themselves are checked by the snapshot tests, not here.
/// </summary>
/// <remarks>
/// Works offline: the reference assemblies come from Basic.Reference.Assemblies.Net100 (a package
/// reference of this project), never from a NuGet download. <see cref="ReferenceAssemblies"/> with
/// no reference-assembly package and no packages resolves to nothing and downloads nothing.
/// </remarks>
internal static class AnalyzerVerifier
{
    /// <summary>Resolves to no assemblies and so never touches a package feed.</summary>
    public static readonly ReferenceAssemblies NoDownloads = new("net10.0");

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<DifferentiableAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            Configure(this);
        }

        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(AutoDiffGenerator) };

        protected override ParseOptions CreateParseOptions() => WithLatestLanguage(base.CreateParseOptions());

        protected override CompilationOptions CreateCompilationOptions() => WithNullable(base.CreateCompilationOptions());
    }

    /// <summary>What every analyzer and code-fix test shares: offline references, the runtime's and the BCL's, and no check of the generated sources.</summary>
    public static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = NoDownloads;
        test.TestState.AdditionalReferences.AddRange(GeneratorRunner.References);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    public static ParseOptions WithLatestLanguage(ParseOptions options) => ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Latest);

    public static CompilationOptions WithNullable(CompilationOptions options)
        => ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);
}
