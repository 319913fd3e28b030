using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// The memory model of the simplification passes, in one place: what an element read depends on,
/// and what a statement's writes kill.
/// </summary>
/// <remarks>
/// <para>Memory is the elements of arrays and spans. A variable holding a view (a slice, an alias
/// <c>v = x</c>, a conversion between array and span types, either side of a choice, a tuple's
/// element) shares its <em>root</em> with the array it views, so a write through either is a
/// write to both. An element read of something that is not a variable (a field, a
/// call's result) has an unknown root.</para>
/// <list type="bullet">
/// <item>An element read <c>a[i]</c> depends on root(a).</item>
/// <item>A store or accumulation into <c>a[i]</c> kills every read of root(a) and every read of
/// unknown root.</item>
/// <item>A statement with a side effect (a call) may write any memory reachable from its arguments
/// or from elsewhere: it kills every element read.</item>
/// <item>A <c>[Differentiable]</c> call with span outputs (otherwise pure) kills every read of the
/// outputs' roots.</item>
/// <item>A <c>[Differentiable]</c> call reads every element of its array and span arguments.</item>
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
        var sources = new List<Var>();
        foreach (var statement in StatementWalker.All(body))
        {
            switch (statement)
            {
                case AssignStmt assign:
                    UnionWithSources(assign.Target, assign.Value, sources);
                    break;
                case DeconstructStmt { Value: TupleExpr tuple } deconstruct when tuple.Elements.Count == deconstruct.Targets.Count:
                    for (int i = 0; i < tuple.Elements.Count; i++)
                    {
                        UnionWithSources(deconstruct.Targets[i], tuple.Elements[i], sources);
                    }

                    break;
                case DeconstructStmt deconstruct:
                    // From a tuple variable: each target may be any array the tuple holds.
                    foreach (var target in deconstruct.Targets)
                    {
                        UnionWithSources(target, deconstruct.Value, sources);
                    }

                    break;
            }
        }
    }

    /// <summary>Puts <paramref name="target"/>, an array or span, in one class with every array its value may view.</summary>
    private void UnionWithSources(Var target, Expr value, List<Var> sources)
    {
        if (!MayHoldArray(target.Type))
        {
            return;
        }

        sources.Clear();
        ViewedArrays(value, sources);
        foreach (var source in sources)
        {
            Union(target, source);
        }
    }

    /// <summary>An array or span of reals, or a tuple that may hold one.</summary>
    private static bool MayHoldArray(string type)
        => Lowering.BodyLowerer.IsRealBuffer(type)
        || (type.StartsWith("(", System.StringComparison.Ordinal) && (type.Contains("[]") || type.Contains("Span<")));

    /// <summary>
    /// The array variables whose elements a value may be (a view of): an alias, a slice, a conversion
    /// between array and span types, either side of a choice (<c>c ? a : b</c>), the elements of a
    /// tuple, a tuple variable (which stands for the arrays it was built from).
    /// </summary>
    private static void ViewedArrays(Expr value, List<Var> into)
    {
        switch (value)
        {
            case VarExpr { Var: var source } when MayHoldArray(source.Type):
                into.Add(source);
                break;
            case TupleExpr tuple:
                foreach (var element in tuple.Elements)
                {
                    ViewedArrays(element, into);
                }

                break;
            case SliceExpr slice:
                ViewedArrays(slice.Array, into);
                break;
            case ConvertExpr conversion:
                ViewedArrays(conversion.Operand, into);
                break;
            case ConditionalExpr choice:
                ViewedArrays(choice.WhenTrue, into);
                ViewedArrays(choice.WhenFalse, into);
                break;
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
            else if (d is TemplateExpr template && IsElementTemplate(template))
            {
                // An element of an array of another type, or of a collection through its indexer.
                s.keys.Add(AnyElement);
                s.keys.Add(UnknownRoot);
            }
            else if (d is DifferentiableCallExpr call)
            {
                // A [Differentiable] callee may read every element of its real array and span
                // arguments, a local buffer among them (a span output too: a callee may read an
                // output before writing it; its writes are in AddWrites). Other arrays it takes
                // are [NoDerivative] data, which no one here writes.
                foreach (var argument in call.Arguments)
                {
                    if (MayHoldArray(argument.Type))
                    {
                        s.keys.Add(AnyElement);
                        s.keys.Add(argument is VarExpr array ? s.model.Root(array.Var) : UnknownRoot);
                    }
                }
            }

            return false;
        });

    /// <summary>
    /// The roots of the memory a method owns, which no call it makes can change: the arrays it
    /// differentiates and its span outputs (<paramref name="differentiated"/>: handing one to a call is
    /// ADG0006) and memory it makes (<see cref="IsFresh"/>), with their views.
    /// </summary>
    public HashSet<Var> OwnedRoots(IEnumerable<Stmt> body, IEnumerable<Var> differentiated)
    {
        var roots = new HashSet<Var>(differentiated.Select(Root));
        foreach (var statement in StatementWalker.All(body))
        {
            if (statement is AssignStmt { Value: var value } made && IsFresh(made.Target, value))
            {
                roots.Add(Root(made.Target));
            }
        }

        return roots;
    }

    /// <summary>Whether the elements <paramref name="array"/> (a variable, or a slice or conversion of one) names are in memory with a root in <paramref name="ownedRoots"/> (see <see cref="OwnedRoots"/>).</summary>
    public bool Owns(ISet<Var> ownedRoots, Expr array) => array switch
    {
        VarExpr v => ownedRoots.Contains(Root(v.Var)),
        SliceExpr slice => Owns(ownedRoots, slice.Array),
        ConvertExpr conversion => Owns(ownedRoots, conversion.Operand),
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="target"/> = <paramref name="value"/> makes memory here that no call
    /// can change: an array allocation (of reals: handing it to a call is ADG0006), or a collection
    /// created from its elements and held read-only (a constant table, <c>ReadOnlySpan&lt;double&gt; c = [1.5, 2]</c>).
    /// </summary>
    internal static bool IsFresh(Var target, Expr value)
        => Differentiation.ArrayPlumbing.IsAllocation(value)
        || (target.Type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal)
            && value is TemplateExpr { Repeatable: true, Segments: var segments } && segments.Count > 0
            && (segments[0].StartsWith("[", System.StringComparison.Ordinal) || segments[0].StartsWith("new ", System.StringComparison.Ordinal)));

    /// <summary>
    /// An element read written as a template, <c>a[i]</c> or <c>a[i, j]</c>: of an array of another
    /// element type (<c>int[]</c>), or of a collection through its indexer (<c>List&lt;double&gt;</c>).
    /// </summary>
    internal static bool IsElementTemplate(TemplateExpr t)
        => t.Segments.Count >= 3 && t.Segments[0].Length == 0 && t.Segments[1] == "[" && t.Segments[t.Segments.Count - 1] == "]" && t.Holes.Count == t.Segments.Count - 1;

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

                // A [Differentiable] call with span outputs writes them (its value is pure otherwise).
                foreach (var e in Cleanup.Expressions(statement))
                {
                    AddOutputWrites(e, killed);
                }

                break;
        }
    }

    /// <summary>Adds the roots of the span outputs that the <c>[Differentiable]</c> calls in <paramref name="e"/> write.</summary>
    private void AddOutputWrites(Expr e, ICollection<Var> killed)
    {
        if (!ExprWalker.Any(e, static d => d is DifferentiableCallExpr { HasOutputs: true }))
        {
            return;
        }

        var outputs = new List<Var>();
        OutputsWritten(e, outputs);
        foreach (var output in outputs)
        {
            killed.Add(Root(output));
        }

        killed.Add(UnknownRoot);
    }

    /// <summary>The arrays that the <c>[Differentiable]</c> calls in <paramref name="e"/> write as their span outputs (views included).</summary>
    internal static void OutputsWritten(Expr e, List<Var> into)
    {
        foreach (var call in ExprWalker.DescendantsAndSelf(e).OfType<DifferentiableCallExpr>())
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (call.IsOutput(i))
                {
                    ViewedArrays(call.Arguments[i], into);
                }
            }
        }
    }

    /// <summary>Whether a write to <paramref name="a"/> may change an element of <paramref name="b"/>.</summary>
    public bool MayAlias(Var a, Var b) => Root(a).Equals(Root(b));
}
