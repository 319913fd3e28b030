using System.Collections.Generic;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// Pre-order enumeration of an expression and its subexpressions, with an explicit stack (no
/// recursion, whatever the depth). The one place that knows each node's children.
/// </summary>
internal static class ExprWalker
{
    public static IEnumerable<Expr> DescendantsAndSelf(Expr root)
    {
        var all = new List<Expr>();
        Any(root, all, static (e, list) =>
        {
            list.Add(e);
            return false;
        });
        return all;
    }

    /// <summary>
    /// Whether <paramref name="predicate"/> holds for the expression or any subexpression, visited
    /// in pre-order and left as soon as it holds; without an enumerator, and without a stack for a
    /// leaf (the cleanup asks this of every value it looks at).
    /// </summary>
    public static bool Any(Expr root, System.Func<Expr, bool> predicate)
        => Any(root, predicate, static (e, p) => p(e));

    /// <summary>
    /// <see cref="Any(Expr, System.Func{Expr, bool})"/> with the predicate's state passed in, so that a
    /// static lambda allocates no closure; the stack is reused from one walk to the next (one per
    /// thread, and a fresh one for a walk nested in a predicate).
    /// </summary>
    public static bool Any<TState>(Expr root, TState state, System.Func<Expr, TState, bool> predicate)
    {
        if (predicate(root, state))
        {
            return true;
        }

        if (IsLeaf(root))
        {
            return false;
        }

        var stack = spareStack ?? new Stack<Expr>();
        spareStack = null;
        bool found = false;
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (predicate(e, state))
            {
                found = true;
                break;
            }

            PushChildren(stack, e);
        }

        stack.Clear();
        spareStack = stack;
        return found;
    }

    [System.ThreadStatic]
    private static Stack<Expr>? spareStack;

    private static bool IsLeaf(Expr e)
        => e is not (UnaryExpr or BinaryExpr or ConditionalExpr or ConvertExpr or MathExpr or DifferentiableCallExpr or TemplateExpr or IndexExpr or SliceExpr or TupleExpr);

    /// <summary>Pushes the children of <paramref name="e"/> last first, so they pop in evaluation order (as <see cref="Children"/> lists them).</summary>
    private static void PushChildren(Stack<Expr> stack, Expr e)
    {
        switch (e)
        {
            case UnaryExpr u:
                stack.Push(u.Operand);
                break;
            case BinaryExpr b:
                stack.Push(b.Right);
                stack.Push(b.Left);
                break;
            case ConditionalExpr c:
                stack.Push(c.WhenFalse);
                stack.Push(c.WhenTrue);
                stack.Push(c.Condition);
                break;
            case ConvertExpr c:
                stack.Push(c.Operand);
                break;
            case MathExpr m:
                PushAll(stack, m.Arguments);
                break;
            case DifferentiableCallExpr call:
                PushAll(stack, call.Arguments);
                break;
            case TemplateExpr t:
                PushAll(stack, t.Holes);
                break;
            case IndexExpr ix:
                stack.Push(ix.Index);
                stack.Push(ix.Array);
                break;
            case SliceExpr sl:
                PushAll(stack, sl.Arguments);
                stack.Push(sl.Array);
                break;
            case TupleExpr t:
                PushAll(stack, t.Elements);
                break;
        }
    }

    private static void PushAll(Stack<Expr> stack, Helpers.EquatableArray<Expr> items)
    {
        for (int i = items.Count - 1; i >= 0; i--)
        {
            stack.Push(items[i]);
        }
    }

    /// <summary>The direct subexpressions of <paramref name="e"/>, in evaluation order.</summary>
    public static IReadOnlyList<Expr> Children(Expr e) => e switch
    {
        UnaryExpr u => new[] { u.Operand },
        BinaryExpr b => new[] { b.Left, b.Right },
        ConditionalExpr c => new[] { c.Condition, c.WhenTrue, c.WhenFalse },
        ConvertExpr c => new[] { c.Operand },
        MathExpr m => m.Arguments,
        DifferentiableCallExpr call => call.Arguments,
        TemplateExpr t => t.Holes,
        IndexExpr ix => new[] { ix.Array, ix.Index },
        SliceExpr sl => Prepend(sl.Array, sl.Arguments),
        TupleExpr t => t.Elements,
        _ => System.Array.Empty<Expr>(),
    };

    private static Expr[] Prepend(Expr first, IReadOnlyList<Expr> rest)
    {
        var result = new Expr[rest.Count + 1];
        result[0] = first;
        for (int i = 0; i < rest.Count; i++)
        {
            result[i + 1] = rest[i];
        }

        return result;
    }
}
