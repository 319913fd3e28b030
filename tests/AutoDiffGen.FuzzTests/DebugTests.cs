using System;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.FuzzTests;

public sealed class DebugTests
{
    private readonly ITestOutputHelper output;

    public DebugTests(ITestOutputHelper output) => this.output = output;

    /// <summary>ADG_FUZZ_SHOW=seed,count prints programs of a run seed (for looking at the grammar).</summary>
    [Fact]
    public void Show()
    {
        var v = Environment.GetEnvironmentVariable("ADG_FUZZ_SHOW");
        if (v is null)
        {
            return;
        }

        var parts = v.Split(',');
        int seed = int.Parse(parts[0]), count = int.Parse(parts[1]);
        for (int i = 0; i < count; i++)
        {
            var p = Fuzzer.ProgramFor(seed, i);
            output.WriteLine($"// seed {p.Seed}\n" + p.Render());
        }
    }
}
