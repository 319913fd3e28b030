using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// <see cref="AdjointStarts"/> on small bodies: where an adjoint's zero start may move into a branch
/// or become its first addition, and where it must stay (the generated code's correctness rests on
/// these refusals; the numeric tests and the fuzzer check whole methods).
/// </summary>
public sealed class AdjointStartsTests
{
    private static readonly Var X = new("xBar", "double");
    private static readonly Var Y = new("yBar", "double");
    private static readonly Var Z = new("zBar", "double");
    private static readonly Var E = new("e", "double");
    private static readonly Var C = new("c", "bool");

    private static Stmt Zero(Var v) => new AssignStmt(v, new ConstExpr(0, "double"), null);

    private static Stmt Add(Var v, Expr e) => new AccumulateStmt(v, e, null);

    private static Expr Read(Var v) => new VarExpr(v);

    private static Stmt If(Stmt[] then, Stmt[] otherwise) => new IfStmt(Read(C), then.ToEquatableArray(), otherwise.ToEquatableArray(), null);

    private static List<Stmt> Move(params Stmt[] body) => AdjointStarts.Move(body.ToList(), new HashSet<Var> { X, Y });

    [Fact]
    public void FirstAddition_BecomesTheStart()
    {
        var moved = Move(Zero(X), Add(Z, Read(E)), Add(X, Read(E)), Add(Z, Read(X)));
        Assert.Equal(new[] { Add(Z, Read(E)), new AssignStmt(X, Read(E), null), Add(Z, Read(X)) }, moved);
    }

    [Fact]
    public void StartUsedInOneSideOnly_MovesIntoIt()
    {
        var moved = Move(Zero(X), If(new[] { Add(X, Read(E)), Add(Z, Read(X)) }, new[] { Add(Z, Read(E)) }));
        Assert.Equal(new Stmt[] { If(new Stmt[] { new AssignStmt(X, Read(E), null), Add(Z, Read(X)) }, new[] { Add(Z, Read(E)) }) }, moved);
    }

    [Fact]
    public void StartReadAfterTheBranch_Stays()
    {
        var body = new[] { Zero(X), If(new[] { Add(X, Read(E)) }, new Stmt[0]), Add(Z, Read(X)) };
        Assert.Equal(body, Move(body));
    }

    [Fact]
    public void StartTouchedBeforeIt_Stays()
    {
        // In a loop body, what comes before the start reads the previous iteration's value.
        var loop = new LoopStmt(Read(C), new[] { Add(Z, Read(X)), Zero(X), If(new[] { Add(X, Read(E)) }, new Stmt[0]) }.ToEquatableArray(), null);
        Assert.Equal(new Stmt[] { loop }, Move(loop));
    }

    [Fact]
    public void StartUsedInBothSides_Stays()
    {
        var body = new[] { Zero(X), If(new[] { Add(X, Read(E)) }, new[] { Add(X, Read(Z)) }) };
        Assert.Equal(body, Move(body));
    }

    [Fact]
    public void AdditionThatReadsItself_IsNotAStart()
    {
        var body = new[] { Zero(X), Add(X, new BinaryExpr(BinaryOp.Multiply, Read(X), Read(E), "double")) };
        Assert.Equal(body, Move(body));
    }

    [Fact]
    public void BodyPastTheBudget_IsLeftAsItIs()
    {
        // Walks repeat per nesting level: deep bodies (a switch's continuation copied into every
        // section) once made this pass run for minutes. Past its budget it leaves the body alone.
        Stmt nested = Add(X, Read(E));
        for (int depth = 0; depth < 400; depth++)
        {
            nested = If(Enumerable.Repeat(Add(Z, Read(E)), 200).Append(nested).ToArray(), new Stmt[0]);
        }

        var body = new List<Stmt> { Zero(X), nested };
        Assert.Same(body, AdjointStarts.Move(body, new HashSet<Var> { X }));
    }

    [Fact]
    public void VariablesThatAreNotLocalAdjoints_AreLeftAlone()
    {
        var body = new[] { Zero(Z), Add(Z, Read(E)) };
        Assert.Equal(body, Move(body));
    }
}
