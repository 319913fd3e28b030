using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>Which source statement an IR statement comes from, and in which role.</summary>
/// <param name="Line">One-based line in the source file.</param>
/// <param name="Text">The statement's source text, on one line.</param>
/// <param name="Role">Primal, tangent or adjoint code.</param>
internal sealed record Origin(int Line, string Text, OriginRole Role)
{
    public Origin As(OriginRole role) => this with { Role = role };
}

internal enum OriginRole
{
    Primal,
    Tangent,
    Adjoint,
}

/// <summary>An IR statement. Control flow is structured: blocks, two-way branches, returns.</summary>
internal abstract record Stmt(Origin? Origin);

/// <summary><c>target = value;</c></summary>
internal sealed record AssignStmt(Var Target, Expr Value, Origin? Origin) : Stmt(Origin);

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
