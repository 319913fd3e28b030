using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// Simplification of a generated body: copy and constant propagation (a variable assigned once
/// from a constant or from another variable that never changes is replaced by it, and the
/// expressions that read it are rebuilt through <see cref="ExprFactory"/>, so <c>1·x</c> becomes
/// <c>x</c>), common subexpressions (a pure right-hand side computed again in the same or an
/// enclosing block reuses the first variable), and dead code (assignments nobody reads, empty
/// branches) — repeated until nothing changes.
/// </summary>
internal static class Cleanup
{
    public static List<Stmt> Run(List<Stmt> body, ISet<Var> liveOut)
    {
        body = Simplify(RemoveUnreachable(body), liveOut);

        // Flow-sensitive, once: then loops left counting only (a reverse pass's replay of an inner
        // loop's counters) are replaced by what they leave. What it removes can leave a variable
        // assigned once where it was assigned twice (an adjoint a reverse loop copied back each
        // iteration, dx_1Bar = dx_2Bar, is then the seed it started from): the passes run again.
        var live = CountingLoops.Collapse(DeadStores.Remove(body, liveOut));
        return live.Count == body.Count && live.SequenceEqual(body) ? body : Simplify(RemoveDeadCode(live, liveOut), liveOut);
    }

    /// <summary>The passes, in rounds until nothing changes (at most 16).</summary>
    private static List<Stmt> Simplify(List<Stmt> body, ISet<Var> liveOut)
    {
        for (int round = 0; round < 16; round++)
        {
            var before = body;
            body = PropagateCopies(body, liveOut);
            // Folding can put a side that ends abruptly (a throw) in front of what followed the branch.
            body = RemoveUnreachable(FoldConstantBranches(body));
            body = EliminateCommonSubexpressions(body);
            body = KeepElementsAddedBack(body);
            body = MergeElementAccumulations(body);
            body = RemoveDeadCode(body, liveOut);
            if (before.SequenceEqual(body))
            {
                break;
            }
        }

        return body;
    }

    /// <summary>
    /// Drops the statements after one that never completes (a throw, return, break or continue, or
    /// a branch whose sides all end so): C# would warn that they are unreachable (CS0162).
    /// </summary>
    public static List<Stmt> RemoveUnreachable(IEnumerable<Stmt> block)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            var kept = statement switch
            {
                IfStmt i => i with { Then = RemoveUnreachable(i.Then).ToEquatableArray(), Else = RemoveUnreachable(i.Else).ToEquatableArray() },
                LoopStmt l => l with { Body = RemoveUnreachable(l.Body).ToEquatableArray() },
                _ => statement,
            };
            output.Add(kept);
            if (EndsAbruptly(kept))
            {
                break;
            }
        }

        return output;
    }

    private static bool EndsAbruptly(Stmt statement) => statement switch
    {
        ThrowStmt or ReturnStmt or BreakStmt or ContinueStmt => true,
        IfStmt i => i.Then.Count > 0 && i.Else.Count > 0 && EndsAbruptly(i.Then[i.Then.Count - 1]) && EndsAbruptly(i.Else[i.Else.Count - 1]),
        _ => false,
    };

    /// <summary>
    /// A branch whose condition became a constant (a constant propagated into <c>s &lt; 0.0</c>)
    /// is replaced by the side it takes, and a loop whose condition is constantly false by nothing:
    /// C# would warn that the other side is unreachable (CS0162).
    /// </summary>
    private static List<Stmt> FoldConstantBranches(IEnumerable<Stmt> block)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case IfStmt i when ConstantCondition(i.Condition) is { } taken:
                    output.AddRange(FoldConstantBranches(taken ? i.Then : i.Else));
                    break;
                case IfStmt i:
                    output.Add(i with { Then = FoldConstantBranches(i.Then).ToEquatableArray(), Else = FoldConstantBranches(i.Else).ToEquatableArray() });
                    break;
                case LoopStmt l when ConstantCondition(l.Condition) == false:
                    break;
                case LoopStmt l:
                    output.Add(l with { Body = FoldConstantBranches(l.Body).ToEquatableArray() });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>The value of a condition that is a constant (a C# constant expression, exactly evaluated), else null.</summary>
    private static bool? ConstantCondition(Expr e)
    {
        switch (e)
        {
            case LiteralExpr { Text: "true" }:
                return true;
            case LiteralExpr { Text: "false" }:
                return false;
            case UnaryExpr { Op: UnaryOp.Not } not:
                return !ConstantCondition(not.Operand);
            case BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr } b:
            {
                var (left, right) = (ConstantCondition(b.Left), ConstantCondition(b.Right));
                bool isAnd = b.Op == BinaryOp.ConditionalAnd;
                if (left is { } l && l != isAnd)
                {
                    return l;   // false && …, true || …: the right side does not run
                }

                return left is not null && right is { } r ? r : null;
            }

            case BinaryExpr { Left: ConstExpr a, Right: ConstExpr c } b when a.Type == c.Type:
                return b.Op switch
                {
                    BinaryOp.Equal => a.Value == c.Value,
                    BinaryOp.NotEqual => a.Value != c.Value,
                    BinaryOp.Less => a.Value < c.Value,
                    BinaryOp.LessOrEqual => a.Value <= c.Value,
                    BinaryOp.Greater => a.Value > c.Value,
                    BinaryOp.GreaterOrEqual => a.Value >= c.Value,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>How often each variable is assigned or accumulated into.</summary>
    public static Dictionary<Var, int> AssignmentCounts(IEnumerable<Stmt> body)
    {
        var counts = new Dictionary<Var, int>();
        StatementWalker.Any(body, counts, static (statement, c) => AnyTarget(statement, c, static (target, c2) =>
        {
            c2[target] = c2.TryGetValue(target, out int n) ? n + 1 : 1;
            return false;
        }));
        return counts;
    }

    // ---------------------------------------------------------------- copy propagation

    private static List<Stmt> PropagateCopies(List<Stmt> body, ISet<Var> liveOut)
    {
        var counts = AssignmentCounts(body);
        var accumulated = RefArguments(body);
        var assignments = new List<AssignStmt>();
        StatementWalker.Any(body, (accumulated, assignments), static (statement, s) =>
        {
            if (statement is AccumulateStmt accumulate)
            {
                s.accumulated.Add(accumulate.Target);
            }
            else if (statement is AssignStmt assign)
            {
                s.assignments.Add(assign);
            }

            return false;
        });
        var substitutions = new Dictionary<Var, Expr>();
        foreach (var assign in assignments)
        {
            if (counts[assign.Target] != 1 || accumulated.Contains(assign.Target) || liveOut.Contains(assign.Target))
            {
                continue;
            }

            bool immutableSource = assign.Value switch
            {
                ConstExpr => true,
                VarExpr source => !accumulated.Contains(source.Var) && (!counts.TryGetValue(source.Var, out int n) || n == 1) && !liveOut.Contains(source.Var),
                _ => false,
            };
            if (immutableSource)
            {
                substitutions[assign.Target] = assign.Value;
            }
        }

        if (substitutions.Count == 0)
        {
            return body;
        }

        return RewriteBlock(body, (e, strict) => Substitute(e, substitutions, strict));
    }

    /// <summary>
    /// Whether a statement computes a value of the original method (or the reverse sweep's
    /// bookkeeping), whose expressions must keep IEEE semantics exactly (NaN, ∞, −0): only
    /// derivative code (tangents, adjoints) may use identities such as <c>0·x = 0</c>.
    /// </summary>
    internal static bool IsValueCode(Stmt statement) => statement.Origin is not { Role: OriginRole.Tangent or OriginRole.Adjoint or OriginRole.Replay };

    /// <param name="integerArithmetic">
    /// Inside integer arithmetic, a conversion to an integer (or a <c>checked</c>/<c>unchecked</c>
    /// wrapper), constants are not substituted: an expression made only of constants is a C# constant
    /// expression, which the compiler checks for overflow (CS0220, CS0221) where the original wrapped,
    /// saturated or threw at run time.
    /// </param>
    private static Expr Substitute(Expr e, Dictionary<Var, Expr> substitutions, bool strict, bool integerArithmetic = false)
    {
        var s = substitutions;
        Expr Sub(Expr x) => Substitute(x, s, strict);
        Expr SubInteger(Expr x) => Substitute(x, s, strict, integerArithmetic: true);
        bool isInteger = !ExprFactory.IsReal(e.Type) && e.Type is not ("bool" or "decimal");
        switch (e)
        {
            case VarExpr v when substitutions.TryGetValue(v.Var, out var replacement):
                // Chains of copies resolve in a few rounds of Run.
                // No constant, integer or real, goes into integer arithmetic or a conversion to an
                // integer: (int)1E+20 is a constant expression C# rejects (CS0221), and a constant
                // condition folded there makes a branch unreachable (CS0162), where the original
                // converted at run time.
                return integerArithmetic && replacement is ConstExpr ? e : replacement;
            case UnaryExpr u:
                var operand = isInteger ? SubInteger(u.Operand) : Sub(u.Operand);
                return u.Op == UnaryOp.Negate ? ExprFactory.Negate(operand) : u with { Operand = operand };
            case BinaryExpr b when isInteger:
                return b with { Left = SubInteger(b.Left), Right = SubInteger(b.Right) };
            case BinaryExpr b:
            {
                var left = Sub(b.Left);
                var right = Sub(b.Right);
                if (!ExprFactory.IsReal(b.Type))
                {
                    return b with { Left = left, Right = right };
                }

                if (strict)
                {
                    return ExprFactory.Exact(b.Op, left, right);
                }

                return b.Op switch
                {
                    BinaryOp.Add => ExprFactory.Add(left, right),
                    BinaryOp.Subtract => ExprFactory.Subtract(left, right),
                    BinaryOp.Multiply => ExprFactory.Multiply(left, right),
                    BinaryOp.Divide => ExprFactory.Divide(left, right),
                    _ => b with { Left = left, Right = right },
                };
            }

            case ConditionalExpr c:
                return ExprFactory.Conditional(Sub(c.Condition), Sub(c.WhenTrue), Sub(c.WhenFalse));
            case ConvertExpr c:
            {
                var converted = isInteger || !ExprFactory.IsReal(c.Operand.Type) ? SubInteger(c.Operand) : Sub(c.Operand);
                // Real arithmetic under a conversion to an integer that substitution made constant
                // ((int)(c * 10) with c = 1E+10) would make the conversion a C# constant expression,
                // which the compiler rejects out of range (CS0221) and folds by its own rules where
                // the original converted at run time: it keeps its variables.
                return isInteger && !ReadsVariable(converted) && ReadsVariable(c.Operand) ? c : ExprFactory.Convert(converted, c.Type);
            }
            case MathExpr m:
                return m with { Arguments = m.Arguments.Select(Sub).ToEquatableArray() };
            case DifferentiableCallExpr call:
                return call with { Arguments = call.Arguments.Select(Sub).ToEquatableArray() };
            case TemplateExpr t:
                return t with { Holes = t.Holes.Select(SubInteger).ToEquatableArray() };
            case IndexExpr ix:
                return ix with { Array = Sub(ix.Array), Index = Sub(ix.Index) };
            case SliceExpr sl:
                return sl with { Array = Sub(sl.Array), Arguments = sl.Arguments.Select(Sub).ToEquatableArray() };
            case TupleExpr t:
                return t with { Elements = t.Elements.Select(Sub).ToEquatableArray() };
            default:
                return e;
        }
    }

    /// <summary>Whether <paramref name="e"/> reads a variable (otherwise it is made of constants only).</summary>
    internal static bool ReadsVariable(Expr e) => ExprWalker.Any(e, 0, static (d, _) => d is VarExpr);

    /// <summary>The block with each variable of <paramref name="substitutions"/> replaced by its expression (simplifying as <see cref="Run"/> does).</summary>
    public static List<Stmt> SubstituteIn(IEnumerable<Stmt> block, Dictionary<Var, Expr> substitutions)
        => RewriteBlock(block, (e, strict) => Substitute(e, substitutions, strict));

    private static List<Stmt> RewriteBlock(IEnumerable<Stmt> block, System.Func<Expr, bool, Expr> rewriteIn)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            bool strict = IsValueCode(statement);
            Expr rewrite(Expr e) => rewriteIn(e, strict);
            output.Add(statement switch
            {
                AssignStmt a => a with { Value = rewrite(a.Value) },
                AccumulateStmt a => a with { Value = rewrite(a.Value) },
                IfStmt i => i with { Condition = rewrite(i.Condition), Then = RewriteBlock(i.Then, rewriteIn).ToEquatableArray(), Else = RewriteBlock(i.Else, rewriteIn).ToEquatableArray() },
                ReturnStmt r => r with { Value = rewrite(r.Value) },
                ThrowStmt t => t with { Exception = rewrite(t.Exception) },
                StoreStmt st => st with { Index = rewrite(st.Index), Value = rewrite(st.Value) },
                AccumulateElementStmt ae => ae with { Index = rewrite(ae.Index), Value = rewrite(ae.Value) },
                LoopStmt l => l with { Condition = rewrite(l.Condition), Body = RewriteBlock(l.Body, rewriteIn).ToEquatableArray() },
                EvaluateStmt e => e with { Value = rewrite(e.Value) },
                DeconstructStmt d => d with { Value = rewrite(d.Value) },
                _ => statement,
            });
        }

        return output;
    }

    // ---------------------------------------------------------------- common subexpressions

    private static List<Stmt> EliminateCommonSubexpressions(List<Stmt> body)
        => CseBlock(body, new ValueTable(new MemoryModel(body)), RefArguments(body), ownsTable: true);

    /// <summary>
    /// Local value numbering over structured code: a pure right-hand side already held by a variable
    /// reuses it, as long as nothing it reads (nor the variable) was assigned in between. A loop body
    /// starts without what the loop itself assigns; after a branch, what either side assigned is gone.
    /// </summary>
    /// <param name="ownsTable">Whether the block may change <paramref name="available"/> (a table made for it alone) rather than a copy.</param>
    private static List<Stmt> CseBlock(IEnumerable<Stmt> block, ValueTable available, ISet<Var> refArguments, bool ownsTable = false)
    {
        var output = new List<Stmt>();
        var scope = ownsTable ? available : available.Copy();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assign when assign.Value is not (VarExpr or ConstExpr or LiteralExpr) && IsPure(assign.Value) && !refArguments.Contains(assign.Target):
                    var value = new HashedExpr(assign.Value);
                    if (scope.TryGet(value, out var existing) && existing.Type == assign.Target.Type && !existing.Equals(assign.Target))
                    {
                        output.Add(assign with { Value = new VarExpr(existing) });
                    }
                    else
                    {
                        output.Add(assign);
                    }

                    scope.Kill(assign.Target);
                    if (!ExprWalker.Any(assign.Value, assign.Target, static (d, target) => d is VarExpr v && v.Var.Equals(target)))
                    {
                        scope.Add(value, assign.Target);
                    }

                    break;
                case IfStmt branch:
                {
                    var then = CseBlock(branch.Then, scope, refArguments);
                    var @else = CseBlock(branch.Else, scope, refArguments);
                    output.Add(branch with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() });
                    scope.KillAll(Assigned(then));
                    scope.KillAll(Assigned(@else));
                    scope.KillWrites(then.Concat(@else));
                    break;
                }

                case LoopStmt loop:
                {
                    var assignedInLoop = Assigned(loop.Body);
                    var entry = scope.Copy();
                    entry.KillAll(assignedInLoop);
                    entry.KillWrites(loop.Body);
                    output.Add(loop with { Body = CseBlock(loop.Body, entry, refArguments, ownsTable: true).ToEquatableArray() });
                    scope.KillAll(assignedInLoop);
                    scope.KillWrites(loop.Body);
                    break;
                }

                default:
                    output.Add(statement);
                    AnyTarget(statement, scope, static (target, table) =>
                    {
                        table.Kill(target);
                        return false;
                    });
                    scope.KillWrites(statement);
                    if (refArguments.Count > 0 && statement is EvaluateStmt or AssignStmt or DeconstructStmt)
                    {
                        // A call may write through ref arguments.
                        var reads = new List<Var>();
                        AddReads(statement, reads);
                        scope.KillAll(reads.Where(refArguments.Contains));
                    }

                    break;
            }
        }

        return output;
    }

    /// <summary>Available expressions, indexed by the variables they read, so a kill costs what it removes.</summary>
    private sealed class ValueTable
    {
        /// <summary>
        /// Each available expression's holder, and where in <see cref="keys"/> the keys it is indexed
        /// under are (computed once, kept by copies).
        /// </summary>
        private readonly Dictionary<HashedExpr, (Var Holder, int Start, int Count)> holders = new();
        private readonly Dictionary<Var, List<HashedExpr>> dependents = new();

        /// <summary>The keys of every expression added, one run per expression, shared with the copies (only appended to).</summary>
        private readonly List<Var> keys;

        public ValueTable(MemoryModel memory)
            : this(memory, new List<Var>())
        {
        }

        private ValueTable(MemoryModel memory, List<Var> keys)
        {
            Memory = memory;
            this.keys = keys;
        }

        public MemoryModel Memory { get; }

        public ValueTable Copy()
        {
            var copy = new ValueTable(Memory, keys);
            foreach (var pair in holders)
            {
                copy.Insert(pair.Key, pair.Value);
            }

            return copy;
        }

        /// <summary>Forgets what the memory writes of <paramref name="statements"/> (at any depth) may change.</summary>
        public void KillWrites(IEnumerable<Stmt> statements)
        {
            foreach (var root in Memory.Writes(statements))
            {
                Kill(root);
            }
        }

        /// <summary>Forgets what the memory writes of one statement that is not a block may change.</summary>
        public void KillWrites(Stmt statement)
        {
            var killed = new List<Var>(2);
            Memory.AddWrites(statement, killed);
            foreach (var root in killed)
            {
                Kill(root);
            }
        }

        public bool TryGet(HashedExpr e, out Var holder)
        {
            bool found = holders.TryGetValue(e, out var entry);
            holder = entry.Holder;
            return found;
        }

        public void Add(HashedExpr e, Var holder)
        {
            if (holders.ContainsKey(e))
            {
                return;
            }

            // Indexed under its holder, the variables it reads, and the memory its element reads depend on.
            int start = keys.Count;
            keys.Add(holder);
            AddReads(e.Expr, keys);
            Memory.AddReads(e.Expr, keys);
            Insert(e, (holder, start, keys.Count - start));
        }

        private void Insert(HashedExpr e, (Var Holder, int Start, int Count) entry)
        {
            holders[e] = entry;
            for (int i = entry.Start; i < entry.Start + entry.Count; i++)
            {
                Index(keys[i], e);
            }
        }

        public void KillAll(IEnumerable<Var> assigned)
        {
            foreach (var v in assigned)
            {
                Kill(v);
            }
        }

        /// <summary>Forgets every expression that reads <paramref name="v"/> or is held by it.</summary>
        public void Kill(Var v)
        {
            if (!dependents.TryGetValue(v, out var list))
            {
                return;
            }

            dependents.Remove(v);
            foreach (var e in list)
            {
                holders.Remove(e);
            }
        }

        private void Index(Var v, HashedExpr e)
        {
            if (!dependents.TryGetValue(v, out var list))
            {
                dependents[v] = list = new List<HashedExpr>();
            }

            list.Add(e);
        }
    }

    /// <summary>
    /// An expression with its hash code, computed once: a record's hash walks its whole tree, and the
    /// value table hashes each expression on every lookup, insertion, removal and copy.
    /// </summary>
    private readonly struct HashedExpr : System.IEquatable<HashedExpr>
    {
        private readonly int hash;

        public HashedExpr(Expr e)
        {
            Expr = e;
            hash = e.GetHashCode();
        }

        public Expr Expr { get; }

        public bool Equals(HashedExpr other) => hash == other.hash && Expr.Equals(other.Expr);

        public override bool Equals(object? obj) => obj is HashedExpr other && Equals(other);

        public override int GetHashCode() => hash;
    }

    /// <summary>Every variable a block assigns or accumulates into, at any depth, in pre-order.</summary>
    private static List<Var> Assigned(IEnumerable<Stmt> block)
    {
        var assigned = new List<Var>();
        StatementWalker.Any(block, assigned, static (statement, list) => AnyTarget(statement, list, static (target, l) =>
        {
            l.Add(target);
            return false;
        }));
        return assigned;
    }

    /// <summary>The variables a statement assigns.</summary>
    public static IEnumerable<Var> Targets(Stmt statement) => statement switch
    {
        AssignStmt a => new[] { a.Target },
        AccumulateStmt a => new[] { a.Target },
        DeconstructStmt d => d.Targets,
        _ => System.Array.Empty<Var>(),
    };

    /// <summary>
    /// Whether <paramref name="predicate"/> holds for a variable one statement assigns or accumulates
    /// into (not in its nested blocks), without allocating.
    /// </summary>
    internal static bool AnyTarget<TState>(Stmt statement, TState state, System.Func<Var, TState, bool> predicate)
    {
        switch (statement)
        {
            case AssignStmt a:
                return predicate(a.Target, state);
            case AccumulateStmt a:
                return predicate(a.Target, state);
            case DeconstructStmt d:
                foreach (var target in d.Targets)
                {
                    if (predicate(target, state))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Variables passed as <c>ref</c>/<c>out</c> arguments in code templates (written there).</summary>
    internal static HashSet<Var> RefArguments(IEnumerable<Stmt> body)
    {
        var result = new HashSet<Var>();
        StatementWalker.Any(body, result, static (statement, set) => AnyExpression(statement, set, static (e, into) =>
        {
            if (e is TemplateExpr t)
            {
                for (int i = 0; i < t.Holes.Count; i++)
                {
                    if (t.Holes[i] is VarExpr v && (t.Segments[i].EndsWith("ref ", System.StringComparison.Ordinal) || t.Segments[i].EndsWith("out ", System.StringComparison.Ordinal)))
                    {
                        into.Add(v.Var);
                    }
                }
            }

            return false;
        }));
        return result;
    }

    // ---------------------------------------------------------------- element accumulations

    /// <summary>
    /// <c>x = a[i]; a[i] = 0; …; a[i] += x + r;</c> becomes <c>x = a[i]; …; a[i] += r;</c> (or
    /// nothing, for <c>a[i] += x</c>) when nothing in between touches <c>a</c> or changes what
    /// <c>i</c> and <c>x</c> read. This is the reverse of an element accumulation
    /// <c>b[j] = b[j] + e</c> (ADBench's <c>Qtimesx</c>): the stored value's adjoint is taken and the
    /// element zeroed, then the read of the old value adds the same adjoint back. The element ends
    /// as <c>x + r</c> either way (0 + v = v; only a derivative's −0 becomes +0 no more), with two
    /// stores fewer per element.
    /// </summary>
    private static List<Stmt> KeepElementsAddedBack(List<Stmt> body)
        => StatementWalker.Any(body, 0, static (s, _) => s is StoreStmt { Value: ConstExpr { Value: 0 } })
            ? KeepElementsAddedBack(body, new MemoryModel(body))
            : body;

    private static List<Stmt> KeepElementsAddedBack(IEnumerable<Stmt> block, MemoryModel memory)
    {
        var output = NestedBlocksFirst(block, memory, KeepElementsAddedBack);

        for (int a = 1; a < output.Count; a++)
        {
            if (output[a] is not StoreStmt { Value: ConstExpr { Value: 0 } } zeroed || !ExprFactory.IsReal(zeroed.Value.Type)
                || output[a - 1] is not AssignStmt { Value: IndexExpr { Array: VarExpr { Var: var array }, Index: var index } } taken
                || !array.Equals(zeroed.Array) || !index.Equals(zeroed.Index) || !ExprFactory.IsReal(taken.Target.Type))
            {
                continue;
            }

            var x = taken.Target;
            var reads = new HashSet<Var> { x };
            AddReads(index, reads);
            for (int b = a + 1; b < output.Count; b++)
            {
                if (output[b] is AccumulateElementStmt back && back.Array.Equals(array) && back.Index.Equals(index)
                    && WithoutAddend(back.Value, x) is var rest && rest != back.Value)
                {
                    if (rest is null)
                    {
                        output.RemoveAt(b);
                    }
                    else
                    {
                        output[b] = back with { Value = rest };
                    }

                    output.RemoveAt(a);
                    break;
                }

                var between = output[b];
                if (between is not (AssignStmt or AccumulateStmt or AccumulateElementStmt) || TouchesArray(between, array, memory) || AnyTarget(between, reads, static (target, r) => r.Contains(target)))
                {
                    break;
                }
            }
        }

        return output;
    }

    /// <summary>The block with <paramref name="pass"/> applied to the blocks nested in its branches and loops.</summary>
    private static List<Stmt> NestedBlocksFirst(IEnumerable<Stmt> block, MemoryModel memory, System.Func<IEnumerable<Stmt>, MemoryModel, List<Stmt>> pass)
        => block.Select(statement => statement switch
        {
            IfStmt i => i with { Then = pass(i.Then, memory).ToEquatableArray(), Else = pass(i.Else, memory).ToEquatableArray() },
            LoopStmt l => l with { Body = pass(l.Body, memory).ToEquatableArray() },
            _ => statement,
        }).ToList();

    /// <summary><c>x</c> → null, <c>x + r</c> or <c>r + x</c> → <c>r</c>; anything else → itself.</summary>
    private static Expr? WithoutAddend(Expr value, Var x) => value switch
    {
        VarExpr v when v.Var.Equals(x) => null,
        BinaryExpr { Op: BinaryOp.Add, Left: VarExpr v, Right: var r } when v.Var.Equals(x) => r,
        BinaryExpr { Op: BinaryOp.Add, Left: var l, Right: VarExpr v } when v.Var.Equals(x) => l,
        _ => value,
    };

    /// <summary>
    /// <c>a[i] += u; …; a[i] += v;</c> becomes <c>…; a[i] += u + v;</c> when nothing in between
    /// touches <c>a</c> or changes what <c>i</c> and <c>u</c> read: one read-modify-write instead of two.
    /// </summary>
    private static List<Stmt> MergeElementAccumulations(List<Stmt> body)
        => StatementWalker.Any(body, 0, static (s, _) => s is AccumulateElementStmt)
            ? MergeElementAccumulations(body, new MemoryModel(body))
            : body;   // nothing to merge (most methods): the pass would only copy the body

    private static List<Stmt> MergeElementAccumulations(IEnumerable<Stmt> block, MemoryModel memory)
    {
        var output = NestedBlocksFirst(block, memory, MergeElementAccumulations);

        for (int a = 0; a < output.Count; a++)
        {
            if (output[a] is not AccumulateElementStmt first)
            {
                continue;
            }

            var reads = new HashSet<Var>();
            AddReads(first.Index, reads);
            AddReads(first.Value, reads);
            for (int b = a + 1; b < output.Count; b++)
            {
                if (output[b] is AccumulateElementStmt second && second.Array.Equals(first.Array) && second.Index.Equals(first.Index) && ExprFactory.IsReal(first.Value.Type))
                {
                    output[b] = second with { Value = ExprFactory.Add(first.Value, second.Value) };
                    output.RemoveAt(a);
                    a--;
                    break;
                }

                var between = output[b];
                if (between is not (AssignStmt or AccumulateStmt or AccumulateElementStmt) || TouchesArray(between, first.Array, memory) || AnyTarget(between, reads, static (target, r) => r.Contains(target)))
                {
                    break;
                }
            }
        }

        return output;
    }

    /// <summary>
    /// Whether a statement that is not a block (an assignment or accumulation) may write
    /// <paramref name="array"/>, reads a variable that may alias it, or has a side effect.
    /// </summary>
    private static bool TouchesArray(Stmt statement, Var array, MemoryModel memory)
    {
        if (statement is AccumulateElementStmt ae && memory.MayAlias(ae.Array, array))
        {
            return true;
        }

        foreach (var e in Expressions(statement))
        {
            if (ExprWalker.Any(e, (array, memory), static (d, s) => d is VarExpr v && s.memory.MayAlias(v.Var, s.array)) || !IsPure(e))
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- dead code

    private static List<Stmt> RemoveDeadCode(List<Stmt> body, ISet<Var> liveOut)
    {
        while (true)
        {
            var reads = new HashSet<Var>();
            StatementWalker.Any(body, reads, static (statement, r) =>
            {
                AddReads(statement, r);
                return false;
            });

            int removed = 0;
            var next = Prune(body, reads, liveOut, ref removed);
            body = next;
            if (removed == 0)
            {
                return body;
            }
        }
    }

    private static List<Stmt> Prune(IEnumerable<Stmt> block, HashSet<Var> reads, ISet<Var> liveOut, ref int removed)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt a when !reads.Contains(a.Target) && !liveOut.Contains(a.Target) && IsPure(a.Value) && !(IsValueCode(a) && CanThrow(a.Value)):
                case AccumulateStmt b when !reads.Contains(b.Target) && !liveOut.Contains(b.Target) && IsPure(b.Value):
                    removed++;
                    break;
                case IfStmt i:
                    var then = Prune(i.Then, reads, liveOut, ref removed);
                    var @else = Prune(i.Else, reads, liveOut, ref removed);
                    if (then.Count == 0 && @else.Count == 0 && IsPure(i.Condition) && IsValueCode(i) && CanThrow(i.Condition))
                    {
                        // Nothing left to choose between, but the condition may throw: keep evaluating it.
                        output.Add(new EvaluateStmt(i.Condition, i.Origin));
                        removed++;
                    }
                    else if (then.Count == 0 && @else.Count == 0 && IsPure(i.Condition))
                    {
                        removed++;
                    }
                    else
                    {
                        output.Add(i with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() });
                    }

                    break;
                case LoopStmt l:
                    output.Add(l with { Body = Prune(l.Body, reads, liveOut, ref removed).ToEquatableArray() });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>The expressions a statement evaluates (its reads).</summary>
    public static IEnumerable<Expr> Expressions(Stmt statement) => statement switch
    {
        AssignStmt a => new[] { a.Value },
        AccumulateStmt a => new[] { a.Value },
        IfStmt i => new[] { i.Condition },
        ReturnStmt r => new[] { r.Value },
        ThrowStmt t => new[] { t.Exception },
        EvaluateStmt e => new[] { e.Value },
        DeconstructStmt d => new[] { d.Value },
        StoreStmt s => new[] { new VarExpr(s.Array), s.Index, s.Value },
        AccumulateElementStmt a => new[] { new VarExpr(a.Array), a.Index, a.Value },
        LoopStmt l => new[] { l.Condition },
        _ => System.Array.Empty<Expr>(),
    };

    /// <summary>
    /// Whether <paramref name="predicate"/> holds for an expression one statement evaluates (as
    /// <see cref="Expressions"/> lists them), without allocating (but for a store's array).
    /// </summary>
    public static bool AnyExpression<TState>(Stmt statement, TState state, System.Func<Expr, TState, bool> predicate) => statement switch
    {
        AssignStmt a => predicate(a.Value, state),
        AccumulateStmt a => predicate(a.Value, state),
        IfStmt i => predicate(i.Condition, state),
        ReturnStmt r => predicate(r.Value, state),
        ThrowStmt t => predicate(t.Exception, state),
        EvaluateStmt e => predicate(e.Value, state),
        DeconstructStmt d => predicate(d.Value, state),
        StoreStmt s => predicate(new VarExpr(s.Array), state) || predicate(s.Index, state) || predicate(s.Value, state),
        AccumulateElementStmt a => predicate(new VarExpr(a.Array), state) || predicate(a.Index, state) || predicate(a.Value, state),
        LoopStmt l => predicate(l.Condition, state),
        _ => false,
    };

    /// <summary>Adds the variables one statement reads (not in its nested blocks) to <paramref name="reads"/>.</summary>
    internal static void AddReads(Stmt statement, ICollection<Var> reads)
        => AnyExpression(statement, reads, static (e, into) =>
        {
            AddReads(e, into);
            return false;
        });

    /// <summary>Whether <paramref name="e"/> reads <paramref name="v"/> (without allocating).</summary>
    public static bool Mentions(Expr e, Var v) => ExprWalker.Any(e, v, static (d, x) => d is VarExpr r && r.Var.Equals(x));

    /// <summary>The variables an expression reads.</summary>
    public static IEnumerable<Var> Reads(Expr e)
    {
        var reads = new List<Var>();
        AddReads(e, reads);
        return reads;
    }

    /// <summary>Adds the variables <paramref name="e"/> reads to <paramref name="reads"/>, in pre-order, without allocating.</summary>
    public static void AddReads(Expr e, ICollection<Var> reads)
        => ExprWalker.Any(e, reads, static (d, into) =>
        {
            if (d is VarExpr v)
            {
                into.Add(v.Var);
            }

            return false;
        });

    /// <summary>
    /// Whether evaluating <paramref name="e"/> may throw although it has no side effect: an element
    /// read or slice (out of range), an integer division or remainder (by zero), decimal arithmetic
    /// and conversions (overflow), a call to a <c>[Differentiable]</c> method (its body may throw),
    /// <c>Math.Sign</c> (of NaN), <c>Math.Round</c> with digits,
    /// <c>Math.Clamp</c> (bounds out of order), the length of an array (null). Value code that may
    /// throw is kept even when its result is unused, so every member throws where the original does.
    /// </summary>
    public static bool CanThrow(Expr e)
        => ExprWalker.Any(e, static d => d is IndexExpr or SliceExpr or DifferentiableCallExpr
            or MathExpr { Function: MathFunction.Clamp or MathFunction.NumberClamp or MathFunction.Sign }
            or MathExpr { Function: MathFunction.Round, Arguments.Count: > 1 }
            || d is TemplateExpr { HasSideEffects: false, Segments.Count: 2, Holes.Count: 1 } member && member.Segments[0].Length == 0 && member.Holes[0].Type.EndsWith("]", System.StringComparison.Ordinal)
            || d is BinaryExpr { Op: BinaryOp.Divide or BinaryOp.Remainder } b && !ExprFactory.IsReal(b.Type)
            || d is BinaryExpr { Type: "decimal" } or ConvertExpr { Type: "decimal" });

    /// <summary>No side effects: safe to drop or to reuse.</summary>
    public static bool IsPure(Expr e)
        => !ExprWalker.Any(e, static d => d is TemplateExpr { HasSideEffects: true });
}
