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
        foreach (var assign in StatementWalker.All(body).OfType<AssignStmt>())
        {
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
        foreach (var d in ExprWalker.DescendantsAndSelf(e))
        {
            if (d is IndexExpr element)
            {
                yield return AnyElement;
                yield return element.Array is VarExpr array ? Root(array.Var) : UnknownRoot;
            }
        }
    }

    /// <summary>The memory keys the statements (at any depth) may write: what they kill.</summary>
    public IEnumerable<Var> Writes(IEnumerable<Stmt> statements)
    {
        var killed = new HashSet<Var>();
        foreach (var statement in StatementWalker.All(statements))
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
                    if (Cleanup.Expressions(statement).Any(x => !Cleanup.IsPure(x)))
                    {
                        killed.Add(AnyElement);
                    }

                    break;
            }
        }

        return killed;
    }

    /// <summary>Whether a write to <paramref name="a"/> may change an element of <paramref name="b"/>.</summary>
    public bool MayAlias(Var a, Var b) => Root(a).Equals(Root(b));
}
