using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.FuzzTests.Infrastructure;

namespace AutoDiffGen.FuzzTests;

/// <summary>
/// The explicit exclusion list of the fixed-seed test: a failing program that matches an entry
/// here is counted as "known" (the finding number refers to FINDINGS.md) instead of failing the
/// test. Each entry names the check that fails and the construct that triggers it. Remove an
/// entry when the generator is fixed; the fixed-seed test then holds the generator to it.
/// </summary>
internal static class KnownFindings
{
    private sealed record Entry(int Finding, string Why, Func<FuzzProgram, Failure, string, bool> Matches);

    private static readonly Entry[] Entries =
    {
        new(1, "false ADG0005 for a top-level stackalloc after an early return",
            (p, f, g) => f.Check == "false-diagnostic" && f.Message.Contains("stackalloc inside a branch or loop", StringComparison.Ordinal)),
        new(2, "CS0162 (unreachable code) in generated code",
            (p, f, g) => f.Check == "compile" && f.Message.Contains("CS0162", StringComparison.Ordinal)),
        new(3, "w.Slice(1)[i] read directly: derivative 0",
            (p, f, g) => f.Check is "gradient-fd" && p.Productions.ContainsKey("span.slice-direct")),
        new(4, "(double)(float)e in double code: forward mode and pullback round the tangent/adjoint to float",
            (p, f, g) => f.Check is "pushforward-identity" or "pullback-identity" && !p.IsFloat && p.Productions.ContainsKey("expr.cast")),
        new(5, "enum loop counter stepped with ++/--: generated code does not compile",
            (p, f, g) => f.Check == "compile" && f.Message.Contains("'Phase'", StringComparison.Ordinal)),
        new(6, "an inactive call before a throwing element read: the members throw without making the call",
            (p, f, g) => f.Check == "effects" && f.Message.Contains("(F throws", StringComparison.Ordinal)),
        new(7, "double.Clamp/float.Clamp with a NaN bound: members return a number where F returns NaN",
            (p, f, g) => f.Check == "value" && f.Message.Contains("F returns NaN", StringComparison.Ordinal) && (p.Render().Contains("double.Clamp(", StringComparison.Ordinal) || p.Render().Contains("float.Clamp(", StringComparison.Ordinal))),
        new(8, "false ADG0006: a [Differentiable] callee that calls double.IsNaN is said to have side effects",
            (p, f, g) => f.Check == "false-diagnostic" && f.Message.Contains("IsNaN", StringComparison.Ordinal)),
        new(9, "an assignment on the right of || inside a switch section's when guard: wrong value",
            (p, f, g) => f.Check is "value" or "gradient-fd" && p.Productions.ContainsKey("cond.shortcircuit") && p.Render().Contains(" when ", StringComparison.Ordinal)),
        new(10, "tuple elements on the right of a deconstruction are not evaluated left to right (call log out of order)",
            (p, f, g) => f.Check == "effects" && !f.Message.Contains("(F throws", StringComparison.Ordinal) && p.Productions.Keys.Any(k => k.StartsWith("tuple.", StringComparison.Ordinal))),
    };

    /// <summary>The finding that explains every failure of the program, or null.</summary>
    public static int? Match(FuzzProgram program, List<Failure> failures, string generated)
    {
        int? found = null;
        foreach (var f in failures)
        {
            var e = Entries.FirstOrDefault(e => e.Matches(program, f, generated));
            if (e is null)
            {
                return null;
            }

            found ??= e.Finding;
        }

        return found;
    }

    /// <summary>The finding that explains this one failure, or null.</summary>
    public static int? MatchOne(FuzzProgram program, Failure failure)
        => Entries.FirstOrDefault(e => e.Matches(program, failure, ""))?.Finding;

    public static IEnumerable<(int Finding, string Why)> List => Entries.Select(e => (e.Finding, e.Why));
}
