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

    [Fact(Skip = "fuzzer finding 2: see FINDINGS.md")]
    public void Finding02_BreakInLoop_NoUnreachableCode()
        => Check("""
            double s = 0.0;
            for (int i = 0; i < w.Length; i++)
            {
                if (s < 0.0 && w[i] >= x) break;
            }
            return s;
            """, new[] { Array("w"), Scalar("x") });

    [Fact(Skip = "fuzzer finding 2: see FINDINGS.md")]
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

    [Fact(Skip = "fuzzer finding 4: see FINDINGS.md")]
    public void Finding04_FloatCastInDoubleCode_ModesAgree()
        => Check("return (double)(float)(2 * x);", new[] { Scalar("x") });


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

    [Fact(Skip = "fuzzer finding 6: see FINDINGS.md")]
    public void Finding06_InactiveCallBeforeThrowingRead()
        => Check("""
            double v = FuzzLog.Tick(5) / (2.0 + Math.Cos(x - w[3 % w.Length]));
            return v;
            """, new[] { Array("w"), Scalar("x") });

    [Fact(Skip = "fuzzer finding 7: see FINDINGS.md")]
    public void Finding07_ClampWithNaNBound()
        => Check("return double.Clamp(x, Math.Sqrt(-1.0 - y * y), 2.0);", new[] { Scalar("x"), Scalar("y") });

    [Fact(Skip = "fuzzer finding 8: see FINDINGS.md")]
    public void Finding08_CalleeCallingIsNaN()
        => Check(
            "return G(x, 2.0) * x;",
            new[] { Scalar("x") },
            false,
            "[Differentiable] public static double G(double a, double b) => double.IsNaN(a) ? b : a * b;");
}
