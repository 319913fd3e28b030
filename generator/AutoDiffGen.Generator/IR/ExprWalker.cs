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
        var stack = new Stack<Expr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            var children = Children(e);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
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
