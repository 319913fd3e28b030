using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// The memory model of the simplification passes, in one place: what an element read depends on,
/// and what a statement's writes kill.
/// </summary>
/// <remarks>
/// <para>Memory is the elements of arrays and spans. A variable holding a view (a slice, or an
/// alias <c>v = x</c>) shares its <em>root</em> with the array it views, so a write through
/// either is a write to both. An element read of something that is not a variable (a field, a
/// call's result) has an unknown root.</para>
/// <list type="bullet">
/// <item>An element read <c>a[i]</c> depends on root(a).</item>
/// <item>A store or accumulation into <c>a[i]</c> kills every read of root(a) and every read of
/// unknown root.</item>
/// <item>A statement with a side effect (a call) may write any memory reachable from its arguments
/// or from elsewhere: it kills every element read.</item>
/// </list>
/// Code is never moved across a statement that kills what it reads.
/// </remarks>
internal sealed class MemoryModel
{
    /// <summary>Stands for every element read (killed by a call).</summary>
    private static readonly Var AnyElement = new("<any element>", "");

    /// <summary>Stands for reads of unknown root (killed by any write).</summary>
    private static readonly Var UnknownRoot = new("<unknown root>", "");

    /// <summary>Union-find over array variables: a view and what it views are one class.</summary>
    private readonly Dictionary<Var, Var> parent = new();

    public MemoryModel(IEnumerable<Stmt> body)
    {
        foreach (var statement in StatementWalker.All(body))
        {
            if (statement is not AssignStmt assign)
            {
                continue;
            }

            switch (assign.Value)
            {
                case SliceExpr { Array: VarExpr whole }:
                    Union(assign.Target, whole.Var);
                    break;
                case VarExpr { Var: var source } when Lowering.BodyLowerer.IsRealBuffer(source.Type) && Lowering.BodyLowerer.IsRealBuffer(assign.Target.Type):
                    Union(assign.Target, source);
                    break;
            }
        }
    }

    /// <summary>The representative of the arrays a variable may share elements with.</summary>
    public Var Root(Var v)
    {
        while (parent.TryGetValue(v, out var up) && !up.Equals(v))
        {
            v = up;
        }

        return v;
    }

    private void Union(Var a, Var b)
    {
        var (ra, rb) = (Root(a), Root(b));
        if (!ra.Equals(rb))
        {
            parent[ra] = rb;
        }
    }

    /// <summary>The memory keys an expression's element reads depend on.</summary>
    public IEnumerable<Var> Reads(Expr e)
    {
        var keys = new List<Var>();
        AddReads(e, keys);
        return keys;
    }

    /// <summary>Adds the memory keys <paramref name="e"/>'s element reads depend on to <paramref name="keys"/>, in pre-order.</summary>
    public void AddReads(Expr e, ICollection<Var> keys)
        => ExprWalker.Any(e, (model: this, keys), static (d, s) =>
        {
            if (d is IndexExpr element)
            {
                s.keys.Add(AnyElement);
                s.keys.Add(element.Array is VarExpr array ? s.model.Root(array.Var) : UnknownRoot);
            }

            return false;
        });

    /// <summary>The memory keys the statements (at any depth) may write: what they kill.</summary>
    public IEnumerable<Var> Writes(IEnumerable<Stmt> statements)
    {
        var killed = new HashSet<Var>();
        StatementWalker.Any(statements, (model: this, killed), static (statement, s) =>
        {
            s.model.AddWrites(statement, s.killed);
            return false;
        });
        return killed;
    }

    /// <summary>Adds the memory keys one statement (not its nested blocks) may write to <paramref name="killed"/>.</summary>
    public void AddWrites(Stmt statement, ICollection<Var> killed)
    {
        switch (statement)
        {
            case StoreStmt store:
                killed.Add(Root(store.Array));
                killed.Add(UnknownRoot);
                break;
            case AccumulateElementStmt accumulate:
                killed.Add(Root(accumulate.Array));
                killed.Add(UnknownRoot);
                break;
            default:
                if (Cleanup.AnyExpression(statement, 0, static (x, _) => !Cleanup.IsPure(x)))
                {
                    killed.Add(AnyElement);
                }

                break;
        }
    }

    /// <summary>Whether a write to <paramref name="a"/> may change an element of <paramref name="b"/>.</summary>
    public bool MayAlias(Var a, Var b) => Root(a).Equals(Root(b));
}
