using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>The worked example of the README: f(x, y) = 3x²y, ∇f = (6xy, 3x²).</summary>
public sealed class DesignExampleTests
{
    private static readonly DiffFn F = DiffFn.Of2(Design.F, Design.FGradient, Design.FPushforward, Design.FPullback);

    // At (2, 3) every quantity is a small integer and every operation on the way is exact in
    // double, so the documented numbers must come out exactly.
    [Fact]
    public void GradientAtTwoThreeIsExactly36And12()
    {
        double value = Design.FGradient(2, 3, out double dx, out double dy);
        Assert.Equal(36.0, value);
        Assert.Equal(36.0, dx);
        Assert.Equal(12.0, dy);
    }

    [Fact]
    public void PushforwardAlongXIs36()
    {
        double value = Design.FPushforward(2, 3, 1, 0, out double alongX);
        Assert.Equal(36.0, value);
        Assert.Equal(36.0, alongX);
        Design.FPushforward(2, 3, 0, 1, out double alongY);
        Assert.Equal(12.0, alongY);
    }

    [Fact]
    public void PullbackFromZeroWithSeedOneIsTheGradient()
    {
        double xAdj = 0, yAdj = 0;
        double value = Design.FPullback(2, 3, 1, ref xAdj, ref yAdj);
        Assert.Equal(36.0, value);
        Assert.Equal(36.0, xAdj);
        Assert.Equal(12.0, yAdj);
    }

    [Fact]
    public void MatchesClosedFormEverywhere()
        => Domain.Box((-10, 10), (-10, 10)).ForAll(p => DerivativeAssert.ClosedForm(F, p, new[] { 6 * p[0] * p[1], 3 * p[0] * p[0] }));

    [Fact]
    public void MatchesFiniteDifferencesEverywhere()
        => Domain.Box((-10, 10), (-10, 10)).ForAll(p => DerivativeAssert.FiniteDifferences(F, p));
}
