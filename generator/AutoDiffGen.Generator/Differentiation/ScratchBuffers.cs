using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Local buffers that are scratch space of one iteration of a loop: every iteration writes the whole
/// buffer before it reads any of it, so no value passes through the buffer from one iteration to
/// the next (ADBench's GMM: the centred point and its product with Q, written afresh for each point
/// and component).
/// </summary>
/// <remarks>
/// <para>Such a buffer does not stop the loop from being a reduction: running an iteration again,
/// in any order, writes and then reads the same values; its adjoint flows only within the
/// iteration (each element written consumes its adjoint, and every element is written). What an
/// iteration reads of it, it reads after the iteration's own full write.</para>
/// <para>A full write is a loop <c>for (v = 0; v &lt; n; v++) { … b[v] = e; … }</c> with n the
/// length the buffer was allocated with (or <c>b.Length</c>), the store at the top of its body, and
/// no read of b in it; so is a call that overwrites b whole (a span output its callee writes whole
/// first, <see cref="WritesWholeFirst"/>: a layer or a softmax per sample into one buffer). A loop
/// whose own iterations each fully write b before reading it also reads nothing from before it. The buffer must be allocated once, before the loop, used only by element
/// (no views, no calls but a <c>[Differentiable]</c> callee's), and not read after the loop (nor
/// before it in a loop around it), since there the last iteration's values would carry an adjoint
/// into the first one recomputed.</para>
/// <para>A <c>[Differentiable]</c> call reads the whole buffer passed to it, and its pullback reads
/// it again when the iteration is reversed, after the whole iteration has run again: so no write of
/// the buffer in the loop may come after such a call (later in the body, or in a loop around the
/// call inside this one, whose next iteration would come after it).</para>
/// </remarks>
internal sealed class ScratchBuffers
{
    private readonly Dictionary<Var, Expr> allocationLength = new();
    private readonly Dictionary<Var, int> allocatedAt = new();
    private readonly HashSet<Var> elementOnly = new();
    private readonly IReadOnlyDictionary<Var, int> assignmentCounts;
    private readonly Dictionary<Var, List<(int Position, List<LoopStmt> Loops)>> reads = new();
    private readonly Dictionary<Var, List<(int Position, List<LoopStmt> Loops)>> callReads = new();
    private readonly Dictionary<Var, List<(int Position, List<LoopStmt> Loops)>> stores = new();
    private readonly Dictionary<LoopStmt, (int Start, int End, List<LoopStmt> Enclosing)> loops = new(ReferenceComparer.Instance);
    private readonly Dictionary<LoopStmt, HashSet<Var>> cache = new(ReferenceComparer.Instance);
    private int position;

    public ScratchBuffers(IReadOnlyList<Stmt> body, IReadOnlyDictionary<Var, int> assignmentCounts)
    {
        this.assignmentCounts = assignmentCounts;
        var uses = new Dictionary<Var, (int All, int ByElement)>();
        foreach (var statement in StatementWalker.All(body))
        {
            if (statement is AssignStmt { Value: TemplateExpr { Holes.Count: 1 } allocation } assign
                && ArrayPlumbing.IsAllocation(allocation) && assignmentCounts.TryGetValue(assign.Target, out int count) && count == 1)
            {
                allocationLength[assign.Target] = allocation.Holes[0];
            }

            var expressions = statement is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(statement);
            foreach (var node in expressions.SelectMany(ExprWalker.DescendantsAndSelf))
            {
                if (node is DifferentiableCallExpr call)
                {
                    // A buffer passed whole to a callee's input (counted once more as by element, to
                    // balance its VarExpr): read whole at the call; or one the call overwrites whole.
                    foreach (var argument in CallArguments(call).Concat(OverwrittenArguments(call)))
                    {
                        var (all, element) = uses.TryGetValue(argument, out var u) ? u : (0, 0);
                        uses[argument] = (all, element + 1);
                    }
                }

                var (buffer, byElement) = node switch
                {
                    VarExpr v => (v.Var, false),
                    IndexExpr { Array: VarExpr a } => (a.Var, true),
                    _ when ArrayPlumbing.LengthOf(node) is { } measured => (measured, true),
                    _ => (null, false),
                };
                if (buffer is not null)
                {
                    var (all, element) = uses.TryGetValue(buffer, out var u) ? u : (0, 0);
                    uses[buffer] = byElement ? (all, element + 1) : (all + 1, element);
                }
            }
        }

        // Every mention is an element access or a length (each also counts its VarExpr once).
        elementOnly.UnionWith(uses.Where(u => u.Value.All == u.Value.ByElement).Select(u => u.Key));
        Visit(body, new List<LoopStmt>());
    }

    /// <summary>Whether the variable is a buffer allocated once in the method (<c>new T[n]</c>, <c>stackalloc T[n]</c>).</summary>
    public bool IsLocalBuffer(Var buffer) => allocationLength.ContainsKey(buffer);

    /// <summary>The local buffers that are scratch space of each iteration of <paramref name="loop"/> (a cached set: not to be changed).</summary>
    public IReadOnlyCollection<Var> Of(LoopStmt loop)
    {
        if (cache.TryGetValue(loop, out var known))
        {
            return known;
        }

        var result = new HashSet<Var>();
        if (loops.TryGetValue(loop, out var extent))
        {
            var inside = StatementWalker.All(loop.Body);
            var written = new HashSet<Var>(inside.OfType<StoreStmt>().Select(s => s.Array)
                .Concat(inside.OfType<EvaluateStmt>().Select(e => e.Value).OfType<DifferentiableCallExpr>().SelectMany(OverwrittenArguments)));
            foreach (var buffer in written.OrderBy(b => b.Name, System.StringComparer.Ordinal))
            {
                bool readsElsewhere = reads.TryGetValue(buffer, out var readsOfBuffer)
                    && readsOfBuffer.Any(r => !(r.Position > extent.Start && r.Position < extent.End) && !(r.Position < extent.Start && !r.Loops.Any(extent.Enclosing.Contains)));
                bool allocatedBefore = allocatedAt.TryGetValue(buffer, out int at) && at < extent.Start;
                if (allocatedBefore && elementOnly.Contains(buffer) && !readsElsewhere && !ReadsOf(loop.Condition, buffer) && WrittenBeforeRead(loop.Body, buffer)
                    && NoStoreAfterACall(buffer, extent.Start, extent.End, loop))
                {
                    result.Add(buffer);
                }
            }
        }

        cache[loop] = result;
        return result;
    }

    /// <summary>
    /// Whether every store into the buffer inside the loop (positions between start and end) comes
    /// before every call in it that reads the buffer, and outside every loop inside this one around
    /// such a call.
    /// </summary>
    private bool NoStoreAfterACall(Var buffer, int start, int end, LoopStmt loop)
    {
        if (!callReads.TryGetValue(buffer, out var calls) || !stores.TryGetValue(buffer, out var storedAt))
        {
            return true;
        }

        foreach (var (position, enclosing) in calls.Where(c => c.Position > start && c.Position < end))
        {
            var inner = enclosing.SkipWhile(l => !ReferenceEquals(l, loop)).Skip(1).Select(l => loops[l]).ToList();
            if (storedAt.Any(store => store.Position > start && store.Position < end
                                      && (store.Position > position || inner.Any(e => store.Position > e.Start && store.Position < e.End))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The variables a call passes as the arguments <paramref name="which"/> selects (by position).</summary>
    private static IEnumerable<Var> Arguments(DifferentiableCallExpr call, System.Func<int, bool> which)
        => call.Arguments.Select((a, i) => (a, i)).Where(p => which(p.i) && p.a is VarExpr).Select(p => ((VarExpr)p.a).Var);

    /// <summary>The buffers a call passes whole to its callee's inputs (not its span outputs).</summary>
    private static IEnumerable<Var> CallArguments(DifferentiableCallExpr call) => Arguments(call, i => !call.IsOutput(i));

    /// <summary>The span outputs a call overwrites whole (<see cref="DifferentiableCallExpr.Overwrites"/>).</summary>
    private static IEnumerable<Var> OverwrittenArguments(DifferentiableCallExpr call) => Arguments(call, call.Overwrites);

    /// <summary>A statement that is a call overwriting the whole buffer (a span output its callee writes whole first).</summary>
    private static bool IsOverwritingCall(Stmt statement, Var buffer)
        => statement is EvaluateStmt { Value: DifferentiableCallExpr call } && OverwrittenArguments(call).Contains(buffer);

    /// <summary>
    /// Whether a method's body writes every element of its span output <paramref name="output"/>
    /// before it reads any: a top-level loop <c>for (v = 0; v &lt; output.Length; v++) { … output[v] = e; … }</c>
    /// (or bounded by a local assigned once with <c>output.Length</c>, or by the length of a span that a
    /// guard before it checks equal, <c>if (x.Length != output.Length) throw …;</c>), or a call that overwrites it
    /// whole (it passes the output on to a callee that writes it whole: a layer stack's last layer)
    /// (the store unconditional, at the top of the loop's body; reads of <c>output[v]</c> after it in
    /// the same iteration), with nothing before it that reads, writes or passes on the output (its
    /// length aside) or returns. A caller may then pass a buffer holding anything: the call's results
    /// do not depend on it, and every element's old value (and its adjoint) is overwritten.
    /// </summary>
    public static bool WritesWholeFirst(IReadOnlyList<Stmt> body, Var output) => NotWrittenWholeFirst(body, output) is null;

    /// <summary>
    /// Why <see cref="WritesWholeFirst"/> does not hold, said of the body's first statement that
    /// uses the output (for ADG0006's message); null when it holds.
    /// </summary>
    public static string? NotWrittenWholeFirst(IReadOnlyList<Stmt> body, Var output)
    {
        // Locals that hold the output's length (int m = y.Length;, assigned once).
        var counts = Cleanup.AssignmentCounts(body);
        var lengths = new HashSet<Var>(StatementWalker.All(body).OfType<AssignStmt>()
            .Where(a => ArrayPlumbing.LengthOf(a.Value) is { } measured && measured.Equals(output) && counts.TryGetValue(a.Target, out int count) && count == 1)
            .Select(a => a.Target));
        // Spans a guard before the loop checks to have the output's length
        // (if (x.Length != y.Length) throw …;): a loop bounded by theirs writes it whole too.
        var sameLength = new HashSet<Var>();
        bool IsLength(Expr bound) => ArrayPlumbing.LengthOf(bound) is { } measured ? measured.Equals(output) || sameLength.Contains(measured) : bound is VarExpr v && lengths.Contains(v.Var);
        string name = output.Name.TrimStart('@');
        for (int index = 0; index < body.Count; index++)
        {
            if (LengthGuard(body[index], IsLength) is { } guarded)
            {
                sameLength.Add(guarded);
                continue;
            }

            string? loopProblem = FullWriteLoopProblem(body, index, output, IsLength, readsAfterStore: true);
            if (loopProblem is null || IsOverwritingCall(body[index], output))
            {
                return null;
            }

            var statements = StatementWalker.All(new[] { body[index] }).ToList();
            if (statements.Any(s => Touches(s, output)))
            {
                return loopProblem != NotACountingLoop ? loopProblem
                    : statements.Any(s => s is ReturnStmt) ? $"it may return before it writes every element of '{name}'"
                    : body[index] is LoopStmt ? $"its loop over '{name}' is not a loop for (int i = 0; i < {name}.Length; i++)"
                    : body[index] is EvaluateStmt { Value: DifferentiableCallExpr } ? $"it passes '{name}' to a call that is not seen to write it whole first"
                    : statements.Any(s => ReadsIn(s, output)) ? $"it reads '{name}' before it writes every element"
                    : $"it writes single elements of '{name}' ({name}[k] = …) before, or instead of, a loop over all of them";
            }

            if (statements.Any(s => s is ReturnStmt))
            {
                return $"it may return before it writes '{name}'";
            }
        }

        return $"it does not write '{name}' in a loop over all its elements";
    }

    /// <summary>
    /// The span <c>x</c> of a guard <c>if (x.Length != n) throw …;</c> (or <c>n != x.Length</c>), n the
    /// output's length by <paramref name="isLength"/>: past it, x has the output's length. Null for
    /// any other statement (a guard that may complete without throwing, one with an else).
    /// </summary>
    private static Var? LengthGuard(Stmt statement, System.Func<Expr, bool> isLength)
    {
        if (statement is not IfStmt { Condition: BinaryExpr { Op: BinaryOp.NotEqual, Left: var left, Right: var right }, Else.Count: 0, Then: { Count: > 0 } then }
            || then[then.Count - 1] is not ThrowStmt || StatementWalker.All(then).Any(s => s is ReturnStmt or BreakStmt or ContinueStmt))
        {
            return null;
        }

        return isLength(right) && ArrayPlumbing.LengthOf(left) is { } leftSpan ? leftSpan
            : isLength(left) && ArrayPlumbing.LengthOf(right) is { } rightSpan ? rightSpan
            : null;
    }

    /// <summary>Whether the statement (not its nested ones) writes, reads or mentions the buffer, other than asking its length.</summary>
    private static bool Touches(Stmt statement, Var buffer)
    {
        if (((statement as StoreStmt)?.Array ?? (statement as AccumulateElementStmt)?.Array) is { } stored && stored.Equals(buffer))
        {
            return true;
        }

        bool Mentions(Expr e) => ArrayPlumbing.LengthOf(e) is null && (e is VarExpr v ? v.Var.Equals(buffer) : ExprWalker.Children(e).Any(Mentions));
        return (statement is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(statement)).Any(Mentions);
    }

    /// <summary>Whether, in the block, every read of the buffer comes after a full write of it (or inside a loop whose iterations each do that).</summary>
    private bool WrittenBeforeRead(IReadOnlyList<Stmt> block, Var buffer)
    {
        for (int index = 0; index < block.Count; index++)
        {
            var statement = block[index];
            if (IsFullWrite(block, index, buffer) || IsOverwritingCall(statement, buffer))
            {
                return true;
            }

            // A loop whose iterations each write the buffer before reading it reads nothing from
            // before it (but leaves nothing written for sure: it may run no iteration).
            bool reads = StatementWalker.All(new[] { statement }).Any(s => ReadsIn(s, buffer));
            if (reads && !(statement is LoopStmt inner && !ReadsOf(inner.Condition, buffer) && WrittenBeforeRead(inner.Body, buffer)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>v = 0; while (v &lt; n) { … b[v] = e; … v = v + 1; }</c>, n the buffer's length, the store
    /// unconditional, no jump and no read of b in the loop.
    /// </summary>
    private bool IsFullWrite(IReadOnlyList<Stmt> block, int index, Var buffer)
        => IsFullWriteLoop(block, index, buffer, bound => ArrayPlumbing.LengthOf(bound) is { } measured && measured.Equals(buffer) || (bound.Equals(allocationLength[buffer]) && Constant(bound)), readsAfterStore: false);

    /// <summary>
    /// The loop of <see cref="IsFullWrite"/>, its bound the buffer's length by
    /// <paramref name="boundIsLength"/>; with <paramref name="readsAfterStore"/>, the body may read
    /// <c>b[v]</c> in the statements between the store and the step of the counter (the element this
    /// iteration has just written), and nowhere else.
    /// </summary>
    private static bool IsFullWriteLoop(IReadOnlyList<Stmt> block, int index, Var buffer, System.Func<Expr, bool> boundIsLength, bool readsAfterStore)
        => FullWriteLoopProblem(block, index, buffer, boundIsLength, readsAfterStore) is null;

    /// <summary>What <see cref="FullWriteLoopProblem"/> says of a statement that is no loop <c>while (v &lt; n)</c>.</summary>
    private const string NotACountingLoop = "not a counting loop";

    /// <summary>Why the statement is not the loop of <see cref="IsFullWriteLoop"/> (null when it is).</summary>
    private static string? FullWriteLoopProblem(IReadOnlyList<Stmt> block, int index, Var buffer, System.Func<Expr, bool> boundIsLength, bool readsAfterStore)
    {
        if (block[index] is not LoopStmt { Condition: BinaryExpr { Op: BinaryOp.Less, Left: VarExpr { Var: var counter }, Right: var bound } } loop)
        {
            return NotACountingLoop;
        }

        string name = buffer.Name.TrimStart('@');
        if (!boundIsLength(bound))
        {
            return $"its loop over '{name}' is not bounded by {name}.Length";
        }

        if (!StartsAtZero(block, index, counter) || ReadsOf(loop.Condition, buffer))
        {
            return $"its loop over '{name}' does not count from 0";
        }

        var inside = StatementWalker.All(loop.Body).ToList();
        if (inside.Any(s => s is BreakStmt or ContinueStmt or ReturnStmt))
        {
            return $"its loop over '{name}' may leave an iteration early (a break, continue or return)";
        }

        if (!readsAfterStore && inside.Any(s => ReadsIn(s, buffer)))
        {
            return $"its loop over '{name}' reads it";
        }

        // The counter: assigned once in the body, at its top level, to its successor v + 1 (a
        // variable assigned once); the store to b[v] at the top level before that.
        var counterWrites = inside.Where(s => Cleanup.Targets(s).Contains(counter)).ToList();
        int copyAt = -1;
        for (int k = 0; k < loop.Body.Count && counterWrites.Count == 1; k++)
        {
            if (ReferenceEquals(loop.Body[k], counterWrites[0]))
            {
                copyAt = k;
            }
        }

        bool steps = false;
        if (copyAt >= 0 && loop.Body[copyAt] is AssignStmt { Value: VarExpr next })
        {
            var nextWrites = inside.Where(s => Cleanup.Targets(s).Contains(next.Var)).ToList();
            steps = nextWrites.Count == 1 && nextWrites[0] is AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add, Left: VarExpr left, Right: ConstExpr { Value: 1 } } } && left.Var.Equals(counter);
        }

        if (!steps)
        {
            return $"its loop over '{name}' does not step its counter by 1 once in each iteration";
        }

        int storeAt = -1;
        for (int k = 0; k < copyAt && storeAt < 0; k++)
        {
            if (loop.Body[k] is StoreStmt store && store.Array.Equals(buffer) && store.Index is VarExpr at && at.Var.Equals(counter) && !ReadsIn(store, buffer))
            {
                storeAt = k;
            }
        }

        if (storeAt < 0)
        {
            return inside.Any(s => ReadsIn(s, buffer)) && inside.Any(s => s is StoreStmt store && store.Array.Equals(buffer))
                ? $"its loop over '{name}' updates its elements ({name}[i] += …) without writing them first"
                : $"its loop over '{name}' does not store {name}[i] in every iteration (a store in a branch or an inner loop, or at another index, may not reach every element)";
        }

        // Reads (where allowed) only of the element just written, between the store and the step.
        for (int k = 0; k < loop.Body.Count; k++)
        {
            bool between = k > storeAt && k < copyAt;
            foreach (var s in StatementWalker.All(new[] { loop.Body[k] }))
            {
                if (ReadsIn(s, buffer) && !(between && ReadsOnlyAt(s, buffer, counter)))
                {
                    return $"its loop over '{name}' reads elements of '{name}' other than the one it has just written, which may still hold the caller's values";
                }
            }
        }

        return null;
    }

    /// <summary>Whether every read of the buffer in the statement (not its nested ones) is <c>b[v]</c>, the counter's element, and none passes it whole.</summary>
    private static bool ReadsOnlyAt(Stmt statement, Var buffer, Var counter)
        => !(statement is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(statement)).Any(e => ExprWalker.Any(e, d =>
            d is IndexExpr { Array: VarExpr a } index && a.Var.Equals(buffer) && !(index.Index is VarExpr at && at.Var.Equals(counter))
            || d is DifferentiableCallExpr call && call.Arguments.Any(x => x is VarExpr v && v.Var.Equals(buffer))));

    /// <summary>A constant, a parameter or a local assigned once: the same value as when the buffer was allocated.</summary>
    private bool Constant(Expr e) => e switch
    {
        ConstExpr => true,
        VarExpr v => !assignmentCounts.TryGetValue(v.Var, out int count) || count <= 1,
        _ => false,
    };

    /// <summary>Whether the last assignment to the counter before the loop sets it to 0 (through one copy).</summary>
    private static bool StartsAtZero(IReadOnlyList<Stmt> block, int index, Var counter)
    {
        var current = counter;
        for (int k = index - 1; k >= 0; k--)
        {
            if (block[k] is AssignStmt assign && assign.Target.Equals(current))
            {
                switch (assign.Value)
                {
                    case ConstExpr { Value: 0 }:
                        return true;
                    case VarExpr source:
                        current = source.Var;
                        continue;
                    default:
                        return false;
                }
            }

            if (block[k] is not AssignStmt && StatementWalker.All(new[] { block[k] }).Any(s => Cleanup.Targets(s).Contains(current)))
            {
                return false;
            }
        }

        return false;
    }

    private static bool ReadsIn(Stmt statement, Var buffer)
        => (statement is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(statement)).Any(e => ReadsOf(e, buffer));

    private static bool ReadsOf(Expr e, Var buffer)
        => ExprWalker.Any(e, d => d is IndexExpr { Array: VarExpr a } && a.Var.Equals(buffer)
                                  || d is DifferentiableCallExpr call && call.Arguments.Any(x => x is VarExpr v && v.Var.Equals(buffer)));


    private static void AddAt(Dictionary<Var, List<(int Position, List<LoopStmt> Loops)>> into, Var buffer, int at, List<LoopStmt> enclosing)
    {
        if (!into.TryGetValue(buffer, out var list))
        {
            into[buffer] = list = new List<(int, List<LoopStmt>)>();
        }

        list.Add((at, enclosing));
    }

    private void Visit(IReadOnlyList<Stmt> block, List<LoopStmt> enclosing)
    {
        foreach (var statement in block)
        {
            int here = position++;
            foreach (var e in statement is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(statement))
            {
                foreach (var node in ExprWalker.DescendantsAndSelf(e))
                {
                    if (node is IndexExpr { Array: VarExpr a })
                    {
                        AddAt(reads, a.Var, here, enclosing);
                    }
                    else if (node is DifferentiableCallExpr call)
                    {
                        foreach (var argument in CallArguments(call))
                        {
                            AddAt(reads, argument, here, enclosing);
                            AddAt(callReads, argument, here, enclosing);
                        }
                    }
                }
            }

            if (((statement as StoreStmt)?.Array ?? (statement as AccumulateElementStmt)?.Array) is { } stored)
            {
                AddAt(stores, stored, here, enclosing);
            }
            else if (statement is EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer })
            {
                // A call writing span outputs stores into them.
                foreach (var output in Arguments(writer, writer.IsOutput))
                {
                    AddAt(stores, output, here, enclosing);
                }
            }

            if (statement is AssignStmt assign && allocationLength.ContainsKey(assign.Target))
            {
                allocatedAt[assign.Target] = here;
            }

            switch (statement)
            {
                case IfStmt branch:
                    Visit(branch.Then, enclosing);
                    Visit(branch.Else, enclosing);
                    break;
                case LoopStmt loop:
                    Visit(loop.Body, new List<LoopStmt>(enclosing) { loop });
                    loops[loop] = (here, position, enclosing);
                    break;
            }
        }
    }
}
