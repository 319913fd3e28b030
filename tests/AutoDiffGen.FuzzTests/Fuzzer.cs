using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AutoDiffGen.FuzzTests.Checking;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.FuzzTests.Infrastructure;

namespace AutoDiffGen.FuzzTests;

/// <summary>Figures for one production or area.</summary>
internal sealed class Tally
{
    public int Programs;
    public int Rejected;
    public int Failed;
    public int Known;
}

/// <summary>A program that failed a check, with its minimized form.</summary>
internal sealed record FailureReport(FuzzProgram Program, List<Failure> Failures, int? KnownFinding, FuzzProgram? Shrunk, List<Failure>? ShrunkFailures)
{
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append($"seed {Program.Seed}: ").Append(KnownFinding is { } k ? $"known finding {k}" : "NEW").Append('\n');
        foreach (var f in Failures)
        {
            sb.Append("  ").Append(BatchCompiler.Cut(f.ToString(), 1500)).Append('\n');
        }

        if (Shrunk is not null)
        {
            sb.Append("  minimized program:\n").Append(Indent(Shrunk.Render()));
            foreach (var f in ShrunkFailures ?? new List<Failure>())
            {
                sb.Append("  minimized: ").Append(BatchCompiler.Cut(f.ToString(), 1500)).Append('\n');
            }
        }
        else
        {
            sb.Append("  program:\n").Append(Indent(Program.Render()));
        }

        return sb.ToString();
    }

    private static string Indent(string s) => string.Join("\n", s.Split('\n').Select(l => "    " + l)) + "\n";
}

/// <summary>The outcome of a fuzzing run.</summary>
internal sealed class FuzzReport
{
    public int Programs;
    public int Rejected;
    public int Failed;
    public int KnownFailed;
    public int FdChecked;
    public int FdSkipped;
    public TimeSpan Elapsed;
    public TimeSpan CompileTime;
    public TimeSpan CheckTime;
    public long GeneratedChars;
    public long SourceChars;
    public readonly SortedDictionary<string, Tally> PerProduction = new(StringComparer.Ordinal);
    public readonly SortedDictionary<string, Tally> PerArea = new(StringComparer.Ordinal);
    public readonly SortedDictionary<string, int> FailuresByCheck = new(StringComparer.Ordinal);
    public readonly SortedDictionary<int, int> KnownByFinding = new();
    public readonly SortedDictionary<string, int> RejectReasons = new(StringComparer.Ordinal);
    public readonly List<FailureReport> Reports = new();

    public IEnumerable<FailureReport> NewFailures => Reports.Where(r => r.KnownFinding is null);

    public string Format(bool withPrograms = true)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"programs {Programs}, rejected {Rejected}, failed {Failed} (new {Failed - KnownFailed}, known {KnownFailed}); gradient coordinates checked by FD {FdChecked}, skipped at kinks {FdSkipped}; {Elapsed.TotalSeconds:F1} s (compiling {CompileTime.TotalSeconds:F1} s, checking {CheckTime.TotalSeconds:F1} s); source {SourceChars / Math.Max(1, Programs)} chars/program, generated {GeneratedChars / Math.Max(1, Programs)}\n");
        sb.Append("failures by check: ").Append(string.Join(", ", FailuresByCheck.Select(kv => $"{kv.Key} {kv.Value}"))).Append('\n');
        sb.Append("known findings hit: ").Append(string.Join(", ", KnownByFinding.Select(kv => $"#{kv.Key} ×{kv.Value}"))).Append('\n');
        sb.Append("rejections: ").Append(string.Join("; ", RejectReasons.Take(12).Select(kv => $"{kv.Key} ×{kv.Value}"))).Append('\n');
        sb.Append("per area (programs / rejected / failed / of which known):\n");
        foreach (var (area, t) in PerArea)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {area,-12} {t.Programs,6} {t.Rejected,6} {t.Failed,6} {t.Known,6}\n");
        }

        sb.Append("per production (programs / rejected / failed / of which known):\n");
        foreach (var (name, t) in PerProduction)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {name,-32} {t.Programs,6} {t.Rejected,6} {t.Failed,6} {t.Known,6}\n");
        }

        if (withPrograms)
        {
            foreach (var r in Reports.Where(r => r.KnownFinding is null).Take(10))
            {
                sb.Append(r.Format());
            }
        }

        return sb.ToString();
    }
}

/// <summary>Runs batches of generated programs through the generator and the checks.</summary>
internal static class Fuzzer
{
    public static FuzzProgram ProgramFor(int runSeed, int index)
    {
        int seed = unchecked(runSeed * 1_000_003 + index);
        var p = ProgramGenerator.Generate(seed);
        p.ClassName = "P" + index.ToString(CultureInfo.InvariantCulture);
        return p;
    }

    /// <summary>Compiles and checks programs; failures of known findings are told apart by <see cref="KnownFindings"/>.</summary>
    public static FuzzReport Run(int runSeed, int count, int batchSize = 40, int maxShrinks = 3, Action<string>? progress = null, Func<FuzzProgram, bool>? filter = null, bool shrinkEach = false, TimeSpan? shrinkBudget = null)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        int shrinks = 0;
        var shrunkChecks = new HashSet<string>();
        for (int start = 0; start < count; start += batchSize)
        {
            var programs = Enumerable.Range(start, Math.Min(batchSize, count - start))
                .Select(i => ProgramFor(runSeed, i))
                .Where(p => filter?.Invoke(p) ?? true)
                .ToList();
            var results = CheckBatch(programs, report);
            foreach (var (c, failures) in results)
            {
                Account(report, c, failures);
                if (failures.Count == 0)
                {
                    continue;
                }

                int? known = KnownFindings.Match(c.Program, failures, c.GeneratedText);
                FuzzProgram? shrunk = null;
                List<Failure>? shrunkFailures = null;
                string key = (failures.FirstOrDefault(f => KnownFindings.MatchOne(c.Program, f) is null) ?? failures[0]).Check;
                if ((known is null || shrinkEach) && shrinks < maxShrinks && (shrinkEach || shrunkChecks.Add(key)))
                {
                    shrinks++;
                    // Shrink toward the failure no known finding explains (else the first that is not a warning).
                    var target = failures.FirstOrDefault(f => KnownFindings.MatchOne(c.Program, f) is null)
                        ?? failures.FirstOrDefault(f => f.Check != "compile") ?? failures[0];
                    (shrunk, shrunkFailures) = Shrinker.Shrink(c.Program, target, budget: shrinkBudget);
                }

                var fr = new FailureReport(c.Program, failures, known, shrunk, shrunkFailures);
                report.Reports.Add(fr);
                if (known is { } k)
                {
                    report.KnownFailed++;
                    report.KnownByFinding[k] = report.KnownByFinding.GetValueOrDefault(k) + 1;
                    foreach (var t in Tallies(report, c.Program))
                    {
                        t.Known++;
                    }
                }

                if (known is null || shrinkEach)
                {
                    progress?.Invoke(fr.Format());
                }
            }

            progress?.Invoke($"{Math.Min(start + batchSize, count)}/{count} programs, {report.Failed} failed ({report.Failed - report.KnownFailed} new), {report.Rejected} rejected, {clock.Elapsed.TotalSeconds:F0} s");
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static IEnumerable<Tally> Tallies(FuzzReport report, FuzzProgram p)
    {
        foreach (var name in p.Productions.Keys)
        {
            yield return Get(report.PerProduction, name);
        }

        foreach (var area in p.Productions.Keys.Select(n => Productions.ByName[n].Area).Distinct())
        {
            yield return Get(report.PerArea, area);
        }
    }

    private static Tally Get(SortedDictionary<string, Tally> d, string key)
    {
        if (!d.TryGetValue(key, out var t))
        {
            d[key] = t = new Tally();
        }

        return t;
    }

    private static void Account(FuzzReport report, CompiledProgram c, List<Failure> failures)
    {
        report.Programs++;
        report.GeneratedChars += c.GeneratedText.Length;
        report.SourceChars += c.Program.Render().Length;
        var tallies = Tallies(report, c.Program).ToList();
        foreach (var t in tallies)
        {
            t.Programs++;
        }

        if (c.Rejected is not null)
        {
            report.Rejected++;
            string reason = c.Rejected.StartsWith("grammar", StringComparison.Ordinal) ? "grammar bug: " + BatchCompiler.Cut(c.Rejected, 300) : c.Rejected;
            report.RejectReasons[reason] = report.RejectReasons.GetValueOrDefault(reason) + 1;
            foreach (var t in tallies)
            {
                t.Rejected++;
            }
        }

        if (failures.Count > 0)
        {
            report.Failed++;
            foreach (var check in failures.Select(f => f.Check).Distinct())
            {
                report.FailuresByCheck[check] = report.FailuresByCheck.GetValueOrDefault(check) + 1;
            }

            foreach (var t in tallies)
            {
                t.Failed++;
            }
        }
    }

    /// <summary>Compiles one batch and checks every runnable program in it.</summary>
    public static List<(CompiledProgram Program, List<Failure> Failures)> CheckBatch(IReadOnlyList<FuzzProgram> programs, FuzzReport? report = null)
    {
        var clock = Stopwatch.StartNew();
        using var batch = BatchCompiler.Compile(programs);
        var compiled = clock.Elapsed;
        var results = new (CompiledProgram, List<Failure>)[batch.Programs.Count];
        Parallel.For(0, batch.Programs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            var c = batch.Programs[i];
            if (c.Rejected is not null || c.Value is null)
            {
                results[i] = (c, c.Failures.ToList());
                return;
            }

            // A hang is a member that never returns (F's loops are all bounded); a check takes well
            // under a second on an idle machine, but 20 s was reached under a load of 9 on 2 cores
            // (the JIT and the checks of other programs competing), so the watchdog allows 60 s.
            var failures = c.Failures.Concat(Checker.RunWithTimeout(c, batch, TimeSpan.FromSeconds(60), out int fdChecked, out int fdSkipped)).ToList();

            // F itself rejected by the runtime: the C# compiler the fuzzer runs emitted invalid IL
            // for the user's own method (finding 38). Not a test of the generator, whose members
            // then run (and differ from F): a rejection.
            if (failures.Any(f => f.Message.Contains("F throws System.InvalidProgramException", StringComparison.Ordinal)))
            {
                c.Rejected = "toolchain: the compiler emitted invalid IL for F itself (InvalidProgramException)";
                failures.Clear();
            }
            if (report is not null)
            {
                lock (report)
                {
                    report.FdChecked += fdChecked;
                    report.FdSkipped += fdSkipped;
                }
            }

            results[i] = (c, failures);
        });
        if (report is not null)
        {
            report.CompileTime += compiled;
            report.CheckTime += clock.Elapsed - compiled;
        }

        return results.ToList();
    }
}
