using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.FuzzTests.Grammar;

/// <summary>
/// Recursive helpers that F calls with a small depth: <c>R0(T a, int k)</c> calls itself with
/// <c>k − 1</c> until <c>k &lt;= 0</c>, and <c>M0</c>/<c>N0</c> call each other the same way. They
/// compose through their own pushforward and pullback (issue 9), which the checks hold to F's
/// value, effects, exceptions, finite differences and the identities like any other call.
/// </summary>
internal sealed partial class ProgramGenerator
{
    /// <summary>The recursive helpers F may call, each with the production its calls count under.</summary>
    private readonly List<(string Name, string Production)> recursiveHelpers = new();

    /// <summary>
    /// Counts the productions a helper's own generator used as the program's (the checker widens its
    /// tolerances for some, such as a cast through float, wherever in the program they are).
    /// </summary>
    private void MergeProductions(FuzzProgram sub)
    {
        foreach (var (k, v) in sub.Productions)
        {
            program.Productions[k] = program.Productions.TryGetValue(k, out int c0) ? c0 + v : v;
        }
    }

    /// <summary>Now and then a self-recursive helper, a mutually recursive pair, or both.</summary>
    private void MakeRecursiveHelpers()
    {
        if (Chance(0.5))
        {
            MakeSelfRecursiveHelper();
        }

        if (Chance(0.4))
        {
            MakeMutuallyRecursivePair();
        }
    }

    /// <summary>
    /// <c>T R0(T a, int k)</c>: expression-bodied, <c>k &lt;= 0 ? e : R0(e, k − 1) · c + e</c>, or a
    /// block that holds the recursive call's result in a local and returns an expression of it.
    /// </summary>
    private void MakeSelfRecursiveHelper()
    {
        string name = "R" + recursiveHelpers.Count;
        string k = Chance(0.5) ? "[NoDerivative] int k" : "int k";
        string signature = $"public static {T} {name}({T} a, {k})";
        program.Helpers.Add(RecursiveBody(signature, name, "call.recursive"));
        recursiveHelpers.Add((name, "call.recursive"));
    }

    /// <summary><c>T M0(T a, int k)</c> and <c>T N0(T a, int k)</c>, each calling the other with <c>k − 1</c>.</summary>
    private void MakeMutuallyRecursivePair()
    {
        string m = "M" + recursiveHelpers.Count, n = "N" + recursiveHelpers.Count;
        program.Helpers.Add(RecursiveBody($"public static {T} {m}({T} a, int k)", n, "call.mutual-recursion"));
        program.Helpers.Add(RecursiveBody($"public static {T} {n}({T} a, int k)", m, "call.mutual-recursion"));
        recursiveHelpers.Add((m, "call.mutual-recursion"));
        if (Chance(0.5))
        {
            recursiveHelpers.Add((n, "call.mutual-recursion"));
        }
    }

    /// <summary>A helper whose recursive step calls <paramref name="callee"/> with <c>k − 1</c>; its expressions are over <c>a</c> (and the call's result).</summary>
    private HelperMethod RecursiveBody(string signature, string callee, string production)
    {
        var sub = new FuzzProgram { Seed = 0, IsFloat = F, Params = new List<Param> { new("a", ParamKind.Scalar) }, Body = new List<Node>() };
        var g = new ProgramGenerator(r, sub, new HashSet<string>(areas.Intersect(new[] { "Expressions" })), isHelper: true);
        g.scopes.Add(new Scope());
        g.scopes[0].Reals.Add(new RealVar("a", false));
        // The step scales the deeper result by a constant below 2, so that a few levels stay finite.
        string scale = Lit(Pick(new[] { 0.5, 0.25, 0.75, 1.25, -0.5 }));
        if (Chance(0.5))
        {
            string step = $"{callee}({g.Expr(2)}, k - 1) * {scale} + {g.Expr(2)}";
            var bodied = new HelperMethod { Signature = signature, ExpressionBodied = true, ReturnTerms = new List<string> { $"(k <= 0 ? {g.Expr(2)} : {step})" } };
            MergeProductions(sub);
            return bodied;
        }

        // The base case and the recursive call are one node, so that the shrinker cannot drop the
        // base case alone (the recursion would then never end, and its stack overflow would take
        // the test host down; soak seed 76 did).
        var body = new List<Node>
        {
            new($"if (k <= 0) return {g.Expr(2)}; {T} r_ = {callee}({g.Expr(2)}, k - 1);", production),
        };
        g.scopes[0].Reals.Add(new RealVar("r_", false));
        var helper = new HelperMethod { Signature = signature, Body = body, ReturnTerms = new List<string> { $"r_ * {scale}", g.Expr(2) } };
        MergeProductions(sub);
        return helper;
    }

    /// <summary>A call of a recursive helper with a depth from −1 to 3 (−1 and 0: the base case at once).</summary>
    private string RecursiveCall(int d)
    {
        var (name, production) = Pick(recursiveHelpers);
        Use(production);
        if (loopDepth > 0)
        {
            Use("call.in-loop");
        }

        return $"{name}({Expr(d)}, {r.Next(-1, 4)})";
    }
}
