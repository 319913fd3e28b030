using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// Puts a <see cref="Vector{T}"/> part in front of the innermost loops of a generated member that are
/// element-wise arithmetic over unit-stride reads, adjoint scatters (<c>dw[j] += c * X[i * d + j]</c>)
/// and sums, and leaves every other loop scalar. Runs last, on the final IR.
/// </summary>
/// <remarks>
/// What a loop must look like, or it stays scalar (soundness first: anything not recognised fails):
/// <list type="bullet">
/// <item>condition <c>j &lt; bound</c>, <c>j</c> an <c>int</c> loop variable stepped by 1 at the end of the
/// body, <c>bound</c> loop-invariant; the body a flat list of assignments, accumulations and element
/// accumulations (no branch, call, store, nested loop, break or continue), ending with the loop
/// variables' updates;</item>
/// <item>every real value of one type T (<c>double</c> or <c>float</c>); arithmetic <c>+ − × ÷</c> and
/// negation, which <see cref="Vector{T}"/> does lane by lane exactly as scalar code does (the JIT
/// contracts nothing into fused multiply-adds);</item>
/// <item>reads <c>A[base + j + c]</c> of parameters, with <c>base</c> a loop-invariant variable, constant,
/// or one <c>+ − ×</c> of two; writes only <c>dA[base + j + c] += v</c> into output spans that the member
/// checks do not overlap any array it reads (so no read sees a write of the same loop), and that it
/// never reads;</item>
/// <item>other loop variables: sums <c>s = s + e</c> (also <c>s - e</c>), and adjoints <c>s += e</c> read
/// nowhere else in the body.</item>
/// </list>
/// Element-wise results and scatters are the scalar results exactly (a scatter adds the same terms
/// into each element, in another order only when several scatters hit one element). A primal sum is
/// added lane by lane in the scalar order, so every member still returns exactly what the method
/// returns (soundness rule 2); a derivative-only sum (adjoint or tangent) is kept as partial sums,
/// which changes only its summation order.
/// </remarks>
internal static class Vectorizer
{
    /// <param name="reorderSums">
    /// <c>[Differentiable(ReorderSums = true)]</c>: primal sums become partial sums per lane too (the
    /// user accepts a value that differs from the method's in summation order).
    /// </param>
    /// <param name="varDeclarations">Whether vector locals may be declared with <c>var</c> (see <see cref="LoweredMethod.VarIsKeyword"/>).</param>
    public static GeneratedMethod Apply(GeneratedMethod member, bool reorderSums = false, bool varDeclarations = false)
    {
        // Only a loop changes (Block): a body without one, at any depth, stays as it is, and the
        // context (every name of the body, its buffers) need not be built.
        if (member.Text.Count > 0 || !StatementWalker.Any(member.Body, 0, static (s, _) => s is LoopStmt))
        {
            return member;
        }

        var context = new Context(member) { ReorderSums = reorderSums, VarDeclarations = varDeclarations };
        var body = Block(member.Body, context, out bool changed);
        return changed ? member with { Body = body.ToEquatableArray() } : member;
    }

    private sealed class Context
    {
        public Context(GeneratedMethod member)
        {
            Parameters = new HashSet<string>(member.Parameters.Select(p => p.Name));
            foreach (var p in member.Parameters)
            {
                Names.Add(p.Name);
            }

            foreach (var statement in StatementWalker.All(member.Body))
            {
                Cleanup.AnyExpression(statement, Names, static (e, names) =>
                {
                    foreach (var v in Cleanup.Reads(e))
                    {
                        names.Add(v.Name);
                    }

                    return false;
                });
                switch (statement)
                {
                    case AssignStmt a:
                        Names.Add(a.Target.Name);
                        break;
                    case AccumulateStmt a:
                        Names.Add(a.Target.Name);
                        break;
                    case DeconstructStmt d:
                        foreach (var t in d.Targets)
                        {
                            Names.Add(t.Name);
                        }

                        break;
                    case IfStmt { Condition: var condition, Then: { Count: 1 } then } when then[0] is ThrowStmt:
                        CollectOverlapChecks(condition);
                        break;
                }
            }

            LocalBuffers = FreshBuffers(member.Body);
            body = member.Body.ToList();
        }

        private readonly List<Stmt> body;
        private Dictionary<LoopStmt, HashSet<Var>>? liveAfter;

        /// <summary>
        /// The variables live after <paramref name="loop"/> (a loop of the member's body as it came
        /// in), or null when it is not one; the member's parameters are live at its exit.
        /// </summary>
        public HashSet<Var>? LiveAfter(LoopStmt loop)
        {
            if (liveAfter is null)
            {
                var parameters = new HashSet<Var>();
                foreach (var statement in StatementWalker.All(body))
                {
                    parameters.UnionWith(Cleanup.Targets(statement).Where(v => Parameters.Contains(v.Name)));
                    foreach (var e in Cleanup.Expressions(statement))
                    {
                        parameters.UnionWith(Cleanup.Reads(e).Where(v => Parameters.Contains(v.Name)));
                    }
                }

                liveAfter = DeadStores.LiveAfterLoops(body, parameters);
            }

            return liveAfter.TryGetValue(loop, out var live) ? live : null;
        }

        public HashSet<string> Parameters { get; }

        public bool ReorderSums { get; init; }

        public bool VarDeclarations { get; init; }

        public HashSet<string> Names { get; } = new();

        /// <summary>
        /// Local buffers that share memory with nothing else: allocated by the member (<c>stackalloc</c>
        /// or <c>new</c>) in its one assignment, and otherwise only indexed, cleared or asked their length
        /// (never passed, copied, sliced or aliased), so no other array or span can see their elements.
        /// </summary>
        public HashSet<Var> LocalBuffers { get; }

        /// <summary>Names made by <see cref="Fresh"/> while a trial plan is made (null when none is), to be given back if it fails.</summary>
        public List<string>? Trial { get; set; }

        /// <summary>Output span → the arrays the member checks it does not overlap.</summary>
        public Dictionary<string, HashSet<string>> Disjoint { get; } = new();

        public int Loops { get; set; }

        /// <summary>Vector locals named so far (<c>vec1</c>, <c>vec2</c>, … across the member's loops).</summary>
        public int Vectors { get; set; }

        private void CollectOverlapChecks(Expr condition)
        {
            switch (condition)
            {
                case BinaryExpr { Op: BinaryOp.ConditionalOr } or:
                    CollectOverlapChecks(or.Left);
                    CollectOverlapChecks(or.Right);
                    break;
                case TemplateExpr { Holes.Count: 2, Segments: var segments } t
                    when segments[0].StartsWith("global::System.MemoryExtensions.Overlaps<", System.StringComparison.Ordinal)
                    && t.Holes[0] is VarExpr output && t.Holes[1] is VarExpr other:
                    if (!Disjoint.TryGetValue(output.Var.Name, out var set))
                    {
                        Disjoint[output.Var.Name] = set = new HashSet<string>();
                    }

                    set.Add(other.Var.Name);
                    break;
            }
        }

        public string Fresh(string stem)
        {
            string name = stem;
            for (int k = 2; !Names.Add(name); k++)
            {
                name = stem + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            Trial?.Add(name);
            return name;
        }

        /// <summary>
        /// A stem no name of the member begins with: the writer derives the loop's names from it
        /// (<c>vectorized1Bound</c>, <c>vectorized1End</c>, <c>vectorized1Ahead1</c>, …; found in review:
        /// a parameter named <c>vectorized1Bound</c> was declared twice).
        /// </summary>
        public string FreshPrefix(string stem)
        {
            string name = stem;
            for (int k = 2; Names.Any(n => n.StartsWith(name, System.StringComparison.Ordinal)); k++)
            {
                name = stem + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            Names.Add(name);
            Trial?.Add(name);
            return name;
        }

        /// <summary>Whether no write into <paramref name="written"/> can change an element of <paramref name="read"/> (another variable).</summary>
        public bool Separate(Var written, Var read)
            => !written.Equals(read)
            && (LocalBuffers.Contains(written) || LocalBuffers.Contains(read) || (Disjoint.TryGetValue(written.Name, out var disjoint) && disjoint.Contains(read.Name)));

        private static HashSet<Var> FreshBuffers(IEnumerable<Stmt> body)
        {
            var allocated = new HashSet<Var>();
            var escaped = new HashSet<Var>();
            var assignments = Cleanup.AssignmentCounts(body);
            foreach (var statement in StatementWalker.All(body))
            {
                if (statement is AssignStmt { Value: var value } a && ArrayPlumbing.IsAllocation(value) && ArrayPlumbing.ElementTypeOf(a.Target.Type) is not null)
                {
                    allocated.Add(a.Target);
                }

                if (statement is DeconstructStmt d)
                {
                    escaped.UnionWith(d.Targets);
                }

                switch (statement)
                {
                    // The array of a store or accumulation: an element write.
                    case StoreStmt store:
                        Escapes(store.Index, escaped);
                        Escapes(store.Value, escaped);
                        break;
                    case AccumulateElementStmt accumulation:
                        Escapes(accumulation.Index, escaped);
                        Escapes(accumulation.Value, escaped);
                        break;
                    default:
                        foreach (var e in Cleanup.Expressions(statement))
                        {
                            Escapes(e, escaped);
                        }

                        break;
                }
            }

            allocated.RemoveWhere(b => escaped.Contains(b) || !assignments.TryGetValue(b, out int n) || n != 1);
            return allocated;
        }

        /// <summary>Adds to <paramref name="escaped"/> each variable <paramref name="e"/> mentions other than as the array of an element read, a length or a clear.</summary>
        private static void Escapes(Expr e, HashSet<Var> escaped)
        {
            switch (e)
            {
                case VarExpr v:
                    escaped.Add(v.Var);
                    return;
                case IndexExpr { Array: VarExpr } read:
                    Escapes(read.Index, escaped);
                    return;
                case TemplateExpr t when ArrayPlumbing.LengthOf(t) is not null || ArrayPlumbing.ClearedBy(t) is not null:
                    return;
            }

            foreach (var child in ExprWalker.Children(e))
            {
                Escapes(child, escaped);
            }
        }
    }

    private static List<Stmt> Block(IEnumerable<Stmt> block, Context context, out bool changed)
    {
        changed = false;
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case IfStmt i:
                {
                    var then = Block(i.Then, context, out bool c1);
                    var @else = Block(i.Else, context, out bool c2);
                    if (c1 || c2)
                    {
                        changed = true;
                        output.Add(i with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() });
                    }
                    else
                    {
                        output.Add(i);
                    }

                    break;
                }

                case LoopStmt l:
                {
                    var plan = Plan(l, context, out string? note);
                    if (plan is not null || note is not null)
                    {
                        changed = true;
                        output.Add(new VectorPrologueStmt(plan, note ?? plan!.Reason, l.Origin));
                        output.Add(l);
                        break;
                    }

                    if (Normalized(l, context) is { } normalized)
                    {
                        changed = true;
                        output.AddRange(normalized.Before);
                        output.Add(new VectorPrologueStmt(normalized.Plan, normalized.Plan.Reason, l.Origin));
                        output.Add(normalized.Loop);
                        output.AddRange(normalized.After);
                        break;
                    }

                    var body = Block(l.Body, context, out bool c);
                    changed |= c;
                    output.Add(c ? l with { Body = body.ToEquatableArray() } : l);
                    break;
                }

                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>A loop rewritten so that it can be vectorized, with what runs before and after it.</summary>
    private sealed record Normal(List<Stmt> Before, LoopStmt Loop, List<Stmt> After, VectorLoopPlan Plan);

    /// <summary>
    /// The loop, rewritten, with a plan, when two rewrites make a plan possible (null otherwise, and
    /// nothing is kept of the attempt):
    /// <list type="bullet">
    /// <item>a second <c>int</c> counter stepped by one as the loop counter is (<c>l = l + 1</c> beside
    /// <c>j = j + 1</c>, Qtimesx's <c>lparams</c>) becomes <c>j + offset</c>, with <c>offset = l − j</c>
    /// before the loop and <c>l = j + offset</c> after it (in <c>unchecked</c>, so as exact as the
    /// wrapping original);</item>
    /// <item>an adjoint added into one element of a local buffer in every iteration (<c>x̄[i] += t</c>,
    /// <c>i</c> loop-invariant) is summed in a local first and added into the element after the loop
    /// when the loop ran: a derivative sum in another order. The element is read or written nowhere
    /// else in the loop, and no other variable sees the buffer. (Its index, were it out of range, would
    /// throw after the loop instead of in its first iteration; only this member's locals and derivative
    /// outputs differ then, never a value.)</item>
    /// </list>
    /// </summary>
    private static Normal? Normalized(LoopStmt loop, Context context)
    {
        if (loop.Condition is not BinaryExpr { Op: BinaryOp.Less, Left: VarExpr { Var: { Type: "int" } counter } }
            || loop.Body.Any(s => s is not (AssignStmt or AccumulateStmt or AccumulateElementStmt or StoreStmt)))
        {
            return null;
        }

        var before = new List<Stmt>();
        var after = new List<Stmt>();
        var body = loop.Body.ToList();
        var trial = context.Trial = new List<string>();
        int vectors = context.Vectors;
        try
        {
            var counts = Cleanup.AssignmentCounts(body);
            var unchecked1 = EquatableArray.Create("unchecked(", ")");
            foreach (var v in body.OfType<AssignStmt>().Select(a => a.Target).ToList())
            {
                // Found in the body as rewritten so far (an earlier substitution may have changed it).
                int at = body.FindIndex(s => s is AssignStmt a && a.Target.Equals(v));
                if (at < 0 || v.Type != "int" || v.Equals(counter) || counts[v] != 1 || !SteppedByOne(body, (AssignStmt)body[at], counts))
                {
                    continue;
                }

                var update = (AssignStmt)body[at];
                if (body.Skip(at + 1).Any(s => Cleanup.AnyExpression(s, v, static (e, x) => Cleanup.Mentions(e, x))) || Cleanup.Mentions(loop.Condition, v))
                {
                    continue;
                }

                var offset = new Var(context.Fresh(v.Name + "Offset"), "int");
                var position = new BinaryExpr(BinaryOp.Add, new VarExpr(counter), new VarExpr(offset), "int");
                before.Add(new AssignStmt(offset, new TemplateExpr(unchecked1, EquatableArray.Create<Expr>(new BinaryExpr(BinaryOp.Subtract, new VarExpr(v), new VarExpr(counter), "int")), "int", HasSideEffects: false), update.Origin));
                body.RemoveAt(at);
                body = Cleanup.SubstituteIn(body, new Dictionary<Var, Expr> { [v] = new TemplateExpr(unchecked1, EquatableArray.Create<Expr>(position), "int", HasSideEffects: false) });
                after.Add(new AssignStmt(v, new TemplateExpr(unchecked1, EquatableArray.Create<Expr>(position), "int", HasSideEffects: false), update.Origin));
            }

            var assigned = new HashSet<Var>(body.OfType<AssignStmt>().Select(a => a.Target));
            Var? ran = null;
            for (int k = 0; k < body.Count; k++)
            {
                if (body[k] is not AccumulateElementStmt { Array: var buffer, Index: var index } accumulation
                    || !context.LocalBuffers.Contains(buffer) || ArrayPlumbing.ElementTypeOf(buffer.Type) is not { } type
                    || Cleanup.Reads(index).Any(assigned.Contains) || !Cleanup.IsPure(index) || Cleanup.CanThrow(index)
                    || Cleanup.Mentions(loop.Condition, buffer) || body.Count(s => Cleanup.AnyExpression(s, buffer, static (e, x) => Cleanup.Mentions(e, x))) != 1)
                {
                    continue;
                }

                if (ran is null)
                {
                    ran = new Var(context.Fresh("ran" + counter.Name), "bool");
                    before.Add(new AssignStmt(ran, loop.Condition, loop.Origin));
                }

                var sum = new Var(context.Fresh(buffer.Name + "Sum"), type);
                before.Add(new AssignStmt(sum, ExprFactory.Const(0, type), accumulation.Origin));
                body[k] = new AccumulateStmt(sum, accumulation.Value, accumulation.Origin);
                after.Add(new IfStmt(new VarExpr(ran), EquatableArray.Create<Stmt>(accumulation with { Value = new VarExpr(sum) }), EquatableArray<Stmt>.Empty, accumulation.Origin));
            }

            var rewritten = loop with { Body = body.ToEquatableArray() };
            if (before.Count > 0 && Plan(rewritten, context, out _) is { } plan)
            {
                return new Normal(before, rewritten, after, plan);
            }
        }
        finally
        {
            context.Trial = null;
        }

        context.Names.ExceptWith(trial);
        context.Vectors = vectors;
        return null;
    }

    /// <summary>Whether <paramref name="update"/> is <c>v = w</c> with <c>w = v + 1</c> earlier in the body (each assigned once), or <c>v = v + 1</c>.</summary>
    private static bool SteppedByOne(List<Stmt> body, AssignStmt update, Dictionary<Var, int> counts)
    {
        var v = update.Target;
        var value = update.Value;
        if (value is VarExpr { Var: var w })
        {
            int at = body.IndexOf(update);
            var step = body.Take(at).OfType<AssignStmt>().FirstOrDefault(a => a.Target.Equals(w));
            if (step is null || !counts.TryGetValue(w, out int n) || n != 1)
            {
                return false;
            }

            value = step.Value;
        }

        return value is BinaryExpr { Op: BinaryOp.Add, Type: "int" } add
            && (add.Left is VarExpr { Var: var l } && l.Equals(v) && add.Right is ConstExpr { Value: 1 }
                || add.Right is VarExpr { Var: var r } && r.Equals(v) && add.Left is ConstExpr { Value: 1 });
    }

    /// <summary>What a body value is, per iteration.</summary>
    private abstract record Kind;

    /// <summary>The same in every iteration: the expression, over variables the loop does not assign.</summary>
    private sealed record Uniform(Expr Value) : Kind;

    /// <summary><c>base + j + offset</c>, an index.</summary>
    private sealed record Index(Expr? Base, int Offset) : Kind;

    /// <summary>A real that differs per iteration: held in vector local <paramref name="Name"/>.</summary>
    private sealed record Varying(string Name) : Kind;

    /// <summary><c>accumulator ± term</c>: the next value of a sum.</summary>
    private sealed record SumNext(Var Accumulator, Kind Term, bool Subtract) : Kind;

    private sealed class Fail : System.Exception
    {
    }

    private sealed class Builder
    {
        public Builder(Context context, Var counter, string type, HashSet<Var> assigned, HashSet<Var> carried)
        {
            Context = context;
            Counter = counter;
            Type = type;
            Assigned = assigned;
            Carried = carried;
        }

        public Context Context { get; }

        public Var Counter { get; }

        public string Type { get; }

        public HashSet<Var> Assigned { get; }

        public HashSet<Var> Carried { get; }

        public Dictionary<Var, Kind> Kinds { get; } = new();

        public List<VectorArray> Arrays { get; } = new();

        public List<Expr> Bases { get; } = new();

        public List<VectorOp> Ops { get; } = new();

        public List<VectorReduction> Reductions { get; } = new();

        public Dictionary<(int Array, int Base), (int Min, int Max)> Ranges { get; } = new();

        public HashSet<Var> Sums { get; } = new();

        /// <summary>The arrays the body stores or accumulates into.</summary>
        public HashSet<Var> Written { get; } = new();

        /// <summary>
        /// Element reads <c>t = A[j]</c> (and sums <c>s = t + v</c>) that only feed a store <c>A[j] = s</c>
        /// of the same element: with it, one scatter (<c>A[j] += v</c>, the same arithmetic in the same order).
        /// </summary>
        public HashSet<AssignStmt> Fused { get; } = new(ReferenceComparer.Instance);

        /// <summary>The term <c>v</c> each store adds to its element.</summary>
        public Dictionary<StoreStmt, Expr> Terms { get; } = new(ReferenceComparer.Instance);

        /// <summary>Each loop-invariant value in every lane, once.</summary>
        public Dictionary<Expr, string> Splats { get; } = new();

        public string NewVector() => Context.Fresh("vec" + (++Context.Vectors).ToString(System.Globalization.CultureInfo.InvariantCulture));

        public int ArrayIndex(Var array, bool written)
        {
            if (ArrayPlumbing.ElementTypeOf(array.Type) != Type || !(Context.Parameters.Contains(array.Name) || Context.LocalBuffers.Contains(array)))
            {
                throw new Fail();
            }

            for (int i = 0; i < Arrays.Count; i++)
            {
                if (Arrays[i].Array.Equals(array))
                {
                    if (written)
                    {
                        Arrays[i] = Arrays[i] with { Written = true };
                    }

                    return i;
                }
            }

            Arrays.Add(new VectorArray(array, written));
            return Arrays.Count - 1;
        }

        public int BaseIndex(Expr? value)
        {
            if (value is null)
            {
                return -1;
            }

            int at = Bases.IndexOf(value);
            if (at >= 0)
            {
                return at;
            }

            Bases.Add(value);
            return Bases.Count - 1;
        }

        public void Touch(int array, int @base, int offset)
        {
            Ranges[(array, @base)] = Ranges.TryGetValue((array, @base), out var r)
                ? (System.Math.Min(r.Min, offset), System.Math.Max(r.Max, offset))
                : (offset, offset);
        }

        /// <summary>The vector locals holding each arithmetic operation already in <see cref="Ops"/>, by kind and operands.</summary>
        private Dictionary<(VectorOpKind Kind, string A, string B), string> Computed { get; } = new();

        /// <summary>
        /// The vector local holding <c>a op b</c> (<c>−a</c> for a negation, with <paramref name="b"/>
        /// empty): one computed before, or a new operation. Every vector an operation reads is assigned
        /// once (the partial sums, which are added into, are read by no operation), so equal operations
        /// hold equal values. A sum or product with a constant (not NaN) is the same value with its
        /// operands swapped, bit for bit (a NaN result carries the other operand's payload either way):
        /// the constant goes first, so that 100·b and b·100 are one product.
        /// </summary>
        public string Arithmetic(VectorOpKind kind, string a, string b)
        {
            if (kind is VectorOpKind.Add or VectorOpKind.Multiply && IsConstant(b) && !IsConstant(a))
            {
                (a, b) = (b, a);
            }

            if (!Computed.TryGetValue((kind, a, b), out string? name))
            {
                Computed[(kind, a, b)] = name = NewVector();
                Ops.Add(new VectorOp(kind, name, a, b));
            }

            return name;
        }

        /// <summary>The splats of constants other than NaN (see <see cref="AsVector"/>).</summary>
        private HashSet<string> ConstantSplats { get; } = new();

        /// <summary>Whether a vector local is a constant other than NaN in every lane.</summary>
        private bool IsConstant(string vector) => ConstantSplats.Contains(vector);

        /// <summary>The vector local holding <paramref name="kind"/> (a real), splatting a uniform value.</summary>
        public string AsVector(Kind kind)
        {
            switch (kind)
            {
                case Varying v:
                    return v.Name;
                case Uniform u when u.Value.Type == Type:
                    if (!Splats.TryGetValue(u.Value, out string? name))
                    {
                        Splats[u.Value] = name = NewVector();
                        Ops.Add(new VectorOp(VectorOpKind.Splat, name, Scalar: u.Value));
                        if (u.Value is ConstExpr { Value: var constant } && !double.IsNaN(constant))
                        {
                            ConstantSplats.Add(name);
                        }
                    }

                    return name;
                default:
                    throw new Fail();
            }
        }
    }

    /// <summary>A plan for <paramref name="loop"/>, or null when it must stay scalar.</summary>
    /// <param name="note">
    /// Why a loop of the right shape stays scalar (a dependence through memory the vector part could
    /// not keep), for the generated comment; null for loops that are not candidates at all.
    /// </param>
    private static VectorLoopPlan? Plan(LoopStmt loop, Context context, out string? note)
    {
        note = null;
        if (Header(loop.Condition) is not var (counter, bound, blocksBound))
        {
            return null;
        }

        // A flat body: assignments, accumulations, element accumulations and stores only.
        if (loop.Body.Any(s => s is not (AssignStmt or AccumulateStmt or AccumulateElementStmt or StoreStmt)))
        {
            return null;
        }

        var assigned = new HashSet<Var>(loop.Body.OfType<AssignStmt>().Select(a => a.Target));
        if (!assigned.Contains(counter) || Cleanup.Reads(bound).Any(assigned.Contains) || !IsUniformInt(bound))
        {
            return null;
        }

        // The loop variables: assigned in the body and read in it before that (or in the condition).
        var carried = new HashSet<Var> { counter };
        var seen = new HashSet<Var>();
        foreach (var statement in loop.Body)
        {
            Cleanup.AnyExpression(statement, (seen, carried, assigned), static (e, s) =>
            {
                foreach (var v in Cleanup.Reads(e))
                {
                    if (s.assigned.Contains(v) && !s.seen.Contains(v))
                    {
                        s.carried.Add(v);
                    }
                }

                return false;
            });
            if (statement is AssignStmt a)
            {
                seen.Add(a.Target);
            }
        }

        string? type = null;
        foreach (var v in assigned.Concat(loop.Body.OfType<AccumulateStmt>().Select(a => a.Target)))
        {
            if (v.Type is "double" or "float")
            {
                if (type is not null && type != v.Type)
                {
                    return null;
                }

                type = v.Type;
            }
            else if (v.Type != "int")
            {
                return null;
            }
        }

        if (type is null)
        {
            return null;
        }

        var builder = new Builder(context, counter, type, assigned, carried);
        try
        {
            Translate(loop, builder);
        }
        catch (Fail)
        {
            return null;
        }

        if (!builder.Ops.Any(o => o.Kind is VectorOpKind.Scatter or VectorOpKind.Store or VectorOpKind.ReducePartial or VectorOpKind.ReduceOrdered))
        {
            return null;
        }

        // No read may see a write of another iteration: written arrays are output spans checked not to
        // overlap each array the loop reads, or local buffers no other variable sees; a local buffer
        // the loop reads and writes, or stores into, is touched at one index only in each iteration
        // (b̄[j] read, then set to 0), so each iteration sees only its own element.
        var streams = builder.Ops.Where(o => o.Kind is VectorOpKind.Load or VectorOpKind.Scatter or VectorOpKind.Store)
            .GroupBy(o => o.Array).ToDictionary(g => g.Key, g => g.Select(o => (o.Base, o.Offset)).Distinct().Count());
        for (int a = 0; a < builder.Arrays.Count; a++)
        {
            var written = builder.Arrays[a];
            if (!written.Written)
            {
                continue;
            }

            bool oneStream = streams[a] == 1 && context.LocalBuffers.Contains(written.Array);
            if (builder.Ops.Any(o => o.Kind == VectorOpKind.Store && o.Array == a) && !oneStream)
            {
                return null;
            }

            foreach (var read in builder.Ops.Where(o => o.Kind == VectorOpKind.Load).Select(o => builder.Arrays[o.Array].Array))
            {
                if (!context.Separate(written.Array, read) && !(read.Equals(written.Array) && oneStream))
                {
                    note = "not vectorized: the loop writes " + written.Array.Name + " and reads " + read.Name
                        + ", which may share memory with it, so an iteration could read what an earlier one wrote";
                    return null;
                }
            }
        }

        // A stream starts at its element for j = 0, which must not lie before the array (x[j - 1] with
        // no base stays scalar).
        if (builder.Ranges.Any(r => r.Key.Base < 0 && r.Value.Min < 0))
        {
            note = "not vectorized: it reads an element before the counter (" + builder.Arrays[builder.Ranges.First(r => r.Key.Base < 0 && r.Value.Min < 0).Key.Array].Array.Name + "[j - k]) with no row offset";
            return null;
        }

        // Scatters into one array at offsets within 16 bytes (dx[i] and dx[i + 1]) are gathered into one
        // load and store of each block; along other streams, they run in passes of their own (one stream
        // per array in each) before the main pass over the blocks, the largest offset first: the scalar
        // order either way when the streams differ only in their offset.
        var ops = Passes(Gather(builder), context.Fresh, out bool reordered);
        if (ops.Any(o => o.Pass > 0 && o.Kind == VectorOpKind.Load && builder.Arrays[o.Array].Written))
        {
            // An earlier pass runs before the main pass's blocks: it would load what they have not stored yet.
            note = "not vectorized: a scatter at a second index needs an array the loop writes, which a pass of its own over the blocks would read before the main pass wrote it";
            return null;
        }

        if (ops.Any(o => o.Pass > 0 && o.Kind == VectorOpKind.Scatter && ops.Any(l => l.Kind is VectorOpKind.Load or VectorOpKind.Store && l.Array == o.Array)))
        {
            // The main pass would read (or overwrite) an array after the other passes' scatters into it, not between them.
            note = "not vectorized: it reads or stores an array it also adds into at a second index";
            return null;
        }

        context.Loops++;
        string prefix = context.FreshPrefix("vectorized" + context.Loops.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var orders = new List<string>();
        if (builder.Reductions.Count > 0)
        {
            orders.Add((context.ReorderSums ? "sums (ReorderSums = true: " : "derivative sums (") + string.Join(", ", builder.Reductions.Select(r => r.Accumulator.Name)) + ") as partial sums per lane");
        }

        if (reordered)
        {
            orders.Add("the scatters at indices with different row offsets into one array (" + string.Join(", ", ops.Where(o => o.Kind == VectorOpKind.Scatter && o.Pass > 0).Select(o => builder.Arrays[o.Array].Array.Name).Distinct())
                + ") in passes of their own over the blocks, so into an element in another order");
        }

        string reason = "vectorized: Vector<" + type + "> blocks, then the loop below; "
            + (orders.Count == 0 ? "the scalar loop's results exactly" : "adds " + string.Join(" and ", orders) + ": the last bits of those may differ (summation order only)");
        // The blocks may run through the last iteration when the scalar loop's own variables (all but
        // the counter and the sums the blocks keep) are not read after the loop: the scalar loop then
        // runs none of its iterations only when nothing would see that it did not.
        var kept = new HashSet<Var>(builder.Reductions.Select(r => r.Accumulator).Concat(ops.Where(o => o.Accumulator is not null).Select(o => o.Accumulator!))) { counter };
        bool throughLast = context.LiveAfter(loop) is { } live && !assigned.Any(v => !kept.Contains(v) && live.Contains(v));
        return new VectorLoopPlan(
            counter,
            blocksBound,
            type,
            builder.Arrays.ToEquatableArray(),
            builder.Bases.ToEquatableArray(),
            ops.ToEquatableArray(),
            builder.Reductions.ToEquatableArray(),
            builder.Ranges.Select(r => new VectorRangeCheck(r.Key.Array, r.Key.Base, r.Value.Min, r.Value.Max)).ToEquatableArray(),
            prefix,
            reason,
            context.VarDeclarations,
            throughLast);
    }

    /// <summary>
    /// The body's operations with the scatters into an array gathered, where that is exact: each block
    /// of the array is loaded once, gets the terms of every scatter into it in the scalar loop's order,
    /// and is stored once, instead of one load-add-store per scatter (and a pass of its own for each
    /// further offset). For an array whose scatters (two or more) all have one base and offsets within
    /// 16 bytes of each other (so within one vector, of at least 16 bytes, whatever its width), and that
    /// the body neither loads nor stores otherwise (nothing in it could see the order of the adds):
    /// the block is the one at the smallest offset o; element e gets, in the scalar order, the terms of
    /// iteration e − o − k of the scatters at offset o + k, from the largest k (the earliest iteration)
    /// down, those of one offset in the body's order. A term k lanes on comes from this block's values
    /// moved k lanes up, the first k lanes from the previous block's (see <see cref="VectorOpKind.GatherAdd"/>).
    /// Other arrays' scatters are left to <see cref="Passes"/>.
    /// </summary>
    private static List<VectorOp> Gather(Builder builder)
    {
        int width = builder.Type == "float" ? 4 : 2;
        var ops = builder.Ops;
        foreach (var group in ops.Where(o => o.Kind == VectorOpKind.Scatter).GroupBy(o => o.Array).ToList())
        {
            var scatters = group.ToList();
            int low = scatters.Min(o => o.Offset);
            if (scatters.Count < 2 || scatters.Select(o => o.Base).Distinct().Count() != 1 || scatters.Max(o => o.Offset) - low > width
                || ops.Any(o => o.Kind is VectorOpKind.Load or VectorOpKind.Store && o.Array == group.Key))
            {
                continue;
            }

            // At the last scatter's place, where every term is computed.
            string block = builder.NewVector();
            var first = scatters[0];
            var gathered = new List<VectorOp> { new(VectorOpKind.GatherLoad, block, Array: first.Array, Base: first.Base, Offset: low) };
            foreach (var scatter in scatters.Where(o => o.Offset > low).OrderByDescending(o => o.Offset))
            {
                gathered.Add(new VectorOp(VectorOpKind.GatherAdd, block, scatter.A, builder.Context.Fresh(scatter.A + "Previous"), Array: first.Array, Base: first.Base, Offset: low, Lanes: scatter.Offset - low));
            }

            gathered.AddRange(scatters.Where(o => o.Offset == low).Select(o => new VectorOp(VectorOpKind.GatherAdd, block, o.A, Array: first.Array, Base: first.Base, Offset: low)));
            gathered.Add(new VectorOp(VectorOpKind.GatherStore, "", block, Array: first.Array, Base: first.Base, Offset: low));
            int at = ops.FindLastIndex(o => o.Kind == VectorOpKind.Scatter && o.Array == group.Key);
            ops = ops.Take(at).Where(o => !(o.Kind == VectorOpKind.Scatter && o.Array == group.Key)).Concat(gathered).Concat(ops.Skip(at + 1)).ToList();
        }

        return ops;
    }

    /// <summary>
    /// Splits the scatters of one array along several index streams into passes: pass k holds the
    /// k-th stream of each array, after the loads and arithmetic it needs (copied; loop-invariant
    /// vectors are made once before all passes). Pass 0 is everything else. The streams of an array
    /// are numbered by increasing offset, and the writer runs the passes from the last to pass 0, so
    /// that element e gets the term of iteration e − o (offset o) before the term of a later iteration,
    /// as in scalar code; <paramref name="reordered"/> tells when that order is not the scalar one:
    /// when the streams of an array differ in their base (<c>dx[k * d + j]</c> beside <c>dx[j]</c>),
    /// whose order depends on its value.
    /// </summary>
    private static List<VectorOp> Passes(List<VectorOp> ops, Func<string, string> fresh, out bool reordered)
    {
        var streams = new Dictionary<int, List<(int Base, int Offset)>>();
        foreach (var op in ops.Where(o => o.Kind == VectorOpKind.Scatter))
        {
            if (!streams.TryGetValue(op.Array, out var list))
            {
                streams[op.Array] = list = new List<(int, int)>();
            }

            if (!list.Contains((op.Base, op.Offset)))
            {
                list.Add((op.Base, op.Offset));
            }
        }

        reordered = streams.Values.Any(l => l.Select(s => s.Base).Distinct().Count() > 1);
        foreach (var list in streams.Values)
        {
            if (list.Select(s => s.Base).Distinct().Count() == 1)
            {
                list.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            }
        }

        int PassOf(VectorOp op) => op.Kind == VectorOpKind.Scatter ? streams[op.Array].IndexOf((op.Base, op.Offset)) : 0;
        var result = ops.Where(o => PassOf(o) == 0).ToList();
        int passes = streams.Count == 0 ? 1 : streams.Values.Max(l => l.Count);
        for (int pass = 1; pass < passes; pass++)
        {
            // The backward slice of this pass's scatters.
            var needed = new HashSet<string>();
            var slice = new List<VectorOp>();
            for (int i = ops.Count - 1; i >= 0; i--)
            {
                var op = ops[i];
                // Only names go into the slice's needs, never an op's empty operand or target: a
                // gathered store (no target) before this pass's scatter pulled the gathered steps in
                // by the empty name (found in review). No value a pass needs reads a gathered block,
                // as the gather needs the loop not to load that array.
                bool take = op.Kind == VectorOpKind.Scatter ? PassOf(op) == pass
                    : op.Kind is not (VectorOpKind.Splat or VectorOpKind.Scatter or VectorOpKind.Store or VectorOpKind.ReduceOrdered or VectorOpKind.ReducePartial) && needed.Contains(op.Target);
                if (take)
                {
                    if (op.A.Length > 0)
                    {
                        needed.Add(op.A);
                    }

                    if (op.B.Length > 0)
                    {
                        needed.Add(op.B);
                    }

                    slice.Add(op with { Pass = pass });
                }
            }

            // Its vector locals get names of their own: the writer runs a pass's block and a main
            // block in one loop body.
            slice.Reverse();
            var renamed = slice.Where(o => o.Target.Length > 0).ToDictionary(o => o.Target, o => fresh(o.Target + "Ahead"));
            string Rename(string name) => renamed.TryGetValue(name, out var to) ? to : name;
            result.AddRange(slice.Select(o => o with { Target = Rename(o.Target), A = Rename(o.A), B = Rename(o.B) }));
        }

        return result;
    }

    private static void Translate(LoopStmt loop, Builder b)
    {
        FindReadModifyWrites(loop, b);
        bool updates = false;
        var updated = new HashSet<Var>();
        foreach (var statement in loop.Body)
        {
            switch (statement)
            {
                case AssignStmt a when b.Fused.Contains(a):
                    // Part of the scatter its store becomes.
                    break;
                case StoreStmt store when !updates:
                {
                    // A store that adds into the element it read is a scatter; any other, a store.
                    if (Classify(store.Index, b, top: false) is not Index index || !b.Context.LocalBuffers.Contains(store.Array))
                    {
                        throw new Fail();
                    }

                    bool adds = b.Terms.TryGetValue(store, out var added);
                    string value = b.AsVector(Classify(adds ? added! : store.Value, b, top: false));
                    int array = b.ArrayIndex(store.Array, written: true);
                    int @base = b.BaseIndex(index.Base);
                    b.Touch(array, @base, index.Offset);
                    b.Ops.Add(new VectorOp(adds ? VectorOpKind.Scatter : VectorOpKind.Store, "", value, Array: array, Base: @base, Offset: index.Offset));
                    break;
                }

                case AssignStmt a when b.Carried.Contains(a.Target):
                {
                    // A loop variable's update: j = j + 1 or s = s ± e, through a body temporary.
                    updates = true;
                    if (!updated.Add(a.Target) || a.Value is not VarExpr { Var: var from } || b.Carried.Contains(from) || !b.Kinds.TryGetValue(from, out var kind))
                    {
                        throw new Fail();
                    }

                    if (a.Target.Equals(b.Counter))
                    {
                        if (kind is not Index { Base: null, Offset: 1 })
                        {
                            throw new Fail();
                        }
                    }
                    else if (kind is SumNext next && next.Accumulator.Equals(a.Target))
                    {
                        if (!b.Sums.Add(a.Target))
                        {
                            throw new Fail();
                        }

                        string term = b.AsVector(next.Term);
                        bool derivative = a.Origin?.Role is OriginRole.Adjoint or OriginRole.Tangent;
                        if (derivative || b.Context.ReorderSums)
                        {
                            string partial = b.Context.Fresh("vecSum" + (++b.Context.Vectors).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            b.Reductions.Add(new VectorReduction(a.Target, partial, Carried: true, next.Subtract));
                            b.Ops.Add(new VectorOp(VectorOpKind.ReducePartial, partial, term));
                        }
                        else
                        {
                            b.Ops.Add(new VectorOp(VectorOpKind.ReduceOrdered, "", term, Accumulator: a.Target, Subtract: next.Subtract));
                        }
                    }
                    else
                    {
                        throw new Fail();
                    }

                    break;
                }

                case AssignStmt a:
                    if (updates || b.Kinds.ContainsKey(a.Target))
                    {
                        throw new Fail();
                    }

                    b.Kinds[a.Target] = Classify(a.Value, b, top: true);
                    break;
                case AccumulateStmt when updates:
                    throw new Fail();
                case AccumulateStmt a when b.Kinds.TryGetValue(a.Target, out var local):
                {
                    // A body local accumulated into (bBar += t7Bar * 100).
                    var term = Classify(a.Value, b, top: false);
                    if (local is Uniform && term is Uniform)
                    {
                        b.Kinds[a.Target] = new Uniform(new BinaryExpr(BinaryOp.Add, ((Uniform)local).Value, ((Uniform)term).Value, a.Target.Type));
                        break;
                    }

                    string target = b.AsVector(local);
                    string value = b.AsVector(term);
                    string name = b.NewVector();
                    b.Ops.Add(new VectorOp(VectorOpKind.Add, name, target, value));
                    b.Kinds[a.Target] = new Varying(name);
                    break;
                }

                case AccumulateStmt a:
                {
                    // An adjoint summed over the iterations, read nowhere else in the loop.
                    if (b.Assigned.Contains(a.Target) || !b.Sums.Add(a.Target) || a.Target.Type != b.Type
                        || loop.Body.Any(s => !ReferenceEquals(s, a) && Cleanup.AnyExpression(s, a.Target, static (e, t) => Cleanup.Reads(e).Contains(t))))
                    {
                        throw new Fail();
                    }

                    string term = b.AsVector(Classify(a.Value, b, top: false));
                    string partial = b.Context.Fresh("vecSum" + (++b.Context.Vectors).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    b.Reductions.Add(new VectorReduction(a.Target, partial, Carried: false, Subtract: false));
                    b.Ops.Add(new VectorOp(VectorOpKind.ReducePartial, partial, term));
                    break;
                }

                case AccumulateElementStmt e when !updates:
                {
                    if (Classify(e.Index, b, top: false) is not Index index)
                    {
                        throw new Fail();
                    }

                    string value = b.AsVector(Classify(e.Value, b, top: false));
                    int array = b.ArrayIndex(e.Array, written: true);
                    int @base = b.BaseIndex(index.Base);
                    b.Touch(array, @base, index.Offset);
                    b.Ops.Add(new VectorOp(VectorOpKind.Scatter, "", value, Array: array, Base: @base, Offset: index.Offset));
                    break;
                }

                default:
                    throw new Fail();
            }
        }

        // Every loop variable must be updated (the counter by one, the sums as sums).
        if (!b.Carried.All(updated.Contains))
        {
            throw new Fail();
        }
    }

    /// <summary>
    /// Fills <see cref="Builder.Written"/>, <see cref="Builder.Fused"/> and <see cref="Builder.Terms"/>:
    /// a store <c>t = A[j]; … A[j] = t + v</c> (or <c>s = t + v; A[j] = s</c>) into a local buffer the body
    /// touches nowhere else, with <c>t</c> and <c>s</c> read nowhere else, adds <c>v</c> into its element.
    /// </summary>
    /// <summary>Whether a statement after <paramref name="from"/> and before index <paramref name="to"/> of a straight-line body writes memory or a variable <paramref name="e"/> reads.</summary>
    private static bool ChangedBetween(EquatableArray<Stmt> body, Stmt from, int to, Expr e)
    {
        int start = -1;
        for (int i = 0; i < to; i++)
        {
            if (ReferenceEquals(body[i], from))
            {
                start = i;
            }
        }

        var reads = new HashSet<Var>(Cleanup.Reads(e));
        for (int i = start + 1; i < to; i++)
        {
            if (body[i] is StoreStmt or AccumulateElementStmt || Cleanup.Targets(body[i]).Any(reads.Contains))
            {
                return true;
            }
        }

        return start < 0;
    }

    private static void FindReadModifyWrites(LoopStmt loop, Builder b)
    {
        var body = loop.Body;
        foreach (var statement in body)
        {
            switch (statement)
            {
                case StoreStmt s:
                    b.Written.Add(s.Array);
                    break;
                case AccumulateElementStmt a:
                    b.Written.Add(a.Array);
                    break;
            }
        }

        for (int k = 0; k < body.Count; k++)
        {
            if (body[k] is not StoreStmt store || !b.Context.LocalBuffers.Contains(store.Array) || Cleanup.Mentions(loop.Condition, store.Array)
                || body.Count(s => Cleanup.AnyExpression(s, store.Array, static (e, v) => Cleanup.Mentions(e, v))) != 2)
            {
                continue;
            }

            var value = store.Value;
            AssignStmt? sum = null;
            if (value is VarExpr { Var: var stored })
            {
                sum = Single(body, k, stored, loop.Condition);
                value = sum?.Value;
            }

            if (value is not BinaryExpr { Op: BinaryOp.Add, Left: VarExpr { Var: var loaded } } add || add.Type != b.Type || Cleanup.Mentions(add.Right, loaded)
                || Single(body, k, loaded, loop.Condition) is not { Value: IndexExpr { Array: VarExpr { Var: var array } } read } load
                || !array.Equals(store.Array) || !read.Index.Equals(store.Index))
            {
                continue;
            }

            // The added term is computed where the store is: nothing between the sum and the store
            // may write memory or a variable it reads.
            if (sum is not null && ChangedBetween(body, sum, k, add.Right))
            {
                continue;
            }

            b.Fused.Add(load);
            if (sum is not null)
            {
                b.Fused.Add(sum);
            }

            b.Terms[store] = add.Right;
        }
    }

    /// <summary>The assignment of <paramref name="v"/> before statement <paramref name="at"/>, where <paramref name="v"/> is read only by one statement of the body; or null.</summary>
    private static AssignStmt? Single(EquatableArray<Stmt> body, int at, Var v, Expr condition)
    {
        var assignment = body.Take(at).OfType<AssignStmt>().FirstOrDefault(a => a.Target.Equals(v));
        return assignment is null || Cleanup.Mentions(condition, v) || body.Count(s => Cleanup.AnyExpression(s, v, static (e, x) => Cleanup.Mentions(e, x))) != 1 ? null : assignment;
    }


    private static Kind Classify(Expr e, Builder b, bool top)
    {
        switch (e)
        {
            case ConstExpr c when c.Type == b.Type || c.Type == "int":
                return new Uniform(c);
            case LiteralExpr l when l.Type == b.Type:
                // A readonly or const field (this.scale, Model.Scale): the same value in every
                // iteration (a property or another field is a call, which keeps the loop scalar).
                return new Uniform(l);
            case VarExpr { Var: var v } when v.Equals(b.Counter):
                return new Index(null, 0);
            case VarExpr { Var: var v } when b.Kinds.TryGetValue(v, out var kind):
                return kind is SumNext ? throw new Fail() : kind;
            case VarExpr { Var: var v } when b.Assigned.Contains(v):
                throw new Fail();
            case VarExpr { Var: var v } when v.Type == b.Type || v.Type == "int":
                return new Uniform(e);
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } sum when top && sum.Type == b.Type && sum.Left is VarExpr { Var: var acc } && b.Carried.Contains(acc) && !acc.Equals(b.Counter):
                return new SumNext(acc, Classify(sum.Right, b, top: false), sum.Op == BinaryOp.Subtract);
            case BinaryExpr { Op: BinaryOp.Add } sum when top && sum.Type == b.Type && sum.Right is VarExpr { Var: var acc } && b.Carried.Contains(acc) && !acc.Equals(b.Counter):
                return new SumNext(acc, Classify(sum.Left, b, top: false), Subtract: false);
            case BinaryExpr { Type: "int", Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } i:
                return IntArithmetic(i, Classify(i.Left, b, top: false), Classify(i.Right, b, top: false));
            case TemplateExpr { IsOverflowContext: true, Type: "int", Holes.Count: 1 } t when t.Segments[0].StartsWith("unchecked(", System.StringComparison.Ordinal):
                // Wraps nothing the vector part reaches: its range checks hold every index's exact value.
                return Classify(t.Holes[0], b, top) is var inner && inner is Uniform ? new Uniform(t) : inner;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } r when r.Type == b.Type:
            {
                var left = Classify(r.Left, b, top: false);
                var right = Classify(r.Right, b, top: false);
                if (left is Uniform l && right is Uniform u)
                {
                    return new Uniform(r with { Left = l.Value, Right = u.Value });
                }

                string a = b.AsVector(left);
                string c = b.AsVector(right);
                var kind = r.Op switch
                {
                    BinaryOp.Add => VectorOpKind.Add,
                    BinaryOp.Subtract => VectorOpKind.Subtract,
                    BinaryOp.Multiply => VectorOpKind.Multiply,
                    _ => VectorOpKind.Divide,
                };
                return new Varying(b.Arithmetic(kind, a, c));
            }

            case UnaryExpr { Op: UnaryOp.Negate } n when n.Type == b.Type:
            {
                var operand = Classify(n.Operand, b, top: false);
                if (operand is Uniform u)
                {
                    return new Uniform(n with { Operand = u.Value });
                }

                return new Varying(b.Arithmetic(VectorOpKind.Negate, b.AsVector(operand), ""));
            }

            case IndexExpr { Array: VarExpr { Var: var array } } read when read.Type == b.Type:
            {
                var position = Classify(read.Index, b, top: false);
                if (position is Uniform { Value.Type: "int" } element && !b.Assigned.Contains(array) && ArrayPlumbing.ElementTypeOf(array.Type) == b.Type
                    && b.Written.All(w => b.Context.Separate(w, array)) && !b.Ops.Any(o => o.Kind is VectorOpKind.Scatter or VectorOpKind.Store))
                {
                    // The same element in every iteration, of an array the loop writes nothing into: read
                    // once before the blocks. No write of the iteration comes before it, so where that
                    // read throws, the scalar loop's first iteration throws as early.
                    return new Uniform(read with { Index = element.Value });
                }

                if (b.Assigned.Contains(array) || position is not Index index)
                {
                    throw new Fail();
                }

                int at = b.ArrayIndex(array, written: false);
                int @base = b.BaseIndex(index.Base);
                b.Touch(at, @base, index.Offset);
                string name = b.NewVector();
                b.Ops.Add(new VectorOp(VectorOpKind.Load, name, Array: at, Base: @base, Offset: index.Offset));
                return new Varying(name);
            }

            default:
                throw new Fail();
        }
    }

    /// <summary><c>int</c> arithmetic on indices: index ± constant or ± invariant; invariant ∘ invariant.</summary>
    private static Kind IntArithmetic(BinaryExpr e, Kind left, Kind right)
    {
        const int MaxOffset = 64;
        switch (left, right)
        {
            case (Uniform l, Uniform r) when l.Value.Type == "int" && r.Value.Type == "int":
                return new Uniform(e with { Left = l.Value, Right = r.Value });
            case (Index i, Uniform { Value: ConstExpr c }) when e.Op != BinaryOp.Multiply && System.Math.Abs(c.Value) <= MaxOffset:
                return i with { Offset = i.Offset + (int)(e.Op == BinaryOp.Add ? c.Value : -c.Value) };
            case (Uniform { Value: ConstExpr c }, Index i) when e.Op == BinaryOp.Add && System.Math.Abs(c.Value) <= MaxOffset:
                return i with { Offset = i.Offset + (int)c.Value };
            case (Index { Base: null } i, Uniform u) when e.Op == BinaryOp.Add && u.Value.Type == "int" && IsBase(u.Value):
                return i with { Base = u.Value };
            case (Uniform u, Index { Base: null } i) when e.Op == BinaryOp.Add && u.Value.Type == "int" && IsBase(u.Value):
                return i with { Base = u.Value };
            default:
                throw new Fail();
        }
    }

    /// <summary>
    /// The counter and bound of a loop condition the blocks can run under: <c>j &lt; bound</c>, or
    /// <c>j + k &lt; bound</c> with a constant k &gt; 0 (stencils written <c>i + 1 &lt; n</c>, found by a
    /// new user's trial), whose blocks stay below <c>bound − k</c>, computed in <c>long</c>: the
    /// scalar condition cannot wrap there either, as j + k &lt; bound ≤ int.MaxValue in every block.
    /// </summary>
    private static (Var Counter, Expr Bound, Expr BlocksBound)? Header(Expr condition)
    {
        switch (condition)
        {
            case BinaryExpr { Op: BinaryOp.Less, Left: VarExpr { Var: { Type: "int" } counter }, Right: var bound }:
                return (counter, bound, bound);
            case BinaryExpr { Op: BinaryOp.Less, Left: BinaryExpr { Op: BinaryOp.Add, Type: "int" } sum, Right: var bound }:
            {
                var (term, constant) = sum.Left is ConstExpr ? (sum.Right, sum.Left) : (sum.Left, sum.Right);
                if (term is not VarExpr { Var: { Type: "int" } counter } || constant is not ConstExpr { Type: "int" } k || k.Value < 1 || k.Value > 1 << 20)
                {
                    return null;
                }

                string text = ((long)k.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (counter, bound, new TemplateExpr(EquatableArray.Create("(long)(", ") - " + text), EquatableArray.Create(bound), "long", HasSideEffects: false));
            }

            default:
                return null;
        }
    }

    /// <summary>A variable, a constant, or one <c>+ − ×</c> of two: its exact value is checked in <c>long</c>.</summary>
    private static bool IsBase(Expr e)
        => e is VarExpr or ConstExpr
        || e is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Left: VarExpr or ConstExpr, Right: VarExpr or ConstExpr };

    /// <summary>A loop bound that reads only variables, constants and lengths, with <c>+ −</c>.</summary>
    private static bool IsUniformInt(Expr e) => e.Type == "int" && e switch
    {
        VarExpr or ConstExpr => true,
        // The length of an array or span parameter (a property read, but one that changes nothing).
        TemplateExpr t => ArrayPlumbing.LengthOf(t) is { } array && ArrayPlumbing.ElementTypeOf(array.Type) is not null,
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b => IsUniformInt(b.Left) && IsUniformInt(b.Right),
        _ => false,
    };
}
