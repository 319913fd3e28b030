using System;
using System.Linq;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using AutoDiffGen.TestLibrary;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// [Differentiable] methods calling those of AutoDiffGen.TestLibrary, a project built on its own:
/// the calls compose through the library's generated members, found by their [DerivativeMember]
/// attributes. Against closed forms in both modes. Tolerance: Tolerances.DoubleClosedForm (exact
/// formulas in double, differing in operation order).
/// </summary>
public class CrossProjectTests
{
    [Theory]
    [InlineData(1.2, 0.4)]
    [InlineData(-0.8, 2.5)]
    public void Overloads_EachComposesThroughItsOwnMembers(double x, double y)
    {
        // 3x² + x·sin y: ∂x = 6x + sin y, ∂y = x·cos y.
        double dx = 6 * x + Math.Sin(y), dy = x * Math.Cos(y);
        DerivativeAssert.ClosedForm(3 * x * x + x * Math.Sin(y), CrossProject.OverloadsGradient(x, y, out double gx, out double gy));
        DerivativeAssert.ClosedForm(dx, gx);
        DerivativeAssert.ClosedForm(dy, gy);

        CrossProject.OverloadsPushforward(x, y, 0.5, -1, out double tangent);
        DerivativeAssert.ClosedForm(0.5 * dx - dy, tangent);

        double ax = 1, ay = 2;
        CrossProject.OverloadsPullback(x, y, -3, ref ax, ref ay);
        DerivativeAssert.ClosedForm(1 - 3 * dx, ax);
        DerivativeAssert.ClosedForm(2 - 3 * dy, ay);
    }

    /// <summary>
    /// A function of the library that is not [Differentiable], whose derivatives the library declares
    /// with public [DerivativeOf] methods: this project's calls compose through them (imported from
    /// the library's metadata), in both modes.
    /// </summary>
    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.0, 0.25)]
    public void LibraryCustomDerivative_ServesTheConsumer(double x, double y)
    {
        // softplus(xy) + x: ∂x = σ(xy)·y + 1, ∂y = σ(xy)·x.
        double sigma = 1 / (1 + Math.Exp(-x * y));
        double dx = sigma * y + 1, dy = sigma * x;
        DerivativeAssert.ClosedForm(CrossProject.SoftPlus(x, y), CrossProject.SoftPlusGradient(x, y, out double gx, out double gy));
        DerivativeAssert.ClosedForm(dx, gx);
        DerivativeAssert.ClosedForm(dy, gy);

        CrossProject.SoftPlusPushforward(x, y, 0.5, -1, out double tangent);
        DerivativeAssert.ClosedForm(0.5 * dx - dy, tangent);

        double ax = 1, ay = 2;
        CrossProject.SoftPlusPullback(x, y, -3, ref ax, ref ay);
        DerivativeAssert.ClosedForm(1 - 3 * dx, ax);
        DerivativeAssert.ClosedForm(2 - 3 * dy, ay);
    }

    [Fact]
    public void SpanParameters_AndACalleeThatReordersItsSums()
    {
        var a = Enumerable.Range(0, 29).Select(i => 0.1 * i - 1.1).ToArray();
        var b = Enumerable.Range(0, 29).Select(i => Math.Cos(i)).ToArray();
        // a·b + Σ a²: ∂a = b + 2a, ∂b = a.
        double value = CrossProject.Spans(a, b);
        var da = new double[a.Length];
        var db = new double[b.Length];
        // The members return exactly the caller's value, though SumOfSquares reorders its own sums.
        Assert.Equal(value, CrossProject.SpansGradient(a, b, da, db));
        for (int i = 0; i < a.Length; i++)
        {
            DerivativeAssert.ClosedForm(b[i] + 2 * a[i], da[i]);
            DerivativeAssert.ClosedForm(a[i], db[i]);
        }

        var ta = a.Select((_, i) => i % 2 == 0 ? 1.0 : -0.5).ToArray();
        var tb = a.Select((_, i) => 0.25 * i).ToArray();
        Assert.Equal(value, CrossProject.SpansPushforward(a, b, ta, tb, out double tangent));
        DerivativeAssert.ClosedForm(Enumerable.Range(0, a.Length).Sum(i => da[i] * ta[i] + db[i] * tb[i]), tangent);

        var aa = new double[a.Length];
        var ab = Enumerable.Repeat(1.0, b.Length).ToArray();
        Assert.Equal(value, CrossProject.SpansPullback(a, b, 2, aa, ab));
        DerivativeAssert.ClosedForm(2 * da[7], aa[7]);
        DerivativeAssert.ClosedForm(1 + 2 * db[7], ab[7]);
    }

    [Fact]
    public void NoDerivativeParameter_TupleResult_Recursion_GenericType()
    {
        double x = 0.7, y = -1.3, w = 2.5;
        // w·e^(x²): 2xw·e^(x²).
        DerivativeAssert.ClosedForm(w * Math.Exp(x * x), CrossProject.DataGradient(x, w, out double dData));
        DerivativeAssert.ClosedForm(2 * x * w * Math.Exp(x * x), dData);
        CrossProject.DataPushforward(x, w, 1, out double tData);
        DerivativeAssert.ClosedForm(2 * x * w * Math.Exp(x * x), tData);

        // (x + y)·x·y = x²y + xy²: ∂x = 2xy + y², ∂y = x² + 2xy.
        CrossProject.TupleGradient(x, y, out double tx, out double ty);
        DerivativeAssert.ClosedForm(2 * x * y + y * y, tx);
        DerivativeAssert.ClosedForm(x * x + 2 * x * y, ty);
        CrossProject.TuplePushforward(x, y, 1, 1, out double tTuple);
        DerivativeAssert.ClosedForm(2 * x * y + y * y + x * x + 2 * x * y, tTuple);

        // x⁴ + sin x: 4x³ + cos x.
        CrossProject.RecursiveGradient(x, out double rx);
        DerivativeAssert.ClosedForm(4 * x * x * x + Math.Cos(x), rx);
        double ra = 0;
        CrossProject.RecursivePullback(x, 2, ref ra);
        DerivativeAssert.ClosedForm(2 * (4 * x * x * x + Math.Cos(x)), ra);

        // x³ + "Int32".Length + (2x)³ + "String".Length = 9x³ + 11: derivative 27x².
        DerivativeAssert.ClosedForm(x * x * x + 5 + 8 * x * x * x + 6, CrossProject.GenericGradient(x, out double gx));
        DerivativeAssert.ClosedForm(27 * x * x, gx);
        CrossProject.GenericPushforward(x, -1, out double tg);
        DerivativeAssert.ClosedForm(-27 * x * x, tg);

        // 2x³ in forward mode only: 6x².
        DerivativeAssert.ClosedForm(2 * x * x * x, CrossProject.ForwardOnlyPushforward(x, 1, out double tf));
        DerivativeAssert.ClosedForm(6 * x * x, tf);
    }

    /// <summary>
    /// A buffer allocated before the loop, overwritten in each iteration by a library callee whose
    /// members record that it writes its output whole: 14·a²·Σx², derivative 28·a·Σx².
    /// </summary>
    [Fact]
    public void ALibraryCalleeThatWritesItsOutputWhole_TakesAReusedBuffer()
    {
        double a = 0.8;
        double[] x = { 0.5, -1.5, 2.0 };
        double sumOfSquares = x.Sum(v => v * v);
        DerivativeAssert.ClosedForm(14 * a * a * sumOfSquares, CrossProject.ReusedGradient(a, x, out double da));
        DerivativeAssert.ClosedForm(28 * a * sumOfSquares, da);
        CrossProject.ReusedPushforward(a, x, -0.5, out double tangent);
        DerivativeAssert.ClosedForm(-14 * a * sumOfSquares, tangent);
        var attribute = (DerivativeMemberAttribute)Attribute.GetCustomAttribute(typeof(LibraryFunctions).GetMethod("ScaleIntoPullback")!, typeof(DerivativeMemberAttribute))!;
        Assert.Equal("y", attribute.WritesWhole);
    }

    [Fact]
    public void TheLibrarysMembersCarryTheirMetadata()
    {
        // Each generated member names its method by documentation ID and says what it is.
        var pullbacks = typeof(LibraryFunctions).GetMethods()
            .Where(m => m.Name == "ScalePullback")
            .Select(m => (DerivativeMemberAttribute)Attribute.GetCustomAttribute(m, typeof(DerivativeMemberAttribute))!)
            .OrderBy(a => a.Original, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { "M:AutoDiffGen.TestLibrary.LibraryFunctions.Scale(System.Double)", "M:AutoDiffGen.TestLibrary.LibraryFunctions.Scale(System.Double,System.Double)" }, pullbacks.Select(a => a.Original));
        Assert.All(pullbacks, a => Assert.Equal(DerivativeMembers.Pullback, a.Kind));
        Assert.All(pullbacks, a => Assert.Null(a.RepeatedEffect));
        Assert.Single(typeof(LibraryFunctions).GetMethods(), m => m.Name.StartsWith("ForwardOnly", StringComparison.Ordinal) && m.Name != "ForwardOnly");
    }
}
