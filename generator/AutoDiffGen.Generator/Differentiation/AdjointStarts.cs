using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Adjoints the reverse sweep starts at zero because a branch or loop adds into them: where only one
/// side of a branch touches such an adjoint (and nothing after the branch), its zero moves into that
/// side; and where the first statement to touch it adds into it, <c>x = 0; … x += e</c> becomes
/// <c>x = e</c>. The adjoint is then declared where it gets its first value, and no <c>0.0 + e</c>
/// is computed (derivative code: only the sign of a zero may differ, as in straight-line code).
/// Never into a loop, whose body runs more than once.
/// </summary>
internal static class AdjointStarts
{
    /// <summary>
    /// How many statements the pass may visit, in all (a body's walks repeat per nesting level):
    /// bodies past it (a switch whose continuation is copied into every section can reach millions
    /// of statements) are left as they are.
    /// </summary>
    private const int Budget = 50_000;

    public static List<Stmt> Move(List<Stmt> body, ISet<Var> adjoints)
    {
        var budget = new int[] { Budget };
        try
        {
            // How many statements touch each variable, in the whole body: a start moves into a
            // branch only when that branch and the start are all that touch it.
            var touches = new Dictionary<Var, int>();
            var touched = new HashSet<Var>();
            if (StatementWalker.Any(body, (touches, touched, budget), static (s, state) =>
                {
                    Spend(state.budget);
                    if (!IsKnown(s))
                    {
                        return true;
                    }

                    Touched(s, state.touched);
                    foreach (var v in state.touched)
                    {
                        state.touches[v] = state.touches.TryGetValue(v, out int n) ? n + 1 : 1;
                    }

                    return false;
                }))
            {
                return body;
            }

            return Move(body, adjoints, touches, touched, budget) ?? body;
        }
        catch (OutOfBudget)
        {
            return body;
        }
    }

    /// <returns>The block with the starts moved, or null when nothing in it moved.</returns>
    /// <param name="touched">A set to reuse for the variables of one statement.</param>
    private static List<Stmt>? Move(IReadOnlyList<Stmt> block, ISet<Var> adjoints, Dictionary<Var, int> touches, HashSet<Var> touched, int[] budget)
    {
        List<Stmt>? result = null;
        var starts = new HashSet<Var>();
        foreach (var statement in block)
        {
            if (IsStart(statement, adjoints, out var x))
            {
                starts.Add(x);
            }
        }

        if (starts.Count > 0)
        {
            // For each start variable, the statements of this block that touch it (at any depth),
            // and how many statements inside each: one walk of the block.
            var positions = new Dictionary<Var, List<(int Index, int Count)>>();
            var counts = new Dictionary<Var, int>();
            for (int k = 0; k < block.Count; k++)
            {
                counts.Clear();
                StatementWalker.Any(block[k], (starts, counts, touched, budget), static (s, state) =>
                {
                    Spend(state.budget);
                    Touched(s, state.touched);
                    foreach (var v in state.touched)
                    {
                        if (state.starts.Contains(v))
                        {
                            state.counts[v] = state.counts.TryGetValue(v, out int n) ? n + 1 : 1;
                        }
                    }

                    return false;
                });
                foreach (var pair in counts)
                {
                    if (!positions.TryGetValue(pair.Key, out var list))
                    {
                        positions[pair.Key] = list = new List<(int, int)>();
                    }

                    list.Add((k, pair.Value));
                }
            }

            result = block.ToList();
            var removed = new bool[block.Count];
            for (int i = 0; i < block.Count; i++)
            {
                if (!IsStart(result[i], adjoints, out var x))
                {
                    continue;
                }

                // The first statement after the start that touches x (the start itself is in the list).
                var list = positions[x];
                int at = list.FindIndex(p => p.Index > i);
                if (at < 0)
                {
                    continue;
                }

                int j = list[at].Index;
                if (result[j] is AccumulateStmt first && first.Target.Equals(x) && !Simplification.Cleanup.Mentions(first.Value, x))
                {
                    result[j] = new AssignStmt(x, first.Value, first.Origin);
                    removed[i] = true;
                    touches[x]--;
                }
                else if (result[j] is IfStmt branch && !Simplification.Cleanup.Mentions(branch.Condition, x) && 1 + list[at].Count == touches[x])
                {
                    bool inThen = Touches(branch.Then, x, budget);
                    bool inElse = Touches(branch.Else, x, budget);
                    if (inThen != inElse)
                    {
                        result[j] = inThen
                            ? branch with { Then = Prepend(result[i], branch.Then) }
                            : branch with { Else = Prepend(result[i], branch.Else) };
                        removed[i] = true;
                    }
                }
            }

            result = removed.Contains(true) ? result.Where((_, k) => !removed[k]).ToList() : null;
        }

        // The starts moved into a branch, and those already inside one, are moved within it.
        int count = result?.Count ?? block.Count;
        for (int i = 0; i < count; i++)
        {
            var statement = result?[i] ?? block[i];
            Stmt? changed = null;
            if (statement is IfStmt branch)
            {
                var then = Move(branch.Then, adjoints, touches, touched, budget);
                var otherwise = Move(branch.Else, adjoints, touches, touched, budget);
                if (then is not null || otherwise is not null)
                {
                    changed = branch with { Then = then?.ToEquatableArray() ?? branch.Then, Else = otherwise?.ToEquatableArray() ?? branch.Else };
                }
            }
            else if (statement is LoopStmt loop && Move(loop.Body, adjoints, touches, touched, budget) is { } body)
            {
                changed = loop with { Body = body.ToEquatableArray() };
            }

            if (changed is not null)
            {
                result ??= block.ToList();
                result[i] = changed;
            }
        }

        return result;
    }

    private static bool IsStart(Stmt statement, ISet<Var> adjoints, out Var target)
    {
        target = (statement as AssignStmt)?.Target!;
        return statement is AssignStmt { Value: ConstExpr { Value: 0 } } && adjoints.Contains(target);
    }

    private static EquatableArray<Stmt> Prepend(Stmt statement, EquatableArray<Stmt> block)
    {
        var list = new List<Stmt>(block.Count + 1) { statement };
        list.AddRange(block);
        return list.ToEquatableArray();
    }

    /// <summary>The statements whose reads and writes <see cref="Simplification.Cleanup"/> can list (others stop the pass).</summary>
    private static bool IsKnown(Stmt s)
        => s is AssignStmt or DeconstructStmt or AccumulateStmt or IfStmt or ReturnStmt or ThrowStmt or EvaluateStmt or StoreStmt or AccumulateElementStmt or LoopStmt or BreakStmt or ContinueStmt;

    /// <summary>Whether a statement of <paramref name="block"/> reads or writes <paramref name="x"/>, at any depth.</summary>
    private static bool Touches(IEnumerable<Stmt> block, Var x, int[] budget)
        => StatementWalker.Any(block, (x, budget), static (s, state) =>
        {
            Spend(state.budget);
            return Simplification.Cleanup.AnyTarget(s, state.x, static (t, x) => t.Equals(x))
                || Simplification.Cleanup.AnyExpression(s, state.x, Simplification.Cleanup.Mentions);
        });

    private static void Spend(int[] budget)
    {
        if (--budget[0] < 0)
        {
            throw new OutOfBudget();
        }
    }

    private sealed class OutOfBudget : System.Exception
    {
    }

    /// <summary>Puts into <paramref name="touched"/> (cleared first) the variables one statement (not its nested blocks) reads or writes.</summary>
    private static void Touched(Stmt statement, HashSet<Var> touched)
    {
        touched.Clear();
        Simplification.Cleanup.AnyTarget(statement, touched, static (t, into) =>
        {
            into.Add(t);
            return false;
        });
        Simplification.Cleanup.AddReads(statement, touched);
    }
}
