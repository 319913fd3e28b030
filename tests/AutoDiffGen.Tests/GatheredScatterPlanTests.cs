using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using AutoDiffGen.Tests.Infrastructure;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// The vectorizer's plan for loops that add into one array at several indices: where the scatters are
/// gathered (one load and one store of each block, the terms in the scalar order) and where they must
/// not be, because the loop reads or stores the array otherwise (a load after a scatter would then see
/// the block before the scatter's terms) or the offsets lie too far apart. LoopTests and the fuzzer
/// run whole methods; these pin the refusals down on small bodies.
/// </summary>
public sealed class GatheredScatterPlanTests
{
    private const string Span = "global::System.ReadOnlySpan<double>";
    private static readonly Var X = new("x", Span);
    private static readonly Var N = new("n", "int");
    private static readonly Var B = new("b", "double[]");
    private static readonly Var J = new("j", "int");
    private static readonly Var J2 = new("j2", "int");
    private static readonly Var S = new("s", "double");
    private static readonly Var S2 = new("s2", "double");
    private static readonly Var T = new("t", "double");

    private static Expr Read(Var v) => new VarExpr(v);

    private static Expr Int(int k) => new ConstExpr(k, "int");

    private static Expr At(Var array, int offset)
        => new IndexExpr(Read(array), offset == 0 ? Read(J) : new BinaryExpr(BinaryOp.Add, Read(J), Int(offset), "int"), "double");

    private static Stmt AddInto(Var array, int offset, Expr value) => new AccumulateElementStmt(array, offset == 0 ? Read(J) : new BinaryExpr(BinaryOp.Add, Read(J), Int(offset), "int"), value, null);

    /// <summary>
    /// <c>b = new double[n + 4]; s = Σ … over j &lt; n</c>, the loop body between the allocation and the
    /// counter's and sum's updates being <paramref name="body"/>, which ends by assigning <c>t</c> (added into s).
    /// </summary>
    private static VectorLoopPlan? PlanOf(params Stmt[] body)
    {
        var allocation = new TemplateExpr(EquatableArray.Create("new double[", "]"), EquatableArray.Create<Expr>(new BinaryExpr(BinaryOp.Add, Read(N), Int(4), "int")), "double[]", HasSideEffects: false);
        var loop = new LoopStmt(
            new BinaryExpr(BinaryOp.Less, Read(J), Read(N), "bool"),
            body.Concat(new Stmt[]
            {
                new AssignStmt(S2, new BinaryExpr(BinaryOp.Add, Read(S), Read(T), "double"), null),
                new AssignStmt(J2, new BinaryExpr(BinaryOp.Add, Read(J), Int(1), "int"), null),
                new AssignStmt(J, Read(J2), null),
                new AssignStmt(S, Read(S2), null),
            }).ToEquatableArray(),
            null);
        var member = new GeneratedMethod(
            "M",
            "public static",
            "double",
            EquatableArray.Create(new GeneratedParameter("", Span, "x", ""), new GeneratedParameter("", "int", "n", "")),
            EquatableArray.Create<Stmt>(
                new AssignStmt(B, allocation, null),
                new AssignStmt(J, Int(0), null),
                new AssignStmt(S, new ConstExpr(0, "double"), null),
                loop,
                new ReturnStmt(Read(S), null)),
            "",
            "",
            EquatableArray<string>.Empty);
        return Vectorizer.Apply(member).Body.OfType<VectorPrologueStmt>().Single().Plan;
    }

    [Fact]
    public void ScattersAtOneAndTheNextIndex_AreGathered_InTheScalarOrder()
    {
        // b[j] += x[j]; b[j + 1] += 2·x[j]; b[j] += x[j]·x[j]: element e gets iteration e − 1's
        // b[j + 1] term, then iteration e's two b[j] terms in their order.
        var plan = PlanOf(
            new AssignStmt(T, At(X, 0), null),
            AddInto(B, 0, Read(T)),
            AddInto(B, 1, new BinaryExpr(BinaryOp.Multiply, new ConstExpr(2, "double"), Read(T), "double")),
            AddInto(B, 0, new BinaryExpr(BinaryOp.Multiply, Read(T), Read(T), "double")));
        Assert.NotNull(plan);
        Assert.DoesNotContain(plan!.Ops, o => o.Kind == VectorOpKind.Scatter);
        var gather = plan.Ops.Where(o => o.Kind is VectorOpKind.GatherLoad or VectorOpKind.GatherAdd or VectorOpKind.GatherStore).ToList();
        Assert.Equal(
            new[] { (VectorOpKind.GatherLoad, 0), (VectorOpKind.GatherAdd, 1), (VectorOpKind.GatherAdd, 0), (VectorOpKind.GatherAdd, 0), (VectorOpKind.GatherStore, 0) },
            gather.Select(o => (o.Kind, o.Lanes)));
        var load = plan.Ops.Single(o => o.Kind == VectorOpKind.Load);
        var two = plan.Ops.Single(o => o.Kind == VectorOpKind.Multiply && o.B == load.Target && o.A != load.Target);
        var square = plan.Ops.Single(o => o.Kind == VectorOpKind.Multiply && o.A == load.Target && o.B == load.Target);
        Assert.Equal(new[] { two.Target, load.Target, square.Target }, gather.Where(o => o.Kind == VectorOpKind.GatherAdd).Select(o => o.A));
        Assert.All(plan.Ops, o => Assert.Equal(0, o.Pass));
    }

    [Fact]
    public void AnArrayTheLoopAlsoReads_IsNotGathered()
    {
        // b[j] += x[j]; t = b[j]; b[j] += t: the read must see the first term, which a block loaded
        // once and stored after both terms would not have stored yet. Each scatter stays a load-add-store.
        var plan = PlanOf(
            AddInto(B, 0, At(X, 0)),
            new AssignStmt(T, At(B, 0), null),
            AddInto(B, 0, Read(T)));
        Assert.NotNull(plan);
        Assert.DoesNotContain(plan!.Ops, o => o.Kind is VectorOpKind.GatherLoad or VectorOpKind.GatherAdd or VectorOpKind.GatherStore);
        Assert.Equal(2, plan.Ops.Count(o => o.Kind == VectorOpKind.Scatter));
        // In the body's order: scatter, the read of b, scatter.
        var ops = plan.Ops.ToList();
        int b = plan.Arrays.ToList().FindIndex(a => a.Array.Equals(B));
        int read = ops.FindIndex(o => o.Kind == VectorOpKind.Load && o.Array == b);
        Assert.True(ops.FindIndex(o => o.Kind == VectorOpKind.Scatter) < read && read < ops.FindLastIndex(o => o.Kind == VectorOpKind.Scatter));
    }

    [Fact]
    public void OffsetsMoreThan16BytesApart_RunInAPassAhead()
    {
        // b[j] and b[j + 3] (24 bytes apart in double): a vector of 16 bytes holds 2 lanes, so the
        // previous block could not supply 3; the b[j + 3] scatter runs in a pass of its own ahead.
        var plan = PlanOf(
            new AssignStmt(T, At(X, 0), null),
            AddInto(B, 0, Read(T)),
            AddInto(B, 3, Read(T)));
        Assert.NotNull(plan);
        Assert.DoesNotContain(plan!.Ops, o => o.Kind is VectorOpKind.GatherLoad or VectorOpKind.GatherAdd);
        Assert.Contains(plan.Ops, o => o.Kind == VectorOpKind.Scatter && o.Offset == 3 && o.Pass == 1);
        Assert.Contains(plan.Ops, o => o.Kind == VectorOpKind.Scatter && o.Offset == 0 && o.Pass == 0);
    }

    [Fact]
    public void OneScatter_StaysALoadAddStore()
    {
        var plan = PlanOf(new AssignStmt(T, At(X, 0), null), AddInto(B, 1, Read(T)));
        Assert.NotNull(plan);
        Assert.Single(plan!.Ops, o => o.Kind == VectorOpKind.Scatter);
        Assert.DoesNotContain(plan.Ops, o => o.Kind == VectorOpKind.GatherLoad);
    }

    /// <summary>
    /// A loop written <c>i + 1 &lt; n</c> (or <c>2 + i &lt; n</c>) is vectorized as <c>i &lt; n − 1</c> is, its
    /// blocks below the bound less the constant computed in <c>long</c> (found by a new user's trial:
    /// such stencils stayed scalar, silently). LoopTests compare their results with the scalar loop's.
    /// </summary>
    [Theory]
    [InlineData("i + 1 < x.Length", "(long)(x.Length) - 1")]
    [InlineData("2 + i < x.Length", "(long)(x.Length) - 2")]
    public void ACounterPlusAConstantBelowTheBound_IsVectorized(string condition, string bound)
    {
        var text = Infrastructure.GeneratorRunner.Run($$"""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; {{condition}}; i++)
                    {
                        double d = x[i + 1] - x[i];
                        s += d * d;
                    }

                    return s;
                }
            }
            """).AssertCleanOutput().SingleGeneratedText;
        Assert.Contains($"Bound = {bound};", text, System.StringComparison.Ordinal);
        Assert.Contains("global::AutoDiffGen.VectorBlocks.ShiftIn(", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_with_a_constant_in_either_order_is_computed_once_and_others_stay()
    {
        // a·3 and 3·a are one product (with a constant operand the bits are the same in either
        // order); a·b and b·a stay two (both operands could be NaN, each with a payload of its own,
        // and which one the result carries depends on the order); a·3 twice is one.
        var a = new Var("a", "double");
        var b = new Var("b", "double");
        Expr Times(Expr left, Expr right) => new BinaryExpr(BinaryOp.Multiply, left, right, "double");
        Expr Plus(Expr left, Expr right) => new BinaryExpr(BinaryOp.Add, left, right, "double");
        var three = new ConstExpr(3, "double");
        var plan = PlanOf(
            new AssignStmt(a, At(X, 0), null),
            new AssignStmt(b, At(X, 1), null),
            new AssignStmt(T, Plus(Plus(Plus(Times(Read(a), three), Times(three, Read(a))), Plus(Times(Read(a), Read(b)), Times(Read(b), Read(a)))), Times(Read(a), three)), null));
        Assert.NotNull(plan);
        Assert.Equal(3, plan!.Ops.Count(o => o.Kind == VectorOpKind.Multiply));
    }

    /// <summary>The text of the member <paramref name="name"/> in the generated file (its signature to its closing brace).</summary>
    private static string Member(string generated, string name)
    {
        int start = generated.IndexOf(" " + name + "(", System.StringComparison.Ordinal);
        Assert.True(start >= 0, name + " is not generated");
        int end = generated.IndexOf("\n    }\n", start, System.StringComparison.Ordinal);
        return generated.Substring(start, end - start);
    }

    [Fact]
    public void A_gradient_whose_sweep_writes_a_span_first_in_gathered_blocks_does_not_clear_it_before()
    {
        // FirstTouch: Rosenbrock's dx is written first by the fused loop's gathered blocks (from zeros);
        // the loop clears what they do not store. Where code after the loop adds into the span first
        // (the reverse sweep runs it before the loop), the gradient clears and calls the pullback.
        var run = GeneratorRunner.Run("""
            using System;
            using AutoDiffGen;

            public static partial class Functions
            {
                [Differentiable]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double a = 1 - x[i];
                        double b = x[i + 1] - x[i] * x[i];
                        sum += a * a + 100 * b * b;
                    }

                    return sum;
                }

                [Differentiable]
                public static double Last(ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double d = x[i + 1] - x[i];
                        sum += d * d;
                    }

                    return sum + x[0];
                }
            }
            """);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        string text = run.SingleGeneratedText;
        string gradient = Member(text, "RosenbrockGradient");
        Assert.DoesNotContain("RosenbrockPullback(", gradient);
        Assert.Contains("dx: written first here", gradient);
        Assert.Contains("= global::System.Numerics.Vector<double>.Zero;", gradient);
        // Cleared: before the first block, from the last block's end on (both before the blocks), all where no block runs (the
        // else, and without .NET 8), and nowhere else.
        Assert.Equal(4, gradient.Split(new[] { ".Clear();" }, System.StringSplitOptions.None).Length - 1);
        Assert.Contains("dx.Slice(0, i_1).Clear();", gradient);
        Assert.Contains("dx.Slice(vectorized1Stored).Clear();", gradient);
        Assert.Contains("#else", gradient);
        // The pullback adds into what the span holds: it loads the blocks.
        string pullback = Member(text, "RosenbrockPullback");
        Assert.DoesNotContain(".Clear();", pullback);
        Assert.Contains("VectorBlocks.Load(xAdjoint, i_1)", pullback);

        string last = Member(text, "LastGradient");
        Assert.Contains("dx.Clear();", last);
        Assert.Contains("LastPullback(", last);
    }
}
