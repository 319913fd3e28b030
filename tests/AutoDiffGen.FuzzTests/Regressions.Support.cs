using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using Xunit;

namespace AutoDiffGen.FuzzTests;

/// <summary>Runs the fuzzer's checks on one fixed, hand-written program.</summary>
internal static class Regression
{
    public static Param Scalar(string name) => new(name, ParamKind.Scalar);

    public static Param Data(string name) => new(name, ParamKind.DataScalar);

    public static Param Array(string name) => new(name, ParamKind.Array);

    public static Param Span(string name) => new(name, ParamKind.Span);

    public static Param DataSpan(string name) => new(name, ParamKind.DataSpan);

    public static Param Int(string name = "n") => new(name, ParamKind.Int);

    /// <summary>
    /// Checks <c>F(parameters) { body }</c> (body must return on every path) in class P0, with
    /// extra members (helpers, constants) verbatim. Fails with the checks' messages.
    /// </summary>
    public static void Check(string body, Param[] parameters, bool isFloat = false, params string[] members)
        => Check(body, parameters, isFloat, productions: System.Array.Empty<string>(), members);

    /// <param name="productions">Productions the program counts as using (they choose some tolerances, e.g. <c>expr.cast</c>).</param>
    public static void Check(string body, Param[] parameters, bool isFloat, string[] productions, params string[] members)
        => CheckAtSeed(1, body, parameters, isFloat, productions, members);

    /// <param name="seed">The program seed the checker draws its points from (a fuzzer program's seed reproduces its points).</param>
    public static void CheckAtSeed(int seed, string body, Param[] parameters, bool isFloat, string[] productions, params string[] members)
    {
        var program = new FuzzProgram
        {
            Productions = productions.ToDictionary(p => p, _ => 1),
            Seed = seed,
            IsFloat = isFloat,
            Params = parameters.ToList(),
            Body = new List<Node> { new(body.Trim().Replace("\n", "\n        "), "regression") },
            ReturnTerms = null,
            ClassMembers = members.Select(m => m.Trim().Replace("\n", "\n    ")).ToList(),
            ClassName = "P0",
        };
        var (compiled, failures) = Fuzzer.CheckBatch(new[] { program }).Single();
        Assert.True(compiled.Rejected is null, "the regression program is not valid: " + compiled.Rejected + "\n" + program.Render());
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\n" + program.Render());
    }
}
