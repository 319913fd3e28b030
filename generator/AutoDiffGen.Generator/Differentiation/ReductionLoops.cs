using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// What makes a loop a reduction, and what reverse mode needs to know about one.
/// </summary>
/// <remarks>
/// A loop is a reduction when every active value it carries from one iteration to the next is
/// only accumulated into (<c>s = s + e</c> or <c>s = s − e</c>) and read nowhere else in the loop.
/// Then ∂s_final/∂s_before = 1 for every iteration, so the adjoint of each accumulator is the same
/// in every iteration and the iterations can be reversed in any order. Reverse mode then needs no
/// tape: after the forward sweep, one more pass runs the loop again, recomputing each iteration and
/// propagating its adjoints right away (the shape of a hand-written gradient of a data loss). The
/// loop's other carried values (counters) are inactive and simply recomputed from their initial
/// values.
/// </remarks>
internal sealed class ReductionLoop
{
    private ReductionLoop(Dictionary<AssignStmt, Var> accumulations, HashSet<AssignStmt> copies, List<(Var Variable, Expr Initial)> counters, List<AssignStmt> counterCopies, bool writesBuffers, bool hasEffects, HashSet<Stmt> elementAccumulations)
    {
        ElementAccumulations = elementAccumulations;
        HasEffects = hasEffects;
        WritesBuffers = writesBuffers;
        Accumulations = accumulations;
        Copies = copies;
        Counters = counters;
        CounterCopies = counterCopies;
    }

    /// <summary>Each accumulation <c>s_new = s ± e</c>, with its accumulator s.</summary>
    public Dictionary<AssignStmt, Var> Accumulations { get; }

    /// <summary>
    /// The stores <c>b[k] = t ± e</c> after <c>t = b[k]</c> (<c>b[k] += e</c>), at any depth, into a local
    /// buffer the loop reads in no other way: like a scalar accumulation, b̄[k] passes e its adjoint
    /// and stays as it is, so the iterations can be reversed in any order; running one again must
    /// not add again, so they are reversed but not recomputed.
    /// </summary>
    public HashSet<Stmt> ElementAccumulations { get; }

    /// <summary>The end-of-iteration copies of all carried variables.</summary>
    public HashSet<AssignStmt> Copies { get; }

    /// <summary>The inactive carried variables with their values before the loop.</summary>
    public List<(Var Variable, Expr Initial)> Counters { get; }

    /// <summary>Whether an iteration has side effects (calls) that running it again would repeat.</summary>
    public bool HasEffects { get; }

    /// <summary>Whether the loop writes local buffers (whose adjoints flow back through it too).</summary>
    public bool WritesBuffers { get; }

    /// <summary>The end-of-iteration copies of the inactive carried variables.</summary>
    public List<AssignStmt> CounterCopies { get; }

    /// <summary>
    /// Classifies <paramref name="loop"/>, the statement at <paramref name="index"/> of
    /// <paramref name="block"/>; null when it is not a reduction (reverse mode then tapes it).
    /// </summary>
    /// <param name="scratch">The buffers that are scratch space of an iteration (<see cref="ScratchBuffers"/>).</param>
    /// <param name="scopes">
    /// The loops around this one whose iterations are run again one at a time, each followed at once
    /// by its reverse (recomputed or fused reductions): a scratch buffer of one of them is stable for
    /// this loop when that iteration does not write it after this loop.
    /// </param>
    public static ReductionLoop? Classify(IReadOnlyList<Stmt> block, int index, LoopStmt loop, ISet<Var> active, IReadOnlyDictionary<Var, int> methodCounts, BufferWrites bufferWrites, ScratchBuffers scratch, IReadOnlyList<LoopStmt> scopes)
    {
        var inside = StatementWalker.All(loop.Body).ToList();
        if (HasOwnJump(loop.Body) || inside.Any(s => s is ReturnStmt or ThrowStmt))
        {
            return null;
        }

        // Recomputing reads the buffers again: they must still hold what the loop read. A scratch
        // buffer of this loop's iterations is written again before it is read; one of the enclosing
        // recomputed iteration's must not be written after this loop within that iteration.
        var local = new HashSet<Var>(scratch.Of(loop));
        var (accumulated, elementAccumulations) = AccumulatedBuffers(loop, inside, scratch, bufferWrites.Memory);
        // Nor may a call after it have changed memory it reads that the method does not own.
        if (!bufferWrites.ElsewhereStableFor(loop) && inside.SelectMany(Cleanup.Expressions).Append(loop.Condition).Any(bufferWrites.ReadsElsewhere))
        {
            return null;
        }

        var readBuffers = new HashSet<Var>(inside.SelectMany(Cleanup.Expressions).Concat(new[] { loop.Condition }).SelectMany(BuffersRead));
        readBuffers.ExceptWith(accumulated);
        if (readBuffers.Any(b => !local.Contains(b) && !bufferWrites.StableFor(loop, b)
                                 && !scopes.Any(scope => scratch.Of(scope).Contains(b) && bufferWrites.StableWithin(loop, b, scope))))
        {
            return null;
        }

        var insideCounts = Cleanup.AssignmentCounts(loop.Body);
        var carried = insideCounts.Keys.Where(v => methodCounts.TryGetValue(v, out int total) && total > insideCounts[v]).ToList();

        // Every carried variable is assigned once in the loop: by its copy at the end of the body.
        var copies = new HashSet<AssignStmt>();
        var copyOf = new Dictionary<Var, AssignStmt>();
        foreach (var statement in loop.Body.Reverse())
        {
            if (statement is AssignStmt { Value: VarExpr } copy && carried.Contains(copy.Target) && !copyOf.ContainsKey(copy.Target))
            {
                copyOf[copy.Target] = copy;
                copies.Add(copy);
            }
            else
            {
                break;
            }
        }

        if (carried.Any(c => insideCounts[c] != 1 || !copyOf.ContainsKey(c)))
        {
            return null;
        }

        var reads = CountReads(inside, loop.Condition);
        var accumulations = new Dictionary<AssignStmt, Var>();
        foreach (var c in carried.Where(active.Contains))
        {
            var next = ((VarExpr)copyOf[c].Value).Var;
            var accumulation = loop.Body.OfType<AssignStmt>().FirstOrDefault(a => a.Target.Equals(next));
            bool isAccumulation = accumulation?.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b
                && (b.Left.Equals(new VarExpr(c)) ? !b.Right.Equals(new VarExpr(c)) : b.Op == BinaryOp.Add && b.Right.Equals(new VarExpr(c)));
            if (!isAccumulation || insideCounts.GetValueOrDefault(next) != 1 || reads.GetValueOrDefault(c) != 1 || reads.GetValueOrDefault(next) != 1)
            {
                return null;
            }

            accumulations[accumulation!] = c;
        }

        // Inactive carried values restart from their values before the loop.
        var counters = new List<(Var, Expr)>();
        var counterCopies = new List<AssignStmt>();
        foreach (var c in carried.Where(c => !active.Contains(c)).OrderBy(c => c.Name, System.StringComparer.Ordinal))
        {
            var initial = block.Take(index).OfType<AssignStmt>().LastOrDefault(a => a.Target.Equals(c));
            if (initial is null)
            {
                return null;
            }

            counters.Add((c, initial.Value));
            counterCopies.Add(copyOf[c]);
        }

        counterCopies = loop.Body.OfType<AssignStmt>().Where(counterCopies.Contains).ToList();
        local.UnionWith(accumulated);
        if (!StoresAreRecomputable(loop, inside, counters.Select(c => c.Item1), copyOf, local, bufferWrites.Memory))
        {
            return null;
        }

        // Running it again would run its calls again (a counter, a random number): only the fused
        // form, which runs each iteration once, may take it as a reduction.
        bool hasEffects = inside.SelectMany(Cleanup.Expressions).Concat(new[] { loop.Condition })
            .Any(e => !Cleanup.IsPure(e) && !ArrayPlumbing.IsAllocation(e));
        bool writesBuffers = inside.Any(s => s is StoreStmt store && (!local.Contains(store.Array) || accumulated.Contains(store.Array)));
        return new ReductionLoop(accumulations, copies, counters, counterCopies, writesBuffers, hasEffects, elementAccumulations);
    }

    /// <summary>
    /// The local buffers the loop only accumulates into (<see cref="ElementAccumulations"/>): every
    /// element read of b is some <c>t = b[k]</c> whose only use is <c>v = t ± e</c> (or <c>e + t</c>),
    /// whose only use is the store <c>b[k] = v</c> later in the same block, with nothing in between
    /// that changes k or writes b; and b is used in no other way in the loop.
    /// </summary>
    private static (HashSet<Var> Buffers, HashSet<Stmt> Stores) AccumulatedBuffers(LoopStmt loop, List<Stmt> inside, ScratchBuffers scratch, MemoryModel memory)
    {
        var stores = new HashSet<Stmt>(ReferenceComparer.Instance);
        var storesOf = new Dictionary<Var, int>();
        var reads = CountReads(inside, loop.Condition);
        void Visit(IReadOnlyList<Stmt> block)
        {
            for (int p = 0; p < block.Count; p++)
            {
                switch (block[p])
                {
                    case StoreStmt { Value: VarExpr { Var: var sum } } store when scratch.IsLocalBuffer(store.Array) && reads.GetValueOrDefault(sum) == 1:
                    {
                        int a = LastAssignment(block, p, sum);
                        if (a < 0 || block[a] is not AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } operation })
                        {
                            break;
                        }

                        var old = operation.Left is VarExpr left ? left.Var : null;
                        int r = old is null ? -1 : LastAssignment(block, a, old);
                        if ((r < 0 || !IsElementRead(block[r], store)) && operation.Op == BinaryOp.Add && operation.Right is VarExpr right)
                        {
                            old = right.Var;
                            r = LastAssignment(block, a, old);
                        }

                        if (r < 0 || !IsElementRead(block[r], store) || reads.GetValueOrDefault(old!) != 1)
                        {
                            break;
                        }

                        // Nothing between the read and the store changes the index or the buffer.
                        var indexVars = new HashSet<Var>(Cleanup.Reads(store.Index));
                        bool undisturbed = block.Skip(r + 1).Take(p - r - 1).SelectMany(s => StatementWalker.All(new[] { s }))
                            .All(s => !Cleanup.Targets(s).Any(indexVars.Contains) && !(s is StoreStmt other && other.Array.Equals(store.Array))
                                      && Cleanup.Expressions(s).All(Cleanup.IsPure));
                        if (undisturbed)
                        {
                            stores.Add(store);
                            storesOf[store.Array] = storesOf.GetValueOrDefault(store.Array) + 1;
                        }

                        break;
                    }

                    case IfStmt branch:
                        Visit(branch.Then);
                        Visit(branch.Else);
                        break;
                    case LoopStmt inner:
                        Visit(inner.Body);
                        break;
                }
            }
        }

        Visit(loop.Body);
        if (stores.Count == 0)
        {
            return (new HashSet<Var>(), stores);
        }

        // Each such buffer: stored to only by these, read only by their reads, mentioned nowhere else.
        var nodes = inside.SelectMany(s => s is StoreStmt store ? new[] { store.Index, store.Value } : Cleanup.Expressions(s))
            .Concat(new[] { loop.Condition }).SelectMany(ExprWalker.DescendantsAndSelf).ToList();
        // Nor is any other variable sharing its elements (a view, an alias) mentioned in the loop.
        var mentioned = new HashSet<Var>(nodes.OfType<VarExpr>().Select(v => v.Var).Concat(inside.OfType<StoreStmt>().Select(s => s.Array)));
        var buffers = new HashSet<Var>(storesOf.Keys.Where(b =>
            inside.OfType<StoreStmt>().Count(s => s.Array.Equals(b)) == storesOf[b]
            && nodes.Count(e => e is IndexExpr { Array: VarExpr a } && a.Var.Equals(b)) == storesOf[b]
            && nodes.Count(e => e is VarExpr v && v.Var.Equals(b)) == storesOf[b]
            && !mentioned.Any(other => !other.Equals(b) && memory.MayAlias(other, b))));
        stores.RemoveWhere(s => !buffers.Contains(((StoreStmt)s).Array));
        return (buffers, stores);
    }

    /// <summary>The index in the block of the last assignment to <paramref name="v"/> before <paramref name="before"/>, or −1.</summary>
    private static int LastAssignment(IReadOnlyList<Stmt> block, int before, Var v)
    {
        for (int k = before - 1; k >= 0; k--)
        {
            if (block[k] is AssignStmt assign && assign.Target.Equals(v))
            {
                return k;
            }
        }

        return -1;
    }

    private static bool IsElementRead(Stmt statement, StoreStmt store)
        => statement is AssignStmt { Value: IndexExpr { Array: VarExpr array } element } && array.Var.Equals(store.Array) && element.Index.Equals(store.Index);

    /// <summary>
    /// A loop that writes a buffer can be recomputed when running an iteration again writes the
    /// same values to the same places and no iteration overwrites another's: each write goes to
    /// <c>buffer[k]</c> with k a counter that steps by a non-zero constant, outside inner loops, and
    /// the loop never reads the buffers it writes (compared by memory root: through no view or alias
    /// either), and writes each root through one view only (two views of one buffer may overwrite each
    /// other's elements). Scratch buffers of an iteration (<paramref name="local"/>) are exempt: each
    /// iteration writes them whole before reading them.
    /// </summary>
    private static bool StoresAreRecomputable(LoopStmt loop, List<Stmt> inside, IEnumerable<Var> counters, Dictionary<Var, AssignStmt> copyOf, HashSet<Var> local, MemoryModel memory)
    {
        var stores = inside.OfType<StoreStmt>().Where(s => !local.Contains(s.Array)).ToList();
        if (stores.Count == 0)
        {
            return true;
        }

        var outsideInnerLoops = new HashSet<Stmt>(StoresOutsideInnerLoops(loop.Body), ReferenceComparer.Instance);
        var steppingCounters = new HashSet<Var>(counters.Where(c => StepsByConstant(loop, c, copyOf)));
        // By memory root: a read through a view or an alias of a written buffer reads it too, and
        // stores through two views of one buffer may overwrite each other's elements.
        var written = new HashSet<Var>(stores.Select(s => memory.Root(s.Array)));
        bool readsWritten = inside.SelectMany(Cleanup.Expressions).Concat(new[] { loop.Condition })
            .Any(e => ReadsElementOf(e, written, memory));
        bool oneViewEach = stores.Select(s => s.Array).Distinct().GroupBy(memory.Root).All(g => g.Count() == 1);
        return !readsWritten && oneViewEach && stores.All(s => outsideInnerLoops.Contains(s) && s.Index is VarExpr k && steppingCounters.Contains(k.Var));
    }

    private static IEnumerable<Stmt> StoresOutsideInnerLoops(IEnumerable<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case StoreStmt:
                    yield return statement;
                    break;
                case IfStmt i:
                    foreach (var s in StoresOutsideInnerLoops(i.Then).Concat(StoresOutsideInnerLoops(i.Else)))
                    {
                        yield return s;
                    }

                    break;
            }
        }
    }

    /// <summary>Whether the counter's next value is <c>k ± c</c>, c a non-zero constant.</summary>
    private static bool StepsByConstant(LoopStmt loop, Var counter, Dictionary<Var, AssignStmt> copyOf)
    {
        if (!copyOf.TryGetValue(counter, out var copy) || copy.Value is not VarExpr next)
        {
            return false;
        }

        var update = loop.Body.OfType<AssignStmt>().FirstOrDefault(a => a.Target.Equals(next.Var));
        return update?.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarExpr left, Right: ConstExpr step }
            && left.Var.Equals(counter) && step.Value != 0;
    }

    /// <summary>Whether <paramref name="e"/> reads an element, a slice or the length of an array whose memory root is in <paramref name="roots"/>.</summary>
    private static bool ReadsElementOf(Expr e, HashSet<Var> roots, MemoryModel memory)
        => ExprWalker.DescendantsAndSelf(e).Any(d => d switch
        {
            IndexExpr { Array: VarExpr a } => roots.Contains(memory.Root(a.Var)),
            SliceExpr { Array: VarExpr a } => roots.Contains(memory.Root(a.Var)),
            // A length does not change when elements are written (y[i] = … while i < y.Length).
            TemplateExpr length when ArrayPlumbing.LengthOf(length) is not null => false,
            TemplateExpr t => t.Holes.Any(h => h is VarExpr v && roots.Contains(memory.Root(v.Var))),
            _ => false,
        });

    /// <summary>The arrays and buffers <paramref name="e"/> reads elements or slices of.</summary>
    private static IEnumerable<Var> BuffersRead(Expr e)
        => ExprWalker.DescendantsAndSelf(e).SelectMany(d => d switch
        {
            IndexExpr { Array: VarExpr a } => new[] { a.Var },
            SliceExpr { Array: VarExpr a } => new[] { a.Var },
            // A callee reads its array arguments whole, and its pullback reads them again.
            DifferentiableCallExpr call => call.Arguments.OfType<VarExpr>().Select(v => v.Var).Where(v => Lowering.BodyLowerer.IsRealBuffer(v.Type)),
            _ => Enumerable.Empty<Var>(),
        });

    private static bool HasOwnJump(IEnumerable<Stmt> statements)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case BreakStmt or ContinueStmt:
                    return true;
                case IfStmt i when HasOwnJump(i.Then) || HasOwnJump(i.Else):
                    return true;
            }
        }

        return false;
    }

    private static Dictionary<Var, int> CountReads(IEnumerable<Stmt> statements, Expr condition)
    {
        var reads = new Dictionary<Var, int>();
        void Count(Expr e)
        {
            foreach (var v in Cleanup.Reads(e))
            {
                reads[v] = reads.GetValueOrDefault(v) + 1;
            }
        }

        Count(condition);
        foreach (var statement in statements)
        {
            foreach (var e in Cleanup.Expressions(statement))
            {
                Count(e);
            }
        }

        return reads;
    }
}

internal static class DictionaryExtensions
{
    public static int GetValueOrDefault(this IReadOnlyDictionary<Var, int> dictionary, Var key)
        => dictionary.TryGetValue(key, out int value) ? value : 0;
}

/// <summary>
/// Where each local buffer is written, in program order, to tell whether a loop that reads it can
/// be run again later (in the reverse sweep) and read the same values. Writes are kept by memory
/// root (<see cref="MemoryModel"/>): a write through a view or an alias is a write of every
/// variable that shares its elements.
/// </summary>
internal sealed class BufferWrites
{
    private readonly Dictionary<Var, List<(int Position, List<LoopStmt> Loops)>> writes = new();
    private readonly Dictionary<LoopStmt, (int Start, int End, List<LoopStmt> Enclosing)> loops = new(ReferenceComparer.Instance);
    private int position;

    /// <summary>Stands for all memory the method does not own: written by every call that may have an effect.</summary>
    private static readonly Var Elsewhere = new("<memory elsewhere>", "");

    private readonly HashSet<Var> ownRoots;

    /// <param name="differentiated">The array parameters the method differentiates and its span outputs (see <see cref="MemoryModel.OwnedRoots"/>).</param>
    public BufferWrites(IReadOnlyList<Stmt> body, MemoryModel memory, IEnumerable<Var> differentiated)
    {
        Memory = memory;
        ownRoots = memory.OwnedRoots(body, differentiated);
        Visit(body, new List<LoopStmt>());
    }

    /// <summary>
    /// Whether <paramref name="e"/> reads memory the method does not own (a field's array, a
    /// [NoDerivative] array, a call's result, a collection through its indexer), which any call that
    /// may have an effect can change.
    /// </summary>
    public bool ReadsElsewhere(Expr e)
        => ExprWalker.Any(e, this, static (d, self) => d switch
        {
            IndexExpr { Array: var array } => !self.Memory.Owns(self.ownRoots, array),
            TemplateExpr t => MemoryModel.IsElementTemplate(t),
            _ => false,
        });

    /// <summary>Whether no call that may have an effect comes after the loop, nor anywhere in a loop around it (see <see cref="StableFor"/>).</summary>
    public bool ElsewhereStableFor(LoopStmt loop) => StableFor(loop, Elsewhere);

    /// <summary>Which variables share elements (views, aliases).</summary>
    public MemoryModel Memory { get; }

    /// <summary>
    /// True when nothing writes <paramref name="buffer"/> after the loop, nor anywhere in a loop
    /// around it (whose next iteration would come after it).
    /// </summary>
    public bool StableFor(LoopStmt loop, Var buffer)
    {
        if (!writes.TryGetValue(Memory.Root(buffer), out var list))
        {
            return true;
        }

        if (!loops.TryGetValue(loop, out var extent))
        {
            return false;
        }

        return list.All(w => w.Position < extent.Start && !w.Loops.Any(extent.Enclosing.Contains));
    }

    /// <summary>Whether something inside the loop, at any depth, writes the buffer (or memory it shares); true for a loop not in the method's body.</summary>
    public bool WrittenWithin(LoopStmt loop, Var buffer)
        => !loops.ContainsKey(loop)
        || (writes.TryGetValue(Memory.Root(buffer), out var list) && list.Any(w => w.Loops.Any(l => ReferenceEquals(l, loop))));

    /// <summary>
    /// The same within one iteration of <paramref name="scope"/>, a loop around <paramref name="loop"/>
    /// whose iterations are each run again and reversed at once: no write of the buffer in that
    /// iteration comes after the loop or in a loop around it (inside the scope).
    /// </summary>
    public bool StableWithin(LoopStmt loop, Var buffer, LoopStmt scope)
    {
        if (!writes.TryGetValue(Memory.Root(buffer), out var list))
        {
            return true;
        }

        if (!loops.TryGetValue(loop, out var extent) || !extent.Enclosing.Contains(scope))
        {
            return false;
        }

        var inner = new HashSet<LoopStmt>(extent.Enclosing.SkipWhile(l => !ReferenceEquals(l, scope)).Skip(1), ReferenceComparer.Instance);
        return list.Where(w => w.Loops.Contains(scope)).All(w => w.Position < extent.Start && !w.Loops.Any(inner.Contains));
    }

    private void Visit(IEnumerable<Stmt> block, List<LoopStmt> enclosing)
    {
        foreach (var statement in block)
        {
            int here = position++;
            switch (statement)
            {
                case StoreStmt store:
                    Add(store.Array, here, enclosing);
                    break;
                case AccumulateElementStmt accumulate:
                    Add(accumulate.Array, here, enclosing);
                    break;
                case IfStmt branch:
                    AddEffects(branch.Condition, here, enclosing);
                    Visit(branch.Then, enclosing);
                    Visit(branch.Else, enclosing);
                    break;
                case LoopStmt loop:
                    var inner = new List<LoopStmt>(enclosing) { loop };
                    AddEffects(loop.Condition, here, inner);
                    Visit(loop.Body, inner);
                    loops[loop] = (here, position, new List<LoopStmt>(enclosing));
                    break;
                default:
                    foreach (var e in Cleanup.Expressions(statement))
                    {
                        AddOutputs(e, here, enclosing);
                        if (statement is not ThrowStmt && ExprWalker.Any(e, static d => Lowering.MethodLowerer.IsEffect(d)))
                        {
                            Add(Elsewhere, here, enclosing);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>A call in a condition that may have an effect writes memory elsewhere.</summary>
    private void AddEffects(Expr condition, int at, List<LoopStmt> enclosing)
    {
        if (ExprWalker.Any(condition, static d => Lowering.MethodLowerer.IsEffect(d)))
        {
            Add(Elsewhere, at, enclosing);
        }
    }

    /// <summary>The span outputs of the <c>[Differentiable]</c> calls in <paramref name="e"/>: the callee writes them.</summary>
    private void AddOutputs(Expr e, int at, List<LoopStmt> enclosing)
    {
        var outputs = new List<Var>();
        MemoryModel.OutputsWritten(e, outputs);
        foreach (var output in outputs)
        {
            Add(output, at, enclosing);
        }
    }

    private void Add(Var buffer, int at, List<LoopStmt> enclosing)
    {
        var root = Memory.Root(buffer);
        if (!writes.TryGetValue(root, out var list))
        {
            writes[root] = list = new List<(int, List<LoopStmt>)>();
        }

        list.Add((at, new List<LoopStmt>(enclosing)));
    }
}
