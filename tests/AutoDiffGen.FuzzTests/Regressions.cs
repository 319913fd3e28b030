using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using Xunit;
using static AutoDiffGen.FuzzTests.Regression;

namespace AutoDiffGen.FuzzTests;

/// <summary>
/// One test per fuzzer finding (FINDINGS.md): the minimized program, run through the same checks
/// as the fuzzer (value, exceptions, call log, finite differences, pushforward/pullback
/// identities, reuse, threads). Skipped while the generator is still wrong.
/// </summary>
public sealed class Regressions
{
    [Fact]
    public void Finding01_StackallocAfterEarlyReturn()
        => Check("""
            if (x < 0) return x;
            Span<double> h = stackalloc double[4];
            h[0] = x * x;
            return h[0];
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding02_BreakInLoop_NoUnreachableCode()
        => Check("""
            double s = 0.0;
            for (int i = 0; i < w.Length; i++)
            {
                if (s < 0.0 && w[i] >= x) break;
            }
            return s;
            """, new[] { Array("w"), Scalar("x") });

    [Fact]
    public void Finding02_IfInSwitchSection_NoUnreachableCode()
        => Check("""
            double y = x * x;
            switch (n % 6)
            {
                case 0:
                {
                    if (!(x < y))
                    {
                    }
                    else if (0.25 < 0.1)
                    {
                        var v = y;
                    }
                    break;
                }
            }
            return y;
            """, new[] { Int(), Scalar("x") });

    [Fact]
    public void Finding03_SliceIndexedDirectly()
        => Check("return MathF.Sin(w.Slice(1)[0]);", new[] { Span("w") }, isFloat: true);

    /// <summary>Finding 4 is the documented rule (a float value has float tangents and adjoints): the modes agree to float precision.</summary>
    [Fact]
    public void Finding04_FloatCastInDoubleCode_ModesAgreeToFloatPrecision()
        => Check("return (double)(float)(2 * x);", new[] { Scalar("x") }, false, productions: new[] { "expr.cast" });


    [Fact]
    public void Finding05_EnumLoopCounter()
        => Check("""
            double s = 0.0;
            for (Phase p = Phase.A; p <= Phase.C; p++)
            {
                s += w[(int)p % w.Length] * x;
            }
            for (Phase p = Phase.D; p > Phase.A; p--)
            {
                s *= x;
            }
            return s;
            """, new[] { Array("w"), Scalar("x") });

    [Fact]
    public void Finding06_InactiveCallBeforeThrowingRead()
        => Check("""
            double v = FuzzLog.Tick(5) / (2.0 + Math.Cos(x - w[3 % w.Length]));
            return v;
            """, new[] { Array("w"), Scalar("x") });

    [Fact]
    public void Finding07_ClampWithNaNBound()
        => Check("return double.Clamp(x, Math.Sqrt(-1.0 - y * y), 2.0);", new[] { Scalar("x"), Scalar("y") });

    [Fact]
    public void Finding08_CalleeCallingIsNaN()
        => Check(
            "return G(x, 2.0) * x;",
            new[] { Scalar("x") },
            false,
            "[Differentiable] public static double G(double a, double b) => double.IsNaN(a) ? b : a * b;");

    [Fact]
    public void Finding09_AssignmentInWhenGuard()
        => Check("""
            double p = 1.0;
            for (int i = 0; (p = p * (1.2 + Math.Sin(p - w0[w0.Length % w0.Length]))) < 3.0 && i < 4; i++)
            {
            }
            for (int j = 0; j < w0.Length; j++)
            {
                switch (Math.Floor(Math.Log(2.0 + double.Cos(w1[(j + w1.Length) % w1.Length]), 3.0)) + p)
                {
                    case not > 3.0 when ((j * 0.1) > 0.0 || (p = w1[(j * 2 + 1) % w1.Length]) > 0.75) && x != 12345.0:
                    {
                        break;
                    }
                }
            }
            return p;
            """, new[] { Scalar("x"), Int(), Span("w0"), Array("w1") });

    [Fact]
    public void Finding10_TupleElementsEvaluatedLeftToRight()
        => Check("""
            double lo = x;
            double v3 = 0.75;
            double v5 = 1.0;
            (v5, v3) = (FuzzLog.Rng.NextDouble(), double.Log(2.0 + double.Cos(G(b: 3.0 + FuzzLog.Tick(3), a: lo * FuzzLog.Tick(4))), 3.0 + double.Sin(-v3)));
            return v3 * lo;
            """, new[] { Scalar("x") }, false, "[Differentiable] public static double G(double a, double b) => a * b;");

    [Fact]
    public void Finding14_NaNPatternInSwitchExpressionWithoutDiscard()
        => Check("""
            double v = (Math.Sqrt(-1.0 - x * x) + x) switch { double.NaN => x * 2.0, < 0.0 => x };
            return v;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding13_SliceOfStackallocAfterEarlyReturn()
        => Check("""
            Span<double> h = stackalloc double[4];
            if (n > 1) return x;
            h[1] = x * x;
            return h.Slice(1)[0];
            """, new[] { Scalar("x"), Array("w"), Int() });

    [Fact]
    public void Finding16_EmptyLoopIntoCbrt_PushforwardNotNaN()
        => Check("""
            double s = 0.0;
            foreach (var e in w) s += x;
            return Math.Cbrt(s);
            """, new[] { Scalar("x"), Span("w") });

    [Fact]
    public void Finding17_UncheckedFoldedConstant()
        => Check("""
            int m = 2;
            return x * unchecked(m * 1500000007);
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding17_CheckedFoldedConstantThrowsAtRunTime()
        => Check("""
            int m = 2;
            return x * checked(m * 1500000007);
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding18_UnusedCallThatThrows()
        => Check("""
            double v = G(x);
            FuzzLog.Tick(1);
            return x;
            """, new[] { Scalar("x") }, false, "[Differentiable] public static double G(double a) => a switch { < 0.0 => a * a };");

    [Fact]
    public void Finding18_DiscardedCallThatThrows()
        => Check("""
            _ = G(x);
            return x;
            """, new[] { Scalar("x") }, false, "[Differentiable] public static double G(double a) => a > 0.0 ? throw new ArgumentException(\"a\") : a;");

    [Fact]
    public void Finding19_ClampAfterLoop()
        => Check("""
            for (int i = 0; i < n; i++)
            {
            }
            return Math.Clamp(x, -1.5, 2.0) * 0.5;
            """, new[] { Scalar("x"), Int() });

    [Fact]
    public void Finding20_UncheckedInsideChecked()
        => Check("""
            int m = checked(n + unchecked(e0.Length * 1500000007));
            return x * m;
            """, new[] { Scalar("x"), DataSpan("e0"), Int() });

    [Fact]
    public void Finding21_UnusedSignOfNaN()
        => Check("""
            double v = Math.Sign(Math.Sqrt(-1.0 - x * x));
            return x;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding12_WhenGuardReadOnlyWhenPatternMatches()
        => Check("""
            double y = x0;
            switch (n + n)
            {
                case < 1 when w0[n + n] > 0.0:
                {
                    y = x0 * w0[0];
                    break;
                }
            }
            return y;
            """, new[] { Scalar("x0"), Int(), Span("w0") });

    [Fact]
    public void Finding11_IncDecInSwitchSectionsOfHelperAndCaller()
        => Check("""
            double y = 0.0;
            switch (n % 4)
            {
                case 0:
                {
                    y = G(x, n);
                    break;
                }
                case 1:
                {
                    double v1 = x;
                    --v1;
                    y = G(v1 * 2.0, n + 1) + v1++;
                    break;
                }
                default:
                {
                    y = G(x, n + 2) + x;
                    break;
                }
            }
            return y;
            """,
            new[] { Scalar("x"), Int() },
            false,
            """
            [Differentiable]
            public static double G(double a, int k)
            {
                double v1 = a;
                switch (k % 3)
                {
                    case 0:
                    {
                        ++v1;
                        return v1 * a;
                    }
                    case 1:
                    {
                        --v1;
                        break;
                    }
                    default:
                    {
                        v1++;
                        break;
                    }
                }
                return v1;
            }
            """);

    [Fact]
    public void Finding15_NaNCaseInSwitchStatement()
        => Check("""
            double y = x;
            switch (Math.Sqrt(-1.0 - x * x) + x)
            {
                case double.NaN:
                {
                    y = x * 2.0;
                    break;
                }
                default:
                {
                    y = x * 3.0;
                    break;
                }
            }
            return y;
            """, new[] { Scalar("x") });

    /// <summary>Finding 22: the documented float rule where the rounding cancels out of the gradient (a checker fix).</summary>
    [Fact]
    public void Finding22_FloatRoundingCancelsInDoubleCode()
        => Check("return x / 3.0 - (double)(float)(x / 3.0);", new[] { Scalar("x") }, false, productions: new[] { "expr.cast" });

    [Fact]
    public void Finding23_UnusedConditionalWithThrowingCondition_Pushforward()
        => Check("""
            double v = Math.Sign(Math.Sqrt(-1.0 - x * x)) > 0 ? x : 1.0;
            return x;
            """, new[] { Scalar("x") });

    /// <summary>Finding 24: FD across jumps whose period is close to the step (a checker fix); the points of the soak's program seed.</summary>
    [Fact]
    public void Finding24_FiniteDifferencesAcrossPeriodicJumps()
        => CheckAtSeed(
            4000197,
            """
            double v1 = x1 * (Math.Tan(Math.Sin(d0)) - (double)(UBig % 1000UL));
            v1 %= 0.5;
            return v1;
            """,
            new[] { Array("w0"), DataSpan("e0"), Scalar("x1"), Data("d0"), Scalar("x0"), Int() },
            false,
            new[] { "expr.cast" },
            "const ulong UBig = 18446744073709551615UL;");

    [Fact]
    public void Finding25_ConstantRemainderCondition_NoUnreachableCode()
        => Check("""
            double c = 0.1;
            double v = x;
            if (c % 3.0 > 0.0)
            {
                v = x * 2.0;
            }
            return v;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding26_BufferInLoopAfterSwitchWithReturnAndBreak()
        => Check("""
            for (int g = 0; g < 4; g++)
            {
                switch (x)
                {
                    case < 0.0:
                    {
                        return x * 2.0;
                    }
                    case > 1.0:
                    {
                        break;
                    }
                }
                double[] h = new double[4];
            }
            return x;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding31_Atan2AtOriginWithZeroTangent_PushforwardNotNaN()
        => Check("""
            double a = n * 0.0;
            return G(a, x);
            """,
            new[] { Scalar("x"), Int() },
            false,
            "[Differentiable] public static double G(double a, double b) => Math.Atan2(a, a) + b * a + b;");

    [Fact]
    public void Finding33_BufferAllocatedInATapedLoop_AdjointClearedPerIteration()
        => Check("""
            double v = x;
            int g = 0;
            while (g < 2)
            {
                g++;
                double[] h = new double[n + 1];
                h[0] = h[0] + x * x;
                v = h[0] * 3.0 + v * 0.0;
            }
            return v;
            """, new[] { Scalar("x"), Int() });

    [Fact]
    public void Finding33_BufferAllocatedInABranchOfATapedLoop()
        => Check("""
            double v = x;
            for (int i = 0; i < 3; i++)
            {
                if (i != 1)
                {
                    double[] h = new double[2];
                    h[1] += v * x;
                    v = Math.Sin(h[1]) + h[0];
                }
            }
            return v;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding37_HugeAccumulatorAbsorbsABoundedTerm_CheckerSkipsTheFlatCoordinate()
        => Check("""
            double s = 0.0;
            for (int i = 0; i < 5; i++)
            {
                double p = 1.0;
                for (int j = 0; j < 5; j++)
                {
                    p *= s * 0.5 + 1.0;
                }

                s += p * 1.25;
            }

            return Math.Sin(x * s * 0.5) + s;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding42_OscillationFasterThanTheStep_ResolvedAtSmallerSteps()
        => Check("""
            return Math.Sin(x * 1e9) * 1e-12 + x;
            """, new[] { Scalar("x") });

    /// <summary>
    /// Finding 89: a bounded term that oscillates far below the smallest step (cos of (1e6·x)²,
    /// period about 1e-12 in x) beside a slope of 1e12 that keeps F smooth at the checker's
    /// steps: the gradient is the analytic one, up to 4e12 away from every difference. The
    /// gradient averaged over the difference's interval agrees with it (the checker's integral
    /// check); before, the program was reported.
    /// </summary>
    [Fact]
    public void Finding89_BoundedTermOfAHugeArgument_JudgedByTheGradientsAverage()
        => Check("""
            return x * 1e12 + Math.Cos(x * 1e6 * (x * 1e6));
            """, new[] { Scalar("x") });

    /// <summary>
    /// The integral check hides no wrong derivative: the same F through an opaque function whose
    /// hand-written derivatives give the slope 10 % too large is still reported.
    /// </summary>
    [Fact]
    public void Finding89_AWrongSlopeBesideTheOscillationIsStillReported()
    {
        var program = new FuzzProgram
        {
            Productions = new Dictionary<string, int>(),
            Seed = 1,
            IsFloat = false,
            Params = new List<Param> { Scalar("x") },
            Body = new List<Node> { new("return Wrong.Op(x);", "regression") },
            ReturnTerms = null,
            ClassMembers = new List<string>
            {
                """
                public static class Wrong
                {
                    public static double Op(double x) => x * 1e12 + Math.Cos(x * 1e6 * (x * 1e6));

                    [DerivativeOf(typeof(Wrong), nameof(Op))]
                    public static void OpPushforward(double x, double xTangent, out double resultTangent)
                        => resultTangent = (1.1e12 - Math.Sin(x * 1e6 * (x * 1e6)) * 2e12 * x) * xTangent;

                    [DerivativeOf(typeof(Wrong), nameof(Op))]
                    public static void OpPullback(double x, double resultAdjoint, ref double xAdjoint)
                        => xAdjoint += resultAdjoint * (1.1e12 - Math.Sin(x * 1e6 * (x * 1e6)) * 2e12 * x);
                }
                """.Replace("\n", "\n    "),
            },
            ClassName = "P0",
        };
        var (compiled, failures) = Fuzzer.CheckBatch(new[] { program }).Single();
        Assert.True(compiled.Rejected is null, "the program is not valid: " + compiled.Rejected + "\n" + program.Render());
        Assert.Contains(failures, f => f.Check == "gradient-fd");
    }

    [Fact]
    public void Finding43_SwitchExpressionWithNoArmLeft_NoUnreachableCodeAfterTheThrow()
        => Check("""
            double v = 0.5;
            if (x > 1000.0)
            {
                return Math.Sin((0.5 + v) switch { > 1.0 and < 2.0 => x, not > 3.0 when 5 % 2 == 0 => x * x });
            }

            return x * x;
            """, new[] { Scalar("x") });

    [Fact]
    public void Finding58_SliceOfASpanHeldReadOnly_AndAsSpanViews()
        => Check("""
            Span<double> h = stackalloc double[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                h[i] = w[i] * x;
            }

            ReadOnlySpan<double> s = h.Slice(1);
            ReadOnlySpan<double> a = w.AsSpan(1, w.Length - 1);
            ReadOnlySpan<double> b = w.AsSpan().Slice(2);
            double v = 0.0;
            for (int i = 0; i < s.Length; i++)
            {
                v += Math.Sin(s[i]) * a[i];
            }

            return v + b[0] * x;
            """, new[] { Array("w"), Scalar("x") });

    [Fact]
    public void Finding59_OneOfTwoArraysChosenByAConditional_PassedToACallee()
        => Check("""
            double v = S0(x > 0.5 ? w : w.AsSpan(w.Length / 2), x);
            return v * x;
            """, new[] { Array("w"), Scalar("x") }, false, """
            [Differentiable]
            public static double S0(ReadOnlySpan<double> v, double a)
            {
                double s = 0.0;
                for (int i = 0; i < v.Length; i++)
                {
                    s += Math.Sin(v[i]) * a;
                }

                return s;
            }
            """);
}
