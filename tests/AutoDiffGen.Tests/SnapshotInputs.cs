namespace AutoDiffGen.Tests;

/// <summary>The inputs of the snapshot tests, shared with the numeric checks of the generated code.</summary>
internal static class SnapshotInputs
{
    public const string ScalarProduct = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, double y) => 3 * x * x * y;
        }
        """;

    public const string LocalsAndIfElse = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double G(double x, double y)
            {
                double wave = Math.Sin(x) * Math.Exp(-y);
                double piece;
                if (x > y)
                {
                    piece = Math.Log(1 + x * x);
                }
                else
                {
                    piece = x * y;
                }

                return wave + piece;
            }
        }
        """;

    public const string EarlyReturnFromNestedBlock = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Piecewise(double x, double y)
            {
                double s = x * y;
                if (x > 0)
                {
                    double t = s * s;
                    if (y > 1)
                    {
                        return t + x;
                    }

                    s = t - y;
                }

                return s * x;
            }
        }
        """;

    public const string SwitchExpressionWithRelationalPatterns = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Ramp(double x, double k) => x switch
            {
                < 0 => 0.0,
                >= 0 and < 1 => k * x * x,
                _ => k * (2 * x - 1),
            };
        }
        """;

    public const string FloatMethod = """
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static float H(float x) => x * x / (1f + x * x);
        }
        """;

    public const string InstanceMethodInNestedStruct = """
        using System;
        using AutoDiffGen;

        namespace Physics.Models
        {
            public partial class Outer
            {
                public partial struct Spring
                {
                    public double Stiffness;

                    [Differentiable]
                    public readonly double Energy(double x, double v) => 0.5 * Stiffness * x * x + 0.5 * v * v + Math.Cos(x);
                }
            }
        }
        """;

    public const string IntAndNoDerivativeParameters = """
        using System;
        using AutoDiffGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Scaled(double x, int n, [NoDerivative] double scale) => scale * Math.Pow(x, n) + n * x;
        }
        """;
}
