using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.FuzzTests.Infrastructure;

namespace AutoDiffGen.FuzzTests;

/// <summary>
/// Delta debugging over the statement tree: each round builds every one-step smaller variant of
/// the program (a statement removed, a block replaced by its contents, a return term, helper or
/// class member dropped), compiles and checks them all in one batch, and keeps the shortest
/// variant that still fails the same check. Variants that no longer compile are simply not kept.
/// </summary>
internal static class Shrinker
{
    public static (FuzzProgram Program, List<Failure> Failures) Shrink(FuzzProgram original, Failure failure, int maxRounds = 40, TimeSpan? budget = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var current = original.Clone();
        var currentFailures = new List<Failure> { failure };
        for (int round = 0; round < maxRounds && clock.Elapsed < (budget ?? TimeSpan.FromMinutes(5)); round++)
        {
            var candidates = Candidates(current).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            FuzzProgram? best = null;
            List<Failure>? bestFailures = null;
            for (int start = 0; start < candidates.Count && best is null; start += 60)
            {
                var chunk = candidates.Skip(start).Take(60).ToList();
                for (int i = 0; i < chunk.Count; i++)
                {
                    chunk[i].ClassName = "P" + i.ToString(CultureInfo.InvariantCulture);
                }

                foreach (var (c, failures) in Fuzzer.CheckBatch(chunk))
                {
                    if (c.Rejected is null && failures.Any(f => f.Check == failure.Check)
                        && (best is null || c.Program.Render().Length < best.Render().Length))
                    {
                        best = c.Program;
                        bestFailures = failures;
                    }
                }
            }

            if (best is null)
            {
                break;
            }

            current = best;
            currentFailures = bestFailures!;
        }

        current.ClassName = original.ClassName;
        return (current, currentFailures);
    }

    private static IEnumerable<FuzzProgram> Candidates(FuzzProgram p)
    {
        if (p.ReturnTerms is { Count: > 1 } terms)
        {
            for (int i = 0; i < terms.Count; i++)
            {
                var c = p.Clone();
                c.ReturnTerms = new List<string> { terms[i] };
                yield return c;
                var d = p.Clone();
                d.ReturnTerms!.RemoveAt(i);
                yield return d;
            }
        }

        // Statement trees: F's body (root -1) and each helper's (root i).
        for (int root = -1; root < p.Helpers.Count; root++)
        {
            var rootBody = root < 0 ? p.Body : p.Helpers[root].Body;
            foreach (var path in Paths(rootBody, new List<int>()))
            {
                var c = p.Clone();
                var (list, index) = Locate(Root(c, root), path);
                list.RemoveAt(index);
                yield return c;

                var h = p.Clone();
                var (hl, hi) = Locate(Root(h, root), path);
                if (hl[hi].Body is { } inner)
                {
                    hl.RemoveAt(hi);
                    hl.InsertRange(hi, inner);
                    yield return h;
                }
            }

            if (root >= 0 && p.Helpers[root].ReturnTerms.Count > 1)
            {
                for (int i = 0; i < p.Helpers[root].ReturnTerms.Count; i++)
                {
                    var c = p.Clone();
                    c.Helpers[root].ReturnTerms = new List<string> { p.Helpers[root].ReturnTerms[i] };
                    yield return c;
                }
            }

            if (root >= 0)
            {
                // The simplest body that still uses both parameters.
                var c = p.Clone();
                c.Helpers[root].Body = new List<Node>();
                c.Helpers[root].ReturnTerms = new List<string> { "a * b" };
                yield return c;
            }
        }

        for (int i = 0; i < p.Helpers.Count; i++)
        {
            var c = p.Clone();
            c.Helpers.RemoveAt(i);
            yield return c;
        }

        for (int i = 0; i < p.ClassMembers.Count; i++)
        {
            var c = p.Clone();
            c.ClassMembers.RemoveAt(i);
            yield return c;
        }
    }

    private static List<Node> Root(FuzzProgram p, int root) => root < 0 ? p.Body : p.Helpers[root].Body;

    private static IEnumerable<List<int>> Paths(List<Node> nodes, List<int> prefix)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            var path = prefix.Append(i).ToList();
            yield return path;
            if (nodes[i].Body is { } body)
            {
                foreach (var inner in Paths(body, path))
                {
                    yield return inner;
                }
            }
        }
    }

    private static (List<Node> List, int Index) Locate(List<Node> nodes, List<int> path)
    {
        var list = nodes;
        for (int i = 0; i < path.Count - 1; i++)
        {
            list = list[path[i]].Body!;
        }

        return (list, path[^1]);
    }
}
