using System;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.FuzzTests;

public sealed class FuzzTests
{
    private readonly ITestOutputHelper output;

    public FuzzTests(ITestOutputHelper output) => this.output = output;

    /// <summary>The CI run: a fixed seed, a fixed number of programs; any failure not on the known list fails it.</summary>
    [Fact]
    public void FixedSeed()
    {
        // One new failure is shrunk, for at most 30 s, so the test stays within its time.
        var report = Fuzzer.Run(runSeed: 20261201, count: 160, maxShrinks: 1, progress: s => output.WriteLine(s), shrinkBudget: TimeSpan.FromSeconds(30));
        output.WriteLine(report.Format());
        Assert.True(report.RejectReasons.Keys.All(k => !k.StartsWith("grammar", StringComparison.Ordinal)),
            "the grammar produced programs that do not compile:\n" + string.Join("\n", report.RejectReasons.Keys));
        var fresh = report.NewFailures.ToList();
        Assert.True(fresh.Count == 0, $"{fresh.Count} programs failed with no known finding:\n" + string.Join("\n", fresh.Take(3).Select(r => r.Format())));
    }

    /// <summary>
    /// The soak: ADG_FUZZ_PROGRAMS=10000 ADG_FUZZ_SEED=1 dotnet test tests/AutoDiffGen.FuzzTests --filter Soak.
    /// Without ADG_FUZZ_PROGRAMS it returns at once.
    /// </summary>
    [Fact]
    public void Soak()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("ADG_FUZZ_PROGRAMS"), out int programs) || programs <= 0)
        {
            output.WriteLine("set ADG_FUZZ_PROGRAMS (and ADG_FUZZ_SEED) to run the soak");
            return;
        }

        int seed = int.TryParse(Environment.GetEnvironmentVariable("ADG_FUZZ_SEED"), out int s) ? s : 1;
        int shrinks = int.TryParse(Environment.GetEnvironmentVariable("ADG_FUZZ_SHRINKS"), out int k) ? k : 8;
        string? reportFile = Environment.GetEnvironmentVariable("ADG_FUZZ_REPORT");
        var budget = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ADG_FUZZ_SHRINK_SECONDS"), out int b) ? b : 90);
        void Progress(string line)
        {
            output.WriteLine(line);
            Console.Error.WriteLine(line);
            if (reportFile is not null)
            {
                System.IO.File.AppendAllText(reportFile, line + "\n");
            }
        }

        // ADG_FUZZ_INDEXES=3,17: only those programs of the run, each one shrunk.
        var only = Environment.GetEnvironmentVariable("ADG_FUZZ_INDEXES")?.Split(',').Select(x => "P" + x.Trim()).ToHashSet();
        var report = only is null
            ? Fuzzer.Run(seed, programs, maxShrinks: shrinks, progress: Progress, shrinkBudget: budget)
            : Fuzzer.Run(seed, programs, maxShrinks: only.Count, progress: Progress, filter: p => only.Contains(p.ClassName), shrinkEach: true, shrinkBudget: budget);
        Progress(report.Format());
        Assert.True(report.Failed == report.KnownFailed, $"{report.Failed - report.KnownFailed} new failures (see the output)");
    }
}
