using System;
using System.IO;
using System.Linq;
using AutoDiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.FuzzTests.Infrastructure;

/// <summary>
/// A library of [Differentiable] methods compiled once, with the generator, into an assembly of its
/// own that every batch references as metadata: fuzzed methods call into it across the assembly
/// boundary (production call.cross-assembly), so their generator finds its members by
/// [DerivativeMember], as in a consumer of a package. Double and float overloads of each method
/// (told apart by their documentation IDs), a span parameter, a recursion, a callee that reorders its
/// sums, and an opaque function whose derivatives the library declares with [DerivativeOf]
/// (production call.library-derivative).
/// </summary>
internal static class FuzzLibrary
{
    public const string AssemblyName = "FuzzLib";

    public const string Source = """
        using System;
        using AutoDiffGen;

        namespace FuzzLib
        {
            public static partial class Lib
            {
                [Differentiable]
                public static double Mix(double a, double b) => a * Math.Sin(b) + b * b * 0.5;

                [Differentiable]
                public static float Mix(float a, float b) => a * MathF.Sin(b) + b * b * 0.5f;

                [Differentiable]
                public static double Rec(double a, [NoDerivative] int k) => k <= 0 ? Math.Tanh(a) : Rec(a * 0.5, k - 1) * 0.75 + a;

                [Differentiable]
                public static float Rec(float a, [NoDerivative] int k) => k <= 0 ? MathF.Tanh(a) : Rec(a * 0.5f, k - 1) * 0.75f + a;

                [Differentiable(ReorderSums = true)]
                public static double Energy(ReadOnlySpan<double> v, double a)
                {
                    double s = a;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * v[i] * 0.5 + a * v[i];
                    }

                    return s;
                }

                [Differentiable(ReorderSums = true)]
                public static float Energy(ReadOnlySpan<float> v, float a)
                {
                    float s = a;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * v[i] * 0.5f + a * v[i];
                    }

                    return s;
                }
            }

            /// <summary>Opaque functions (not [Differentiable]) whose derivatives the library declares (public [DerivativeOf]): consumers compose through them.</summary>
            public static class Opaque
            {
                public static double Soft(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

                public static float Soft(float x) => x > 0 ? x + MathF.Log(1 + MathF.Exp(-x)) : MathF.Log(1 + MathF.Exp(x));

                public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
            }

            public static class OpaqueDerivatives
            {
                [DerivativeOf(typeof(Opaque), nameof(Opaque.Soft))]
                public static void SoftPushforward(double x, double xTangent, out double resultTangent) => resultTangent = Opaque.Logistic(x) * xTangent;

                [DerivativeOf(typeof(Opaque), nameof(Opaque.Soft))]
                public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint * Opaque.Logistic(x);

                [DerivativeOf(typeof(Opaque), nameof(Opaque.Soft))]
                public static void SoftPushforward(float x, float xTangent, out float resultTangent) => resultTangent = (float)Opaque.Logistic(x) * xTangent;

                [DerivativeOf(typeof(Opaque), nameof(Opaque.Soft))]
                public static void SoftPullback(float x, float resultAdjoint, ref float xAdjoint) => xAdjoint += resultAdjoint * (float)Opaque.Logistic(x);
            }
        }
        """;

    private static readonly Lazy<byte[]> image = new(Compile);

    /// <summary>The library's assembly, for a load context to resolve.</summary>
    public static byte[] Image => image.Value;

    public static MetadataReference Reference => MetadataReference.CreateFromImage(Image);

    private static byte[] Compile()
    {
        var input = CSharpCompilation.Create(AssemblyName, new[] { CSharpSyntaxTree.ParseText(Source, BatchCompiler.ParseOptions, "FuzzLib.cs") }, BatchCompiler.BaseReferences, BatchCompiler.Options);
        CSharpGeneratorDriver.Create(new[] { new AutoDiffGenerator().AsSourceGenerator() }, parseOptions: BatchCompiler.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        if (!emitted.Success || diagnostics.Any() || output.GetDiagnostics().Any(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            throw new InvalidOperationException("the fuzzer's library does not compile cleanly: " + string.Join("\n", diagnostics.Concat(emitted.Diagnostics).Concat(output.GetDiagnostics()).Take(10)));
        }

        return stream.ToArray();
    }
}
