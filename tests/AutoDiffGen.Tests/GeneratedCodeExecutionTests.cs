using System;
using System.Collections.Generic;
using AutoDiffGen.Tests.Infrastructure;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// Runs the generated code: at points on every branch, each gradient must agree with central finite
/// differences, each pushforward with the gradient, and each pullback must add seed·gradient.
/// </summary>
public sealed class GeneratedCodeExecutionTests
{
    // ------------------------------------------------------------------ the snapshot inputs

    [Fact]
    public void ScalarProduct()
    {
        var f = GeneratedCodeRunner.Compile(SnapshotInputs.ScalarProduct).Get("Functions", "F");
        var (value, gradient) = f.Gradient(new object[] { 2.0, 3.0 });
        Assert.Equal(36.0, value);
        Assert.Equal(new[] { 36.0, 12.0 }, gradient); // [6xy, 3x²] at (2, 3)
        f.Check(new object[] { 2.0, 3.0 });
        f.Check(new object[] { -1.5, 0.7 });
    }

    [Fact]
    public void LocalsAndIfElse()
    {
        var g = GeneratedCodeRunner.Compile(SnapshotInputs.LocalsAndIfElse).Get("Functions", "G");
        g.Check(new object[] { 1.5, 0.5 }); // x > y
        g.Check(new object[] { 0.5, 1.5 }); // x <= y
    }

    [Fact]
    public void EarlyReturnFromNestedBlock()
    {
        var f = GeneratedCodeRunner.Compile(SnapshotInputs.EarlyReturnFromNestedBlock).Get("Functions", "Piecewise");
        f.Check(new object[] { 1.2, 2.0 });  // x > 0, y > 1: early return
        f.Check(new object[] { 1.2, 0.5 });  // x > 0, y <= 1
        f.Check(new object[] { -0.8, 2.0 }); // x <= 0
    }

    [Fact]
    public void SwitchExpressionWithRelationalPatterns()
    {
        var f = GeneratedCodeRunner.Compile(SnapshotInputs.SwitchExpressionWithRelationalPatterns).Get("Functions", "Ramp");
        f.Check(new object[] { -0.5, 2.0 });
        f.Check(new object[] { 0.5, 2.0 });
        f.Check(new object[] { 2.0, 3.0 });
    }

    [Fact]
    public void FloatMethod()
    {
        var h = GeneratedCodeRunner.Compile(SnapshotInputs.FloatMethod).Get("Functions", "H");
        Assert.Equal(typeof(float), h.ReturnType);
        h.Check(new object[] { 0.75f });
        h.Check(new object[] { -2f });
    }

    [Fact]
    public void InstanceMethodInNestedStruct()
    {
        var e = GeneratedCodeRunner.Compile(SnapshotInputs.InstanceMethodInNestedStruct)
            .Get("Physics.Models.Outer+Spring", "Energy", spring => spring.GetType().GetField("Stiffness")!.SetValue(spring, 2.5));
        e.Check(new object[] { 0.3, -1.2 });
        e.Check(new object[] { 2.0, 0.5 });
    }

    [Fact]
    public void IntAndNoDerivativeParameters()
    {
        var f = GeneratedCodeRunner.Compile(SnapshotInputs.IntAndNoDerivativeParameters).Get("Functions", "Scaled");
        Assert.Equal(new[] { 0 }, f.Active);
        f.Check(new object[] { 1.3, 3, 0.7 });
        f.Check(new object[] { -1.5, 2, 2.0 });
        f.Check(new object[] { 2.0, 0, 5.0 });
    }

    // ------------------------------------------------------------------ a wider set of functions

    private const string Zoo = """
        using System;
        using AutoDiffGen;

        public static partial class Zoo
        {
            private const double Half = 0.5;
            private static readonly double Scale = 3;

            [Differentiable]
            public static double Elementary(double x, double y) => Math.Sqrt(x * x + y * y) + Math.Pow(x, y) + Math.Log(y, 2) + Math.Exp(x / y);

            [Differentiable]
            public static double Hyperbolic(double x, double y) => Math.Atan2(y, x) + Math.Tanh(x) * Math.Cosh(y) - Math.Sinh(x);

            [Differentiable]
            public static double Trigonometric(double x, double y)
                => Math.Cbrt(x) + Math.Log10(x) + Math.Log2(y) + Math.Asin(x / 4) + Math.Acos(y / 4) + Math.Atan(x * y) + Math.Tan(x / 3);

            [Differentiable]
            public static double Kinks(double x, double y) => Math.Abs(x - y) + Math.Max(x, y) * Math.Min(x, 2 * y) + Math.Clamp(x, -1, 1);

            [Differentiable]
            public static double CompoundAssignments(double x, double y)
            {
                double r = x;
                r += y;
                r *= x;
                r -= 1;
                r /= y;
                r++;
                return r;
            }

            [Differentiable]
            public static double SwitchStatement(double x, double y, int mode)
            {
                switch (mode)
                {
                    case 0:
                        return x * y;
                    case 1:
                    {
                        double t = x + y;
                        return t * t;
                    }
                }

                return x - y;
            }

            [Differentiable]
            public static double ThrowInBranch(double x, double y)
            {
                if (x < -100)
                {
                    throw new ArgumentOutOfRangeException(nameof(x));
                }

                return x * x * y;
            }

            [Differentiable]
            public static double Tuples(double x, double y)
            {
                var (a, b) = (x * y, x + y);
                return a * b;
            }

            [Differentiable]
            public static float FloatAndDouble(float x) => (float)(Math.Sin(x) * x) + MathF.Exp(x) * MathF.Cos(x);

            [Differentiable]
            public static double FusedMultiplyAdd(double x, double y) => Math.FusedMultiplyAdd(x, y, x * x);

            [Differentiable]
            public static double Quotients(double x, double y) => -x / (y * y) + 1 / x;

            [Differentiable]
            public static double Reassignment(double x, double y)
            {
                double t = x * y;
                t = t * t;
                t = t * t;
                return t + x;
            }

            [Differentiable]
            public static double ConstantExponents(double x, double y) => Math.Pow(x, 3) + Math.Pow(2, y) + Math.Pow(x, -2);

            [Differentiable]
            public static double FieldsAndConstants(double x) => Scale * x * Half;

            [Differentiable]
            public static double NestedConditionals(double x, double y)
                => x > 0 ? (y > 0 ? x * y : x - y) : (y > 0 ? x + y : x * x);

            [Differentiable]
            public static double ShortCircuit(double x, double y) => x > 0 && y > 0 ? x * y : x + y;

            [Differentiable]
            public static double MergedLocals(double x, double y)
            {
                double a = x;
                double b = y;
                if (x > y)
                {
                    a = x * x;
                }
                else
                {
                    b = y * y;
                    a = b + x;
                }

                return a * b;
            }

            [Differentiable]
            public static double GenericMathSpellings(double x, double y) => double.Sin(x) * double.Exp(y);

            [Differentiable]
            public static double ZeroDerivativeFunctions(double x, double y) => x * Math.Floor(y) + Math.Round(x);

            [Differentiable]
            public static double ParameterReassigned(double x, double y)
            {
                x = x * y;
                y = x + y;
                return x * y;
            }
        }
        """;

    private static readonly Lazy<GeneratedCodeRunner> ZooRunner = new(() => GeneratedCodeRunner.Compile(Zoo));

    public static TheoryData<string, double, double> ZooPoints => new()
    {
        { "Elementary", 1.3, 0.7 },
        { "Elementary", 0.4, 2.1 },
        { "Hyperbolic", 0.8, -0.3 },
        { "Hyperbolic", -1.1, 0.6 },
        { "Trigonometric", 1.5, 2.5 },
        { "Kinks", 0.4, 1.3 },
        { "Kinks", 2.5, 0.3 },
        { "Kinks", -3.0, -0.5 },
        { "CompoundAssignments", 1.5, 0.8 },
        { "ThrowInBranch", 1.5, 0.8 },
        { "Tuples", 1.5, -0.8 },
        { "FusedMultiplyAdd", 1.5, -0.8 },
        { "Quotients", 1.5, -0.8 },
        { "Reassignment", 1.1, -0.9 },
        { "ConstantExponents", 1.1, -0.9 },
        { "NestedConditionals", 1.1, 0.9 },
        { "NestedConditionals", 1.1, -0.9 },
        { "NestedConditionals", -1.1, 0.9 },
        { "NestedConditionals", -1.1, -0.9 },
        { "ShortCircuit", 1.1, 0.9 },
        { "ShortCircuit", 1.1, -0.9 },
        { "MergedLocals", 1.1, 0.9 },
        { "MergedLocals", 0.6, 0.9 },
        { "GenericMathSpellings", 0.6, 0.9 },
        { "ZeroDerivativeFunctions", 0.6, 2.4 },
        { "ParameterReassigned", 0.6, 2.4 },
    };

    [Theory]
    [MemberData(nameof(ZooPoints))]
    public void Zoo_TwoParameters(string method, double x, double y)
        => ZooRunner.Value.Get("Zoo", method).Check(new object[] { x, y });

    [Theory]
    [InlineData(0, 1.5, 0.5)]
    [InlineData(1, 1.5, 0.5)]
    [InlineData(7, 1.5, 0.5)]
    public void Zoo_SwitchStatement(int mode, double x, double y)
        => ZooRunner.Value.Get("Zoo", "SwitchStatement").Check(new object[] { x, y, mode });

    [Fact]
    public void Zoo_FieldsAndConstants() => ZooRunner.Value.Get("Zoo", "FieldsAndConstants").Check(new object[] { 1.7 });

    [Fact]
    public void Zoo_FloatAndDouble()
    {
        var f = ZooRunner.Value.Get("Zoo", "FloatAndDouble");
        f.Check(new object[] { 0.8f });
        f.Check(new object[] { -1.3f });
    }

    /// <summary>
    /// A derivative span of the wrong length: ArgumentException naming it, with the lengths (the message
    /// is built out of line, by AutoDiffGen.ArgumentChecks in the runtime library).
    /// </summary>
    [Fact]
    public void WrongDerivativeLength_ThrowsArgumentExceptionNamingIt()
    {
        var runner = GeneratedCodeRunner.Compile("""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double Sum(double[] w)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        s += w[i] * w[i];
                    }

                    return s;
                }

                public static double Gradient(double[] w, double[] dw) => SumGradient(w, dw);

                public static double Pullback(double[] w, double[] dw) => SumPullback(w, 1.0, dw);
            }
            """);
        foreach (var (member, name) in new[] { ("Gradient", "dw"), ("Pullback", "wAdjoint") })
        {
            var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => runner.Invoke("Functions", member, new object?[] { new[] { 1.0, 2.0, 3.0 }, new double[2] }));
            var exception = Assert.IsType<ArgumentException>(thrown.InnerException);
            Assert.Equal(name, exception.ParamName);
            Assert.StartsWith(name + " must have length 3 (the length of w), but has length 2.", exception.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// <c>base.</c> calls and reads in an override: a composed call to the base's [Differentiable]
    /// method goes through the base's derivatives (base.EPullback), and property reads go to the base's
    /// members. (An inactive call to a plain method, base.K(), was one of them; since stop 23 an
    /// override whose base makes no such call may not make one: ADG0011, see
    /// SoundnessAnalyzerTests.OverrideWithAnEffectItsBaseHasNot_ADG0011.) Generated as <c>this.</c> before (a new-user trial), the gradient called
    /// itself until the stack overflowed and the value was x³·x instead of x²·x.
    /// </summary>
    [Fact]
    public void BaseCallsInAnOverride_GoToTheBaseMembers()
    {
        var runner = GeneratedCodeRunner.Compile("""
            using AutoDiffGen;

            public partial class D2Base
            {
                public virtual double K => 2.0;

                public virtual double Scale => 5.0;

                [Differentiable]
                public virtual double E(double x) => x * x;
            }

            public partial class D2Derived : D2Base
            {
                public override double K => 3.0;

                public override double Scale => 7.0;

                [Differentiable]
                public override double E(double x) => base.E(x) * x + base.K * x + base.Scale;
            }
            """);
        var e = runner.Get("D2Derived", "E");
        foreach (double x in new[] { 2.0, -0.7, 1.3 })
        {
            // x²·x + 2x + 5 (the base's K and Scale), derivative 3x² + 2.
            var (value, gradient) = e.Gradient(new object[] { x });
            Assert.Equal(x * x * x + 2 * x + 5, value, 12);
            Assert.Equal(3 * x * x + 2, gradient[0], 12);
            e.Check(new object[] { x });
        }
    }
}
