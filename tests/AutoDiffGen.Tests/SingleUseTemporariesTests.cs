using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// <see cref="SingleUseTemporaries"/> on small bodies: where a temporary read once is written into
/// its read, and where it must stay declared (moving it would change what it reads, when it throws,
/// or what a call between sees). The numeric tests, the snapshots and the fuzzer check whole methods.
/// </summary>
public sealed class SingleUseTemporariesTests
{
    private static readonly Origin Line = new(1, "y = …;", OriginRole.Primal);
    private static readonly Origin OtherLine = new(2, "z = …;", OriginRole.Primal);
    private static readonly Var X = new("x", "double");
    private static readonly Var A = new("a", "double");
    private static readonly Var T1 = new("t1", "double");
    private static readonly Var T2 = new("t2Dot", "double");
    private static readonly Var R = new("r", "double");
    private static readonly Var Buffer = new("buffer", "double[]");
    private static readonly Var I = new("i", "int");

    private static Expr Read(Var v) => new VarExpr(v);

    private static Expr Times(Expr a, Expr b) => new BinaryExpr(BinaryOp.Multiply, a, b, "double");

    private static Expr Plus(Expr a, Expr b) => new BinaryExpr(BinaryOp.Add, a, b, "double");

    private static Stmt Assign(Var v, Expr e, Origin? origin = null) => new AssignStmt(v, e, origin ?? Line);

    private static Stmt[] Apply(params Stmt[] body)
        => ApplyWithUsersNames(default, body);

    private static Stmt[] ApplyWithUsersNames(EquatableArray<string> usersNames, params Stmt[] body)
        => SingleUseTemporaries.Apply(new GeneratedMethod("M", "public static", "double", default, body.ToEquatableArray(), "", "", default), usersNames).Body.AsImmutableArray().ToArray();

    private static Stmt Return(Var v) => new ReturnStmt(Read(v), Line);

    [Fact]
    public void TemporaryReadOnce_IsWrittenIntoItsRead()
    {
        var folded = Apply(Assign(T1, Times(Read(X), Read(X))), Assign(A, Read(X)), Assign(R, Plus(Read(T1), Read(A))), Return(R));
        Assert.Equal(new[] { Assign(A, Read(X)), Assign(R, Plus(Times(Read(X), Read(X)), Read(A))), Return(R) }, folded);
    }

    [Fact]
    public void Chains_FoldIntoOneExpression()
    {
        var folded = Apply(Assign(T1, Times(Read(X), Read(X))), Assign(T2, Plus(Read(T1), Read(X))), Assign(R, Times(Read(T2), Read(X))), Return(R));
        Assert.Equal(new[] { Assign(R, Times(Plus(Times(Read(X), Read(X)), Read(X)), Read(X))), Return(R) }, folded);
    }

    [Fact]
    public void WhatItReadsAssignedInBetween_Stays()
    {
        var body = new[] { Assign(T1, Times(Read(A), Read(X))), Assign(A, Read(X)), Assign(R, Plus(Read(T1), Read(A))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void UsersLocal_KeepsItsName()
    {
        var body = new[] { Assign(A, Times(Read(X), Read(X))), Assign(R, Plus(Read(A), Read(X))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void UsersLocalSpelledLikeATemporary_KeepsItsName()
    {
        // The user's own t1 (and its tangent t1Dot) are not the generator's (a new user's trial, stop 27).
        var t1Dot = new Var("t1Dot", "double");
        var body = new[] { Assign(T1, Times(Read(X), Read(X))), Assign(t1Dot, Times(Read(X), Read(A))), Assign(R, Plus(Read(T1), Read(t1Dot))), Return(R) };
        Assert.Equal(body, ApplyWithUsersNames(new[] { "t1" }.ToEquatableArray(), body));
        Assert.NotEqual(body, ApplyWithUsersNames(new[] { "t9" }.ToEquatableArray(), body));
    }

    [Fact]
    public void UsersLocalsSpelledLikeTemporaries_AreDeclaredInTheGeneratedCode()
    {
        var run = Infrastructure.GeneratorRunner.Run("""
            using AutoDiffGen;
            public static partial class Functions
            {
                [Differentiable]
                public static double OneLine(double x, double y) { double t1 = x * y; double t2Dot = t1 + x; return t2Dot * y; }
            }
            """).AssertCleanOutput();
        string pullback = run.SingleGeneratedText.Substring(run.SingleGeneratedText.IndexOf("OneLinePullback(", System.StringComparison.Ordinal));
        Assert.Contains("double t1 = x * y;", pullback, System.StringComparison.Ordinal);
        Assert.Contains("double t2Dot = t1 + x;", pullback, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTwice_Stays()
    {
        var body = new[] { Assign(T1, Times(Read(X), Read(X))), Assign(R, Plus(Read(T1), Read(T1))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void ElementRead_WhichCanThrow_IsNotMovedPastAStore()
    {
        var element = new IndexExpr(Read(Buffer), Read(I), "double");
        var body = new[] { Assign(T1, element), new StoreStmt(Buffer, Read(I), Read(X), Line), Assign(R, Plus(Read(T1), Read(X))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void ThrowingFunction_Stays()
    {
        // Math.Clamp throws for min > max, Math.Sign for NaN: moving them would move the throw.
        foreach (var function in new[] { MathFunction.Clamp, MathFunction.Sign })
        {
            var call = new MathExpr(function, (function == MathFunction.Clamp ? new[] { Read(X), Read(A), Read(R) } : new[] { Read(X) }).ToEquatableArray(), "double");
            var body = new[] { Assign(T1, call), Assign(A, Read(X)), Assign(R, Plus(Read(T1), Read(X))), Return(R) };
            Assert.Equal(body, Apply(body));
        }
    }

    [Fact]
    public void ReadInALoopOrOnAnotherLine_Stays()
    {
        var loop = new LoopStmt(new LiteralExpr("true", "bool"), new[] { Assign(R, Plus(Read(T1), Read(X))) }.ToEquatableArray(), Line);
        var intoLoop = new[] { Assign(T1, Times(Read(X), Read(X))), loop, Return(R) };
        Assert.Equal(intoLoop, Apply(intoLoop));
        var otherLine = new[] { Assign(T1, Times(Read(X), Read(X))), Assign(R, Plus(Read(T1), Read(X)), OtherLine), Return(R) };
        Assert.Equal(otherLine, Apply(otherLine));
    }

    [Fact]
    public void CallBetween_Stays()
    {
        // A call may write a variable through ref or out (here x, which the temporary reads): nothing moves past one.
        var call = new TemplateExpr(new[] { "F(ref ", ")" }.ToEquatableArray(), new[] { Read(X) }.ToEquatableArray(), "double", HasSideEffects: true);
        var body = new[] { Assign(T1, Times(Read(X), Read(X))), new EvaluateStmt(call, Line), Assign(R, Plus(Read(T1), Read(X))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void IntoAnExpressionWithACall_Stays()
    {
        var call = new TemplateExpr(new[] { "F(", ")" }.ToEquatableArray(), new[] { Read(X) }.ToEquatableArray(), "double", HasSideEffects: true);
        var body = new[] { Assign(T1, Times(Read(X), Read(X))), Assign(R, Plus(call, Read(T1))), Return(R) };
        Assert.Equal(body, Apply(body));
    }

    [Fact]
    public void ReadOfARefParameter_IsNotMovedPastAWriteOfAnother()
    {
        // xAdjoint and yAdjoint may be one variable (F(…, ref a, ref a)).
        var xAdjoint = new Var("xAdjoint", "double");
        var yAdjoint = new Var("yAdjoint", "double");
        var body = new[] { Assign(T1, Times(Read(xAdjoint), Read(X))), new AccumulateStmt(yAdjoint, Read(X), Line), Assign(R, Plus(Read(T1), Read(X))), Return(R) };
        var parameters = new[] { new GeneratedParameter("ref", "double", "xAdjoint", ""), new GeneratedParameter("ref", "double", "yAdjoint", "") }.ToEquatableArray();
        var method = new GeneratedMethod("M", "public static", "double", parameters, body.ToEquatableArray(), "", "", default);
        Assert.Equal(body, SingleUseTemporaries.Apply(method, default).Body.AsImmutableArray().ToArray());
    }

    [Fact]
    public void LongExpressions_StayInParts()
    {
        // Each fold is bounded, so a long chain keeps some temporaries (and the written depth stays bounded).
        var vars = Enumerable.Range(1, 40).Select(k => new Var("t" + k, "double")).ToArray();
        var body = new System.Collections.Generic.List<Stmt> { Assign(vars[0], Times(Read(X), Read(X))) };
        for (int k = 1; k < vars.Length; k++)
        {
            body.Add(Assign(vars[k], Plus(Read(vars[k - 1]), Read(X))));
        }

        body.Add(Return(vars[^1]));
        var folded = Apply(body.ToArray());
        Assert.InRange(folded.Length, 4, body.Count - 1);
        Assert.All(folded, s => Assert.True(s is not AssignStmt a || ExprWalker.DescendantsAndSelf(a.Value).Count() <= 25));
    }
}
