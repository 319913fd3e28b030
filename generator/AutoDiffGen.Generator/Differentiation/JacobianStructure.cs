using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Structure of a Jacobian that is known at compile time. An <em>element-wise</em> method is one
/// whose every output element depends only on the same element of each array input (and on the
/// scalar inputs): identity, scaling, w + x, w ⊗ x, x·eˣ. Each block of its Jacobian between an
/// output span and an array input is then diagonal, and one pushforward along all-ones (Curtis–
/// Powell–Reid seeding: all the columns of a block share one color, since no two of them have a
/// non-zero in the same row) gives the whole diagonal: one sweep per array input instead of one
/// per element.
/// </summary>
/// <remarks>
/// The shape proved, conservatively (anything else gets the dense strategy):
/// <list type="bullet">
/// <item>outputs are spans only (no returned real or tuple), and there is an active array;</item>
/// <item>one top-level loop; before it only inactive assignments and guards (branches that write
/// nothing active), after it only the return;</item>
/// <item>the loop has a counter c: an <c>int</c> carried from one iteration to the next only as
/// c + 1, so no two iterations see the same c; no other active value is carried, and no
/// active value computed before the loop is read in it (active scalar parameters aside);</item>
/// <item>in the loop, every element read of an active array or an output, and every store into an
/// output, is at index c exactly; no store into anything else active, no inner loop, no view
/// (slice, alias) of an active array, no call to a <c>[Differentiable]</c> method (which could read
/// every element).</item>
/// </list>
/// Then in iteration c the values read are the inputs' elements c, the scalars and the outputs'
/// elements c (written in that iteration, or the caller's values, whose derivative is zero), so
/// everything stored at c depends on elements c alone.
/// </remarks>
internal static class JacobianStructure
{
    public static bool IsElementwise(LoweredMethod method)
    {
        if (method.Outputs.Count > 0 || !method.HasSpanOutputs || !method.Parameters.Any(p => p.Role == ParameterRole.ActiveArray))
        {
            return false;
        }

        var parameters = method.Parameters.Where(p => p.Role != ParameterRole.Inactive).Select(p => new Var(p.Name, p.Type)).ToList();
        var active = Activity.ActiveVariables(method.Body, parameters);
        var arrays = new HashSet<Var>(method.Parameters.Where(p => p.Role is ParameterRole.ActiveArray or ParameterRole.Output).Select(p => new Var(p.Name, p.Type)));
        var outputs = new HashSet<Var>(method.Parameters.Where(p => p.Role == ParameterRole.Output).Select(p => new Var(p.Name, p.Type)));
        var scalars = new HashSet<Var>(method.Parameters.Where(p => p.Role == ParameterRole.ActiveScalar).Select(p => new Var(p.Name, p.Type)));

        // The active variables are the parameters and per-iteration values: nothing else (no local
        // buffer, no view, no value computed outside the loop).
        var body = method.Body;
        int loopAt = -1;
        for (int k = 0; k < body.Count; k++)
        {
            switch (body[k])
            {
                case LoopStmt when loopAt < 0:
                    loopAt = k;
                    break;
                case ReturnStmt { Value: TupleExpr { Elements.Count: 0 } } when k == body.Count - 1 && loopAt >= 0:
                    break;
                case Stmt s when loopAt < 0 && WritesNothingActive(s, active):
                    break;
                default:
                    return false;
            }
        }

        if (loopAt < 0 || loopAt != body.Count - 2)
        {
            return false;
        }

        var loop = (LoopStmt)body[loopAt];
        var inLoop = StatementWalker.All(loop.Body).ToList();
        var assignedInLoop = new HashSet<Var>(inLoop.OfType<AssignStmt>().Select(a => a.Target));
        var assignedBefore = new HashSet<Var>(body.Take(loopAt).OfType<AssignStmt>().Select(a => a.Target));
        var carried = assignedInLoop.Where(assignedBefore.Contains).ToList();
        if (carried.Any(active.Contains) || inLoop.Any(s => s is LoopStmt))
        {
            return false;
        }

        var counter = carried.FirstOrDefault(c => c.Type == "int" && IsCounter(c, inLoop, loop.Body));
        if (counter is null)
        {
            return false;
        }

        foreach (var statement in inLoop)
        {
            if (statement is StoreStmt store && (active.Contains(store.Array) || arrays.Contains(store.Array))
                && !(outputs.Contains(store.Array) && IsCounterRead(store.Index, counter)))
            {
                return false;
            }

            foreach (var e in Cleanup.Expressions(statement).SelectMany(ExprWalker.DescendantsAndSelf))
            {
                switch (e)
                {
                    case DifferentiableCallExpr or SliceExpr:
                        return false;
                    case IndexExpr { Array: VarExpr array } read when arrays.Contains(array.Var) && !IsCounterRead(read.Index, counter):
                        return false;
                    case VarExpr v when active.Contains(v.Var) && !arrays.Contains(v.Var) && !scalars.Contains(v.Var) && !assignedInLoop.Contains(v.Var):
                        return false;
                }
            }

            if (statement is AssignStmt { Value: var value } assignment && active.Contains(assignment.Target) && Activity.ViewSource(value, assignment.Target.Type) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the method reads an element of a span output (directly or through a view of it):
    /// what the caller passed in, or what the method wrote. A Jacobian's sweeps then each start from
    /// the caller's values. Conservative: any read counts, also one after a write.
    /// </summary>
    public static bool ReadsOutputs(LoweredMethod method)
    {
        var outputs = new HashSet<Var>(method.Parameters.Where(p => p.Role == ParameterRole.Output).Select(p => new Var(p.Name, p.Type)));
        bool changed = true;
        var statements = StatementWalker.All(method.Body).ToList();
        while (changed)
        {
            changed = false;
            foreach (var assign in statements.OfType<AssignStmt>())
            {
                if (!outputs.Contains(assign.Target) && Activity.ViewSource(assign.Value, assign.Target.Type) is { } viewed && outputs.Contains(viewed.Var))
                {
                    outputs.Add(assign.Target);
                    changed = true;
                }
            }
        }

        return statements.SelectMany(Cleanup.Expressions).SelectMany(ExprWalker.DescendantsAndSelf)
            .Any(e => e is IndexExpr { Array: VarExpr array } && outputs.Contains(array.Var));
    }

    private static bool IsCounterRead(Expr index, Var counter) => index is VarExpr { Var: var v } && v == counter;

    /// <summary>Every assignment of <paramref name="counter"/> in the loop is counter + 1 (directly, or through one variable holding it).</summary>
    private static bool IsCounter(Var counter, List<Stmt> inLoop, IEnumerable<Stmt> body)
    {
        bool IsIncrement(Expr e) => e is BinaryExpr { Op: BinaryOp.Add, Left: VarExpr { Var: var left }, Right: ConstExpr { Value: 1 } } && left == counter;
        var increments = new HashSet<Var>(inLoop.OfType<AssignStmt>().Where(a => IsIncrement(a.Value)).Select(a => a.Target));
        var counts = Cleanup.AssignmentCounts(body);
        return inLoop.OfType<AssignStmt>().Where(a => a.Target == counter)
            .All(a => IsIncrement(a.Value) || (a.Value is VarExpr { Var: var held } && increments.Contains(held) && counts.TryGetValue(held, out int n) && n == 1));
    }

    /// <summary>A statement before the loop: an inactive assignment, a throw, or a branch of such (a guard).</summary>
    private static bool WritesNothingActive(Stmt statement, HashSet<Var> active) => statement switch
    {
        AssignStmt a => !active.Contains(a.Target),
        ThrowStmt => true,
        IfStmt branch => branch.Then.All(s => WritesNothingActive(s, active)) && branch.Else.All(s => WritesNothingActive(s, active)),
        _ => false,
    };
}
