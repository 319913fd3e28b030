using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// A place where reverse mode may have to save (push) or restore (pop) a variable. Whether it does
/// is decided once the whole body exists: only variables the reverse sweep reads are taped.
/// <see cref="Resolve"/> turns the placeholders into tape calls or removes them.
/// </summary>
internal sealed record TapeStmt(Var Variable, bool IsPush, Origin? Origin) : Stmt(Origin)
{
    /// <param name="queues">Tapes made elsewhere (read in order, see <c>ReverseModeTransform.KeepInnerResults</c>), rented and returned with these.</param>
    public static List<Stmt> Resolve(List<Stmt> body, IEnumerable<Stmt> reverseSweep, ISet<Var> loopAssigned, NameAllocator names, IReadOnlyList<Var> queues)
    {
        // What the reverse sweep reads, apart from the tape itself, decides what is worth saving.
        var reads = new HashSet<Var>();
        foreach (var statement in StatementWalker.All(reverseSweep))
        {
            if (statement is TapeStmt)
            {
                continue;
            }

            foreach (var e in Cleanup.Expressions(statement))
            {
                reads.UnionWith(Cleanup.Reads(e));
            }
        }

        // Variables assigned in loops that the reverse sweep reads; an inner loop's iteration count,
        // reset in each outer iteration, is one of them (the reverse loop counts it down).
        var needed = new HashSet<Var>(loopAssigned.Where(reads.Contains));

        var tapes = new SortedDictionary<string, Var>(System.StringComparer.Ordinal);
        var rewritten = Rewrite(body, needed, tapes, names);
        var all = tapes.Values.Concat(queues).ToList();
        if (all.Count == 0)
        {
            return rewritten;
        }

        var result = new List<Stmt>();
        foreach (var tape in all)
        {
            result.Add(new AssignStmt(tape, new TemplateExpr(EquatableArray.Create(tape.Type + ".Rent()"), EquatableArray<Expr>.Empty, tape.Type, HasSideEffects: true), null));
        }

        result.AddRange(rewritten);
        foreach (var tape in all)
        {
            result.Add(new EvaluateStmt(new TemplateExpr(EquatableArray.Create("", ".Return()"), EquatableArray.Create<Expr>(new VarExpr(tape)), "void", HasSideEffects: true), null));
        }

        return result;
    }

    /// <summary>
    /// The type of a tape of the values of <paramref name="name"/>, of type <paramref name="type"/>. A span cannot be kept on one (a
    /// ref struct is no type argument): the method is reported instead of given code that does not
    /// compile.
    /// </summary>
    public static string TapeType(string type, string name)
        => type.StartsWith("global::System.Span<", System.StringComparison.Ordinal) || type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal)
            ? throw new NotDifferentiableException($"a span ('{name.TrimStart('@')}') assigned in each iteration of a loop that reverse mode runs backwards (make the view once, before the loop, or index the array it views),")
            : "global::AutoDiffGen.Tape<" + type + ">";

    /// <summary><c>tape.Method(argument)</c>: a call on a tape (push, pop, read, clear), which has an effect.</summary>
    public static TemplateExpr Call(Var tape, string method, string type, Expr? argument = null)
        => argument is null
            ? new TemplateExpr(EquatableArray.Create("", "." + method + "()"), EquatableArray.Create<Expr>(new VarExpr(tape)), type, HasSideEffects: true)
            : new TemplateExpr(EquatableArray.Create("", "." + method + "(", ")"), EquatableArray.Create<Expr>(new VarExpr(tape), argument), type, HasSideEffects: true);

    private static List<Stmt> Rewrite(IEnumerable<Stmt> block, HashSet<Var> needed, SortedDictionary<string, Var> tapes, NameAllocator names)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case TapeStmt tape when needed.Contains(tape.Variable):
                {
                    if (!tapes.TryGetValue(tape.Variable.Type, out var tapeVar))
                    {
                        tapeVar = new Var(names.Numbered("tape"), TapeType(tape.Variable.Type, tape.Variable.Name));
                        tapes[tape.Variable.Type] = tapeVar;
                    }

                    if (tape.IsPush)
                    {
                        output.Add(new EvaluateStmt(Call(tapeVar, "Push", "void", new VarExpr(tape.Variable)), tape.Origin));
                    }
                    else
                    {
                        output.Add(new AssignStmt(tape.Variable, Call(tapeVar, "Pop", tape.Variable.Type), tape.Origin));
                    }

                    break;
                }

                case TapeStmt:
                    break;
                case IfStmt i:
                    output.Add(i with { Then = Rewrite(i.Then, needed, tapes, names).ToEquatableArray(), Else = Rewrite(i.Else, needed, tapes, names).ToEquatableArray() });
                    break;
                case LoopStmt l:
                    output.Add(l with { Body = Rewrite(l.Body, needed, tapes, names).ToEquatableArray() });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }
}
