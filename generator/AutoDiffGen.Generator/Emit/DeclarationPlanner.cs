using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Decides where each local of a generated body is declared: at its first assignment when every
/// other use and assignment is in that block or nested inside it (the usual case), otherwise hoisted to the top of
/// the method with a default value (a variable merged from two branches, or a primal value the
/// reverse sweep reads in a later branch).
/// </summary>
internal sealed class DeclarationPlanner
{
    private readonly Dictionary<Var, (Stmt Statement, int Block)> first = new();
    private readonly HashSet<Var> hoisted = new();
    private readonly List<Var> hoistedInOrder = new();
    private readonly List<int> parents = new() { -1 };
    private readonly HashSet<string> parameters;

    public DeclarationPlanner(IEnumerable<Stmt> body, IEnumerable<string> parameterNames)
    {
        parameters = new HashSet<string>(parameterNames);
        Visit(body, 0);
    }

    /// <summary>Variables declared at the top of the method, in order of first use.</summary>
    public IReadOnlyList<Var> Hoisted => hoistedInOrder;

    /// <summary>Whether <paramref name="statement"/> is where <paramref name="target"/> is declared.</summary>
    public bool DeclaresAt(Var target, Stmt statement)
        => !hoisted.Contains(target) && first.TryGetValue(target, out var f) && ReferenceEquals(f.Statement, statement);

    private void Visit(IEnumerable<Stmt> block, int blockId)
    {
        foreach (var statement in block)
        {
            // Every variable the statement reads, in order, without collecting them first.
            Simplification.Cleanup.AnyExpression(statement, (planner: this, statement, blockId), static (e, s) => ExprWalker.Any(e, s, static (d, s2) =>
            {
                if (d is VarExpr v)
                {
                    s2.planner.Use(v.Var, s2.statement, s2.blockId, isDefinition: false);
                }

                return false;
            }));

            switch (statement)
            {
                case AssignStmt a:
                    Use(a.Target, statement, blockId, isDefinition: true);
                    break;
                case AccumulateStmt a:
                    Use(a.Target, statement, blockId, isDefinition: false);
                    break;
                case DeconstructStmt d:
                    foreach (var target in d.Targets)
                    {
                        Hoist(target);
                    }

                    break;
                case IfStmt i:
                    parents.Add(blockId);
                    Visit(i.Then, parents.Count - 1);
                    parents.Add(blockId);
                    Visit(i.Else, parents.Count - 1);
                    break;
                case LoopStmt l:
                    parents.Add(blockId);
                    Visit(l.Body, parents.Count - 1);
                    break;
            }
        }
    }

    private void Use(Var v, Stmt statement, int blockId, bool isDefinition)
    {
        if (parameters.Contains(v.Name) || hoisted.Contains(v))
        {
            return;
        }

        if (!first.TryGetValue(v, out var definition))
        {
            if (isDefinition)
            {
                first[v] = (statement, blockId);
            }
            else
            {
                Hoist(v);
            }

            return;
        }

        // A later use or definition outside the defining block needs the declaration to be visible
        // from both places; within it (a loop's update of its counter), the declaration at the
        // first definition is in scope.
        if (!IsWithin(blockId, definition.Block))
        {
            Hoist(v);
        }
    }

    private void Hoist(Var v)
    {
        if (hoisted.Add(v))
        {
            hoistedInOrder.Add(v);
        }
    }

    private bool IsWithin(int blockId, int ancestor)
    {
        for (int b = blockId; b >= 0; b = parents[b])
        {
            if (b == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
