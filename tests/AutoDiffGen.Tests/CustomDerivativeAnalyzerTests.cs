using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Xunit;
using static AutoDiffGen.Tests.Infrastructure.AnalyzerVerifier;

namespace AutoDiffGen.Tests;

/// <summary>
/// <c>[DerivativeOf]</c> declarations (ADG0014 a target that is not there, ADG0015 a signature that is
/// neither the pushforward nor the pullback, ADG0016 two of one kind, ADG0017 unused) and calls that
/// cannot compose through them (ADG0006), each at its exact syntax.
/// </summary>
public sealed class CustomDerivativeAnalyzerTests
{
    /// <summary>An opaque function <c>Lib.Soft</c> and the given members of <c>Model</c>.</summary>
    private static string WithLibrary(string members) => $$"""
        using System;
        using AutoDiffGen;

        public static class Lib
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));
            public static double Soft(double x, double scale) => scale * Soft(x / scale);
        }

        public static partial class Model
        {
        {{members}}
        }
        """;

    [Fact]
    public Task Negative_BothKindsUsedInBothModes() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPushforward(double x, double xTangent, out double resultTangent) => resultTangent = xTangent / (1 + Math.Exp(-x));

            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static double SoftPullback(double x, double resultAdjoint, ref double xAdjoint)
            {
                xAdjoint += resultAdjoint / (1 + Math.Exp(-x));
                return Lib.Soft(x);
            }

            // The other overload, by its parameters; scale is data.
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void ScaledSoftPullback(double x, [NoDerivative] double scale, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint / (1 + Math.Exp(-x / scale));

            [Differentiable]
            public static double F(double x, double y) => Lib.Soft(x * y) + {|#0:Math.Round(y)|};

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double G(double x) => Lib.Soft(x, 2.0);
        """),
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(0).WithArguments("Math.Round"));

    [Fact]
    public Task ADG0014_NoMethodOfThatName_AtTheName() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), {|#0:"Sfot"|})]
            public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeTarget).WithLocation(0).WithArguments("SoftPullback", "'Lib' has no method named 'Sfot'"));

    [Fact]
    public Task ADG0014_NoOverloadBeginsTheParameters_AtTheName() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), {|#0:nameof(Lib.Soft)|})]
            public static void SoftPullback(float x, float resultAdjoint, ref float xAdjoint) => xAdjoint += resultAdjoint;
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeTarget).WithLocation(0).WithArguments("SoftPullback",
            "none of the 2 overloads of 'Lib.Soft' has parameters that begin the parameters of 'SoftPullback' (a derivative takes the target's parameters first, then the tangents or the seed and adjoints)"));

    [Fact]
    public Task ADG0015_WrongSeedType_AtTheParameter() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, {|#0:float resultAdjoint|}, ref double xAdjoint) => xAdjoint += resultAdjoint;
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "its parameter 2 is the result's adjoint (the seed) and must be 'double'; expected the pushforward 'static void SoftPushforward(double x, double xTangent, out double resultTangent)' or the pullback 'static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint)'"));

    [Fact]
    public Task ADG0015_AdjointNotByReference_AtTheParameter() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, double scale, double resultAdjoint, ref double xAdjoint, {|#0:double scaleAdjoint|}) { }
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "its parameter 5 is the adjoint of 'scale' and must be 'ref double'; expected the pushforward 'static void SoftPushforward(double x, double scale, double xTangent, double scaleTangent, out double resultTangent)' or the pullback 'static void SoftPullback(double x, double scale, double resultAdjoint, ref double xAdjoint, ref double scaleAdjoint)'"));

    /// <summary>
    /// A pushforward of a two-parameter target whose result tangent is written ref (found by the
    /// new-user trial: it was read as a pullback, and its second tangent reported as a misplaced adjoint).
    /// </summary>
    [Fact]
    public Task ADG0015_PushforwardWithARefResultTangent_AtThatParameter() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPushforward(double x, double scale, double xTangent, double scaleTangent, {|#0:ref double resultTangent|}) { }
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPushforward", "Lib.Soft",
            "its parameter 5 is the result's tangent and must be 'out double'; expected the pushforward 'static void SoftPushforward(double x, double scale, double xTangent, double scaleTangent, out double resultTangent)' or the pullback 'static void SoftPullback(double x, double scale, double resultAdjoint, ref double xAdjoint, ref double scaleAdjoint)'"));

    /// <summary>A target of the wrong kind (an instance method) is reported at the argument that names it, as a missing one is.</summary>
    [Fact]
    public Task ADG0014_InstanceTarget_AtTheName() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public sealed class Scaler
        {
            public double Scale(double x) => 2 * x;
        }

        public static partial class Model
        {
            [DerivativeOf(typeof(Scaler), {|#0:nameof(Scaler.Scale)|})]
            public static void ScalePullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += 2 * resultAdjoint;
        }
        """,
        Diagnostic(DiagnosticDescriptors.CustomDerivativeTarget).WithLocation(0).WithArguments("ScalePullback",
            "'Scaler.Scale' is an instance method; custom derivatives are for static methods (call an instance method from a [Differentiable] method of its own type instead)"));

    [Fact]
    public Task ADG0015_WrongParameterCount_AtTheParameterList() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback{|#0:(double x, ref double xAdjoint)|} { }
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "it takes 2 parameters, and 3 are expected: the pushforward 'static void SoftPushforward(double x, double xTangent, out double resultTangent)' or the pullback 'static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint)'"));

    [Fact]
    public Task ADG0015_WrongReturnType_AtTheReturnType() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static {|#0:float|} SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => 0f;
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "it must return void or double (the value, which is ignored: the value always comes from 'Lib.Soft')"));

    [Fact]
    public Task ADG0015_NotStatic_AtTheName() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static class Lib
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));
        }

        public partial class Model
        {
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public void {|#0:SoftPullback|}(double x, double resultAdjoint, ref double xAdjoint) { }
        }
        """,
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft", "a custom derivative must be a static, non-generic method"));

    [Fact]
    public Task ADG0015_InAGenericType_AtTheName() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static class Lib
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));
        }

        public static class Derivatives<T>
        {
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void {|#0:SoftPullback|}(double x, double resultAdjoint, ref double xAdjoint) { }
        }
        """,
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "a custom derivative must be declared in a type that is neither generic nor file-local (nor nested in one)"));

    [Fact]
    public Task ADG0014_TargetInAGenericType_AtTheType() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static class Lib<T>
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));
        }

        public static class Derivatives
        {
            [DerivativeOf({|#0:typeof(Lib<double>)|}, nameof(Lib<double>.Soft))]
            public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) { }
        }
        """,
        Diagnostic(DiagnosticDescriptors.CustomDerivativeTarget).WithLocation(0).WithArguments("SoftPullback",
            "'Lib' is generic or file-local (or nested in such a type); custom derivatives are for static methods of other types"));

    [Fact]
    public Task ADG0016_TwoPullbacks_AtBothAttributes_AndTheCallIsReported() => VerifyAsync(WithLibrary("""
            [{|#0:DerivativeOf(typeof(Lib), nameof(Lib.Soft))|}]
            public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [{|#1:DerivativeOf(typeof(Lib), nameof(Lib.Soft))|}]
            public static void OtherSoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x) => {|#2:Lib.Soft(x)|};
        """),
        Diagnostic(DiagnosticDescriptors.DuplicateCustomDerivative).WithLocation(0).WithArguments("SoftPullback", "Model.OtherSoftPullback", "pullback", "Lib.Soft"),
        Diagnostic(DiagnosticDescriptors.DuplicateCustomDerivative).WithLocation(1).WithArguments("OtherSoftPullback", "Model.SoftPullback", "pullback", "Lib.Soft"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(2).WithArguments("Lib.Soft", "it has two custom pullbacks, 'Model.SoftPullback' and 'Model.OtherSoftPullback'; keep one"));

    /// <summary>
    /// An internal derivative nothing calls the target of serves nothing; a public one serves the
    /// projects that reference this one (they import it), so it is not reported.
    /// </summary>
    [Fact]
    public Task ADG0017_NothingCallsTheTarget_AtTheName() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            internal static void {|#0:SoftPullback|}(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void ScaledSoftPullback(double x, [NoDerivative] double scale, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint / (1 + Math.Exp(-x / scale));

            // Called, but not from a [Differentiable] method.
            public static double Plain(double x) => Lib.Soft(x);
        """),
        Diagnostic(DiagnosticDescriptors.UnusedCustomDerivative).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft"));

    /// <summary>
    /// A vector-valued method's Jacobian comes with its pushforward, so the advice for a pullback-only
    /// custom derivative is to generate the pullback alone (found by the new-user trial: the message
    /// suggested Gradient | Pullback, which the method already had).
    /// </summary>
    [Fact]
    public Task ADG0006_PullbackOnly_InAVectorMethod_AdvisesThePullbackAlone() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [Differentiable(Generate = DerivativeMembers.Gradient | DerivativeMembers.Pullback)]
            public static (double, double) W(double x, double y) => ({|#0:Lib.Soft(x)|} * y, y);

            // What the message advises: no diagnostic.
            [Differentiable(Generate = DerivativeMembers.Pullback)]
            public static (double, double) V(double x, double y) => (Lib.Soft(x) * y, y);
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Lib.Soft",
            "only its custom pullback 'Model.SoftPullback' is supplied, and 'WPushforward' needs a pushforward; add a [DerivativeOf] pushforward of 'Lib.Soft', or generate only the members it serves ([Differentiable(Generate = DerivativeMembers.Pullback)])"));

    /// <summary>
    /// A pushforward and a pullback that differentiate different parameters cannot share a call
    /// shape (found in review: the call had the pushforward's adjoints and did not compile).
    /// </summary>
    [Fact]
    public Task ADG0006_KindsDifferentiateDifferentParameters() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPushforward(double x, double scale, double xTangent, double scaleTangent, out double resultTangent) => resultTangent = xTangent + scaleTangent;

            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, [NoDerivative] double scale, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [Differentiable]
            public static double F(double a, [NoDerivative] double b) => {|#0:Lib.Soft(a, b)|} * a;
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Lib.Soft",
            "its custom pushforward 'Model.SoftPushforward' and pullback 'Model.SoftPullback' differentiate different parameters; mark the same parameters [NoDerivative] in both"));

    [Fact]
    public Task ADG0006_PullbackOnly_ButThePushforwardIsGenerated() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [Differentiable]
            public static double F(double x) => 2 * {|#0:Lib.Soft(x)|};

            // Only reverse-mode members: the pullback serves them.
            [Differentiable(Generate = DerivativeMembers.Gradient | DerivativeMembers.Pullback)]
            public static double G(double x) => 2 * Lib.Soft(x);
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Lib.Soft",
            "only its custom pullback 'Model.SoftPullback' is supplied, and 'FPushforward' needs a pushforward; add a [DerivativeOf] pushforward of 'Lib.Soft', or generate only the members it serves ([Differentiable(Generate = DerivativeMembers.Gradient | DerivativeMembers.Pullback)])"));

    [Fact]
    public Task ADG0006_ActiveArgumentForANoDerivativeParameter_AtTheArgument() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static void SoftPullback(double x, [NoDerivative] double scale, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x, double y) => Lib.Soft(x, {|#0:y|});
        """),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Lib.Soft",
            "its custom derivative marks 'scale' [NoDerivative], so no derivative flows through this argument; pass an inactive value (Ad.StopGradient to treat it as a constant), or inline the computation"));

    [Fact]
    public Task IntegerArgumentMadeFromAnActiveValue_IsData() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static class Lib
        {
            public static double Power(double x, int k) => Math.Pow(x, k);
        }

        public static partial class Model
        {
            [DerivativeOf(typeof(Lib), nameof(Lib.Power))]
            public static void PowerPullback(double x, int k, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint * k * Math.Pow(x, k - 1);

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x) => Lib.Power(x, {|#0:(int)x|});
        }
        """,
        Diagnostic(DiagnosticDescriptors.ZeroDerivative).WithLocation(0).WithArguments("The cast to int"));

    [Fact]
    public Task ADG0006_CallToATargetWhoseDerivativeHasErrors() => VerifyAsync(WithLibrary("""
            [DerivativeOf(typeof(Lib), nameof(Lib.Soft))]
            public static {|#0:int|} SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => 0;

            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x) => {|#1:Lib.Soft(x)|};
        """),
        Diagnostic(DiagnosticDescriptors.CustomDerivativeSignature).WithLocation(0).WithArguments("SoftPullback", "Lib.Soft",
            "it must return void or double (the value, which is ignored: the value always comes from 'Lib.Soft')"),
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(1).WithArguments("Lib.Soft", "its custom derivative 'Model.SoftPullback' has errors; fix those reported on it"));

    [Fact]
    public Task ADG0006_NotAccessibleFromTheCaller() => VerifyAsync("""
        using System;
        using AutoDiffGen;

        public static class Lib
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(typeof(Lib), nameof(Soft))]
            private static void SoftPullback(double x, double resultAdjoint, ref double xAdjoint) => xAdjoint += resultAdjoint;
        }

        public static partial class Model
        {
            [Differentiable(Generate = DerivativeMembers.Gradient)]
            public static double F(double x) => {|#0:Lib.Soft(x)|};
        }
        """,
        Diagnostic(DiagnosticDescriptors.NoKnownDerivative).WithLocation(0).WithArguments("Lib.Soft", "its custom derivative 'Lib.SoftPullback' is not accessible from 'Model'; make it internal or public"));

    [Fact]
    public Task StopGradient_MakesAnArgumentOfAnOpaqueCallConstant() => VerifyAsync(WithLibrary("""
            public static double Opaque(double v) => v * v;

            [Differentiable]
            public static double F(double x) => x * Opaque(Ad.StopGradient(x)) + Ad.Relu(x);
        """));
}
