using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Constructs of real programs (Functions/RealPrograms.cs): local constant tables, foreach over
/// lists and arrays of tuples, and argument guards. Derivatives are checked against central finite
/// differences of the original method (DerivativeAssert, tolerances in <see cref="Tolerances"/>)
/// and against closed forms where one exists; guards must throw the original's exception, with its
/// message (which names the parameter and the value), from every generated member.
/// </summary>
public sealed class RealProgramTests
{
    private static readonly DiffFn NormalCdf = DiffFn.Of1(ConstantTables.NormalCdf, ConstantTables.NormalCdfGradient, ConstantTables.NormalCdfPushforward, ConstantTables.NormalCdfPullback);
    private static readonly DiffFn LogGamma = DiffFn.Of1(ConstantTables.LogGamma, ConstantTables.LogGammaGradient, ConstantTables.LogGammaPushforward, ConstantTables.LogGammaPullback);

    /// <summary>
    /// The CDF's derivative is the density: the approximation's derivative is within 1e-6 of it
    /// (its value is within 7.5e-8 of the CDF, and its error curve is smooth on the scale of 0.1,
    /// so the slope of the error stays below ~1e-6), and exactly the derivative of the code as
    /// finite differences see it.
    /// </summary>
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.8)]
    [InlineData(1.7)]
    [InlineData(3.2)]
    public void NormalCdfWithALocalConstantTable(double x)
    {
        DerivativeAssert.FiniteDifferences(NormalCdf, new[] { x });
        ConstantTables.NormalCdfGradient(x, out double dx);
        Assert.Equal(Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI), dx, 1e-6);
    }

    /// <summary>
    /// The derivative of ln Γ is the digamma function ψ, here by its recurrence and asymptotic
    /// series (error below 1e-12 for the argument pushed past 10); the Lanczos approximation is
    /// good to 2e-10 in value and smooth, so its derivative agrees with ψ to 1e-8.
    /// </summary>
    [Theory]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(9.0)]
    public void LogGammaWithACollectionExpressionTable(double x)
    {
        DerivativeAssert.FiniteDifferences(LogGamma, new[] { x });
        ConstantTables.LogGammaGradient(x, out double dx);
        Assert.Equal(Digamma(x), dx, 1e-8);
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    public void FloatTableInAReadOnlySpan(float x)
    {
        // 1 − 2x + x²/2 + x³/4: derivative −2 + x + 3x²/4.
        ConstantTables.PolySingleGradient(x, out float dx);
        Assert.Equal(-2 + x + 0.75 * x * x, dx, Tolerances.SingleClosedForm);
        Assert.Equal(1 - 2 * x + x * x / 2 + x * x * x / 4, ConstantTables.PolySingle(x), 1e-5);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(-1.5, 0.25)]
    public void SpanOfActiveValuesFromACollectionExpression(double x, double y)
    {
        // (x + xy)·y: ∂x = y + y², ∂y = x + 2xy.
        var fn = DiffFn.Of2(ConstantTables.ActiveSpan, ConstantTables.ActiveSpanGradient, ConstantTables.ActiveSpanPushforward, ConstantTables.ActiveSpanPullback);
        DerivativeAssert.ClosedForm(fn, new[] { x, y }, new[] { y + y * y, x + 2 * x * y });
        DerivativeAssert.FiniteDifferences(fn, new[] { x, y });
    }

    [Fact]
    public void ForEachOverListsAndImmutableArrays()
    {
        var data = new List<double> { 0.5, -1.25, 2.0, 0.0, 3.5 };
        var list = DiffFn.Of1(w => ForEachData.OverList(w, data), (double w, out double dw) => ForEachData.OverListGradient(w, data, out dw),
            (double w, double t, out double rt) => ForEachData.OverListPushforward(w, data, t, out rt), (double w, double a, ref double wa) => ForEachData.OverListPullback(w, data, a, ref wa));
        DerivativeAssert.ClosedForm(list, new[] { 0.7 }, new[] { data.Sum(d => d * Math.Cos(0.7 * d)) });
        DerivativeAssert.FiniteDifferences(list, new[] { 0.7 });

        IReadOnlyList<double> readOnly = data;
        var ro = DiffFn.Of1(w => ForEachData.OverReadOnlyList(w, readOnly), (double w, out double dw) => ForEachData.OverReadOnlyListGradient(w, readOnly, out dw),
            (double w, double t, out double rt) => ForEachData.OverReadOnlyListPushforward(w, readOnly, t, out rt), (double w, double a, ref double wa) => ForEachData.OverReadOnlyListPullback(w, readOnly, a, ref wa));
        DerivativeAssert.ClosedForm(ro, new[] { 1.3 }, new[] { 2 * 1.3 * data.Where(d => d >= 0).Sum() });

        var immutable = data.ToImmutableArray();
        var im = DiffFn.Of1(w => ForEachData.OverImmutableArray(w, immutable), (double w, out double dw) => ForEachData.OverImmutableArrayGradient(w, immutable, out dw),
            (double w, double t, out double rt) => ForEachData.OverImmutableArrayPushforward(w, immutable, t, out rt), (double w, double a, ref double wa) => ForEachData.OverImmutableArrayPullback(w, immutable, a, ref wa));
        DerivativeAssert.ClosedForm(im, new[] { 0.2 }, new[] { data.Sum(d => d * Math.Exp(0.2 * d)) });
    }

    [Fact]
    public void ForEachDeconstructingTuples()
    {
        var points = new (double X, double Y)[] { (0, 1.1), (1, 2.9), (2, 5.2), (3, 6.8) };
        var fn = DiffFn.Of2((m, b) => ForEachData.LineFit(m, b, points), (double m, double b, out double dm, out double db) => ForEachData.LineFitGradient(m, b, points, out dm, out db),
            (double m, double b, double tm, double tb, out double rt) => ForEachData.LineFitPushforward(m, b, points, tm, tb, out rt),
            (double m, double b, double a, ref double ma, ref double ba) => ForEachData.LineFitPullback(m, b, points, a, ref ma, ref ba));

        // L = mean((y − mx − b)²): ∂m = −2·mean(r·x), ∂b = −2·mean(r).
        double m = 1.5, b = 0.5;
        double dm = -2 * points.Average(p => (p.Y - m * p.X - b) * p.X), db = -2 * points.Average(p => p.Y - m * p.X - b);
        DerivativeAssert.ClosedForm(fn, new[] { m, b }, new[] { dm, db });
        DerivativeAssert.FiniteDifferences(fn, new[] { m, b });

        var weighted = new List<(double X, double W)> { (0.5, 2), (-1, 0.5), (2, 1) };
        var scales = new[] { 0.5f, 1.5f };
        ForEachData.WeightedListGradient(0.3, weighted, scales, out double da);
        Assert.Equal(weighted.Sum(p => p.W * p.X * (1 - Math.Pow(Math.Tanh(0.3 * p.X), 2))) + 2.0, da, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void ThrowHelpersGuardEveryMember()
    {
        SameException(
            () => Guards.GaussianLogPdf(1, 0, 0),
            () => Guards.GaussianLogPdfGradient(1, 0, 0, out _, out _, out _),
            () => Guards.GaussianLogPdfPushforward(1, 0, 0, 1, 1, 1, out _),
            () =>
            {
                double a = 0, b = 0, c = 0;
                return Guards.GaussianLogPdfPullback(1, 0, 0, 1, ref a, ref b, ref c);
            },
            "sigma");
        SameException(
            () => Guards.GaussianLogPdf(3e6, 0, 1),
            () => Guards.GaussianLogPdfGradient(3e6, 0, 1, out _, out _, out _),
            () => Guards.GaussianLogPdfPushforward(3e6, 0, 1, 1, 1, 1, out _),
            () =>
            {
                double a = 0, b = 0, c = 0;
                return Guards.GaussianLogPdfPullback(3e6, 0, 1, 1, ref a, ref b, ref c);
            },
            "Math.Abs(x - mu)");

        // Valid input: ∂x = −z/σ, ∂mu = z/σ, ∂σ = z²/σ − 1/σ.
        var fn = DiffFn.Of3(Guards.GaussianLogPdf, Guards.GaussianLogPdfGradient, Guards.GaussianLogPdfPushforward, Guards.GaussianLogPdfPullback);
        double x = 1.2, mu = 0.4, sigma = 0.8, z = (x - mu) / sigma;
        DerivativeAssert.ClosedForm(fn, new[] { x, mu, sigma }, new[] { -z / sigma, z / sigma, z * z / sigma - 1 / sigma });
    }

    [Fact]
    public void ExceptionsTakeTheActiveValue()
    {
        var thrown = SameException(
            () => Guards.LogOf(-2),
            () => Guards.LogOfGradient(-2, out _),
            () => Guards.LogOfPushforward(-2, 1, out _),
            () =>
            {
                double a = 0;
                return Guards.LogOfPullback(-2, 1, ref a);
            },
            "x");
        Assert.Equal(-2.0, ((ArgumentOutOfRangeException)thrown).ActualValue);

        var weights = new[] { 3.0 };
        SameException(
            () => Guards.Scaled(-4, weights),
            () => Guards.ScaledGradient(-4, weights, out _),
            () => Guards.ScaledPushforward(-4, weights, 1, out _),
            () =>
            {
                double a = 0;
                return Guards.ScaledPullback(-4, weights, 1, ref a);
            },
            "x");
        SameException(
            () => Guards.Scaled(1, Array.Empty<double>()),
            () => Guards.ScaledGradient(1, Array.Empty<double>(), out _),
            () => Guards.ScaledPushforward(1, Array.Empty<double>(), 1, out _),
            () =>
            {
                double a = 0;
                return Guards.ScaledPullback(1, Array.Empty<double>(), 1, ref a);
            },
            "weights");
        SameException(
            () => Guards.Scaled(1, null!),
            () => Guards.ScaledGradient(1, null!, out _),
            () => Guards.ScaledPushforward(1, null!, 1, out _),
            () =>
            {
                double a = 0;
                return Guards.ScaledPullback(1, null!, 1, ref a);
            },
            "weights");

        // x ln x: 1 + ln x; w√(1 + x): w / (2√(1 + x)).
        Guards.LogOfGradient(2.5, out double dx);
        Assert.Equal(1 + Math.Log(2.5), dx, Tolerances.DoubleClosedForm);
        Guards.ScaledGradient(0.44, weights, out double ds);
        Assert.Equal(3 / (2 * Math.Sqrt(1.44)), ds, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void MessageWithAFormattedCall()
    {
        SameException(
            () => Guards.FormattedMessage(-2),
            () => Guards.FormattedMessageGradient(-2, out _),
            () => Guards.FormattedMessagePushforward(-2, 1, out _),
            () =>
            {
                double a = 0;
                return Guards.FormattedMessagePullback(-2, 1, ref a);
            },
            "x");
        Guards.FormattedMessageGradient(4, out double dx);
        Assert.Equal(0.25, dx, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void DebugAssertWithAnInterpolatedMessage()
    {
        // x·n + ln x: n + 1/x.
        Guards.AssertWithMessageGradient(2.0, 3, out double dx);
        Assert.Equal(3 + 0.5, dx, Tolerances.DoubleClosedForm);
        Assert.Equal(Guards.AssertWithMessage(2.0, 3), Guards.AssertWithMessagePushforward(2.0, 3, 1, out double tangent));
        Assert.Equal(3.5, tangent, Tolerances.DoubleClosedForm);
    }

    [Fact]
    public void AGuardedVectorMethodThrowsFromItsJacobian()
    {
        var expected = Assert.Throws<ArgumentOutOfRangeException>(() => Guards.Polar(-1, 0.5));
        var jacobian = new double[4];
        var actual = Assert.Throws<ArgumentOutOfRangeException>(() => Guards.PolarJacobian(-1, 0.5, jacobian));
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal("r", actual.ParamName);

        Guards.PolarJacobian(2, 0.5, jacobian);
        Assert.Equal(new[] { Math.Cos(0.5), -2 * Math.Sin(0.5), Math.Sin(0.5), 2 * Math.Cos(0.5) }, jacobian, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void FloatProgramsWithTablesListsAndGuards()
    {
        var points = new List<(float X, float Y)> { (0f, 1f), (1f, 2.5f), (2f, 3.5f) };
        float slope = 1.25f;

        // L = Σ w_k (y − m·x)²: ∂m = −2 Σ w_k (y − m·x)·x, against the double closed form (float tolerance).
        double[] w = { 1, 0.5, 0.25 };
        double expected = -2 * points.Select((p, k) => w[k] * (p.Y - slope * p.X) * p.X).Sum();
        RealProgramsSingle.LineFitGradient(slope, points, out float dm);
        Assert.Equal(expected, dm, Tolerances.SingleClosedForm * Math.Max(1, Math.Abs(expected)));
        float h = (float)(Tolerances.SingleStepFactor * 2);
        double fd = (RealProgramsSingle.LineFit(slope + h, points) - RealProgramsSingle.LineFit(slope - h, points)) / (2.0 * h);
        Assert.Equal(fd, dm, Tolerances.SingleFiniteDifference * Math.Max(1, Math.Abs(fd)));

        var empty = new List<(float X, float Y)>();
        var original = Assert.Throws<ArgumentOutOfRangeException>(() => RealProgramsSingle.LineFit(slope, empty));
        var generated = Assert.Throws<ArgumentOutOfRangeException>(() => RealProgramsSingle.LineFitGradient(slope, empty, out _));
        Assert.Equal(original.Message, generated.Message);

        RealProgramsSingle.LogOfGradient(2.5f, out float dx);
        Assert.Equal(1 + Math.Log(2.5), dx, Tolerances.SingleClosedForm);
        foreach (float bad in new[] { 0f, -1f, 200f })
        {
            var o = Assert.Throws<ArgumentOutOfRangeException>(() => RealProgramsSingle.LogOf(bad));
            var g = Assert.Throws<ArgumentOutOfRangeException>(() => RealProgramsSingle.LogOfPushforward(bad, 1f, out _));
            Assert.Equal(o.Message, g.Message);
        }
    }

    /// <summary>ψ(x): the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series.</summary>
    private static double Digamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }

        double f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }

    private static Exception SameException<T>(Func<T> original, Func<T> gradient, Func<T> pushforward, Func<T> pullback, string parameter)
    {
        Exception expected = Assert.ThrowsAny<Exception>(() => original());
        Assert.Equal(parameter, (expected as ArgumentException)?.ParamName);
        foreach (var (name, call) in new[] { ("Gradient", gradient), ("Pushforward", pushforward), ("Pullback", pullback) })
        {
            Exception? actual = Record.Exception(() => call());
            Assert.True(actual is not null, $"{name} did not throw (the original throws {expected.GetType().Name})");
            Assert.True(expected.GetType() == actual.GetType(), $"{name} threw {actual.GetType().Name}, the original throws {expected.GetType().Name}");
            Assert.Equal(expected.Message, actual.Message);
        }

        return expected;
    }
}
