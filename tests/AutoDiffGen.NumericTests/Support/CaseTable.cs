using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests.Support;

/// <summary>One differentiable function: its generated methods, a domain away from kinks and singularities, and its closed-form gradient (null where only consistency between the generated methods is checked).</summary>
public sealed record Case(string Name, DiffFn Fn, Gen<double[]> Domain, Func<double[], double[]>? Gradient, int? Bug);

/// <summary>
/// A table of <see cref="Case"/>s driving a [Theory]: every case is checked against its closed
/// form and against finite differences on random points of its domain. A case marked with a
/// BUGS.md entry number is left out of the theory data; a [Fact(Skip = ...)] runs it instead.
/// </summary>
public sealed class CaseTable : IEnumerable<Case>
{
    private readonly Dictionary<string, Case> cases = new(StringComparer.Ordinal);

    public void Add(string name, DiffFn fn, Gen<double[]> domain, Func<double[], double[]>? gradient, int? bug = null)
        => cases.Add(name, new Case(name, fn, domain, gradient, bug));

    /// <summary>The names of the cases without a known bug, for [MemberData].</summary>
    public TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in cases.Values.Where(c => c.Bug is null))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public Case Get(string name) => cases[name];

    public void RunClosedForm(string name)
    {
        var c = cases[name];
        var gradient = c.Gradient ?? throw new InvalidOperationException($"{name} has no closed form.");
        c.Domain.ForAll(x => DerivativeAssert.ClosedForm(c.Fn, x, gradient(c.Fn.Representable(x))));
    }

    public void RunFiniteDifferences(string name)
    {
        var c = cases[name];
        c.Domain.ForAll(x => DerivativeAssert.FiniteDifferences(c.Fn, x));
    }

    public IEnumerator<Case> GetEnumerator() => cases.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
