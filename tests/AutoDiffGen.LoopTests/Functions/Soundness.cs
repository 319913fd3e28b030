using System;
using AutoDiffGen;

namespace AutoDiffGen.LoopTests.Functions;

/// <summary>
/// The silently wrong derivatives of the soundness issue (#6), one method per class, each the
/// smallest program that showed it. Tests: SoundnessRegressionTests.
/// </summary>
public static partial class Soundness
{
    /// <summary>Class 1: a store kills what value numbering knew about the element. x·y + x.</summary>
    [Differentiable]
    public static double StoreThenReadBack(double x, double y)
    {
        var h = new double[2];
        h[0] = x;
        h[0] = h[0] * y;
        return h[0] + x;
    }

    /// <summary>Class 1: two accumulations into one element. (x·y + x)².</summary>
    [Differentiable]
    public static double AccumulateTwice(double x, double y)
    {
        var acc = new double[1];
        acc[0] += x * y;
        acc[0] += x;
        return acc[0] * acc[0];
    }

    /// <summary>Class 1 in a loop: Σ xᵢ².</summary>
    [Differentiable]
    public static double OverwriteInLoop(ReadOnlySpan<double> x)
    {
        var h = new double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[i] = x[i];
            h[i] = h[i] * h[i];
            s += h[i];
        }

        return s;
    }

    /// <summary>
    /// A new array held as a span from the start, allocated in each iteration (was ADG0005, "did
    /// not allocate": the conversion hid the allocation). 5·Σ xᵢ².
    /// </summary>
    [Differentiable]
    public static double NewArrayHeldAsSpan(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int k = 0; k < 2; k++)
        {
            Span<double> h = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                h[i] = x[i] * (k + 1);
            }

            for (int i = 0; i < x.Length; i++)
            {
                s += h[i] * h[i];
            }
        }

        return s;
    }

    /// <summary>The same at the top level, read through a read-only slice taken before the writes. x²·y.</summary>
    [Differentiable]
    public static double NewArrayHeldAsSpanSliced(double x, double y)
    {
        Span<double> h = new double[3];
        ReadOnlySpan<double> tail = h.Slice(1);
        h[1] = x * y;
        h[2] = x;
        return tail[0] * tail[1];
    }

    /// <summary>
    /// Finding 63: a recurrence written through a slice of the buffer it reads (tail = h.Slice(1)):
    /// the loop was taken for a reduction (the writes were kept by variable, not by the memory they
    /// share). h[n] = Σ 0.5^(n−1−j)·xⱼ.
    /// </summary>
    [Differentiable]
    public static double SliceRecurrence(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length + 1];
        Span<double> tail = h.Slice(1);
        for (int j = 0; j < x.Length; j++)
        {
            tail[j] = h[j] * 0.5 + x[j];
        }

        return h[x.Length];
    }

    /// <summary>The same counting down, written into the buffer and read through the slice. h[0] = Σ 0.5^j·xⱼ.</summary>
    [Differentiable]
    public static double SliceRecurrenceDown(ReadOnlySpan<double> x)
    {
        double[] h = new double[x.Length + 1];
        var tail = h.AsSpan(1);
        for (int j = x.Length - 1; j >= 0; j--)
        {
            h[j] = tail[j] * 0.5 + x[j];
        }

        return h[0];
    }

    /// <summary>Finding 63: a buffer read through an alias inside the loop that accumulates into it. (1 + x₀)·x₁.</summary>
    [Differentiable]
    public static double AliasReadInLoop(ReadOnlySpan<double> x)
    {
        double[] h = new double[x.Length];
        double[] h2 = h;
        h[0] = 1;
        for (int j = 0; j < x.Length; j++)
        {
            h[j] += h2[0] * x[j];
        }

        return h[1];
    }

    /// <summary>The same through a choice of two buffers (x.Length &gt; 2 chooses h). (1 + x₀)·x₁ + 1 + x₀.</summary>
    [Differentiable]
    public static double ChoiceReadInLoop(ReadOnlySpan<double> x)
    {
        double[] h = new double[x.Length];
        double[] g = new double[x.Length];
        h[0] = 1;
        g[0] = 2;
        double[] v = x.Length > 2 ? h : g;
        for (int j = 0; j < x.Length; j++)
        {
            h[j] = v[0] * x[j] + h[j];
        }

        return h[1] + h[0];
    }

    /// <summary>The same through a tuple's element. (1 + x₀)·x₁.</summary>
    [Differentiable]
    public static double TupleAliasReadInLoop(ReadOnlySpan<double> x)
    {
        double[] h = new double[x.Length];
        var (p, q) = (h, 1.0);
        h[0] = 1;
        for (int j = 0; j < x.Length; j++)
        {
            h[j] += p[0] * x[j] * q;
        }

        return h[1];
    }

    /// <summary>Not differentiable: changes data it is given.</summary>
    public static void Scale(double[] d) => d[0] *= 10;

    /// <summary>
    /// Finding 66: a loop reads data (a [NoDerivative] array) that a call changes after it; reverse
    /// mode ran the loop again after the change. (d₀·Σw)², d₀ as it was before the call.
    /// </summary>
    [Differentiable]
    public static double DataChangedAfterLoop(ReadOnlySpan<double> w, [NoDerivative] double[] d)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += d[0] * w[i];
        }

        Scale(d);
        return s * s;
    }

    /// <summary>A span output: o = [a², a·b].</summary>
    [Differentiable]
    public static void FillProducts(double a, double b, Span<double> o)
    {
        o[0] = a * a;
        o[1] = a * b;
    }

    /// <summary>
    /// Finding 63: a loop reads a buffer (zeros) that a call fills afterwards; run again in the
    /// reverse sweep, the loop read the call's values. 0 + a² + a·b.
    /// </summary>
    [Differentiable]
    public static double ReadBeforeOutputCall(double a, double b)
    {
        double[] h = new double[2];
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += h[i] * a;
        }

        FillProducts(a, b, h);
        return s + h[0] + h[1];
    }

    /// <summary>
    /// Finding 63: an element read before and after a call that writes the buffer: the two reads
    /// were taken for one (the call's writes killed nothing), so the gradient's own value was wrong.
    /// (0 + a)·(a² + b).
    /// </summary>
    [Differentiable]
    public static double ReadAcrossOutputCall(double a, double b)
    {
        double[] h = new double[2];
        double u = h[0] + a;
        FillProducts(a, b, h);
        double v = h[0] + b;
        return u * v;
    }

    /// <summary>Class 2: a read after the fused loop stays after it. Σ xᵢ² + (2x₀)².</summary>
    [Differentiable]
    public static double ReadAfterFusedLoop(ReadOnlySpan<double> x)
    {
        var h = new double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[i] = 2 * x[i];
            s += x[i] * x[i];
        }

        return s + h[0] * h[0];
    }

    /// <summary>Class 3: a recurrence inside a reduction. Σᵢ Πⱼ≤ᵢ (xⱼ + 1).</summary>
    [Differentiable]
    public static double RecurrenceInsideReduction(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double p = 1;
            for (int j = 0; j <= i; j++)
            {
                p *= x[j] + 1;
            }

            s += p;
        }

        return s;
    }

    [Differentiable]
    public static double Map(double y, [NoDerivative] double a) => Math.Sin(y) + a * y;

    /// <summary>Class 4: a [Differentiable] call inside a recurrence. y ← Map(y, 0.5)·b, three times.</summary>
    [Differentiable]
    public static double CallInRecurrence(double y, double b)
    {
        for (int i = 0; i < 3; i++)
        {
            y = Map(y, 0.5) * b;
        }

        return y;
    }

    /// <summary>Class 5: a rotation in a loop. Four turns of (a, b, c) ← (b, c, a), then a + 2b + 3c².</summary>
    [Differentiable]
    public static double RotationInLoop(ReadOnlySpan<double> x)
    {
        double a = x[0], b = x[1], c = x[2];
        for (int i = 0; i < 4; i++)
        {
            (a, b, c) = (b, c, a);
        }

        return a + 2 * b + 3 * c * c;
    }

    /// <summary>Class 6: an alias of an active span. x₀·x₁.</summary>
    [Differentiable]
    public static double SpanAlias(ReadOnlySpan<double> x)
    {
        var v = x;
        return v[0] * v[1];
    }

    /// <summary>Class 6: an array converted to a span local. x₀·x₁.</summary>
    [Differentiable]
    public static double ArrayAsSpanAlias(double[] x)
    {
        ReadOnlySpan<double> v = x;
        return v[0] * v[1];
    }

    /// <summary>Class 7: activity that arises only through a deconstruction in a loop.</summary>
    [Differentiable]
    public static double ActivityThroughDeconstruction(double x, double y)
    {
        double a = 1, b = 2;
        for (int i = 0; i < 3; i++)
        {
            (a, b) = (b, a + x * b);
        }

        return a + b * y;
    }

    public static int Calls;

    private static double Tick() => ++Calls;

    /// <summary>Class 8: an inactive call in a reduction runs once per iteration. sin(Σ xᵢ·i).</summary>
    [Differentiable]
    public static double CallInReduction(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * Tick();
        }

        return Math.Sin(s);
    }

    /// <summary>Class 11: a write through a ref local. (y·z)².</summary>
    [Differentiable]
    public static double WriteThroughRefLocal(double y, double z)
    {
        ref double r = ref y;
        r *= z;
        return y * y;
    }

    /// <summary>Class 11 in a loop: a ref local declared in the body. Σᵢ₌₀² y·i·z = 3yz.</summary>
    [Differentiable]
    public static double RefLocalInLoop(double y, double z)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            ref double r = ref s;
            r += y * i * z;
        }

        return s;
    }

    /// <summary>Class 12: the value keeps IEEE semantics (NaN·0 is NaN).</summary>
    [Differentiable]
    public static double TimesZero(double x, double y) => x * 0.0 + y;

    /// <summary>Class 14: the index of a compound assignment is evaluated once. 2 + x + x² + 1.</summary>
    [Differentiable]
    public static double IndexSideEffect(double x, double y)
    {
        var h = new double[3];
        int k = 0;
        h[k]++;
        double old = h[k]++;
        h[k++] += x;
        h[k++] += x * y;
        return h[0] + h[1] + h[2] + old;
    }

    /// <summary>Class 15: while (true) with a return inside. x halves until below 1, then x²·y.</summary>
    [Differentiable]
    public static double ReturnFromEndlessLoop(double x, double y)
    {
        while (true)
        {
            x = x * 0.5;
            if (x < 1)
            {
                return x * x * y;
            }
        }
    }

    /// <summary>Deconstruction into buffer elements swaps: h = x·(i + 1), pairs swapped, Σ hᵢ·(i + 2).</summary>
    [Differentiable]
    public static double SwapElements(ReadOnlySpan<double> x)
    {
        var h = new double[x.Length];
        for (int i = 0; i < x.Length; i++) h[i] = x[i] * (i + 1);
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            (h[i], h[i + 1]) = (h[i + 1], h[i]);
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++) s += h[i] * (i + 2);
        return s;
    }

    /// <summary>A tuple-valued conditional: 2·min(a, b) + max(a, b)².</summary>
    [Differentiable]
    public static double TupleConditional(double a, double b)
    {
        var (lo, hi) = a < b ? (a, b) : (b, a);
        return lo * 2 + hi * hi;
    }

    /// <summary>A tuple-valued switch expression: a > 0 → (ab, b), else (b, a); p + 3q.</summary>
    [Differentiable]
    public static double TupleSwitch(double a, double b)
    {
        var (p, q) = (a > 0) switch { true => (a * b, b), false => (b, a) };
        return p + 3 * q;
    }

    /// <summary>byte, short, char and long counters: Σ xᵢ·i + Σ xᵢ + Σ xᵢ + Σ xᵢ².</summary>
    [Differentiable]
    public static double SmallIntegerCounters(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (byte i = 0; i < x.Length; i++) s += x[i] * i;
        for (short j = 0; j < x.Length; j++) s += x[j];
        for (char c = 'a'; c < 'a' + x.Length; c++) s += x[c - 'a'];
        long k = 0;
        while (k < x.Length)
        {
            s += x[(int)k] * x[(int)k];
            k++;
        }

        return s;
    }

    /// <summary>checked integer arithmetic throws where the original throws. Σ xᵢ·((n·10⁶) mod 7).</summary>
    [Differentiable]
    public static double CheckedArithmetic(ReadOnlySpan<double> x, int n)
    {
        int m = checked(n * 1000000);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * (m % 7);
        return s;
    }

    public static readonly System.Collections.Generic.List<string> Evaluated = new();

    private static double Note(string name, double value)
    {
        Evaluated.Add(name);
        return value;
    }

    private static double Digits(double a, double b) => a * 10 + b;

    /// <summary>Named arguments out of order run in the order written: b, then a. x·21.</summary>
    [Differentiable]
    public static double NamedArgumentsOutOfOrder(double x, double y)
    {
        double r = Digits(b: Note("b", 1), a: Note("a", 2));
        return x * r + y;
    }

    /// <summary>The right side of &amp;&amp; assigns only when it runs: z = 2x when x > 0, else y.</summary>
    [Differentiable]
    public static double AssignmentInShortCircuit(double x, double y)
    {
        double z = y;
        bool c = x > 0 && (z = x * 2) > 1;
        return z * y + (c ? 1 : 0);
    }

    /// <summary>A while condition that assigns: y halves until ≤ 1; y·n + y.</summary>
    [Differentiable]
    public static double AssignmentInLoopCondition(double x, double y)
    {
        double v = x;
        int n = 0;
        while ((v = v * 0.5) > 1)
        {
            n++;
        }

        return v * n + v * y;
    }

    /// <summary>An unused element read still throws where the original throws. x₀².</summary>
    [Differentiable]
    public static double UnusedRead(ReadOnlySpan<double> x)
    {
        double unused = x[5];
        return x[0] * x[0];
    }

    /// <summary>stackalloc after an early return (fuzzer finding 1): x < 0 → x, else x²·y.</summary>
    [Differentiable]
    public static double StackAllocAfterEarlyReturn(double x, double y)
    {
        if (x < 0)
        {
            return x;
        }

        Span<double> h = stackalloc double[4];
        h[0] = x * x;
        return h[0] * y;
    }

    /// <summary>stackalloc inside a branch: x > 0 → (x²y)·y, else y².</summary>
    [Differentiable]
    public static double StackAllocInBranch(double x, double y)
    {
        double r = y;
        if (x > 0)
        {
            Span<double> h = stackalloc double[2];
            h[0] = x * y;
            h[1] = h[0] * x;
            r = h[1];
        }

        return r * y;
    }

    /// <summary>Elements of a slice read directly (fuzzer finding 3): sin(w₁) + w₂.</summary>
    [Differentiable]
    public static double SliceIndexedDirectly(ReadOnlySpan<double> w) => Math.Sin(w.Slice(1)[0]) + w.Slice(1, 2)[1];

    /// <summary>foreach over a slice: Σᵢ≥₁ wᵢ².</summary>
    [Differentiable]
    public static double ForEachOverSlice(ReadOnlySpan<double> w)
    {
        double s = 0;
        foreach (var v in w.Slice(1))
        {
            s += v * v;
        }

        return s;
    }

    public enum Phase
    {
        A,
        B,
        C,
        D,
    }

    /// <summary>Enum loop counters stepped with ++ and --, and += on an enum: x·(0 + 1 + 2) + 3x + 2x = 8x, times y.</summary>
    [Differentiable]
    public static double EnumCounters(double x, double y)
    {
        double s = 0;
        for (Phase p = Phase.A; p <= Phase.C; p++) s += x * (int)p;
        for (Phase q = Phase.D; q > Phase.A; q--) s += x;
        Phase r = Phase.A;
        r += 2;
        s += (int)r * x;
        return s * y;
    }

    /// <summary>An inline call before an operand whose index divides by zero: the call runs first (fuzzer).</summary>
    [Differentiable]
    public static double CallBeforeFailingOperand(double[] w, double x)
        => Note("call", 1) / (2.0 + Math.Cos(x - w[(w.Length * 3 + 1) % w.Length]));

    [Differentiable]
    public static double Combine(double a, double b) => a * 10 + b;

    /// <summary>A tuple whose first element is a call and whose second needs statements with calls: r, then b, then a (fuzzer).</summary>
    [Differentiable]
    public static double CallsInTupleElements(double x, double y)
    {
        double p, q;
        (p, q) = (Note("r", 1), Math.Log(2 + Math.Cos(Combine(b: Note("b", 2) + x, a: x * Note("a", 3)))));
        return p * y + q;
    }

    /// <summary>A when guard runs only when its pattern matched; its assignment then counts (fuzzer finding 9).</summary>
    [Differentiable]
    public static double AssignmentInWhenGuard(double x, double[] w)
    {
        double p = x;
        for (int j = 0; j < 3; j++)
        {
            switch (p)
            {
                case > 3.0:
                    break;
                case not > 3.0 when j > 0 || (p = w[j] * x) > 0.75:
                    p = p + 1;
                    break;
            }
        }

        return p;
    }

    /// <summary>double.Clamp propagates a NaN bound, unlike Math.Clamp (fuzzer finding 7).</summary>
    [Differentiable]
    public static double NumberClampWithNaNBound(double x, double y) => double.Clamp(x, Math.Sqrt(-1.0 - y * y), 2.0);

    /// <summary>A constant condition after propagation leaves no unreachable code (fuzzer finding 2). x + s.</summary>
    [Differentiable]
    public static double ConstantConditionInLoop(double[] w, double x)
    {
        double s = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            if (s < 0.0 && w[i] >= x)
            {
                break;
            }
        }

        return s + x;
    }

    /// <summary>A long loop counter indexing an active array (user trial F1): Σ wᵢ².</summary>
    [Differentiable]
    public static double LongIndex(double[] w)
    {
        double s = 0;
        for (long l = 0; l < w.Length; l++) s += w[l] * w[l];
        return s;
    }

    /// <summary>Writing through a slice of a stack buffer (user trial F2): c³.</summary>
    [Differentiable]
    public static double WriteThroughSlice(double c)
    {
        Span<double> buf = stackalloc double[6];
        var view = buf.Slice(2);
        view[0] = c * c;
        return buf[2] * c;
    }

    /// <summary>Writing through a span alias of an array buffer, then through a slice of it (user trial F2, F3): 3c + 3c² … see the test.</summary>
    [Differentiable]
    public static double WriteThroughAliasAndSlice(double c)
    {
        var buf = new double[6];
        Span<double> bs = buf;
        bs[0] = c * 3;
        var view = bs.Slice(1);
        view[0] = bs[0] * c;
        return buf[1] + view[0];
    }

    /// <summary>The constant pattern double.NaN matches NaN (fuzzer finding 14): 2x when the subject is NaN.</summary>
    [Differentiable]
    public static double NaNPattern(double x, double y)
    {
        double v = (Math.Sqrt(y - x * x) + x) switch { double.NaN => x * 2.0, < 0.0 => x, _ => y };
        switch (Math.Sqrt(y - x * x))
        {
            case double.NaN:
                return v * 3;
            default:
                return v;
        }
    }

    public static int NextIndex;

    private static int Next() => NextIndex++;

    /// <summary>An index with a side effect is evaluated once (user trial F4): w[k]·2 and h[k]·x with k = 0.</summary>
    [Differentiable]
    public static double IndexWithEffect(double[] w, double x)
    {
        var h = new double[3];
        h[0] = x;
        h[1] = 2 * x;
        h[2] = 3 * x;
        return w[Next() % 3] * 2.0 + h[Next() % 3] * x;
    }

    /// <summary>A slice of a stack buffer read after an early return (fuzzer finding 13): n > 1 → x, else x².</summary>
    [Differentiable]
    public static double SliceOfStackBufferAfterEarlyReturn(double x, int n)
    {
        Span<double> h = stackalloc double[4];
        if (n > 1)
        {
            return x;
        }

        h[1] = x * x;
        return h.Slice(1)[0];
    }

    /// <summary>Integer constants are not folded into unchecked/checked arithmetic (fuzzer finding 17): x·((3·1.5e9 + 7) mod 256 wrapped).</summary>
    [Differentiable]
    public static double UncheckedWithLocalConstant(double x, double y)
    {
        int n = 3;
        int m = unchecked(n * 1500000000 + 7) & 0xFF;
        int k = 2;
        int big = y > 100 ? checked(k * 1500000000) : k;
        return x * m + y * big;
    }

    /// <summary>A run-time zero tangent through an infinite partial (fuzzer finding 16): cbrt(Σ_{e∈w} x) + √(y·0)·y.</summary>
    [Differentiable]
    public static double ZeroThroughInfinitePartial(double x, double y, ReadOnlySpan<double> w)
    {
        double s = 0.0;
        foreach (var e in w)
        {
            s += x;
        }

        return Math.Cbrt(s) + y;
    }

    /// <summary>A buffer declared after a switch with a return inside a loop (soak, false ADG0005): Σ (x·w₀)² over the iterations.</summary>
    [Differentiable]
    public static double BufferAfterReturnInLoop(double x, double[] w, int n)
    {
        int k = n;
        double s = 0;
        while (k-- > 0)
        {
            switch (x * k)
            {
                case < -5.0:
                    return x;
                case > 100.0:
                    s += 1;
                    break;
            }

            double[] h = new double[2];
            h[0] = x * w[0];
            s += h[0] * h[0];
        }

        return s;
    }

#pragma warning disable ADG0008 // the casts to integers are what these two test
    /// <summary>
    /// A reduction followed by a cast of its sum to long, then another loop (soak seed 83: the first
    /// loop runs fused with its reverse, its sum's adjoint taken from the code after it, where the
    /// casts were passed through as if they were the identity). F = (double)(long)(3·Σ tanh(x)·wᵢ) + a count of
    /// the wᵢ before the first one above 2 (a search loop, which is not fused, so the first loop is).
    /// </summary>
    [Differentiable]
    public static double SumThenTruncated(double x, double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Tanh(x) * w[i];
        }

        double v = (double)(long)(s * 3.0);
        double t = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 2.0)
            {
                break;
            }

            t += 0.5;
        }

        return v + t;
    }

    /// <summary>As <see cref="SumThenTruncated"/> through an int and a bool on the way back (v = (int)… and a comparison).</summary>
    [Differentiable]
    public static double SumThenCompared(double x, double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Tanh(x) * w[i];
        }

        int k = (int)(s * 3.0);
        double v = k + (s > 1.0 ? 1.0 : 0.0);
        double t = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 2.0)
            {
                break;
            }

            t += 0.5;
        }

        return v + t;
    }
#pragma warning restore ADG0008
}
