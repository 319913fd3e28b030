using System.Linq;
using System.Reflection;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// User identifiers that collide with the generator's temporaries, SSA versions, parameter names
/// and C# keywords (Functions/NameHygiene.cs) must neither break compilation nor change the
/// derivative; generated parameters that clash with user parameters get a "_1" suffix.
/// </summary>
public sealed class NameHygieneTests
{
    [Fact]
    public void UserTemporaryNames()
    {
        // f = (2·((xy + x)² − y) + x)·xy: checked against finite differences only.
        var fn = DiffFn.Of2(NameHygiene.UserTempNames, NameHygiene.UserTempNamesGradient, NameHygiene.UserTempNamesPushforward, NameHygiene.UserTempNamesPullback);
        Domain.Box((-2, 2), (-2, 2)).ForAll(p => DerivativeAssert.FiniteDifferences(fn, p));
    }

    [Fact]
    public void UserSsaNames()
    {
        // a = x² + 3y, a_2 = a·x: f = x² + 3y + x³ + 3xy.
        var fn = DiffFn.Of2(NameHygiene.UserSsaNames, NameHygiene.UserSsaNamesGradient, NameHygiene.UserSsaNamesPushforward, NameHygiene.UserSsaNamesPullback);
        Domain.Box((-3, 3), (-3, 3)).ForAll(p => DerivativeAssert.ClosedForm(fn, p, new[] { 2 * p[0] + 3 * p[0] * p[0] + 3 * p[1], 3 + 3 * p[0] }));
    }

    [Fact]
    public void LocalsNamedLikeDerivativeParameters_LeaveThePublicNamesAlone()
    {
        // f = 2·sin(x² + x) + x²: f' = 2·cos(x² + x)·(2x + 1) + 2x. The parameter names were once
        // resultAdjoint_1, dx_1 … because the method has locals of those names (new-user trial).
        var fn = DiffFn.Of1(NameHygiene.LocalsNamedLikeDerivativeParameters, NameHygiene.LocalsNamedLikeDerivativeParametersGradient, NameHygiene.LocalsNamedLikeDerivativeParametersPushforward, NameHygiene.LocalsNamedLikeDerivativeParametersPullback);
        Domain.Box((-2, 2)).ForAll(p => DerivativeAssert.ClosedForm(fn, p, new[] { (2 * System.Math.Cos(p[0] * p[0] + p[0]) * (2 * p[0] + 1)) + (2 * p[0]) }));
        Assert.Equal("x dx", ParameterNames("LocalsNamedLikeDerivativeParametersGradient"));
        Assert.Equal("x xTangent resultTangent", ParameterNames("LocalsNamedLikeDerivativeParametersPushforward"));
        Assert.Equal("x resultAdjoint xAdjoint", ParameterNames("LocalsNamedLikeDerivativeParametersPullback"));
    }

    [Fact]
    public void ParametersNamedLikeGeneratedOnes()
    {
        // f = x·resultTangent + resultAdjoint².
        var fn = DiffFn.Of3(NameHygiene.ResultNames, NameHygiene.ResultNamesGradient, NameHygiene.ResultNamesPushforward, NameHygiene.ResultNamesPullback);
        Domain.Box((-3, 3), (-3, 3), (-3, 3)).ForAll(p => DerivativeAssert.ClosedForm(fn, p, new[] { p[1], p[0], 2 * p[2] }));
        Assert.Equal("x resultTangent resultAdjoint xTangent resultTangentTangent resultAdjointTangent resultTangent_1", ParameterNames("ResultNamesPushforward"));
        Assert.Equal("x resultTangent resultAdjoint resultAdjoint_1 xAdjoint resultTangentAdjoint resultAdjointAdjoint", ParameterNames("ResultNamesPullback"));
    }

    [Fact]
    public void KeywordIdentifiers()
    {
        // fixed = base·event: f = base²·event.
        var fn = DiffFn.Of2(NameHygiene.KeywordNames, NameHygiene.KeywordNamesGradient, NameHygiene.KeywordNamesPushforward, NameHygiene.KeywordNamesPullback);
        Domain.Box((-3, 3), (-3, 3)).ForAll(p => DerivativeAssert.ClosedForm(fn, p, new[] { 2 * p[0] * p[1], p[0] * p[0] }));
        Assert.Equal("base event dbase devent", ParameterNames("KeywordNamesGradient"));
    }

    [Fact]
    public void NamesLikeTheVectorizersOwn_Compile_AndDifferentiateRightly()
    {
        // f = b·Σ (x[i+1] − x[i])²: ∂f/∂x[i] = 2b·((x[i] − x[i−1]) − (x[i+1] − x[i])) over the terms present, ∂f/∂b = Σ.
        foreach (int n in new[] { 0, 1, 2, 5, 9, 17, 40 })
        {
            var x = Enumerable.Range(0, n).Select(i => System.Math.Sin(1.3 * i + 0.2)).ToArray();
            const double b = 0.7;
            var g = new double[n];
            double value = NameHygiene.VectorizerNamesGradient(x, b, g, out double db);
            Assert.Equal(NameHygiene.VectorizerNames(x, b), value);
            double sum = 0;
            for (int i = 0; i + 1 < n; i++) sum += (x[i + 1] - x[i]) * (x[i + 1] - x[i]);
            Assert.True(System.Math.Abs(db - sum) <= 1e-12 * (1 + sum), $"db = {db}, Σ = {sum}");
            for (int i = 0; i < n; i++)
            {
                double expected = 2 * b * ((i > 0 ? x[i] - x[i - 1] : 0) - (i + 1 < n ? x[i + 1] - x[i] : 0));
                Assert.True(System.Math.Abs(g[i] - expected) <= 1e-12, $"n = {n}: dx[{i}] = {g[i]}, expected {expected}");
            }
        }
    }

    private static string ParameterNames(string method)
        => string.Join(" ", typeof(NameHygiene).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.GetParameters().Select(p => p.Name));
}
