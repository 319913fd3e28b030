using System.Collections.Generic;

namespace AutoDiffGen.Generator.IR;

/// <summary>Pre-order enumeration of the statements of a body, nested blocks included.</summary>
internal static class StatementWalker
{
    public static IEnumerable<Stmt> All(IEnumerable<Stmt> body)
    {
        var stack = new Stack<IEnumerator<Stmt>>();
        stack.Push(body.GetEnumerator());
        while (stack.Count > 0)
        {
            var top = stack.Peek();
            if (!top.MoveNext())
            {
                stack.Pop();
                continue;
            }

            var statement = top.Current;
            yield return statement;
            if (statement is IfStmt branch)
            {
                stack.Push(((IEnumerable<Stmt>)branch.Else).GetEnumerator());
                stack.Push(((IEnumerable<Stmt>)branch.Then).GetEnumerator());
            }
            else if (statement is LoopStmt loop)
            {
                stack.Push(((IEnumerable<Stmt>)loop.Body).GetEnumerator());
            }
        }
    }
}
