using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>Which source statement an IR statement comes from, and in which role.</summary>
/// <param name="Line">One-based line in the source file.</param>
/// <param name="Text">The statement's source text, on one line.</param>
/// <param name="Role">Primal, tangent or adjoint code.</param>
/// <param name="Line">
/// The statement's line relative to the line of the method's name (<see cref="LoweredMethod.SourceLine"/>),
/// so that the model does not change when the method moves; comments show the absolute line.
/// </param>
internal sealed record Origin(int Line, string Text, OriginRole Role)
{
    public Origin As(OriginRole role) => this with { Role = role };
}

internal enum OriginRole
{
    Primal,
    Tangent,
    Adjoint,

    /// <summary>
    /// Primal code run again by reverse mode (a reduction's recomputed iteration): commented as the
    /// primal line, but not value code, since the forward sweep already ran it (and threw, if it would).
    /// </summary>
    Replay,
}

/// <summary>An IR statement. Control flow is structured: blocks, two-way branches, returns.</summary>
internal abstract record Stmt(Origin? Origin);

/// <summary><c>target = value;</c></summary>
internal sealed record AssignStmt(Var Target, Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary>
/// <c>(target1, target2, …) = value;</c> — the elements of a tuple-valued call assigned at once, one
/// target per element: a call to a vector-valued <c>[Differentiable]</c> method, or its pushforward.
/// The call runs once, as in the original method, however many of its elements are used.
/// </summary>
internal sealed record DeconstructStmt(EquatableArray<Var> Targets, Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary><c>target += value;</c> (adjoint accumulation).</summary>
internal sealed record AccumulateStmt(Var Target, Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary><c>if (condition) { then } else { else }</c>.</summary>
internal sealed record IfStmt(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, Origin? Origin) : Stmt(Origin);

/// <summary><c>return value;</c> — the value is a variable or an inactive expression.</summary>
internal sealed record ReturnStmt(Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary><c>throw exception;</c></summary>
internal sealed record ThrowStmt(Expr Exception, Origin? Origin) : Stmt(Origin);

/// <summary>An inactive expression evaluated for its side effects (a call whose result is dropped).</summary>
internal sealed record EvaluateStmt(Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary><c>array[index] = value;</c> — a write into a local buffer.</summary>
internal sealed record StoreStmt(Var Array, Expr Index, Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary><c>array[index] += value;</c> (adjoint accumulation into an array or span).</summary>
internal sealed record AccumulateElementStmt(Var Array, Expr Index, Expr Value, Origin? Origin) : Stmt(Origin);

/// <summary>
/// <c>while (condition) { body }</c>. Variables carried from one iteration to the next are assigned
/// before the loop and again at the end of each path through the body (and before a
/// <c>break</c>/<c>continue</c>), so inside the body everything else stays in SSA form.
/// </summary>
internal sealed record LoopStmt(Expr Condition, EquatableArray<Stmt> Body, Origin? Origin) : Stmt(Origin);

/// <summary><c>break;</c> out of the innermost loop.</summary>
internal sealed record BreakStmt(Origin? Origin) : Stmt(Origin);

/// <summary><c>continue;</c> with the innermost loop.</summary>
internal sealed record ContinueStmt(Origin? Origin) : Stmt(Origin);
