using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// Replaces a loop that only counts by what it leaves: <c>while (j &lt; n) { p = p + 1; j = j + 1; }</c>
/// becomes <c>if (j &lt; n) { p = p + (n − j); j = n; }</c>. Reverse mode leaves such loops where it runs
/// an iteration again only for the counters it advances (ADBench GMM's <c>lparams</c>, advanced by
/// the inner loop of Qtimesx, which the reverse pass needs at the next row).
/// </summary>
/// <remarks>
/// A candidate: the condition <c>j &lt; bound</c> with <c>j</c> an <c>int</c> stepped by one and
/// <c>bound</c> pure and not assigned in the loop; a body of <c>int</c> assignments only, each a copy
/// or a variable plus a constant, every variable assigned once, every value following from the
/// values at the start of the iteration, and each variable it follows from stepped by a constant. The
/// trip count is then <c>bound − j</c>, and every variable's last value a closed form of it. The
/// arithmetic is <c>unchecked</c>: plain <c>+</c> in the IR wraps (a <c>checked</c> original is a
/// <c>checked(…)</c> template, never a candidate), and wrapping sums agree with the loop's modulo 2³².
/// </remarks>
internal static class CountingLoops
{
    public static List<Stmt> Collapse(IEnumerable<Stmt> block)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case LoopStmt loop when Closed(loop) is { } closed:
                    output.Add(closed);
                    break;
                case LoopStmt loop:
                    output.Add(loop with { Body = Collapse(loop.Body).ToEquatableArray() });
                    break;
                case IfStmt branch:
                    output.Add(branch with { Then = Collapse(branch.Then).ToEquatableArray(), Else = Collapse(branch.Else).ToEquatableArray() });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>The closed form of <paramref name="loop"/>, or null when it is not a counting loop.</summary>
    private static Stmt? Closed(LoopStmt loop)
    {
        if (loop.Condition is not BinaryExpr { Op: BinaryOp.Less, Left: VarExpr { Var: { Type: "int" } counter }, Right: var bound }
            || loop.Body.Count == 0 || loop.Body.Any(s => s is not AssignStmt { Target.Type: "int" }))
        {
            return null;
        }

        var assignments = loop.Body.Cast<AssignStmt>().ToList();
        var targets = new HashSet<Var>(assignments.Select(a => a.Target));
        if (targets.Count != assignments.Count || !Cleanup.IsPure(bound) || Cleanup.Reads(bound).Any(targets.Contains))
        {
            return null;
        }

        // Each value as (variable at the start of the iteration, constant added).
        var values = new Dictionary<Var, (Var Base, long Offset)>();
        (Var Base, long Offset)? Of(Expr e) => e switch
        {
            VarExpr { Var: var v } => values.TryGetValue(v, out var known) ? known : (v, 0),
            BinaryExpr { Op: BinaryOp.Add, Type: "int", Left: VarExpr l, Right: ConstExpr { Type: "int" } c } => Of(l) is { } x ? (x.Base, x.Offset + (long)c.Value) : null,
            BinaryExpr { Op: BinaryOp.Add, Type: "int", Left: ConstExpr { Type: "int" } c, Right: VarExpr r } => Of(r) is { } x ? (x.Base, x.Offset + (long)c.Value) : null,
            _ => null,
        };
        foreach (var assignment in assignments)
        {
            // Offsets within half the int range, so that offset − step and offset − 1 are int literals too.
            if (Of(assignment.Value) is not { } value || System.Math.Abs(value.Offset) > int.MaxValue / 2)
            {
                return null;
            }

            values[assignment.Target] = value;
        }

        // A variable assigned in the loop that another's value follows from must step by a constant.
        if (!values.TryGetValue(counter, out var step) || step != (counter, 1))
        {
            return null;
        }

        foreach (var value in values.Values)
        {
            if (targets.Contains(value.Base) && values[value.Base].Base != value.Base)
            {
                return null;
            }
        }

        // After n = bound − j ≥ 1 iterations: a stepped variable is b + n·s; a value following from b
        // is the last iteration's, b + (n − 1)·s + offset = b + n·s + (offset − s). Variables others
        // follow from go last, the counter very last, so that each value reads the entry values.
        var origin = loop.Origin;
        var trips = new BinaryExpr(BinaryOp.Subtract, bound, new VarExpr(counter), "int");
        Expr Plus(Expr e, long k) => k == 0 ? e : new BinaryExpr(k > 0 ? BinaryOp.Add : BinaryOp.Subtract, e, new ConstExpr(System.Math.Abs(k), "int"), "int");
        Expr Stepped(Var b, long s) => s == 0 ? new VarExpr(b) : new BinaryExpr(BinaryOp.Add, new VarExpr(b), s == 1 ? trips : new BinaryExpr(BinaryOp.Multiply, trips, new ConstExpr(s, "int"), "int"), "int");
        Expr Final(Var target)
        {
            var (b, offset) = values[target];
            long s = targets.Contains(b) ? values[b].Offset : 0;
            var value = !targets.Contains(b) ? Plus(new VarExpr(b), offset)
                : b.Equals(counter) ? Plus(bound, offset - 1)
                : target.Equals(b) ? Stepped(b, s)
                : Plus(Stepped(b, s), offset - s);
            return value is BinaryExpr ? Unchecked(value) : value;
        }

        var bases = new HashSet<Var>(values.Values.Select(v => v.Base).Where(targets.Contains));
        var order = assignments.Select(a => a.Target).Where(t => !bases.Contains(t))
            .Concat(assignments.Select(a => a.Target).Where(t => bases.Contains(t) && !t.Equals(counter)))
            .Concat(new[] { counter })
            .Distinct()
            .ToList();
        var then = order.Select(t => (Stmt)new AssignStmt(t, Final(t), origin)).ToEquatableArray();
        return new IfStmt(loop.Condition, then, EquatableArray<Stmt>.Empty, origin);
    }

    private static Expr Unchecked(Expr e)
        => new TemplateExpr(EquatableArray.Create("unchecked(", ")"), EquatableArray.Create(e), "int", HasSideEffects: false);
}
