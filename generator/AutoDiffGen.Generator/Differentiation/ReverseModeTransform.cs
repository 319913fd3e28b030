using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Reverse mode (VJP): a forward sweep runs the primal once, recording each branch decision and
/// each loop's trip count; a reverse sweep then walks the statements backwards, adding
/// <c>ū · ∂v/∂u</c> into the adjoint of every active operand u of each active assignment
/// <c>v = f(u, …)</c>, and running each loop backwards as many times as it ran.
/// </summary>
/// <remarks>
/// <para>Returns are in tail position (see <see cref="BodyLowerer"/>), so the reverse sweep of a path
/// starts where that path returned: it seeds the returned variable's adjoint.</para>
/// <para>Inside loops a variable takes a new value each iteration. Before it is overwritten, the
/// forward sweep pushes its old value on a tape; the reverse sweep pops it back right after the
/// adjoint code of that assignment, so the reverse sweep sees every value as it was. Only
/// variables the reverse sweep actually reads are taped. Adjoints of such variables are consumed
/// (reset to zero) once propagated, since the next value back is a different one.</para>
/// <para>The same transform makes the gradient (seed 1, adjoints written to <c>out</c> parameters
/// and cleared spans) and the pullback (seed given, adjoints added into <c>ref</c> parameters and
/// spans).</para>
/// </remarks>
internal sealed class ReverseModeTransform
{
    private readonly NameAllocator names;
    private readonly HashSet<Var> active;
    private readonly Dictionary<Var, Var> adjoints = new();
    private readonly HashSet<Var> accumulatingParameters = new();
    private readonly HashSet<Var> initialized = new();
    private readonly HashSet<Var> loopAssigned = new();
    private readonly Dictionary<Var, int> assignmentCounts;
    private readonly BufferWrites bufferWrites;
    private readonly HashSet<Var> iterationLocals = new();
    private readonly Dictionary<AssignStmt, Var> accumulations = new(ReferenceComparer.Instance);
    /// <summary>The seed of each output: one for a scalar result, one per element of a returned tuple.</summary>
    private readonly IReadOnlyList<Expr> seeds;
    private readonly Var? value;
    private int branchDepth;
    private int loopDepth;

    /// <summary>The loops around the statement being swept that reverse mode runs backwards (tapes), outermost first; empty inside a recomputed or fused iteration.</summary>
    private List<LoopStmt> tapedLoops = new();

    /// <summary>The tapes that save local buffers passed to callees inside loops run backwards, one per element type (see <see cref="SaveCallArguments"/>).</summary>
    private readonly SortedDictionary<string, Var> savedBufferTapes = new(System.StringComparer.Ordinal);
    /// <summary>How many recomputed reduction iterations the forward sweep is building (see <see cref="KeepInnerResults"/>).</summary>
    private int replayDepth;
    /// <summary>Whether the forward sweep is building the iteration of a fused reduction (run once per iteration).</summary>
    private bool inFusedIteration;
    /// <summary>The queues that keep inner loops' results for recomputed iterations; rented and returned with the tapes.</summary>
    private readonly List<Var> queues = new();
    private readonly IReadOnlyList<Stmt> methodBody;
    private Dictionary<Var, int>? methodReads;
    private readonly ScratchBuffers scratch;
    /// <summary>The loops around the statement being swept whose iterations are each run again and reversed at once, outermost first.</summary>
    private readonly List<LoopStmt> replayScopes = new();
    /// <summary>The element accumulations of the reductions whose iterations the forward sweep is recomputing (<see cref="ReductionLoop.ElementAccumulations"/>).</summary>
    private HashSet<Stmt> notRecomputed = new(ReferenceComparer.Instance);

    private ReverseModeTransform(LoweredMethod method, NameAllocator names, IReadOnlyList<Expr> seeds, Var? value, IReadOnlyList<(Var Parameter, Var Adjoint)> parameterAdjoints, bool accumulate)
    {
        this.names = names;
        this.seeds = seeds;
        this.value = value;
        active = Activity.ActiveVariables(method.Body, parameterAdjoints.Select(p => p.Parameter));
        foreach (var (parameter, adjoint) in parameterAdjoints)
        {
            adjoints[parameter] = adjoint;
            if (accumulate || !ExprFactory.IsReal(parameter.Type))
            {
                // Pullback adjoints and gradient spans are accumulated into from the start.
                accumulatingParameters.Add(adjoint);
            }
        }

        methodBody = method.Body;
        CollectLoopAssigned(method.Body, inLoop: false);
        assignmentCounts = Cleanup.AssignmentCounts(method.Body);
        var body = method.Body.AsImmutableArray();
        bufferWrites = new BufferWrites(body, new MemoryModel(body), method.Parameters
            .Where(p => p.Role is ParameterRole.ActiveArray or ParameterRole.Output).Select(p => new Var(p.Name, p.Type)));
        scratch = new ScratchBuffers(method.Body, assignmentCounts);
    }

    /// <summary><c>MGradient</c>: the value, and ∂M/∂p written to an <c>out</c> parameter (or span) per active p.</summary>
    /// <param name="ownSweep">Whether it has a sweep of its own even where the method has a pullback to call.</param>
    public static GeneratedMethod Gradient(LoweredMethod method, bool ownSweep = false)
    {
        var names = new NameAllocator(method.ReservedNames);
        var signature = OriginalParameters(method);
        var checks = new List<Stmt>();
        var adjoints = ArrayPlumbing.DerivativeParameters(
            method, names, DerivativeNames.Gradient, readOnlySpans: false, scalarModifier: "out", clearSpans: true,
            p => p.Role == ParameterRole.ActiveArray
                ? $"Receives ∂{method.Name}/∂{p.Name}[i] (the length of <c>{p.Name}</c>)."
                : $"Receives ∂{method.Name}/∂{p.Name}.",
            signature, checks);

        // The gradient clears its derivatives and calls the pullback with seed 1 (about half the code
        // to generate and compile). Measured with vectorized loops (GradientShapeBenchmark), that
        // costs within this machine's noise against a sweep of its own: the seed is a multiply of
        // a loop-invariant value, and a vectorized loop broadcasts it once. Without a pullback
        // ([Differentiable(Generate = …)]), the gradient has a sweep of its own; so has one whose
        // sweep can write a span first instead of clearing it (AutoDiffGenerator.OwnSweepGradient).
        var body = ownSweep || (method.Members & MemberKinds.Pullback) == 0
            ? Build(method, names, new[] { ExprFactory.Const(1, method.ReturnType) }, adjoints, accumulate: false, checks)
            : GradientThroughPullback(method, adjoints, checks);
        return new GeneratedMethod(
            Name: method.Name + "Gradient",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: body.ToEquatableArray(),
            Summary: $"Returns <c>{method.Name}</c> and writes its gradient (reverse mode).",
            Returns: "",
            Remarks: EquatableArray<string>.Empty);
    }

    /// <summary>
    /// The gradient's body for a method without loops: its own checks (so that an exception names
    /// its parameters), the derivatives cleared, and the pullback with seed 1, which adds into them.
    /// </summary>
    private static List<Stmt> GradientThroughPullback(LoweredMethod method, IReadOnlyList<(Var Parameter, Var Derivative)> derivatives, List<Stmt> checks)
    {
        var body = new List<Stmt>(checks);
        var holes = new List<Expr>();
        var segments = new List<string>();
        string pending = method.Name + "Pullback(";
        foreach (var p in method.Parameters)
        {
            segments.Add(pending);
            holes.Add(new VarExpr(new Var(p.Name, p.Type)));
            pending = ", ";
        }

        segments.Add(pending);
        holes.Add(ExprFactory.Const(1, method.ReturnType));
        foreach (var (_, derivative) in derivatives)
        {
            bool isSpan = !ExprFactory.IsReal(derivative.Type);
            if (!isSpan)
            {
                body.Add(new AssignStmt(derivative, ExprFactory.Const(0, derivative.Type), null));
            }

            segments.Add(isSpan ? ", " : ", ref ");
            holes.Add(new VarExpr(derivative));
        }

        segments.Add(")");
        body.Add(new ReturnStmt(new TemplateExpr(segments.ToEquatableArray(), holes.ToEquatableArray(), method.ReturnType, HasSideEffects: true), null));
        return body;
    }

    /// <summary><c>MPullback</c>: the value, and seed·∂M/∂p added into a <c>ref</c> parameter (or span) per active p.</summary>
    public static GeneratedMethod Pullback(LoweredMethod method)
    {
        var names = new NameAllocator(method.ReservedNames);
        var signature = OriginalParameters(method);
        // One seed per output: the result, or each element of a returned tuple. A vector method's
        // seeds are named after its inputs' adjoints, as its pushforward names output tangents after
        // input tangents: a clash renames the output's (xAdjoint_1), the input's keeps its name.
        var seeds = new List<Var>();
        var seedParameters = new List<GeneratedParameter>();
        if (!method.IsVector)
        {
            var seed = new Var(names.Fresh(DerivativeNames.Adjoint(DerivativeNames.Result)), method.ReturnType);
            seeds.Add(seed);
            seedParameters.Add(new GeneratedParameter("", method.ReturnType, seed.Name, "The seed: the adjoint of the result."));
        }

        string seedTimes = method.IsVector ? "Σₖ (seed of output k)·∂output k" : seeds[0].Name + "·∂" + method.Name;
        var checks = new List<Stmt>();
        int seedsAt = signature.Count;
        var adjoints = ArrayPlumbing.DerivativeParameters(
            method, names, DerivativeNames.Adjoint, readOnlySpans: false, scalarModifier: "ref", clearSpans: false,
            p => p.Role == ParameterRole.ActiveArray
                ? $"Adds {seedTimes}/∂{p.Name}[i] (the length of <c>{p.Name}</c>)."
                : $"Adds {seedTimes}/∂{p.Name}.",
            signature, checks);
        if (method.IsVector)
        {
            foreach (var output in method.Outputs)
            {
                var seed = new Var(names.Fresh(DerivativeNames.Adjoint(output.Name.TrimStart('@'))), output.Type);
                seeds.Add(seed);
                seedParameters.Add(new GeneratedParameter("", output.Type, seed.Name, $"The seed of the output <c>{output.Name.TrimStart('@')}</c>: its adjoint."));
            }
        }

        // A seed span per span output. The reverse sweep consumes an output's adjoint as it goes
        // back over the stores, so it works on a pooled copy of the seed.
        var seedChecks = new List<Stmt>();
        var outputSeeds = ArrayPlumbing.OutputDerivativeParameters(
            method, names, DerivativeNames.Adjoint, readOnly: true,
            p => $"The seed of the output <c>{p.Name.TrimStart('@')}</c>: its adjoint (its length).",
            seedParameters, seedChecks);
        var epilogue = new List<Stmt>();
        var outputAdjoints = new List<(Var Parameter, Var Adjoint)>();
        foreach (var (output, seed) in outputSeeds)
        {
            string element = method.Parameters.First(p => p.Name == output.Name).ElementType;
            var pooled = new Var(names.Fresh(output.Name.TrimStart('@') + "Pooled"), element + "[]");
            var adjoint = new Var(names.Fresh(output.Name.TrimStart('@') + "Bar"), ArrayPlumbing.SpanType(element, readOnly: false));
            var length = ArrayPlumbing.Member(new VarExpr(output), ".Length", "int");
            seedChecks.AddRange(ArrayPlumbing.RentSpan(pooled, adjoint, length, null));
            seedChecks.Add(new EvaluateStmt(new TemplateExpr(EquatableArray.Create("", ".CopyTo(", ")"), EquatableArray.Create<Expr>(new VarExpr(seed), new VarExpr(adjoint)), "void", HasSideEffects: true), null));
            epilogue.Add(ArrayPlumbing.ReturnRented(pooled, null));
            outputAdjoints.Add((output, adjoint));
        }

        signature.InsertRange(seedsAt, seedParameters);
        checks.AddRange(seedChecks);

        var body = Build(method, names, seeds.Select(v => (Expr)new VarExpr(v)).ToList(), adjoints, accumulate: true, checks, outputAdjoints, epilogue);
        return new GeneratedMethod(
            Name: method.Name + "Pullback",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: body.ToEquatableArray(),
            Summary: $"Reverse mode (VJP): {Computes(method)} <c>{method.Name}</c> and adds the seed times its derivative into the adjoints.",
            Returns: "",
            Remarks: EquatableArray<string>.Empty);
    }

    /// <summary>
    /// The method's own parameters, first in every generated member's signature; undocumented (they
    /// mean what they mean in the method, and the file disables CS1573 for them).
    /// </summary>
    internal static List<GeneratedParameter> OriginalParameters(LoweredMethod method)
        => method.Parameters.Select(p => new GeneratedParameter("", p.DeclaredType ?? p.Type, p.Name, "")).ToList();

    /// <summary>"returns" or, for a void method, "computes": how a member's summary begins.</summary>
    internal static string Computes(LoweredMethod method) => method.ReturnType == "void" ? "computes" : "returns";

    /// <param name="outputAdjoints">The span outputs with the adjoint buffers the reverse sweep starts from (their seeds).</param>
    /// <param name="epilogue">Statements after both sweeps, before the return (returning pooled buffers).</param>
    private static List<Stmt> Build(LoweredMethod method, NameAllocator names, IReadOnlyList<Expr> seed, IReadOnlyList<(Var Parameter, Var Adjoint)> adjoints, bool accumulate, List<Stmt> checks, IReadOnlyList<(Var Parameter, Var Adjoint)>? outputAdjoints = null, List<Stmt>? epilogue = null)
    {
        outputAdjoints ??= System.Array.Empty<(Var, Var)>();
        var all = adjoints.Concat(outputAdjoints).ToList();

        // One top-level reduction can be fused: the deepest (the most work per iteration), the
        // latest of equals. The last loop of the method (followed by straight-line code only) is
        // fused with its whole reverse before it; another one when its accumulators' adjoints
        // follow from the code after it by a chain of partials known before it runs.
        int trailingLoop = TrailingLoopIndex(method.Body.AsImmutableArray());
        var candidates = method.Body.Select((statement, index) => (statement, index))
            .Where(c => c.statement is LoopStmt)
            .OrderByDescending(c => LoopDepth(c.statement))
            .ThenByDescending(c => c.index)
            .Select(c => c.index);
        foreach (int k in candidates)
        {
            var attempt = names.Clone();
            var fused = k == trailingLoop
                ? TryBuildFused(method, k, attempt, seed, all, accumulate)
                : TryBuildChainFused(method, k, attempt, seed, all, accumulate);
            if (fused is not null)
            {
                return Finish(fused.Value.Transform, fused.Value.Body, fused.Value.Reverse, checks, adjoints, accumulate, attempt, epilogue);
            }
        }

        var value = NewValue(method, names);
        var transform = new ReverseModeTransform(method, names, seed, value, all, accumulate);
        var forward = transform.ForwardSweep(method.Body.AsImmutableArray());
        var reverse = transform.PreInitialize(forward.Nodes);
        reverse.AddRange(transform.ReverseBlock(forward.Nodes));
        var body = new List<Stmt>(forward.Statements);
        body.AddRange(reverse);
        return Finish(transform, body, reverse, checks, adjoints, accumulate, names, epilogue);
    }

    /// <summary>The variable the forward sweep keeps the returned value in; null for a <c>void</c> method (span outputs only).</summary>
    private static Var? NewValue(LoweredMethod method, NameAllocator names)
        => method.ReturnType == "void" ? null : new Var(names.Fresh("value"), method.ReturnType);

    /// <param name="reverse">The reverse-sweep code: what it reads decides which values are taped.</param>
    private static List<Stmt> Finish(ReverseModeTransform transform, List<Stmt> sweeps, List<Stmt> reverse, List<Stmt> checks, IReadOnlyList<(Var Parameter, Var Adjoint)> adjoints, bool accumulate, NameAllocator names, List<Stmt>? epilogue)
    {
        var body = new List<Stmt>(checks);
        body.AddRange(sweeps);

        // A scalar out parameter that received no contribution has derivative zero.
        foreach (var (parameter, adjoint) in adjoints)
        {
            if (!accumulate && ExprFactory.IsReal(parameter.Type) && !transform.initialized.Contains(adjoint))
            {
                body.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), null));
            }
        }

        body = TapeStmt.Resolve(body, reverse, transform.loopAssigned, names, transform.queues);
        body.AddRange(epilogue ?? new List<Stmt>());
        body.Add(new ReturnStmt(transform.value is null ? new TupleExpr(EquatableArray<Expr>.Empty, "void") : new VarExpr(transform.value), null));
        var liveOut = new HashSet<Var>(adjoints.Select(a => a.Adjoint));
        var locals = new HashSet<Var>(transform.adjoints.Values);
        locals.ExceptWith(liveOut);
        return Cleanup.Run(AdjointStarts.Move(body, locals), liveOut);
    }

    /// <summary>
    /// The forward sweeps of a fused form: the statements before the loop at <paramref name="k"/>,
    /// one iteration of it (run once per iteration, then reversed at once), and the statements after it.
    /// </summary>
    private ((List<Stmt> Statements, List<Node> Nodes) Before, (List<Stmt> Statements, List<Node> Nodes) Iteration, (List<Stmt> Statements, List<Node> Nodes) After)
        FusedForwardSweeps(IReadOnlyList<Stmt> statements, int k, ReductionLoop reduction)
    {
        var loop = (LoopStmt)statements[k];
        var before = ForwardSweep(statements.Take(k).ToList());
        foreach (var pair in reduction.Accumulations)
        {
            accumulations[pair.Key] = pair.Value;
        }

        inFusedIteration = true;
        replayScopes.Add(loop);
        var iteration = ForwardSweep(loop.Body.Where(s => !reduction.Copies.Contains(s)).ToList());
        replayScopes.RemoveAt(replayScopes.Count - 1);
        inFusedIteration = false;
        return (before, iteration, ForwardSweep(statements.Skip(k + 1).ToList()));
    }

    /// <summary>How deeply loops nest in a statement (1 for a loop without inner loops).</summary>
    private static int LoopDepth(Stmt statement) => statement switch
    {
        LoopStmt l => 1 + l.Body.Select(LoopDepth).DefaultIfEmpty(0).Max(),
        IfStmt i => i.Then.Concat(i.Else).Select(LoopDepth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    /// <summary>
    /// The single-pass form for a reduction that is not the method's last loop (a data term
    /// followed by a regularizer loop, ADBench's GMM: <c>err = c + slse − n·lse(α) + prior</c>).
    /// The code after the loop may do anything, but what it computes from the loop must be a chain
    /// of top-level assignments to the returned value whose partials (with respect to the chain)
    /// are known before the loop runs. Then the accumulators' adjoints are computed from those
    /// partials before the loop, each iteration is reversed right after it runs, and the reverse of
    /// the code after the loop adds nothing into the accumulators again.
    /// </summary>
    private static (ReverseModeTransform Transform, List<Stmt> Body, List<Stmt> Reverse)? TryBuildChainFused(LoweredMethod method, int k, NameAllocator names, IReadOnlyList<Expr> seed, IReadOnlyList<(Var Parameter, Var Adjoint)> adjoints, bool accumulate)
    {
        var statements = method.Body.AsImmutableArray();
        var loop = (LoopStmt)statements[k];
        if (seed.Count != 1)
        {
            return null;
        }

        var value = NewValue(method, names);
        var transform = new ReverseModeTransform(method, names, seed, value, adjoints, accumulate);
        var reduction = ReductionLoop.Classify(statements, k, loop, transform.active, transform.assignmentCounts, transform.bufferWrites, transform.scratch, System.Array.Empty<LoopStmt>());
        if (reduction is null || reduction.Accumulations.Count == 0)
        {
            return null;
        }

        // The chain: top-level assignments after the loop that read what the loop computes, then
        // the return. Nothing else after the loop may read it, nor memory the loop writes.
        var post = statements.Skip(k + 1).ToList();
        var dependent = new HashSet<Var>(StatementWalker.All(loop.Body).SelectMany(Cleanup.Targets));
        var memory = transform.bufferWrites.Memory;
        var loopWrites = new HashSet<Var>(memory.Writes(loop.Body));
        var before = new HashSet<Var>(dependent);
        foreach (var statement in StatementWalker.All(post))
        {
            before.UnionWith(Cleanup.Targets(statement));
        }

        var chain = new List<AssignStmt>();
        Expr? returned = null;
        foreach (var statement in post)
        {
            var inside = StatementWalker.All(new[] { statement }).ToList();
            var reads = inside.SelectMany(Cleanup.Expressions).ToList();
            if (reads.Any(e => memory.Reads(e).Any(loopWrites.Contains)))
            {
                return null;
            }

            bool readsDependent = reads.SelectMany(Cleanup.Reads).Any(dependent.Contains);
            switch (statement)
            {
                case AssignStmt assign when readsDependent:
                    chain.Add(assign);
                    dependent.Add(assign.Target);
                    break;
                case ReturnStmt ret:
                    returned = ret.Value;
                    break;
                default:
                    if (readsDependent || inside.SelectMany(Cleanup.Targets).Any(dependent.Contains))
                    {
                        return null;
                    }

                    break;
            }
        }

        // Only arithmetic and Math along the chain (a call's derivative comes from its pullback).
        static bool Plain(Expr e) => !ExprWalker.Any(e, static d => d is DifferentiableCallExpr or TemplateExpr or TupleExpr or IndexExpr or SliceExpr);
        if (returned is null || !ExprFactory.IsReal(returned.Type) || !Plain(returned) || chain.Any(a => !ExprFactory.IsReal(a.Target.Type) || !Plain(a.Value)))
        {
            return null;
        }

        // The adjoints along the chain, from the seed back to the accumulators; every partial must
        // read only what is known before the loop ("before" holds what is not).
        var bars = new Dictionary<Var, Expr>();
        bool Propagate(Expr e, Expr bar)
        {
            // An integer or bool value carries no derivative (a cast to long is a step function; as
            // activity analysis has it). Found by the fuzzer: (double)(long)(…) after the loop passed
            // the seed on as if the casts were the identity.
            if (!ExprFactory.IsReal(e.Type))
            {
                return true;
            }

            if (e is VarExpr v)
            {
                if (dependent.Contains(v.Var))
                {
                    bars[v.Var] = bars.TryGetValue(v.Var, out var sum) ? ExprFactory.Add(sum, bar) : bar;
                }

                return true;
            }

            foreach (var partial in DerivativeRules.Partials(e, e))
            {
                bool touchesLoop = ExprWalker.DescendantsAndSelf(partial.Operand).OfType<VarExpr>().Any(o => dependent.Contains(o.Var));
                if (!touchesLoop)
                {
                    continue;
                }

                if (partial.Unbounded || Cleanup.Reads(partial.Derivative).Any(before.Contains) || Cleanup.CanThrow(partial.Derivative) || !Cleanup.IsPure(partial.Derivative)
                    || !Propagate(partial.Operand, ExprFactory.Multiply(bar, ExprFactory.Convert(partial.Derivative, bar.Type))))
                {
                    return false;
                }
            }

            return true;
        }

        if (!Propagate(returned, ExprFactory.Convert(seed[0], returned.Type)))
        {
            return null;
        }

        for (int c = chain.Count - 1; c >= 0; c--)
        {
            if (bars.TryGetValue(chain[c].Target, out var bar) && !Propagate(chain[c].Value, bar))
            {
                return null;
            }
        }

        var (forwardBefore, iteration, forwardAfter) = transform.FusedForwardSweeps(statements, k, reduction);

        var loopNode = new Node(loop, then: iteration.Nodes, reduction: reduction, recompute: iteration.Statements);
        var allNodes = new List<Node>(forwardBefore.Nodes) { loopNode };
        allNodes.AddRange(forwardAfter.Nodes);
        var preinitializations = transform.PreInitialize(allNodes);

        var origin = loop.Origin?.As(OriginRole.Adjoint);
        var accumulators = reduction.Accumulations.Values.Distinct().OrderBy(a => a.Name, System.StringComparer.Ordinal).ToList();
        var seeds = new List<Stmt>();
        foreach (var accumulator in accumulators)
        {
            if (bars.TryGetValue(accumulator, out var bar))
            {
                transform.AccumulateInto(accumulator, bar, origin, seeds);
            }
        }

        var iterationReverse = transform.ReverseIteration(loopNode, origin);
        var fusedBody = new List<Stmt>(iteration.Statements);
        transform.AddReverseThenCopies(fusedBody, iterationReverse, loop.Body.OfType<AssignStmt>().Where(reduction.Copies.Contains));

        // The code after the loop, reversed after it ran: what it adds into the accumulators was
        // taken into account above, so it goes to adjoints that nothing reads.
        var real = accumulators.ToDictionary(a => a, transform.AdjointVar);
        foreach (var accumulator in accumulators)
        {
            transform.adjoints[accumulator] = new Var(names.Fresh(accumulator.Name.TrimStart('@') + "Unused"), accumulator.Type);
        }

        var reverseAfter = transform.ReverseBlock(forwardAfter.Nodes);
        foreach (var accumulator in accumulators)
        {
            transform.adjoints[accumulator] = real[accumulator];
        }

        var reverseBefore = transform.ReverseBlock(forwardBefore.Nodes);
        var body = new List<Stmt>(forwardBefore.Statements);
        body.AddRange(preinitializations);
        body.AddRange(seeds);
        body.Add(new LoopStmt(loop.Condition, fusedBody.ToEquatableArray(), loop.Origin));
        body.AddRange(forwardAfter.Statements);
        body.AddRange(reverseAfter);
        body.AddRange(reverseBefore);
        var reverse = new List<Stmt>(preinitializations);
        reverse.AddRange(seeds);
        reverse.AddRange(iterationReverse);
        reverse.AddRange(reverseAfter);
        reverse.AddRange(reverseBefore);
        return (transform, body, reverse);
    }

    /// <summary>The index of a top-level loop followed only by straight-line code, or −1.</summary>
    private static int TrailingLoopIndex(IReadOnlyList<Stmt> statements)
    {
        int k = statements.Count - 1;
        while (k >= 0 && statements[k] is AssignStmt or ReturnStmt)
        {
            k--;
        }

        return k >= 0 && statements[k] is LoopStmt ? k : -1;
    }

    /// <summary>
    /// The single-pass form, for a method that ends with a reduction loop followed by straight-line
    /// code (the shape of a data loss: <c>sum += …</c> over the data, then <c>return sum / n</c>).
    /// When the adjoints of the accumulators do not depend on anything the loop computes (for
    /// <c>sum / n</c>, s̄ = 1/n), they are computed before the loop, and each iteration is
    /// differentiated right after it runs: one pass over the data, as a hand-written gradient does.
    /// Returns null when the method does not have this shape.
    /// </summary>
    private static (ReverseModeTransform Transform, List<Stmt> Body, List<Stmt> Reverse)? TryBuildFused(LoweredMethod method, int k, NameAllocator names, IReadOnlyList<Expr> seed, IReadOnlyList<(Var Parameter, Var Adjoint)> adjoints, bool accumulate)
    {
        var statements = method.Body.AsImmutableArray();
        var loop = (LoopStmt)statements[k];

        var value = NewValue(method, names);
        var transform = new ReverseModeTransform(method, names, seed, value, adjoints, accumulate);
        var reduction = ReductionLoop.Classify(statements, k, loop, transform.active, transform.assignmentCounts, transform.bufferWrites, transform.scratch, System.Array.Empty<LoopStmt>());
        if (reduction is null)
        {
            return null;
        }

        var post = statements.Skip(k + 1).ToList();
        var (forwardBefore, iteration, forwardAfter) = transform.FusedForwardSweeps(statements, k, reduction);

        // What the loop computes, and what after it depends on that (the returned value included).
        // An element read of memory the loop writes depends on the loop too (it must stay after it).
        var dependent = new HashSet<Var>(StatementWalker.All(loop.Body).OfType<AssignStmt>().Select(a => a.Target));
        var memory = transform.bufferWrites.Memory;
        var loopWrites = new HashSet<Var>(memory.Writes(loop.Body));
        foreach (var statement in forwardAfter.Statements.OfType<AssignStmt>())
        {
            if (Cleanup.Reads(statement.Value).Any(dependent.Contains) || memory.Reads(statement.Value).Any(loopWrites.Contains))
            {
                dependent.Add(statement.Target);
            }
        }

        var loopNode = new Node(loop, then: iteration.Nodes, reduction: reduction, recompute: iteration.Statements);

        var allNodes = new List<Node>(forwardBefore.Nodes) { loopNode };
        allNodes.AddRange(forwardAfter.Nodes);
        var preinitializations = transform.PreInitialize(allNodes);
        var reverseAfter = transform.ReverseBlock(forwardAfter.Nodes);

        // The adjoints reaching the loop must not need anything the loop computes: neither a value
        // it assigns nor an array it writes (a callee's pullback reads its array arguments whole).
        var reads = StatementWalker.All(reverseAfter).SelectMany(Cleanup.Expressions).SelectMany(Cleanup.Reads).ToList();
        if (reads.Any(v => BodyLowerer.IsRealBuffer(v.Type) && loopWrites.Contains(memory.Root(v))))
        {
            return null;
        }

        // Only what can neither fail nor have an effect moves before the loop, and only if what it
        // reads moves too (or was there before).
        var hoisted = new List<Stmt>();
        var staying = new HashSet<Var>();
        foreach (var statement in forwardAfter.Statements)
        {
            if (statement is AssignStmt a && !dependent.Contains(a.Target) && Cleanup.IsPure(a.Value) && !Cleanup.CanThrow(a.Value)
                && !Cleanup.Reads(a.Value).Any(staying.Contains))
            {
                hoisted.Add(statement);
            }
            else if (statement is AssignStmt kept)
            {
                staying.Add(kept.Target);
            }
        }

        bool effectBeforeLoopNeeded = forwardAfter.Statements.Any(s => s is AssignStmt a && !dependent.Contains(a.Target) && !Cleanup.IsPure(a.Value));

        // What stays after the loop is not there yet when the adjoints reaching the loop are computed.
        dependent.UnionWith(forwardAfter.Statements.OfType<AssignStmt>().Where(a => !hoisted.Contains(a)).Select(a => a.Target));
        if (reads.Any(dependent.Contains) || effectBeforeLoopNeeded)
        {
            return null;
        }

        var iterationReverse = transform.ReverseIteration(loopNode, loop.Origin?.As(OriginRole.Adjoint));
        var fusedBody = new List<Stmt>(iteration.Statements);
        transform.AddReverseThenCopies(fusedBody, iterationReverse, loop.Body.OfType<AssignStmt>().Where(reduction.Copies.Contains));

        var body = new List<Stmt>(forwardBefore.Statements);
        body.AddRange(hoisted);
        body.AddRange(preinitializations);
        body.AddRange(reverseAfter);
        body.Add(new LoopStmt(loop.Condition, fusedBody.ToEquatableArray(), loop.Origin));
        body.AddRange(forwardAfter.Statements.Where(s => !hoisted.Contains(s)));
        var reverseBefore = transform.ReverseBlock(forwardBefore.Nodes);
        body.AddRange(reverseBefore);
        var reverse = new List<Stmt>(preinitializations);
        reverse.AddRange(reverseAfter);
        reverse.AddRange(iterationReverse);
        reverse.AddRange(reverseBefore);
        return (transform, body, reverse);
    }

    private void CollectLoopAssigned(IEnumerable<Stmt> statements, bool inLoop)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assign when inLoop:
                    loopAssigned.Add(assign.Target);
                    break;
                case DeconstructStmt deconstruct when inLoop:
                    loopAssigned.UnionWith(deconstruct.Targets);
                    break;
                case IfStmt branch:
                    CollectLoopAssigned(branch.Then, inLoop);
                    CollectLoopAssigned(branch.Else, inLoop);
                    break;
                case LoopStmt loop:
                    CollectLoopAssigned(loop.Body, inLoop: true);
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- forward sweep

    /// <summary>A statement of the forward sweep with what the reverse sweep needs of it.</summary>
    private sealed class Node
    {
        public Node(Stmt statement, Expr? recordedCondition = null, List<Node>? then = null, List<Node>? @else = null, Var? counter = null, ReductionLoop? reduction = null, List<Stmt>? recompute = null, bool taped = false, List<(int Argument, Var Tape)>? saved = null, bool remade = false)
        {
            Taped = taped;
            Remade = remade;
            Saved = saved;
            Reduction = reduction;
            Recompute = recompute;
            Statement = statement;
            RecordedCondition = recordedCondition;
            Then = then ?? new List<Node>();
            Else = @else ?? new List<Node>();
            Counter = counter;
        }

        public Stmt Statement { get; }

        /// <summary>For a branch: the recorded decision.</summary>
        public Expr? RecordedCondition { get; }

        /// <summary>For a branch: its then-part; for a loop: its body.</summary>
        public List<Node> Then { get; }

        public List<Node> Else { get; }

        /// <summary>For a loop: the variable that counts its iterations.</summary>
        public Var? Counter { get; }

        /// <summary>For an assignment inside a loop: its old value was (maybe) pushed, so it is popped after its reverse.</summary>
        public bool Taped { get; }

        /// <summary>For a reduction loop: what makes it one (its recomputed body is in <see cref="Then"/>).</summary>
        public ReductionLoop? Reduction { get; }

        /// <summary>For a reduction loop: the forward statements of one recomputed iteration.</summary>
        public List<Stmt>? Recompute { get; }

        /// <summary>For a call inside a loop run backwards: the buffer arguments saved on a tape at the call (see <see cref="SaveCallArguments"/>).</summary>
        public List<(int Argument, Var Tape)>? Saved { get; }

        /// <summary>For a view of data in a loop run backwards: made again in the reverse sweep instead of taped (see <see cref="IsRecomputedView"/>).</summary>
        public bool Remade { get; }
    }

    private (List<Stmt> Statements, List<Node> Nodes) ForwardSweep(IReadOnlyList<Stmt> statements, ISet<Stmt>? nodeOnly = null)
    {
        var output = new List<Stmt>();
        var nodes = new List<Node>();
        for (int index = 0; index < statements.Count; index++)
        {
            var statement = statements[index];
            switch (statement)
            {
                case AssignStmt assign when nodeOnly is not null && nodeOnly.Contains(assign):
                    // An accumulation of a reduction loop: reversed, but not recomputed.
                    nodes.Add(new Node(assign));
                    break;
                case LoopStmt loop when ReductionLoop.Classify(statements, index, loop, active, assignmentCounts, bufferWrites, scratch, replayScopes) is { HasEffects: false } reduction:
                {
                    // The forward sweep runs it as it is; the reverse sweep runs it once more,
                    // recomputing and reversing each iteration in turn (no tape).
                    foreach (var pair in reduction.Accumulations)
                    {
                        accumulations[pair.Key] = pair.Value;
                    }

                    int savedDepth = loopDepth;
                    loopDepth = 0;
                    var savedTapedLoops = tapedLoops;
                    tapedLoops = new List<LoopStmt>();
                    // Recomputed, an iteration adds nothing again into the buffers it accumulates into.
                    var forwardLoop = notRecomputed.Count > 0 ? WithoutStores(loop, notRecomputed) : loop;
                    replayDepth++;
                    replayScopes.Add(loop);
                    // Nor does it store again into buffers it does not read (all but its scratch
                    // buffers): the forward sweep left them final, and code after the loop may have
                    // written them since (y[0] = … after y[i] = … for all i).
                    var outerNotRecomputed = notRecomputed;
                    var scratchOfLoop = scratch.Of(loop);
                    notRecomputed = new HashSet<Stmt>(
                        notRecomputed.Concat(reduction.ElementAccumulations)
                            .Concat(StatementWalker.All(loop.Body).Where(st => st is StoreStmt store && !scratchOfLoop.Contains(store.Array))),
                        ReferenceComparer.Instance);
                    var recomputed = ForwardSweep(loop.Body.Where(s => !reduction.Copies.Contains(s)).ToList(), new HashSet<Stmt>(reduction.Accumulations.Keys, ReferenceComparer.Instance));
                    notRecomputed = outerNotRecomputed;
                    replayScopes.RemoveAt(replayScopes.Count - 1);
                    replayDepth--;
                    loopDepth = savedDepth;
                    tapedLoops = savedTapedLoops;
                    var recompute = recomputed.Statements;
                    if (loopDepth == 0 && replayDepth == 0)
                    {
                        (forwardLoop, recompute) = KeepInnerResults(forwardLoop, reduction, recomputed.Statements, recomputed.Nodes, output);
                    }

                    output.Add(forwardLoop);
                    nodes.Add(new Node(forwardLoop, then: recomputed.Nodes, reduction: reduction, recompute: AsReplay(recompute)));
                    break;
                }

                case StoreStmt store when notRecomputed.Contains(store):
                    // An accumulation into a buffer of a reduction being recomputed: reversed only.
                    nodes.Add(new Node(store));
                    break;

                case AssignStmt assign:
                    AddAssign(assign, output, nodes);
                    if (active.Contains(assign.Target) && Activity.ViewSource(assign.Value, assign.Target.Type) is { } viewed)
                    {
                        // The adjoint of a view (slice or alias) is the same view of the adjoint:
                        // contributions to the view land in the whole.
                        var whole = AdjointVar(viewed.Var);
                        if (!adjoints.TryGetValue(assign.Target, out var view))
                        {
                            view = new Var(names.Fresh(assign.Target.Name.TrimStart('@') + "Bar"), ArrayPlumbing.SpanType(ElementType(assign.Target.Type), readOnly: false));
                            adjoints[assign.Target] = view;
                        }

                        output.Add(new AssignStmt(view, Activity.SameViewOf(assign.Value, new VarExpr(whole), view.Type), assign.Origin?.As(OriginRole.Adjoint)));
                    }
                    else if (active.Contains(assign.Target) && BodyLowerer.IsRealBuffer(assign.Target.Type) && ArrayPlumbing.IsAllocation(assign.Value))
                    {
                        // The adjoint of a local buffer: a buffer of the same size, zeroed.
                        var adjoint = AdjointVar(assign.Target);
                        output.Add(new AssignStmt(adjoint, assign.Value, assign.Origin?.As(OriginRole.Adjoint)));
                        if (assign.Value is TemplateExpr { Segments: var segments } && segments[0].StartsWith("stackalloc", System.StringComparison.Ordinal))
                        {
                            output.Add(ArrayPlumbing.Clear(adjoint));
                        }
                    }

                    break;
                case IfStmt branch:
                {
                    // Record the decision, so the reverse sweep takes the same branch.
                    var condition = branch.Condition;
                    if (condition is not (VarExpr or LiteralExpr))
                    {
                        var recorded = new Var(names.Numbered("branch"), "bool");
                        AddAssign(new AssignStmt(recorded, condition, branch.Origin), output, nodes);
                        condition = new VarExpr(recorded);
                    }

                    var then = ForwardSweep(branch.Then, nodeOnly);
                    var @else = ForwardSweep(branch.Else, nodeOnly);
                    output.Add(new IfStmt(condition, then.Statements.ToEquatableArray(), @else.Statements.ToEquatableArray(), branch.Origin));
                    nodes.Add(new Node(branch, condition, then.Nodes, @else.Nodes));
                    break;
                }

                case LoopStmt loop:
                {
                    // Count the iterations, so the reverse sweep runs the loop as often, backwards.
                    var counter = new Var(names.Numbered("iterations"), "int");
                    AddAssign(new AssignStmt(counter, new ConstExpr(0, "int"), loop.Origin), output, nodes);
                    loopDepth++;
                    tapedLoops.Add(loop);
                    var body = ForwardSweep(loop.Body);
                    tapedLoops.RemoveAt(tapedLoops.Count - 1);
                    loopDepth--;
                    var increment = new AssignStmt(counter, new BinaryExpr(BinaryOp.Add, new VarExpr(counter), new ConstExpr(1, "int"), "int"), loop.Origin);
                    body.Statements.Insert(0, increment);
                    output.Add(new LoopStmt(loop.Condition, body.Statements.ToEquatableArray(), loop.Origin));
                    nodes.Add(new Node(loop, then: body.Nodes, counter: counter));
                    break;
                }

                case ReturnStmt ret:
                    if (value is not null)
                    {
                        output.Add(new AssignStmt(value, ret.Value, ret.Origin));
                    }

                    nodes.Add(new Node(ret));
                    break;
                case DeconstructStmt deconstruct:
                    if (loopDepth > 0 || deconstruct.Targets.Any(loopAssigned.Contains))
                    {
                        loopAssigned.UnionWith(deconstruct.Targets);
                        if (loopDepth > 0)
                        {
                            foreach (var target in deconstruct.Targets)
                            {
                                output.Add(new TapeStmt(target, IsPush: true, deconstruct.Origin));
                            }
                        }
                    }

                    var savedOfDeconstruct = deconstruct.Value is DifferentiableCallExpr vectorCall ? SaveCallArguments(vectorCall, deconstruct.Origin, output) : null;
                    output.Add(deconstruct);
                    nodes.Add(new Node(deconstruct, taped: loopDepth > 0, saved: savedOfDeconstruct));
                    break;
                case EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } evaluate:
                    // A call writing span outputs (fresh buffers of the iteration, in a loop) reads
                    // its inputs again in its pullback: saved like an assigned call's.
                    var savedOfWriter = SaveCallArguments(writer, evaluate.Origin, output);
                    output.Add(evaluate);
                    nodes.Add(new Node(evaluate, saved: savedOfWriter));
                    break;
                default:
                    output.Add(statement);
                    nodes.Add(new Node(statement));
                    break;
            }
        }

        return (output, nodes);
    }

    /// <summary>
    /// Keeps the results of the inner loops of a reduction loop instead of recomputing them: the
    /// forward run pushes, after each inner loop that only computes values (it writes no memory and
    /// has no effect, and it is a reduction, so its own reverse needs no tape), the values it leaves
    /// that are read after it; the recomputed iteration reads them back in the same order in place
    /// of running the loop. That is what a hand-written gradient does with a layer's hidden values
    /// (an MLP's tanh inputs): the second pass over the weights goes, only the adjoint pass stays.
    /// </summary>
    /// <remarks>
    /// Sound because the recomputed iterations run in the order the forward run did, exactly once
    /// for each forward run of the loop: the loop is not inside a loop run backwards or inside
    /// another recomputed iteration (<see cref="loopDepth"/>, <see cref="replayDepth"/>); in a fused
    /// iteration, which runs the loop and then its reverse once per outer iteration, the queue is
    /// emptied before each run.
    /// </remarks>
    private (LoopStmt Forward, List<Stmt> Recompute) KeepInnerResults(LoopStmt loop, ReductionLoop reduction, List<Stmt> recompute, List<Node> recomputeNodes, List<Stmt> output)
    {
        // An inner loop may also write scratch buffers of this loop's iterations (whose contents
        // are kept whole) or of its own (which nothing after it reads).
        var scratchOfLoop = scratch.Of(loop);
        var inner = recomputeNodes
            .Where(n => n.Statement is LoopStmt innerLoop && n.Reduction is { HasEffects: false } && loop.Body.Contains(innerLoop, ReferenceComparer.Instance)
                        && OnlyComputesValues(innerLoop, b => scratchOfLoop.Contains(b) || scratch.Of(innerLoop).Contains(b)))
            .Select(n => (LoopStmt)n.Statement)
            .ToList();
        if (inner.Count == 0)
        {
            return (loop, recompute);
        }

        // Reads of each variable outside the inner loop (the accumulators' end-of-iteration copies
        // are not run again, so they do not count; the counters' copies are, and do: p_1 = p_2 after
        // an inner loop that advanced p).
        var readsOutside = new Dictionary<Var, int>();
        void CountReads(IEnumerable<Stmt> statements, int sign)
        {
            foreach (var statement in StatementWalker.All(statements))
            {
                foreach (var e in Cleanup.Expressions(statement))
                {
                    foreach (var v in Cleanup.Reads(e))
                    {
                        readsOutside[v] = (readsOutside.TryGetValue(v, out int n) ? n : 0) + sign;
                    }
                }
            }
        }

        foreach (var pair in MethodReads)
        {
            readsOutside[pair.Key] = pair.Value;
        }

        CountReads(loop.Body.Where(c => reduction.Copies.Contains(c) && !reduction.CounterCopies.Contains(c)), -1);
        var forwardBody = new List<Stmt>();
        var recomputed = new List<Stmt>(recompute);
        var origin = loop.Origin?.As(OriginRole.Adjoint);
        var queueOfType = new SortedDictionary<string, Var>(System.StringComparer.Ordinal);
        Var QueueOf(string type, string name)
        {
            if (!queueOfType.TryGetValue(type, out var queue))
            {
                queue = new Var(names.Numbered("kept"), TapeStmt.TapeType(type, name));
                queueOfType[type] = queue;
                queues.Add(queue);
            }

            return queue;
        }

        // Room for what one iteration keeps, per queue (see Reserve below).
        var room = new Dictionary<Var, (List<Expr> Lengths, int Values)>();
        void Reserve(Var queue, Expr? length)
        {
            var (lengths, values) = room.TryGetValue(queue, out var before) ? before : (new List<Expr>(), 0);
            if (length is not null)
            {
                lengths.Add(length);
            }

            room[queue] = (lengths, length is null ? values + 1 : values);
        }

        void Keep(Var queue, Expr value, List<Stmt> into, Origin? at)
        {
            Reserve(queue, null);
            into.Add(new EvaluateStmt(TapeStmt.Call(queue, "PushReserved", "void", value), at));
        }

        var assignedInBody = new HashSet<Var>(StatementWalker.All(loop.Body).SelectMany(Cleanup.Targets));
        IEnumerable<Var> Snapshotted(LoopStmt innerLoop)
            => StatementWalker.All(innerLoop.Body).OfType<StoreStmt>().Select(st => st.Array).Where(b => scratchOfLoop.Contains(b) && !scratch.Of(innerLoop).Contains(b)).Distinct().OrderBy(b => b.Name, System.StringComparer.Ordinal);

        // The copy of a buffer kept after an inner loop is dead when a later inner loop's copy of it
        // is read back first, with no statement of the recomputed iteration between the two that
        // mentions the buffer (Qtimesx's qx after its diagonal loop): the reverse part, which runs
        // after all of them, sees the later contents either way.
        bool SnapshotOverwritten(LoopStmt innerLoop, Var buffer)
        {
            int from = recompute.FindIndex(s => ReferenceEquals(s, innerLoop));
            for (int k = from + 1; from >= 0 && k < recompute.Count; k++)
            {
                var later = recompute[k];
                if (later is LoopStmt laterLoop && inner.Contains(laterLoop, ReferenceComparer.Instance) && Snapshotted(laterLoop).Contains(buffer))
                {
                    return true;
                }

                if (StatementWalker.All(new[] { later }).Any(st => Cleanup.Expressions(st).Any(e => Cleanup.Reads(e).Contains(buffer))))
                {
                    return false;
                }
            }

            return false;
        }

        foreach (var statement in loop.Body)
        {
            forwardBody.Add(statement);
            if (statement is AssignStmt costly && IsCostly(costly.Value) && Cleanup.IsPure(costly.Value)
                && assignmentCounts.TryGetValue(costly.Target, out int assigned) && assigned == 1
                && recomputed.FindIndex(s => ReferenceEquals(s, costly)) is int costlyAt and >= 0)
            {
                // A transcendental value (tanh of a hidden unit's input) is kept too, instead of
                // being computed again.
                var queue = QueueOf(costly.Target.Type, costly.Target.Name);
                Keep(queue, new VarExpr(costly.Target), forwardBody, costly.Origin);
                recomputed[costlyAt] = new AssignStmt(costly.Target, TapeStmt.Call(queue, "ReadNext", costly.Target.Type), costly.Origin?.As(OriginRole.Adjoint));
                continue;
            }

            if (statement is not LoopStmt innerLoop || !inner.Contains(innerLoop, ReferenceComparer.Instance))
            {
                continue;
            }

            CountReads(new[] { innerLoop }, -1);
            var kept = new SortedSet<Var>(
                StatementWalker.All(innerLoop.Body).SelectMany(Cleanup.Targets).Where(v => readsOutside.TryGetValue(v, out int n) && n > 0),
                Comparer<Var>.Create((a, b) => System.StringComparer.Ordinal.Compare(a.Name, b.Name)));
            CountReads(new[] { innerLoop }, 1);
            var reads = new List<Stmt>();
            foreach (var v in kept)
            {
                var queue = QueueOf(v.Type, v.Name);
                Keep(queue, new VarExpr(v), forwardBody, innerLoop.Origin);
                reads.Add(new AssignStmt(v, TapeStmt.Call(queue, "ReadNext", v.Type), innerLoop.Origin?.As(OriginRole.Adjoint)));
            }

            // The scratch buffers of this loop's iteration it writes: their contents, whole (its
            // own scratch buffers are read by nothing after it), unless a later inner loop's copy
            // of the same buffer overwrites it first.
            foreach (var buffer in Snapshotted(innerLoop).Where(b => !SnapshotOverwritten(innerLoop, b)))
            {
                var queue = QueueOf(ElementType(buffer.Type), buffer.Name);
                if (assignedInBody.Contains(buffer))
                {
                    // Its length at the start of the iteration may not be the one pushed: element by element.
                    var position = new Var(names.Numbered("element"), "int");
                    var element = new IndexExpr(new VarExpr(buffer), new VarExpr(position), ElementType(buffer.Type));
                    forwardBody.AddRange(EachElement(buffer, position, new EvaluateStmt(TapeStmt.Call(queue, "Push", "void", element), innerLoop.Origin), innerLoop.Origin));
                    reads.AddRange(EachElement(buffer, position, new StoreStmt(buffer, new VarExpr(position), TapeStmt.Call(queue, "ReadNext", element.Type), innerLoop.Origin?.As(OriginRole.Adjoint)), innerLoop.Origin?.As(OriginRole.Adjoint)));
                }
                else
                {
                    // One claim of the room each way, then a copy loop over the tape's storage
                    // through locals: per element, each push and read would load and store the
                    // tape's count in memory (the tape is passed by reference to methods that are
                    // not inlined, so its fields are not enregistered), a dependency chain through
                    // the store buffer; a CopyTo costs a call, too much for a few elements.
                    Reserve(queue, ArrayPlumbing.Member(new VarExpr(buffer), ".Length", "int"));
                    forwardBody.AddRange(CopyBuffer(buffer, queue, intoTape: true, innerLoop.Origin));
                    reads.AddRange(CopyBuffer(buffer, queue, intoTape: false, innerLoop.Origin?.As(OriginRole.Adjoint)));
                }
            }

            int at = recomputed.FindIndex(s => ReferenceEquals(s, innerLoop));
            recomputed.RemoveAt(at);
            recomputed.InsertRange(at, reads);
        }

        // The room is made at the start of each iteration, so the pushes after the inner loops
        // hold no call: with a call on one of its paths (to grow the tape) right after an inner
        // loop, the JIT kept the loop's floating-point accumulator in memory on every iteration of
        // the inner loop (no XMM register survives a call in System V x64), which doubled the time
        // of an MLP's forward sweep.
        forwardBody.InsertRange(0, room.OrderBy(p => p.Key.Name, System.StringComparer.Ordinal)
            .Select(p => new EvaluateStmt(TapeStmt.Call(p.Key, "Reserve", "void", RoomFor(p.Value.Lengths, p.Value.Values)), origin)));
        if (inFusedIteration)
        {
            // Run once per iteration of the fused loop: each run keeps its own values.
            foreach (var queue in queueOfType.Values)
            {
                output.Add(new EvaluateStmt(TapeStmt.Call(queue, "Clear", "void"), origin));
            }
        }

        return (loop with { Body = forwardBody.ToEquatableArray() }, recomputed);
    }

    /// <summary>
    /// <c>storage = tape.Storage; at = tape.PushReservedRange(buffer.Length)</c> (or, out of the
    /// tape, <paramref name="claimOut"/>: <c>ReadNextRange</c> for a queue, <c>PopRange</c> for a
    /// stack), then <c>storage[at + element] = buffer[element]</c> (or the other way) for each
    /// element. <c>Storage</c> is read after the room was reserved and before the claim, which does
    /// not grow it.
    /// </summary>
    private IEnumerable<Stmt> CopyBuffer(Var buffer, Var tape, bool intoTape, Origin? origin, string claimOut = "ReadNextRange")
    {
        string type = ElementType(buffer.Type);
        var storage = new Var(names.Numbered("keptStorage"), type + "[]");
        var at = new Var(names.Numbered("keptAt"), "int");
        var position = new Var(names.Numbered("element"), "int");
        yield return new AssignStmt(storage, new TemplateExpr(EquatableArray.Create("", ".Storage"), EquatableArray.Create<Expr>(new VarExpr(tape)), storage.Type, HasSideEffects: true), origin);
        yield return new AssignStmt(at, TapeStmt.Call(tape, intoTape ? "PushReservedRange" : claimOut, "int", ArrayPlumbing.Member(new VarExpr(buffer), ".Length", "int")), origin);
        var slot = new BinaryExpr(BinaryOp.Add, new VarExpr(at), new VarExpr(position), "int");
        var copy = intoTape
            ? new StoreStmt(storage, slot, new IndexExpr(new VarExpr(buffer), new VarExpr(position), type), origin)
            : new StoreStmt(buffer, new VarExpr(position), new IndexExpr(new VarExpr(storage), slot, type), origin);
        foreach (var statement in EachElement(buffer, position, copy, origin))
        {
            yield return statement;
        }
    }

    /// <summary><c>lengths[0] + … + values</c>: the room one iteration's kept values take.</summary>
    private static Expr RoomFor(List<Expr> lengths, int values)
    {
        var terms = lengths.Concat(values > 0 || lengths.Count == 0 ? new Expr[] { new ConstExpr(values, "int") } : System.Array.Empty<Expr>());
        return terms.Aggregate((sum, term) => new BinaryExpr(BinaryOp.Add, sum, term, "int"));
    }

    /// <summary>
    /// Adds an iteration's reverse part, then its end-of-iteration copies of carried variables. A
    /// copy whose source the reverse part assigns (a counter advanced in an inner loop that the
    /// reverse part runs backwards, restoring it from the tape: <c>p++</c> inside a recurrence) takes
    /// the source's value before the reverse part runs.
    /// </summary>
    private void AddReverseThenCopies(List<Stmt> body, List<Stmt> reverse, IEnumerable<AssignStmt> copies)
    {
        var restored = new HashSet<Var>(StatementWalker.All(reverse).SelectMany(s => s is TapeStmt { IsPush: false } pop ? new[] { pop.Variable } : Cleanup.Targets(s)));
        var after = new List<Stmt>();
        foreach (var copy in copies)
        {
            if (copy.Value is VarExpr { Var: var next } && restored.Contains(next))
            {
                var kept = new Var(names.Fresh(next.Name + "Next"), next.Type);
                body.Add(new AssignStmt(kept, copy.Value, copy.Origin));
                after.Add(copy with { Value = new VarExpr(kept) });
            }
            else
            {
                after.Add(copy);
            }
        }

        body.AddRange(reverse);
        body.AddRange(after);
    }

    /// <summary>The statements, at any depth, with their primal origins marked as run again (<see cref="OriginRole.Replay"/>).</summary>
    private static List<Stmt> AsReplay(IEnumerable<Stmt> block) => block.Select(s =>
    {
        var replayed = s.Origin is { Role: OriginRole.Primal } origin ? s with { Origin = origin.As(OriginRole.Replay) } : s;
        return replayed switch
        {
            IfStmt i => i with { Then = AsReplay(i.Then).ToEquatableArray(), Else = AsReplay(i.Else).ToEquatableArray() },
            LoopStmt l => l with { Body = AsReplay(l.Body).ToEquatableArray() },
            _ => replayed,
        };
    }).ToList();

    /// <summary><c>at = 0; while (at &lt; buffer.Length) { statement; at = at + 1; }</c></summary>
    private static IEnumerable<Stmt> EachElement(Var buffer, Var at, Stmt statement, Origin? origin)
    {
        var length = ArrayPlumbing.Member(new VarExpr(buffer), ".Length", "int");
        yield return new AssignStmt(at, new ConstExpr(0, "int"), origin);
        yield return new LoopStmt(
            new BinaryExpr(BinaryOp.Less, new VarExpr(at), length, "bool"),
            EquatableArray.Create(statement, new AssignStmt(at, new BinaryExpr(BinaryOp.Add, new VarExpr(at), new ConstExpr(1, "int"), "int"), origin)),
            origin);
    }

    /// <summary>The loop without the given stores, at any depth.</summary>
    private static LoopStmt WithoutStores(LoopStmt loop, HashSet<Stmt> stores)
    {
        // The same loop when there is nothing to take out (kept inner results find it by reference).
        if (!StatementWalker.All(loop.Body).Any(stores.Contains))
        {
            return loop;
        }

        List<Stmt> Strip(IEnumerable<Stmt> block) => block.Where(s => !stores.Contains(s)).Select(s => s switch
        {
            IfStmt i => i with { Then = Strip(i.Then).ToEquatableArray(), Else = Strip(i.Else).ToEquatableArray() },
            LoopStmt l => l with { Body = Strip(l.Body).ToEquatableArray() },
            _ => s,
        }).ToList();

        return loop with { Body = Strip(loop.Body).ToEquatableArray() };
    }

    /// <summary>How often each variable is read in the method's body (counted once, on first use).</summary>
    private Dictionary<Var, int> MethodReads
    {
        get
        {
            if (methodReads is null)
            {
                methodReads = new Dictionary<Var, int>();
                foreach (var statement in StatementWalker.All(methodBody))
                {
                    foreach (var e in Cleanup.Expressions(statement))
                    {
                        foreach (var v in Cleanup.Reads(e))
                        {
                            methodReads[v] = (methodReads.TryGetValue(v, out int n) ? n : 0) + 1;
                        }
                    }
                }
            }

            return methodReads;
        }
    }

    /// <summary>Whether an expression calls a transcendental function (anything but the cheap selections, roundings, abs, sqrt and fused multiply-add).</summary>
    private static bool IsCostly(Expr e)
        => ExprWalker.Any(e, static d => d is MathExpr math && math.Function is not (
            MathFunction.Abs or MathFunction.Max or MathFunction.Min or MathFunction.Clamp or MathFunction.NumberClamp
            or MathFunction.FusedMultiplyAdd or MathFunction.Floor or MathFunction.Ceiling or MathFunction.Round or MathFunction.Truncate
            or MathFunction.Sign or MathFunction.Sqrt or MathFunction.CopySign or MathFunction.DegreesToRadians or MathFunction.RadiansToDegrees
            or MathFunction.Lerp or MathFunction.MaxMagnitude or MathFunction.MinMagnitude or MathFunction.MaxMagnitudeNumber or MathFunction.MinMagnitudeNumber
            or MathFunction.MaxNumber or MathFunction.MinNumber or MathFunction.MaxNative or MathFunction.MinNative or MathFunction.ClampNative
            or MathFunction.MultiplyAddEstimate or MathFunction.ScaleB or MathFunction.ILogB or MathFunction.StopGradient or MathFunction.Relu));

    /// <summary>Whether a loop only assigns local variables from pure expressions and writes only the buffers allowed (no other memory writes, calls with effects, throws or returns).</summary>
    private static bool OnlyComputesValues(LoopStmt loop, System.Func<Var, bool> mayWrite)
        => StatementWalker.All(loop.Body).All(s => s switch
        {
            AssignStmt a => Cleanup.IsPure(a.Value),
            StoreStmt store => mayWrite(store.Array) && Cleanup.IsPure(store.Index) && Cleanup.IsPure(store.Value),
            IfStmt i => Cleanup.IsPure(i.Condition),
            LoopStmt l => Cleanup.IsPure(l.Condition),
            BreakStmt or ContinueStmt => true,
            _ => false,
        }) && Cleanup.IsPure(loop.Condition);

    private void AddAssign(AssignStmt assign, List<Stmt> output, List<Node> nodes)
    {
        if (loopDepth > 0 && IsRecomputedView(assign))
        {
            // A view of data: evaluated again in the reverse sweep (see ReverseBlock), not taped.
            loopAssigned.Add(assign.Target);
            output.Add(assign);
            nodes.Add(new Node(assign, remade: true));
            return;
        }

        if (loopDepth > 0 || loopAssigned.Contains(assign.Target))
        {
            loopAssigned.Add(assign.Target);
            if (loopDepth > 0)
            {
                // Its previous value may be needed when the reverse sweep gets back here.
                output.Add(new TapeStmt(assign.Target, IsPush: true, assign.Origin));
            }
        }

        var saved = assign.Value is DifferentiableCallExpr call ? SaveCallArguments(call, assign.Origin, output) : null;
        output.Add(assign);
        nodes.Add(new Node(assign, taped: loopDepth > 0, saved: saved));
    }

    /// <summary>
    /// A span assigned in a loop run backwards that is a view of data (a slice of a
    /// <c>[NoDerivative]</c> span, or of a view of one made outside loops, by an inactive call,
    /// <c>X.Slice(i * d, d)</c>): a span cannot
    /// be kept on a tape, but the view is pure and reads only values the reverse sweep restores, so
    /// it is made again where the reverse sweep needs it (<see cref="RecomputedViewsByLastReader"/>).
    /// </summary>
    private bool IsRecomputedView(AssignStmt assign)
        => (assign.Target.Type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal) || assign.Target.Type.StartsWith("global::System.Span<", System.StringComparison.Ordinal))
           && !active.Contains(assign.Target)
           && (assign.Value is ConvertExpr { Operand: var viewed } && BodyLowerer.IsRealBuffer(viewed.Type) ? viewed : assign.Value) is var view
           && (view is SliceExpr || IsSliceCall(view))
           && !Activity.IsActive(assign.Value, active)
           && ExprWalker.DescendantsAndSelf(assign.Value).OfType<VarExpr>().All(v => !BodyLowerer.IsRealBuffer(v.Var.Type) || (!active.Contains(v.Var) && !loopAssigned.Contains(v.Var)));

    /// <summary>
    /// Whether an allocation's length may differ from one iteration of a loop to the next: it reads
    /// a variable the loop assigns, other than the <c>Length</c> of a buffer that is itself only
    /// ever allocated with such a length (<c>new double[z.Length]</c> for a <c>z</c> allocated in
    /// the loop as <c>new double[z0.Length]</c>: a new user's trial, stop 30).
    /// </summary>
    private bool LengthMayChange(Expr allocation, int depth)
    {
        foreach (var read in Cleanup.Reads(allocation))
        {
            if (!loopAssigned.Contains(read))
            {
                continue;
            }

            // Read only as its Length: every mention of it is inside one.
            bool onlyItsLength = BodyLowerer.IsRealBuffer(read.Type)
                && ExprWalker.DescendantsAndSelf(allocation).Count(d => d is VarExpr r && r.Var.Equals(read))
                    == ExprWalker.DescendantsAndSelf(allocation).Count(d => ArrayPlumbing.LengthOf(d) is { } measured && measured.Equals(read));
            var allocations = StatementWalker.All(methodBody).OfType<AssignStmt>().Where(a => a.Target.Equals(read)).ToList();
            if (!onlyItsLength || depth >= 8 || allocations.Count == 0
                || allocations.Any(a => !ArrayPlumbing.IsAllocation(a.Value) || LengthMayChange(a.Value, depth + 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>d.Slice(…)</c> or <c>MemoryExtensions.AsSpan&lt;T&gt;(d, …)</c> (an inactive call the lowering kept), with pure arguments.</summary>
    private static bool IsSliceCall(Expr e)
        => e is TemplateExpr { Holes.Count: > 0 } t && t.Holes.All(Cleanup.IsPure)
           && ((t.Segments[0].Length == 0 && t.Segments[1].StartsWith(".Slice(", System.StringComparison.Ordinal))
               || t.Segments[0].StartsWith("global::System.MemoryExtensions.AsSpan", System.StringComparison.Ordinal));

    /// <summary>
    /// For a block of a loop run backwards: the views of data assigned at its top level (the nodes
    /// the forward sweep marked <see cref="Node.Remade"/>), each to be made again just before the reverse of the last
    /// node of the block that reads it, keyed by that node's index.
    /// </summary>
    private Dictionary<int, List<Stmt>>? RecomputedViewsByLastReader(List<Node> nodes)
    {
        Dictionary<int, List<Stmt>>? result = null;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!nodes[i].Remade || nodes[i].Statement is not AssignStmt view)
            {
                continue;
            }

            int last = i;
            for (int k = i + 1; k < nodes.Count; k++)
            {
                if (StatementWalker.All(new[] { nodes[k].Statement }).Any(s => Cleanup.Expressions(s).Any(e => Cleanup.Mentions(e, view.Target))))
                {
                    last = k;
                }
            }

            if (last > i)
            {
                ((result ??= new Dictionary<int, List<Stmt>>()).TryGetValue(last, out var list) ? list : result[last] = new List<Stmt>()).Add(view with { Origin = view.Origin?.As(OriginRole.Adjoint) });
            }
        }

        return result;
    }

    /// <summary>
    /// A call inside a loop run backwards, passed a local buffer that the loop writes (on any path,
    /// before or after the call: a later iteration runs it after the call): the callee's pullback,
    /// in this iteration's reverse, must see the elements the call saw, which later writes changed.
    /// So each such argument is copied onto a tape (one claim of room, then a copy loop into its
    /// storage) just before the call, and the
    /// reverse takes it back (<see cref="RestoreCallArguments"/>). What the outermost such loop does
    /// not write stays as it was at the call (the lowering freezes it after the loop).
    /// </summary>
    private List<(int Argument, Var Tape)>? SaveCallArguments(DifferentiableCallExpr call, Origin? origin, List<Stmt> output)
    {
        if (tapedLoops.Count == 0)
        {
            return null;
        }

        List<(int, Var)>? saved = null;
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (call.ActiveParameters[i] && !call.IsOutput(i) && call.Arguments[i] is VarExpr { Var: var buffer }
                && BodyLowerer.IsRealBuffer(buffer.Type) && bufferWrites.WrittenWithin(tapedLoops[0], buffer))
            {
                string type = ElementType(buffer.Type);
                if (!savedBufferTapes.TryGetValue(type, out var tape))
                {
                    tape = new Var(names.Numbered("saved"), TapeStmt.TapeType(type, buffer.Name));
                    savedBufferTapes[type] = tape;
                    queues.Add(tape);
                }

                // Room once, then a copy loop into the tape's storage (a push per element would
                // load and store the tape's count in memory each time).
                output.Add(new EvaluateStmt(TapeStmt.Call(tape, "Reserve", "void", ArrayPlumbing.Member(new VarExpr(buffer), ".Length", "int")), origin));
                output.AddRange(CopyBuffer(buffer, tape, intoTape: true, origin));
                (saved ??= new List<(int, Var)>()).Add((i, tape));
            }
        }

        return saved;
    }

    /// <summary>
    /// Before a saved call's pullback (<see cref="SaveCallArguments"/>): takes its buffers back from
    /// the tape, last pushed first, and returns the arguments the pullback is to read. An array is
    /// restored in place (nothing after this point of the reverse sweep reads it as it was later: a
    /// reduction run again that reads it needs it unwritten by loops around it, and scalars read
    /// from it were taped); a span, which may be read-only, is read where the tape keeps it: popping
    /// moves the tape's count back without clearing its storage, and nothing is pushed before the
    /// pullback returns.
    /// </summary>
    private List<Expr> RestoreCallArguments(DifferentiableCallExpr call, List<(int Argument, Var Tape)> saved, Origin? origin, List<Stmt> output)
    {
        var arguments = call.Arguments.ToList();
        for (int k = saved.Count - 1; k >= 0; k--)
        {
            var (i, tape) = saved[k];
            var buffer = ((VarExpr)call.Arguments[i]).Var;
            string type = ElementType(buffer.Type);
            if (buffer.Type.EndsWith("[]", System.StringComparison.Ordinal))
            {
                output.AddRange(CopyBuffer(buffer, tape, intoTape: false, origin, claimOut: "PopRange"));
            }
            else
            {
                var length = ArrayPlumbing.Member(new VarExpr(buffer), ".Length", "int");
                var at = new Var(names.Numbered("savedAt"), "int");
                output.Add(new AssignStmt(at, TapeStmt.Call(tape, "PopRange", "int", length), origin));
                var view = new Var(names.Numbered("savedView"), ArrayPlumbing.SpanType(type, readOnly: true));
                output.Add(new AssignStmt(view, new TemplateExpr(
                    EquatableArray.Create("new " + view.Type + "(", ".Storage, ", ", ", ")"),
                    EquatableArray.Create<Expr>(new VarExpr(tape), new VarExpr(at), length), view.Type, HasSideEffects: true), origin));
                arguments[i] = new VarExpr(view);
            }
        }

        return arguments;
    }

    // ---------------------------------------------------------------- reverse sweep

    /// <summary>Adjoints first written inside a branch or loop start at zero before the reverse sweep.</summary>
    private List<Stmt> PreInitialize(List<Node> nodes)
    {
        var touched = new HashSet<Var>();
        CollectTouched(nodes, nested: false, touched);
        var output = new List<Stmt>();
        foreach (var primal in touched.OrderBy(v => v.Name, System.StringComparer.Ordinal))
        {
            var adjoint = AdjointVar(primal);
            if (!accumulatingParameters.Contains(adjoint) && !BodyLowerer.IsRealBuffer(primal.Type))
            {
                output.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), null));
            }

            initialized.Add(adjoint);
        }

        return output;
    }

    /// <summary>
    /// The active variables whose adjoints are written where a first write cannot declare them (in a
    /// branch or loop): they start at zero. Variables local to one iteration of a reduction loop are
    /// left to that iteration (its reverse part declares them afresh).
    /// </summary>
    private void CollectTouched(List<Node> nodes, bool nested, HashSet<Var> touched, ISet<Var>? scopeLocals = null)
    {
        foreach (var node in nodes)
        {
            switch (node.Statement)
            {
                case IfStmt:
                    CollectTouched(node.Then, nested: true, touched, scopeLocals);
                    CollectTouched(node.Else, nested: true, touched, scopeLocals);
                    break;
                case LoopStmt when node.Reduction is not null:
                {
                    var inner = new HashSet<Var>();
                    CollectTouched(node.Then, nested: true, inner, scopeLocals);
                    inner.ExceptWith(IterationLocals(node.Then));
                    touched.UnionWith(inner);
                    break;
                }

                case LoopStmt:
                    CollectTouched(node.Then, nested: true, touched, scopeLocals);
                    break;
                case AssignStmt assign when active.Contains(assign.Target) && (nested || (loopAssigned.Contains(assign.Target) && scopeLocals?.Contains(assign.Target) != true)):
                    touched.Add(assign.Target);
                    CollectActiveOperands(assign.Value, touched);
                    break;
                case StoreStmt store when nested && active.Contains(store.Array):
                    CollectActiveOperands(store.Value, touched);
                    break;
                case EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } when nested:
                    CollectActiveOperands(writer, touched);
                    break;
                case DeconstructStmt deconstruct when deconstruct.Targets.Any(t => active.Contains(t) && (nested || (loopAssigned.Contains(t) && scopeLocals?.Contains(t) != true))):
                    touched.UnionWith(deconstruct.Targets.Where(active.Contains));
                    CollectActiveOperands(deconstruct.Value, touched);
                    break;
                case ReturnStmt ret when nested:
                    CollectActiveOperands(ret.Value, touched);
                    break;
            }
        }
    }

    /// <summary>Variables assigned in one iteration of a reduction loop, outside its inner loops.</summary>
    private static HashSet<Var> IterationLocals(List<Node> nodes)
    {
        var locals = new HashSet<Var>();
        void Visit(List<Node> list)
        {
            foreach (var node in list)
            {
                switch (node.Statement)
                {
                    case AssignStmt assign:
                        locals.Add(assign.Target);
                        break;
                    case DeconstructStmt deconstruct:
                        locals.UnionWith(deconstruct.Targets);
                        break;
                    case IfStmt:
                        Visit(node.Then);
                        Visit(node.Else);
                        break;
                }
            }
        }

        Visit(nodes);
        return locals;
    }

    /// <summary>
    /// v = G(a, b) backwards: <c>GPullback(a, b, v̄, ref ā, ref b̄)</c> adds v̄·∂G into the arguments'
    /// adjoints; an argument that is not an active variable gets a scratch adjoint.
    /// </summary>
    private void Pullback(DifferentiableCallExpr call, Expr seedOfCall, Origin? origin, List<Stmt> output, List<Expr>? primals = null)
        => Pullback(call, new[] { ExprFactory.Convert(seedOfCall, call.Type) }, origin, output, primals);

    /// <summary>The same for a vector-valued callee: one seed per output, in order; <paramref name="primals"/> replaces the arguments it reads (<see cref="RestoreCallArguments"/>).</summary>
    private void Pullback(DifferentiableCallExpr call, IReadOnlyList<Expr> seeds, Origin? origin, List<Stmt> output, List<Expr>? primals = null)
    {
        var refs = new List<Expr>();
        List<Stmt>? returned = null;
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.ActiveParameters[i])
            {
                continue;
            }

            if (call.Arguments[i] is VarExpr { Var: var buffer } && BodyLowerer.IsRealBuffer(buffer.Type) && active.Contains(buffer))
            {
                // An array or span argument (an active input or a view of one, see the lowering):
                // the callee adds into the same view of its adjoint.
                refs.Add(new VarExpr(AdjointVar(buffer)));
            }
            else if (BodyLowerer.IsRealBuffer(call.Arguments[i].Type))
            {
                // Data for a parameter the callee differentiates: it adds into a rented scratch
                // span, given back after the call (what it adds goes nowhere).
                string element = ElementType(call.Arguments[i].Type);
                var pooled = new Var(names.Numbered("unusedPooled"), element + "[]");
                var scratch = new Var(names.Numbered("unused"), ArrayPlumbing.SpanType(element, readOnly: false));
                output.AddRange(ArrayPlumbing.RentSpan(pooled, scratch, ArrayPlumbing.Member(call.Arguments[i], ".Length", "int"), origin));
                refs.Add(new VarExpr(scratch));
                (returned ??= new List<Stmt>()).Add(ArrayPlumbing.ReturnRented(pooled, origin));
            }
            else if (call.Arguments[i] is VarExpr { Var: var argument } && active.Contains(argument) && argument.Type == call.Arguments[i].Type)
            {
                var adjoint = AdjointVar(argument);
                if (!initialized.Contains(adjoint) && !accumulatingParameters.Contains(adjoint))
                {
                    output.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), origin));
                    initialized.Add(adjoint);
                }

                refs.Add(new VarExpr(adjoint));
            }
            else
            {
                var scratch = new Var(names.Numbered("unused"), call.Arguments[i].Type);
                output.Add(new AssignStmt(scratch, ExprFactory.Const(0, scratch.Type), origin));
                refs.Add(new VarExpr(scratch));
            }
        }

        var reading = primals is null ? call : call with { Arguments = primals.ToEquatableArray() };
        output.Add(new EvaluateStmt(Composition.Call(reading, "Pullback", seeds, refs: refs), origin));
        if (returned is not null)
        {
            output.AddRange(returned);
        }
    }

    private void CollectActiveOperands(Expr e, HashSet<Var> into)
    {
        if (e is TupleExpr tuple)
        {
            foreach (var element in tuple.Elements)
            {
                CollectActiveOperands(element, into);
            }

            return;
        }

        if (e is DifferentiableCallExpr call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument is VarExpr v && active.Contains(v.Var))
                {
                    into.Add(v.Var);
                }
            }

            return;
        }

        if (e is VarExpr direct)
        {
            if (active.Contains(direct.Var))
            {
                into.Add(direct.Var);
            }

            return;
        }

        foreach (var partial in DerivativeRules.Partials(e, e))
        {
            if (partial.Operand is VarExpr v && active.Contains(v.Var))
            {
                into.Add(v.Var);
            }
            else if (partial.Operand is not IndexExpr && Activity.IsActive(partial.Operand, active))
            {
                CollectActiveOperands(partial.Operand, into);
            }
        }
    }

    private List<Stmt> ReverseBlock(List<Node> nodes)
    {
        var output = new List<Stmt>();
        var recomputeBefore = RecomputedViewsByLastReader(nodes);
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (recomputeBefore is not null && recomputeBefore.TryGetValue(i, out var views))
            {
                // Views of data this block made, read by this node or by nothing after it: made
                // again here, from the values their operands have in this iteration (the copies at
                // the iteration's end are undone already, the statements before them not yet).
                output.AddRange(views);
            }

            switch (node.Statement)
            {
                case AssignStmt assign when accumulations.TryGetValue(assign, out var accumulator):
                {
                    // s_new = s ± e in a reduction: e gets ±s̄, and s̄ stays as it is.
                    var adjoint = AdjointVar(accumulator);
                    var operation = (BinaryExpr)assign.Value;
                    var increment = operation.Left.Equals(new VarExpr(accumulator)) ? operation.Right : operation.Left;
                    Expr seedOfIncrement = operation.Op == BinaryOp.Subtract ? ExprFactory.Negate(new VarExpr(adjoint)) : new VarExpr(adjoint);
                    if (Activity.IsActive(increment, active))
                    {
                        Backpropagate(increment, increment, seedOfIncrement, assign.Origin?.As(OriginRole.Adjoint), output, isSeed: true);
                    }

                    break;
                }

                case AssignStmt assign when loopDepth > 0 && active.Contains(assign.Target) && BodyLowerer.IsRealBuffer(assign.Target.Type) && ArrayPlumbing.IsAllocation(assign.Value):
                {
                    // A local buffer allocated in each iteration of a loop run backwards: the
                    // reverse sweep reuses one adjoint buffer for all iterations, so before the
                    // iteration before this one it is cleared (this iteration's buffer started as
                    // zeros: what remains of its adjoint goes nowhere). Reuse needs one length.
                    if (LengthMayChange(assign.Value, 0))
                    {
                        throw new NotDifferentiableException($"a local buffer whose length changes from one iteration to the next ('{assign.Origin?.Text ?? assign.Target.Name}'), inside a loop that reverse mode runs backwards (it reuses one adjoint buffer for every iteration; allocate the buffer with the same length in each iteration, the largest, or allocate one before the loop when no callee writes it as a span output),");
                    }

                    var adjoint = AdjointVar(assign.Target);
                    output.Add(ArrayPlumbing.Clear(adjoint, assign.Origin?.As(OriginRole.Adjoint)));
                    if (node.Taped)
                    {
                        output.Add(new TapeStmt(assign.Target, IsPush: false, assign.Origin?.As(OriginRole.Adjoint)));
                    }

                    break;
                }

                case AssignStmt assign:
                {
                    // Saved buffers come back off their tape whether or not the pullback runs.
                    var primals = node.Saved is { } saved ? RestoreCallArguments((DifferentiableCallExpr)assign.Value, saved, assign.Origin?.As(OriginRole.Adjoint), output) : null;
                    if (active.Contains(assign.Target) && !BodyLowerer.IsRealBuffer(assign.Target.Type))
                    {
                        var adjoint = AdjointVar(assign.Target);
                        if (initialized.Contains(adjoint))
                        {
                            if (assign.Value is DifferentiableCallExpr call)
                            {
                                Pullback(call, new VarExpr(adjoint), assign.Origin?.As(OriginRole.Adjoint), output, primals);
                            }
                            else
                            {
                                Backpropagate(assign.Value, new VarExpr(assign.Target), new VarExpr(adjoint), assign.Origin?.As(OriginRole.Adjoint), output);
                            }

                            if (HoldsSeveralValues(assign.Target))
                            {
                                // Consumed: the value before this assignment is another value,
                                // whose adjoint starts at zero.
                                output.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), assign.Origin?.As(OriginRole.Adjoint)));
                            }
                        }
                    }

                    if (node.Taped)
                    {
                        // Back to the value before this assignment (also an inner loop's
                        // iteration count, reset once per outer iteration).
                        output.Add(new TapeStmt(assign.Target, IsPush: false, assign.Origin?.As(OriginRole.Adjoint)));
                    }

                    break;
                }

                case DeconstructStmt deconstruct:
                {
                    var origin = deconstruct.Origin?.As(OriginRole.Adjoint);
                    var seeds = deconstruct.Targets.Select(t => active.Contains(t) && initialized.Contains(AdjointVar(t)) ? (Expr)new VarExpr(AdjointVar(t)) : ExprFactory.Const(0, t.Type)).ToList();
                    var primals = node.Saved is { } saved ? RestoreCallArguments((DifferentiableCallExpr)deconstruct.Value, saved, origin, output) : null;
                    if (deconstruct.Value is DifferentiableCallExpr call && seeds.Any(seed => seed is VarExpr))
                    {
                        // (a, b) = G(x, y) backwards: one pullback with every output's adjoint as its seed.
                        Pullback(call, seeds, origin, output, primals);
                        for (int k = 0; k < deconstruct.Targets.Count; k++)
                        {
                            if (seeds[k] is VarExpr && HoldsSeveralValues(deconstruct.Targets[k]))
                            {
                                // Consumed: the value before this assignment is another value.
                                output.Add(new AssignStmt(AdjointVar(deconstruct.Targets[k]), ExprFactory.Const(0, deconstruct.Targets[k].Type), origin));
                            }
                        }
                    }

                    if (node.Taped)
                    {
                        for (int k = deconstruct.Targets.Count - 1; k >= 0; k--)
                        {
                            output.Add(new TapeStmt(deconstruct.Targets[k], IsPush: false, origin));
                        }
                    }

                    break;
                }

                case EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } evaluate:
                {
                    // Saved inputs come back off their tape whether or not the pullback runs.
                    var inputs = node.Saved is { } savedInputs ? RestoreCallArguments(writer, savedInputs, evaluate.Origin?.As(OriginRole.Adjoint), output) : null;
                    // The outputs it overwrites whole (buffers that held values before it): their
                    // adjoints are consumed by it, pullback or not (what they held before gets none).
                    var consumed = writer.Arguments.Where((a, i) => writer.Overwrites(i) && a is VarExpr { Var: var b } && active.Contains(b))
                        .Select(a => ArrayPlumbing.Clear(AdjointVar(((VarExpr)a).Var), evaluate.Origin?.As(OriginRole.Adjoint))).ToList();
                    if (!Activity.IsActiveCall(writer, active))
                    {
                        output.AddRange(consumed);
                        break;
                    }

                    // G(a, h) writing the span output h: the callee's pullback, seeded with h's
                    // adjoint, adds into the inputs' adjoints. Nothing before the call wrote h (the
                    // lowering's rule: in a loop, h is allocated in the same iteration), so h's
                    // adjoint has no use after this: it is not consumed (the allocation's reverse
                    // clears it).
                    // Its pullback runs it again, and it may read its outputs before it writes them
                    // (y[i] = beta * y[i] + 1): they must hold what they held at the call, the zeros
                    // of a fresh buffer (the lowering's rule), so they are cleared again first (they
                    // held the call's results: a new user's trial, stop 25).
                    // An output it overwrites whole it writes before it reads: not cleared.
                    var origin = evaluate.Origin?.As(OriginRole.Adjoint);
                    var buffers = writer.Arguments.Where((a, i) => writer.IsOutput(i)).Select(a => ((VarExpr)a).Var).ToList();
                    output.AddRange(writer.Arguments.Where((a, i) => writer.IsOutput(i) && !writer.Overwrites(i)).Select(a => ArrayPlumbing.Clear(((VarExpr)a).Var, origin)));
                    Pullback(writer, buffers.Select(buffer => (Expr)new VarExpr(AdjointVar(buffer))).ToList(), origin, output, inputs);
                    output.AddRange(consumed);
                    break;
                }

                case StoreStmt store when active.Contains(store.Array):
                {
                    // array[k] = v: v gets the element's adjoint, which is then consumed.
                    var adjointBuffer = AdjointVar(store.Array);
                    var element = new IndexExpr(new VarExpr(adjointBuffer), store.Index, ElementType(store.Array.Type));
                    var origin = store.Origin?.As(OriginRole.Adjoint);
                    if (Activity.IsActive(store.Value, active))
                    {
                        Backpropagate(store.Value, store.Value, element, origin, output, isSeed: true);
                    }

                    output.Add(new StoreStmt(adjointBuffer, store.Index, ExprFactory.Const(0, element.Type), origin));
                    break;
                }

                case ReturnStmt ret when Activity.IsActive(ret.Value, active):
                {
                    var values = ret.Value is TupleExpr tuple ? tuple.Elements : EquatableArray.Create(ret.Value);
                    for (int k = 0; k < values.Count; k++)
                    {
                        if (Activity.IsActive(values[k], active))
                        {
                            Backpropagate(values[k], values[k], ExprFactory.Convert(seeds[k], values[k].Type), ret.Origin?.As(OriginRole.Adjoint), output, isSeed: true);
                        }
                    }

                    break;
                }

                case IfStmt branch:
                {
                    branchDepth++;
                    var then = ReverseBlock(node.Then);
                    var @else = ReverseBlock(node.Else);
                    branchDepth--;
                    if (then.Count > 0 || @else.Count > 0)
                    {
                        output.Add(new IfStmt(node.RecordedCondition!, then.ToEquatableArray(), @else.ToEquatableArray(), branch.Origin?.As(OriginRole.Adjoint)));
                    }

                    break;
                }

                case LoopStmt loop when node.Reduction is { } reduction:
                {
                    // Run the reduction again from its initial counters: recompute an iteration,
                    // then propagate its adjoints at once.
                    var origin = loop.Origin?.As(OriginRole.Adjoint);

                    var body = new List<Stmt>(node.Recompute!);
                    AddReverseThenCopies(body, ReverseIteration(node, origin), reduction.CounterCopies);
                    var rerun = new List<Stmt>(reduction.Counters.Select(c => (Stmt)new AssignStmt(c.Variable, c.Initial, origin)));
                    rerun.Add(new LoopStmt(loop.Condition, body.ToEquatableArray(), origin));

                    // Nothing flows back when every accumulator's adjoint is zero (a ReLU that is
                    // off): skip the pass, as a hand-written gradient would.
                    var adjoints = reduction.Accumulations.Values.Distinct().Select(AdjointVar).Where(initialized.Contains).ToList();
                    if (reduction.WritesBuffers)
                    {
                        output.AddRange(rerun);
                    }
                    else if (adjoints.Count > 0)
                    {
                        Expr anyNonZero = adjoints
                            .Select(a => (Expr)new BinaryExpr(BinaryOp.NotEqual, new VarExpr(a), ExprFactory.Const(0, a.Type), "bool"))
                            .Aggregate((l, r) => new BinaryExpr(BinaryOp.ConditionalOr, l, r, "bool"));
                        output.Add(new IfStmt(anyNonZero, rerun.ToEquatableArray(), EquatableArray<Stmt>.Empty, origin));
                    }

                    break;
                }

                case LoopStmt loop:
                {
                    // The loop backwards: as many iterations as it ran, each body reversed.
                    var counter = node.Counter!;
                    loopDepth++;
                    var body = ReverseBlock(node.Then);
                    loopDepth--;
                    body.Insert(0, new AssignStmt(counter, new BinaryExpr(BinaryOp.Subtract, new VarExpr(counter), new ConstExpr(1, "int"), "int"), loop.Origin?.As(OriginRole.Adjoint)));
                    var condition = new BinaryExpr(BinaryOp.Greater, new VarExpr(counter), new ConstExpr(0, "int"), "bool");
                    output.Add(new LoopStmt(condition, body.ToEquatableArray(), loop.Origin?.As(OriginRole.Adjoint)));
                    break;
                }
            }
        }

        return output;
    }

    /// <summary>
    /// The reverse part of one iteration of a reduction loop. Adjoints of the iteration's own values
    /// live in the iteration: a first write declares them, as in straight-line code.
    /// </summary>
    private List<Stmt> ReverseIteration(Node node, Origin? origin)
    {
        var locals = IterationLocals(node.Then);
        iterationLocals.UnionWith(locals);
        var (savedBranchDepth, savedLoopDepth) = (branchDepth, loopDepth);
        (branchDepth, loopDepth) = (0, 0);
        var output = new List<Stmt>();
        var touchedInside = new HashSet<Var>();
        CollectTouched(node.Then, nested: false, touchedInside, locals);
        foreach (var primal in touchedInside.Where(locals.Contains).OrderBy(v => v.Name, System.StringComparer.Ordinal))
        {
            var adjoint = AdjointVar(primal);
            output.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), origin));
            initialized.Add(adjoint);
        }

        output.AddRange(ReverseBlock(node.Then));
        (branchDepth, loopDepth) = (savedBranchDepth, savedLoopDepth);
        return output;
    }

    /// <summary>Adds <paramref name="adjoint"/>·∂e/∂u into the adjoint of each active operand u of e.</summary>
    private void Backpropagate(Expr e, Expr result, Expr adjoint, Origin? origin, List<Stmt> output, bool isSeed = false)
    {
        if (isSeed && e is VarExpr returned)
        {
            AccumulateInto(returned.Var, adjoint, origin, output);
            return;
        }

        if (isSeed && e is IndexExpr { Array: VarExpr seededArray } seededElement)
        {
            output.Add(new AccumulateElementStmt(AdjointVar(seededArray.Var), seededElement.Index, adjoint, origin));
            return;
        }

        foreach (var partial in DerivativeRules.Partials(e, result))
        {
            if (!Activity.IsActive(partial.Operand, active))
            {
                continue;
            }

            var contribution = ExprFactory.Convert(DerivativeRules.TimesNoNaN(partial, adjoint, factorFirst: true), partial.Operand.Type);
            switch (partial.Operand)
            {
                case VarExpr operand:
                    AccumulateInto(operand.Var, contribution, origin, output);
                    break;
                case IndexExpr { Array: VarExpr array } element:
                    output.Add(new AccumulateElementStmt(AdjointVar(array.Var), element.Index, contribution, origin));
                    break;
                default:
                    Backpropagate(partial.Operand, partial.Operand, contribution, origin, output);
                    break;
            }
        }
    }

    /// <summary>
    /// Whether a variable holds more than one value over a run: assigned in several places, or in a
    /// loop. Its adjoint then belongs to one value at a time and is reset once propagated. (A
    /// variable assigned once per iteration of a reduction loop gets a fresh adjoint in each
    /// recomputed iteration instead.)
    /// </summary>
    private bool HoldsSeveralValues(Var v)
        => (assignmentCounts.TryGetValue(v, out int count) && count > 1)
           || (loopAssigned.Contains(v) && !iterationLocals.Contains(v));

    private void AccumulateInto(Var primal, Expr contribution, Origin? origin, List<Stmt> output)
    {
        var adjoint = AdjointVar(primal);
        if (branchDepth == 0 && loopDepth == 0 && !initialized.Contains(adjoint) && !accumulatingParameters.Contains(adjoint))
        {
            output.Add(new AssignStmt(adjoint, contribution, origin));
            initialized.Add(adjoint);
            return;
        }

        output.Add(new AccumulateStmt(adjoint, contribution, origin));
    }

    private Var AdjointVar(Var primal)
    {
        if (!adjoints.TryGetValue(primal, out var adjoint))
        {
            // A read-only span's adjoint is written: a Span (an array's, an array of the same size).
            string type = primal.Type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal) ? ArrayPlumbing.SpanType(ElementType(primal.Type), readOnly: false) : primal.Type;
            adjoint = new Var(names.Fresh(primal.Name.TrimStart('@') + "Bar"), type);
            adjoints[primal] = adjoint;
        }

        return adjoint;
    }

    private static string ElementType(string bufferType)
        => bufferType.Contains("float") ? "float" : "double";
}
