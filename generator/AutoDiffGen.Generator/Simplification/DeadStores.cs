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
/// <para>A loop's head is live with what its condition reads, what follows it, and (to a fixed
/// point) what its body reads before writing; <c>break</c> continues with what follows the loop,
/// <c>continue</c> with the head, <c>return</c> and <c>throw</c> with the method's live-out
/// variables. Like the other passes it keeps value code that may throw (so every member throws
/// where the original does) and anything with a side effect.</para>
/// <para>Live sets are bit sets over the body's variables, and each loop's head starts from its
/// last value when an enclosing loop is analysed again (heads only grow), so bodies with tens of
/// thousands of variables and deep nests stay linear in practice.</para>
/// </remarks>
internal sealed class DeadStores
{
    private readonly Dictionary<Var, int> index = new();
    private readonly Dictionary<LoopStmt, ulong[]> heads = new(ReferenceComparer.Instance);
    private readonly int words;

    private DeadStores(List<Stmt> body, ISet<Var> liveOut)
    {
        foreach (var statement in StatementWalker.All(body))
        {
            foreach (var target in Cleanup.Targets(statement))
            {
                Number(target);
            }

            foreach (var e in Cleanup.Expressions(statement))
            {
                foreach (var v in Cleanup.Reads(e))
                {
                    Number(v);
                }
            }
        }

        foreach (var v in liveOut)
        {
            Number(v);
        }

        words = (index.Count + 63) / 64;
    }

    public static List<Stmt> Remove(List<Stmt> body, ISet<Var> liveOut)
        => new DeadStores(body, liveOut).Run(body, liveOut);

    /// <summary>
    /// The variables live right after each loop of <paramref name="body"/> (keyed by the loop, by
    /// reference): what a later statement, a later iteration of an enclosing loop or the method's
    /// exit may read before assigning it.
    /// </summary>
    public static Dictionary<LoopStmt, HashSet<Var>> LiveAfterLoops(List<Stmt> body, ISet<Var> liveOut)
    {
        var pass = new DeadStores(body, liveOut) { afterLoops = new Dictionary<LoopStmt, ulong[]>(ReferenceComparer.Instance) };
        pass.Run(body, liveOut);
        var names = pass.index.OrderBy(e => e.Value).Select(e => e.Key).ToList();
        var result = new Dictionary<LoopStmt, HashSet<Var>>(ReferenceComparer.Instance);
        foreach (var entry in pass.afterLoops)
        {
            result[entry.Key] = new HashSet<Var>(names.Where((_, i) => Has(entry.Value, i)));
        }

        return result;
    }

    /// <summary>When asked for, the live set after each loop, as of the last (fixed-point) visit.</summary>
    private Dictionary<LoopStmt, ulong[]>? afterLoops;

    private List<Stmt> Run(List<Stmt> body, ISet<Var> liveOut)
    {
        var exit = Empty();
        foreach (var v in liveOut)
        {
            Set(exit, index[v]);
        }

        return Block(body, Copy(exit), new Jumps(exit, exit, exit), out _);
    }

    private sealed record Jumps(ulong[] Break, ulong[] Continue, ulong[] Exit);

    private void Number(Var v)
    {
        if (!index.ContainsKey(v))
        {
            index[v] = index.Count;
        }
    }

    private ulong[] Empty() => new ulong[words];

    private static ulong[] Copy(ulong[] bits) => (ulong[])bits.Clone();

    private static void Set(ulong[] bits, int i) => bits[i >> 6] |= 1UL << (i & 63);

    private static void Clear(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << (i & 63));

    private static bool Has(ulong[] bits, int i) => (bits[i >> 6] & (1UL << (i & 63))) != 0;

    private static void UnionWith(ulong[] bits, ulong[] other)
    {
        for (int k = 0; k < bits.Length; k++)
        {
            bits[k] |= other[k];
        }
    }

    private static bool SetEquals(ulong[] a, ulong[] b)
    {
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] != b[k])
            {
                return false;
            }
        }

        return true;
    }

    private void AddReads(Expr e, ulong[] live)
    {
        foreach (var v in Cleanup.Reads(e))
        {
            Set(live, index[v]);
        }
    }

    /// <param name="live">The variables live after the block (changed in place).</param>
    private List<Stmt> Block(IReadOnlyList<Stmt> block, ulong[] live, Jumps jumps, out ulong[] liveBefore)
    {
        var output = new List<Stmt>(block.Count);
        for (int k = block.Count - 1; k >= 0; k--)
        {
            var statement = block[k];
            switch (statement)
            {
                case AssignStmt a:
                {
                    int target = index[a.Target];
                    if (!Has(live, target) && Cleanup.IsPure(a.Value) && !(Cleanup.IsValueCode(a) && Cleanup.CanThrow(a.Value)))
                    {
                        continue;
                    }

                    Clear(live, target);
                    AddReads(a.Value, live);
                    break;
                }

                case AccumulateStmt a:
                {
                    int target = index[a.Target];
                    if (!Has(live, target) && Cleanup.IsPure(a.Value))
                    {
                        continue;
                    }

                    Set(live, target);
                    AddReads(a.Value, live);
                    break;
                }

                case DeconstructStmt d:
                    foreach (var target in d.Targets)
                    {
                        Clear(live, index[target]);
                    }

                    AddReads(d.Value, live);
                    break;
                case IfStmt i:
                {
                    var then = Block(i.Then, Copy(live), jumps, out var thenLive);
                    var @else = Block(i.Else, live, jumps, out var elseLive);
                    live = thenLive;
                    UnionWith(live, elseLive);
                    AddReads(i.Condition, live);
                    statement = i with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() };
                    break;
                }

                case LoopStmt l:
                {
                    var after = live;
                    if (afterLoops is not null)
                    {
                        afterLoops[l] = Copy(after);
                    }

                    var head = heads.TryGetValue(l, out var known) ? Copy(known) : Empty();
                    UnionWith(head, after);
                    AddReads(l.Condition, head);
                    List<Stmt> body;
                    while (true)
                    {
                        body = Block(l.Body, Copy(head), new Jumps(after, head, jumps.Exit), out var bodyLive);
                        var next = Copy(after);
                        AddReads(l.Condition, next);
                        UnionWith(next, bodyLive);
                        UnionWith(next, head);
                        if (SetEquals(next, head))
                        {
                            break;
                        }

                        head = next;
                    }

                    heads[l] = head;
                    live = Copy(head);
                    statement = l with { Body = body.ToEquatableArray() };
                    break;
                }

                case ReturnStmt r:
                    live = Copy(jumps.Exit);
                    AddReads(r.Value, live);
                    break;
                case ThrowStmt t:
                    live = Copy(jumps.Exit);
                    AddReads(t.Exception, live);
                    break;
                case BreakStmt:
                    live = Copy(jumps.Break);
                    break;
                case ContinueStmt:
                    live = Copy(jumps.Continue);
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
}
