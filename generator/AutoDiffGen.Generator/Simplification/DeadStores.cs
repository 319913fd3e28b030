using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// Removes assignments whose value no later statement can read (a backward liveness analysis over
/// the structured body), where <see cref="Cleanup"/>'s dead-code pass keeps every variable that is
/// read anywhere. Reverse mode reuses a variable in several sweeps (<c>t1 = w[j]</c> in the forward
/// loop, again in the loop that runs it once more): an assignment in one sweep that only the other
/// sweep's reads would have used is dead here.
/// </summary>
/// <remarks>
/// A loop's head is live with what its condition reads, what follows it, and (to a fixed point)
/// what its body reads before writing; <c>break</c> continues with what follows the loop,
/// <c>continue</c> with the head, <c>return</c> and <c>throw</c> with the method's live-out
/// variables. Like the other passes it keeps value code that may throw (so every member throws
/// where the original does) and anything with a side effect.
/// </remarks>
internal static class DeadStores
{
    public static List<Stmt> Remove(List<Stmt> body, ISet<Var> liveOut)
    {
        var exit = new HashSet<Var>(liveOut);
        return Block(body, new HashSet<Var>(exit), new Jumps(exit, exit, exit), out _);
    }

    private sealed record Jumps(HashSet<Var> Break, HashSet<Var> Continue, HashSet<Var> Exit);

    /// <param name="live">The variables live after the block; on return, those live before it.</param>
    private static List<Stmt> Block(IReadOnlyList<Stmt> block, HashSet<Var> live, Jumps jumps, out HashSet<Var> liveBefore)
    {
        var output = new List<Stmt>(block.Count);
        for (int index = block.Count - 1; index >= 0; index--)
        {
            var statement = block[index];
            switch (statement)
            {
                case AssignStmt a:
                    if (!live.Contains(a.Target) && Cleanup.IsPure(a.Value) && !(Cleanup.IsValueCode(a) && Cleanup.CanThrow(a.Value)))
                    {
                        continue;
                    }

                    live.Remove(a.Target);
                    AddReads(a.Value, live);
                    break;
                case AccumulateStmt a:
                    if (!live.Contains(a.Target) && Cleanup.IsPure(a.Value))
                    {
                        continue;
                    }

                    live.Add(a.Target);
                    AddReads(a.Value, live);
                    break;
                case DeconstructStmt d:
                    live.ExceptWith(d.Targets);
                    AddReads(d.Value, live);
                    break;
                case IfStmt i:
                {
                    var then = Block(i.Then, new HashSet<Var>(live), jumps, out var thenLive);
                    var @else = Block(i.Else, new HashSet<Var>(live), jumps, out var elseLive);
                    live = thenLive;
                    live.UnionWith(elseLive);
                    AddReads(i.Condition, live);
                    statement = i with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() };
                    break;
                }

                case LoopStmt l:
                {
                    var after = live;
                    var head = new HashSet<Var>(after);
                    AddReads(l.Condition, head);
                    List<Stmt> body;
                    while (true)
                    {
                        body = Block(l.Body, new HashSet<Var>(head), new Jumps(after, head, jumps.Exit), out var bodyLive);
                        var next = new HashSet<Var>(after);
                        AddReads(l.Condition, next);
                        next.UnionWith(bodyLive);
                        if (next.SetEquals(head))
                        {
                            break;
                        }

                        head = next;
                    }

                    live = head;
                    statement = l with { Body = body.ToEquatableArray() };
                    break;
                }

                case ReturnStmt r:
                    live = new HashSet<Var>(jumps.Exit);
                    AddReads(r.Value, live);
                    break;
                case ThrowStmt t:
                    live = new HashSet<Var>(jumps.Exit);
                    AddReads(t.Exception, live);
                    break;
                case BreakStmt:
                    live = new HashSet<Var>(jumps.Break);
                    break;
                case ContinueStmt:
                    live = new HashSet<Var>(jumps.Continue);
                    break;
                default:
                    foreach (var e in Cleanup.Expressions(statement))
                    {
                        AddReads(e, live);
                    }

                    break;
            }

            output.Add(statement);
        }

        output.Reverse();
        liveBefore = live;
        return output;
    }

    private static void AddReads(Expr e, HashSet<Var> live) => live.UnionWith(Cleanup.Reads(e));
}
