using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// The last pass over a member's body: a temporary of the generator's (<c>t3</c>, <c>t3Dot</c>,
/// <c>t3Bar</c>) that is assigned once and read once, a few statements later in the same block and for
/// the same source line (one comment), is written into the expression that reads it instead of being declared:
/// <c>double t1Dot = 2.0 * xTangent; double t2 = t1 * x; double t2Dot = x * t1Dot + t1 * xTangent;</c>
/// becomes <c>double t2 = t1 * x; double t2Dot = x * (2.0 * xTangent) + t1 * xTangent;</c>.
/// Less code to read and to compile (each declared local costs the compiler a symbol, a binding and
/// flow analysis), and no change at run time: the same operations on the same operands in the same
/// order (the JIT sees one value either way, and contracts no multiply-add).
/// Only where moving the computation cannot be observed: it reads locals, parameters passed by value
/// and constants only, cannot throw and calls nothing with effects (real arithmetic, comparisons,
/// conversions to a real type, the known functions that never throw); nothing between it and its read
/// assigns what it reads; and the read is in an expression of the same kinds (no call that could
/// write a variable). A user's own locals keep their names, and a folded expression stays short (its
/// size is bounded, so is its depth).
/// </summary>
internal static class SingleUseTemporaries
{
    /// <summary>At most this many nodes in an expression written in place of a temporary.</summary>
    private const int MaxFoldedNodes = 9;

    /// <summary>At most this many nodes in the statement it is written into (so folds stay readable, and their depth bounded).</summary>
    private const int MaxResultNodes = 25;

    private static readonly Regex TemporaryName = new("^t[0-9]+(Dot|Bar)?$", RegexOptions.CultureInvariant);

    /// <summary>Whether a name is spelled like one of the generator's temporaries (<c>t3</c>, <c>t3Dot</c>, <c>t3Bar</c>).</summary>
    public static bool IsTemporaryName(string name)
        => name.Length >= 2 && name[0] == 't' && name[1] is >= '0' and <= '9' && TemporaryName.IsMatch(name);

    /// <param name="usersNames">
    /// The method's own identifiers spelled like temporaries (<see cref="LoweredMethod.NamesLikeTemporaries"/>):
    /// a local of such a name, and its tangent and adjoint, are the user's and keep their names.
    /// </param>
    public static GeneratedMethod Apply(GeneratedMethod member, EquatableArray<string> usersNames)
    {
        if (member.Body.Count == 0)
        {
            return member;
        }

        var reads = new Dictionary<Var, int>();
        var pinned = new HashSet<Var>();
        StatementWalker.Any(member.Body, (reads, pinned), static (statement, s) =>
        {
            if (statement is VectorPrologueStmt { Plan: { } plan })
            {
                // The vector part names what it reads and writes in its plan: none of it is folded.
                Pin(plan, s.pinned);
            }

            Cleanup.AnyExpression(statement, s, static (e, s2) => ExprWalker.Any(e, s2, static (d, s3) =>
            {
                if (d is VarExpr v)
                {
                    s3.reads[v.Var] = s3.reads.TryGetValue(v.Var, out int n) ? n + 1 : 1;
                }

                return false;
            }));
            return false;
        });
        var assignments = Cleanup.AssignmentCounts(member.Body);
        pinned.UnionWith(Cleanup.RefArguments(member.Body));
        // A ref or out parameter may be the same variable as another one (F(…, ref a, ref a)): a read
        // of one is not moved, as a write to the other in between would change it unseen.
        var byReference = new HashSet<string>(member.Parameters.Where(p => p.Modifier.Length > 0).Select(p => p.Name));
        var users = new HashSet<string>(usersNames);
        var context = new Context(reads, assignments, pinned, byReference, users);
        var body = Fold(member.Body, context, out bool changed);
        return changed ? member with { Body = body.ToEquatableArray() } : member;
    }

    private sealed record Context(Dictionary<Var, int> Reads, Dictionary<Var, int> Assignments, HashSet<Var> Pinned, HashSet<string> ByReference, HashSet<string> UsersNames)
    {
        public bool IsCandidate(Var v)
            => ExprFactory.IsReal(v.Type) && !Pinned.Contains(v) && IsTemporaryName(v.Name) && !IsUsers(v.Name)
               && Reads.TryGetValue(v, out int r) && r == 1 && Assignments.TryGetValue(v, out int a) && a == 1;

        /// <summary>A user's local <c>t1</c>, or its tangent <c>t1Dot</c> or adjoint <c>t1Bar</c>.</summary>
        private bool IsUsers(string name)
            => UsersNames.Count > 0
               && (UsersNames.Contains(name)
                   || ((name.EndsWith("Dot", System.StringComparison.Ordinal) || name.EndsWith("Bar", System.StringComparison.Ordinal)) && UsersNames.Contains(name.Substring(0, name.Length - 3))));
    }

    private static List<Stmt> Fold(EquatableArray<Stmt> block, Context context, out bool changed)
    {
        changed = false;
        var output = new List<Stmt>(block.Count);
        foreach (var statement in block)
        {
            switch (statement)
            {
                case IfStmt i:
                {
                    var then = Fold(i.Then, context, out bool c1);
                    var @else = Fold(i.Else, context, out bool c2);
                    output.Add(c1 || c2 ? i with { Then = then.ToEquatableArray(), Else = @else.ToEquatableArray() } : i);
                    changed |= c1 || c2;
                    break;
                }

                case LoopStmt l:
                {
                    var body = Fold(l.Body, context, out bool c);
                    output.Add(c ? l with { Body = body.ToEquatableArray() } : l);
                    changed |= c;
                    break;
                }

                default:
                    output.Add(statement);
                    break;
            }
        }

        for (int i = 0; i < output.Count; i++)
        {
            if (output[i] is not AssignStmt { Target: var t, Value: var value }
                || !context.IsCandidate(t)
                || Size(value) > MaxFoldedNodes
                // A value of constants only, written into a conversion to an integer, would make a
                // C# constant expression the compiler checks (CS0221; see Cleanup.Substitute).
                || !Cleanup.ReadsVariable(value)
                || ExprWalker.Any(value, context.ByReference, static (e, byReference) => !CannotThrowOrAffect(e) || e is VarExpr v && byReference.Contains(v.Var.Name)))
            {
                continue;
            }

            int use = UseInBlock(output, i, t, value);
            if (use < 0 || Substituted(output[use], t, value) is not { } folded)
            {
                continue;
            }

            // The definition goes (removed below, in one pass: a long block stays linear); the
            // reader, further on, is looked at again when the loop reaches it.
            output[use] = folded;
            output[i] = null!;
            changed = true;
        }

        if (changed)
        {
            output.RemoveAll(s => s is null);
        }

        return output;
    }

    /// <summary>
    /// The index of the statement after <paramref name="definition"/> that reads <paramref name="t"/>,
    /// if it is in this block, for the same source line, after only plain assignments and stores of
    /// that line that assign nothing <paramref name="value"/> reads; otherwise −1.
    /// </summary>
    private static int UseInBlock(List<Stmt> block, int definition, Var t, Expr value)
    {
        var line = CommentedAs(block[definition]);
        for (int k = definition + 1; k < block.Count; k++)
        {
            var statement = block[k];
            if (line is null || CommentedAs(statement) != line)
            {
                return -1;
            }

            bool calls = Cleanup.AnyExpression(statement, 0, static (e, _) => ExprWalker.Any(e, 0, static (d, _) => !IsPlainReadOrArithmetic(d)));
            if (ReadsAtTopLevel(statement, t))
            {
                return statement is AssignStmt or AccumulateStmt or StoreStmt or AccumulateElementStmt or ReturnStmt or IfStmt && !calls ? k : -1;
            }

            if (statement is not (AssignStmt or AccumulateStmt or StoreStmt or AccumulateElementStmt) || calls
                || Cleanup.Targets(statement).Any(target => Cleanup.Mentions(value, target)))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The source line a statement's comment names, and whether as its adjoint (as <see cref="Emit.SourceEmitter"/> groups them): a fold within one group leaves the comments as they were.</summary>
    private static (int Line, bool Adjoint)? CommentedAs(Stmt statement)
        => statement.Origin is { } origin ? (origin.Line, origin.Role == OriginRole.Adjoint) : null;

    private static bool ReadsAtTopLevel(Stmt statement, Var t)
        => Cleanup.AnyExpression(statement, t, static (e, v) => ExprWalker.Any(e, v, static (d, v2) => d is VarExpr x && x.Var.Equals(v2)));

    /// <summary>
    /// A node of an expression that writes no variable (reads, arithmetic, known functions, element
    /// reads; some of these can throw): a pure value evaluated later, next to it, is unchanged.
    /// </summary>
    private static bool IsPlainReadOrArithmetic(Expr e)
        => e is VarExpr or ConstExpr or LiteralExpr or UnaryExpr or BinaryExpr or ConditionalExpr or ConvertExpr or MathExpr or IndexExpr;

    /// <summary>
    /// A node whose evaluation cannot throw, run user code or depend on when it runs: locals,
    /// constants, <c>true</c>/<c>false</c>, real arithmetic and comparisons of plain numbers, conversions
    /// to a real type, and the known functions that never throw (not <c>Clamp</c>, which throws for
    /// min &gt; max, nor <c>Sign</c>, which throws for NaN, nor <c>Round</c> with digits).
    /// </summary>
    private static bool CannotThrowOrAffect(Expr e) => e switch
    {
        VarExpr or ConstExpr => true,
        LiteralExpr l => l.Text is "true" or "false",
        UnaryExpr u => u.Op is UnaryOp.Negate && ExprFactory.IsReal(u.Type) || u.Op is UnaryOp.Not && u.Type == "bool",
        BinaryExpr b => ExprFactory.IsReal(b.Type) && b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide
                        || b.Type == "bool" && IsPlainNumberOrBool(b.Left.Type) && IsPlainNumberOrBool(b.Right.Type),
        ConditionalExpr c => ExprFactory.IsReal(c.Type) || c.Type == "bool",
        ConvertExpr c => ExprFactory.IsReal(c.Type) && IsPlainNumberOrBool(c.Operand.Type) && c.Operand.Type != "bool",
        MathExpr m => ExprFactory.IsReal(m.Type) && m.Function is not (MathFunction.Clamp or MathFunction.NumberClamp or MathFunction.ClampNative or MathFunction.Sign or MathFunction.Round),
        _ => false,
    };

    private static bool IsPlainNumberOrBool(string type) => type is "double" or "float" or "int" or "long" or "bool";

    private static int Size(Expr e)
    {
        int n = 0;
        ExprWalker.Any(e, 0, (_, _) => ++n > MaxResultNodes);
        return n;
    }

    /// <summary>The statement with its one read of <paramref name="t"/> replaced by <paramref name="value"/>, or null where the result would be too large.</summary>
    private static Stmt? Substituted(Stmt statement, Var t, Expr value)
    {
        Expr In(Expr e) => Replace(e, t, value);
        int size = 0;
        Cleanup.AnyExpression(statement, 0, (e, _) =>
        {
            size += Size(e);
            return false;
        });
        if (size + Size(value) - 1 > MaxResultNodes)
        {
            return null;
        }

        return statement switch
        {
            AssignStmt a => a with { Value = In(a.Value) },
            AccumulateStmt a => a with { Value = In(a.Value) },
            StoreStmt s => s with { Index = In(s.Index), Value = In(s.Value) },
            AccumulateElementStmt a => a with { Index = In(a.Index), Value = In(a.Value) },
            ReturnStmt r => r with { Value = In(r.Value) },
            IfStmt i => i with { Condition = In(i.Condition) },
            _ => null,
        };
    }

    /// <summary><paramref name="e"/> with each read of <paramref name="t"/> replaced (recursive, over an expression of at most <see cref="MaxResultNodes"/> nodes).</summary>
    private static Expr Replace(Expr e, Var t, Expr value) => e switch
    {
        VarExpr v when v.Var.Equals(t) => value,
        UnaryExpr u => u with { Operand = Replace(u.Operand, t, value) },
        BinaryExpr b => b with { Left = Replace(b.Left, t, value), Right = Replace(b.Right, t, value) },
        ConditionalExpr c => c with { Condition = Replace(c.Condition, t, value), WhenTrue = Replace(c.WhenTrue, t, value), WhenFalse = Replace(c.WhenFalse, t, value) },
        ConvertExpr c => c with { Operand = Replace(c.Operand, t, value) },
        MathExpr m => m with { Arguments = m.Arguments.AsImmutableArray().Select(a => Replace(a, t, value)).ToEquatableArray() },
        IndexExpr ix => ix with { Array = Replace(ix.Array, t, value), Index = Replace(ix.Index, t, value) },
        _ => e,
    };

    private static void Pin(VectorLoopPlan plan, HashSet<Var> pinned)
    {
        pinned.Add(plan.Counter);
        Cleanup.AddReads(plan.Bound, pinned);
        foreach (var array in plan.Arrays)
        {
            pinned.Add(array.Array);
        }

        foreach (var b in plan.Bases)
        {
            Cleanup.AddReads(b, pinned);
        }

        foreach (var op in plan.Ops)
        {
            if (op.Scalar is { } scalar)
            {
                Cleanup.AddReads(scalar, pinned);
            }

            if (op.Accumulator is { } accumulator)
            {
                pinned.Add(accumulator);
            }
        }

        foreach (var reduction in plan.Reductions)
        {
            pinned.Add(reduction.Accumulator);
        }
    }
}
