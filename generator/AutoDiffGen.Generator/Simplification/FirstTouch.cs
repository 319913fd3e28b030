using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// A gradient clears each derivative span before its sweep adds into it. Where the first thing the
/// sweep does with such a span is a vectorized loop whose blocks load, add into and store the span
/// (gathered scatters, Rosenbrock's <c>dx[i]</c> and <c>dx[i + 1]</c>), the blocks can start from
/// zeros instead: the clear before the sweep, a pass over the whole span, goes, and the loop clears
/// only what its blocks do not store (the elements before the first block and from the end of the
/// last one on, or the whole span where no block runs). Every element then holds what it held with
/// the clear, bit for bit: a block's lanes start at +0, as the cleared elements would have.
/// </summary>
internal static class FirstTouch
{
    /// <summary>
    /// The gradient (a member with a sweep of its own, vectorized) with the clears its loops make
    /// unnecessary removed, or null when no clear can go.
    /// </summary>
    public static GeneratedMethod? Apply(GeneratedMethod gradient)
    {
        var body = gradient.Body.AsImmutableArray().ToList();
        bool changed = false;
        for (int k = 0; k < body.Count; k++)
        {
            if (ClearedSpan(body[k]) is not { } span)
            {
                continue;
            }

            // The first statement after the clear that mentions the span, at any depth; nothing before
            // it may leave the sweep (a return would skip the loop, and so the clear).
            int first = -1;
            for (int m = k + 1; m < body.Count && first < 0; m++)
            {
                if (StatementWalker.Any(new[] { body[m] }, 0, static (s, _) => s is ReturnStmt or BreakStmt or ContinueStmt))
                {
                    break;
                }

                if (StatementWalker.Any(new[] { body[m] }, span, static (s, v) => Mentions(s, v)))
                {
                    first = m;
                }
            }

            if (first < 0 || body[first] is not VectorPrologueStmt { Plan: { } plan } prologue || !WrittenFirst(plan, span, out int array))
            {
                continue;
            }

            body[first] = prologue with { Plan = plan with { Fresh = plan.Fresh.Concat(new[] { array }).ToEquatableArray() } };
            body.RemoveAt(k);
            k--;
            changed = true;
        }

        return changed ? gradient with { Body = body.ToEquatableArray() } : null;
    }

    /// <summary>
    /// Whether the plan's blocks store every element of <paramref name="span"/> they touch before
    /// anything else in the loop reads it: the span's only operations are one gathered block at a
    /// nonnegative offset without a base (loaded, added into, stored).
    /// </summary>
    private static bool WrittenFirst(VectorLoopPlan plan, Var span, out int array)
    {
        array = -1;
        for (int a = 0; a < plan.Arrays.Count; a++)
        {
            if (plan.Arrays[a].Array.Equals(span))
            {
                array = a;
            }
        }

        if (array < 0 || plan.Fresh.Contains(array))
        {
            return false;
        }

        int index = array;
        var ops = plan.Ops.Where(o => o.Array == index).ToList();
        return ops.Count(o => o.Kind == VectorOpKind.GatherLoad) == 1
            && ops.Count(o => o.Kind == VectorOpKind.GatherStore) == 1
            && ops.All(o => o.Kind is VectorOpKind.GatherLoad or VectorOpKind.GatherAdd or VectorOpKind.GatherStore && o.Base < 0 && o.Offset >= 0 && o.Pass == 0)
            && !PlanMentions(plan, span, index);
    }

    /// <summary>Whether the plan's scalar parts (its bound, bases and splats) or another of its arrays name <paramref name="span"/>.</summary>
    private static bool PlanMentions(VectorLoopPlan plan, Var span, int array)
        => Cleanup.Mentions(plan.Bound, span)
            || plan.Bases.Any(b => Cleanup.Mentions(b, span))
            || plan.Ops.Any(o => o.Scalar is { } s && Cleanup.Mentions(s, span))
            || plan.Arrays.Where((a, i) => i != array).Any(a => a.Array.Equals(span));

    /// <summary>The span a top-level <c>span.Clear();</c> clears (a derivative span of the gradient), or null.</summary>
    private static Var? ClearedSpan(Stmt statement)
        => statement is EvaluateStmt { Value: var value } && Differentiation.ArrayPlumbing.ClearedBy(value) is { } v
            && v.Type.StartsWith("global::System.Span<", System.StringComparison.Ordinal)
                ? v
                : null;

    /// <summary>Whether one statement (not its nested blocks) names <paramref name="span"/>; true for a kind it does not know.</summary>
    private static bool Mentions(Stmt statement, Var span) => statement switch
    {
        VectorPrologueStmt { Plan: null } => false,
        VectorPrologueStmt { Plan: { } plan } => plan.Arrays.Any(a => a.Array.Equals(span)) || PlanMentions(plan, span, -1),
        AssignStmt or AccumulateStmt or DeconstructStmt or IfStmt or ReturnStmt or ThrowStmt or EvaluateStmt or StoreStmt or AccumulateElementStmt or LoopStmt or BreakStmt or ContinueStmt
            => Cleanup.Targets(statement).Contains(span) || Cleanup.AnyExpression(statement, span, static (e, v) => Cleanup.Mentions(e, v)),
        _ => true,
    };
}
