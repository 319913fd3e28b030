using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AutoDiffGen.Generator;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Tests.Infrastructure;

/// <summary>
/// Runs a code fix of generator/AutoDiffGen.CodeFixes on the diagnostics of
/// <see cref="DifferentiableAnalyzer"/> (with the generator running, as in the IDE) with
/// Microsoft.CodeAnalysis.Testing: the markup marks every diagnostic of the source before the fix,
/// the fixed source must have none (unless given), and Fix All must give the same result. A fixed
/// source equal to the source asserts that no fix is offered. Configured as
/// <see cref="AnalyzerVerifier"/> (offline reference assemblies, latest C#, nullable enabled).
/// </summary>
internal static class CodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<DifferentiableAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            AnalyzerVerifier.Configure(this);
        }

        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(AutoDiffGenerator) };

        protected override ParseOptions CreateParseOptions() => AnalyzerVerifier.WithLatestLanguage(base.CreateParseOptions());

        protected override CompilationOptions CreateCompilationOptions() => AnalyzerVerifier.WithNullable(base.CreateCompilationOptions());
    }
}
