using System;
using System.Collections.Generic;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>Pre-order enumeration of the statements of a body, nested blocks included.</summary>
internal static class StatementWalker
{
    /// <summary>Every statement of <paramref name="body"/> in pre-order, collected in one list.</summary>
    public static List<Stmt> All(IEnumerable<Stmt> body)
    {
        var all = new List<Stmt>();
        Any(body, all, static (statement, list) =>
        {
            list.Add(statement);
            return false;
        });
        return all;
    }

    /// <summary>
    /// Whether <paramref name="predicate"/> holds for a statement of <paramref name="body"/> at any
    /// depth, visited in pre-order and left as soon as it holds; without an iterator or an enumerator
    /// per nested block, and with the predicate's state passed in (a static lambda allocates no
    /// closure). Recursive only in the nesting of blocks, which the source's own nesting bounds.
    /// </summary>
    public static bool Any<TState>(IEnumerable<Stmt> body, TState state, Func<Stmt, TState, bool> predicate)
    {
        foreach (var statement in body)
        {
            if (Any(statement, state, predicate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="predicate"/> holds for <paramref name="statement"/> or a statement nested in it, in pre-order, stopping at the first.</summary>
    public static bool Any<TState>(Stmt statement, TState state, Func<Stmt, TState, bool> predicate)
    {
        if (predicate(statement, state))
        {
            return true;
        }

        return statement switch
        {
            IfStmt branch => AnyIn(branch.Then, state, predicate) || AnyIn(branch.Else, state, predicate),
            LoopStmt loop => AnyIn(loop.Body, state, predicate),
            _ => false,
        };
    }

    private static bool AnyIn<TState>(EquatableArray<Stmt> block, TState state, Func<Stmt, TState, bool> predicate)
    {
        foreach (var statement in block)
        {
            if (Any(statement, state, predicate))
            {
                return true;
            }
        }

        return false;
    }
}
