using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using CsCheck;
using Xunit;
using static AutoDiffGen.NumericTests.Support.TupleElements;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Vector-valued methods (a tuple of reals returned; Functions/Vectors.cs): the generated
/// Jacobian (both layouts, both strategies: one pushforward per input when there are no more
/// inputs than outputs, one pullback per output otherwise, chosen at run time when an array is
/// active), Pushforward (J·v) and Pullback (adds sᵀJ), against closed forms and central finite
/// differences, and against each other (Jacobian columns are pushforwards of unit tangents, rows
/// are pullbacks of unit seeds), at random points of domains that keep away from branch
/// boundaries; the layouts are transposes; every buffer of the wrong length, and memory shared
/// between outputs and inputs, throws ArgumentException naming the parameter before anything is
/// written; exceptions of the method and its values (NaN and ∞ included) are kept; the generated
/// signatures; no allocation once warm.
/// </summary>
public sealed class VectorTests
{
    // Branch boundaries are kept this far from every random point (double), so that the finite
    // difference step (≤ 6e-6·3 here, moving an iterate by at most ~1e-3 through the loops below)
    // does not straddle one.
    private const double Margin = 1e-2;

    // Float cases: the float step is up to 4.9e-3·2 ≈ 0.01 and moves the loop iterate by up to a
    // few times that, so they keep 0.1 from every boundary.
    private const double SingleMargin = 0.1;

    private static readonly double[] MixedData = { 0.5, -1.25, 2.0 };

    // (u.Length, v.Length) of the Mixed cases: 2 to 7 columns against 3 outputs, so both strategies run.
    private static readonly (int U, int V)[] MixedShapes = { (0, 0), (1, 0), (0, 1), (1, 1), (2, 3), (4, 0) };

    public static readonly VectorCaseTable Cases = BuildCases();

    public static TheoryData<string> Names => Cases.Names();

    public static TheoryData<string> ClosedFormNames => Cases.Names(withClosedForm: true);

    [Theory]
    [MemberData(nameof(ClosedFormNames))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);

    // ---- Classic results, spelled out ----

    [Fact]
    public void FGJacobianInBothLayouts()
    {
        // [3x²y, 2x + y⁸] at (2, 3): J = [[6xy, 3x²], [2, 8y⁷]] = [[36, 12], [2, 17496]].
        var numerator = new double[4];
        var value = Vectors.FGJacobian(2, 3, numerator);
        Assert.Equal((36.0, 4 + 6561.0), value);
        Assert.Equal(new[] { 36.0, 12, 2, 17496 }, numerator);

        var denominator = new double[4];
        value = Vectors.FGDenominatorJacobian(2, 3, denominator);
        Assert.Equal((36.0, 4 + 6561.0), value);
        Assert.Equal(new[] { 36.0, 2, 12, 17496 }, denominator);
    }

    [Fact]
    public void IdentityGivesExactlyI()
    {
        Gen.Double[-1e6, 1e6].Array[2].Sample(p =>
        {
            var j = new double[4];
            Array.Fill(j, double.NaN);
            Assert.Equal((p[0], p[1]), Vectors.IdentityJacobian(p[0], p[1], j));
            Assert.Equal(new[] { 1.0, 0, 0, 1 }, j);
        }, iter: Tolerances.Iterations);
    }

    [Fact]
    public void ElementwiseSumGivesExactlyIdentityBesideIdentity()
    {
        // w + x for 2-vectors: J = [I | I] over the inputs (w1, w2, x1, x2). 4 inputs, 2 outputs:
        // the Jacobian runs in reverse mode.
        Gen.Double[-100, 100].Array[4].Sample(p =>
        {
            var j = new double[8];
            Array.Fill(j, double.NaN);
            Vectors.ElementwiseSumJacobian(p[0], p[1], p[2], p[3], j);
            Assert.Equal(new[] { 1.0, 0, 1, 0, 0, 1, 0, 1 }, j);
        }, iter: Tolerances.Iterations);
    }

    [Fact]
    public void ElementwiseProductGivesDiagXBesideDiagW()
    {
        // w ⊙ x: J = [diag(x) | diag(w)]; denominator layout: the 4×2 transpose [[diag(x)], [diag(w)]].
        // Each entry is one product with a unit seed or tangent, so it is exact.
        Gen.Double[-100, 100].Array[4].Sample(p =>
        {
            double w1 = p[0], w2 = p[1], x1 = p[2], x2 = p[3];
            var j = new double[8];
            Array.Fill(j, double.NaN);
            Vectors.ElementwiseProductJacobian(w1, w2, x1, x2, j);
            Assert.Equal(new[] { x1, 0, w1, 0, 0, x2, 0, w2 }, j);

            Array.Fill(j, double.NaN);
            Vectors.ElementwiseProductDenominatorJacobian(w1, w2, x1, x2, j);
            Assert.Equal(new[] { x1, 0, 0, x2, w1, 0, 0, w2 }, j);
        }, iter: Tolerances.Iterations);
    }

    [Fact]
    public void VectorChainRule()
    {
        // [ln x², sin 3x] → [2/x, 3 cos 3x], at points either side of 0.
        foreach (double x in new[] { -2.5, -0.3, 0.4, 1.0, 2.75 })
        {
            var j = new double[2];
            Vectors.VectorChainRuleJacobian(x, j);
            DerivativeAssert.Close(2 / x, j[0], Tolerances.DoubleClosedForm, $"∂(ln x²)/∂x at {x}");
            DerivativeAssert.Close(3 * Math.Cos(3 * x), j[1], Tolerances.DoubleClosedForm, $"∂(sin 3x)/∂x at {x}");
        }
    }

    [Fact]
    public void DuplicatedOutputsAddBothSeeds()
    {
        // (x, x): the pullback of seeds (s1, s2) adds s1 + s2, also onto a non-zero adjoint.
        double adjoint = 0.5;
        Vectors.DuplicatePullback(3, -2.5, 1.25, ref adjoint);
        Assert.Equal(0.5 - 2.5 + 1.25, adjoint);
        var j = new double[2];
        Vectors.DuplicateJacobian(3, j);
        Assert.Equal(new[] { 1.0, 1 }, j);
    }

    [Fact]
    public void SphericalJacobianDeterminantIsRSquaredSinTheta()
    {
        // An independent consequence of the closed form: det J = r² sin θ.
        Domain.Box((0.1, 3), (0.05, 3.1), (-3.1, 3.1)).ForAll(p =>
        {
            var j = new double[9];
            Vectors.SphericalJacobian(p[0], p[1], p[2], j);
            double det = j[0] * (j[4] * j[8] - j[5] * j[7]) - j[1] * (j[3] * j[8] - j[5] * j[6]) + j[2] * (j[3] * j[7] - j[4] * j[6]);
            DerivativeAssert.Close(p[0] * p[0] * Math.Sin(p[1]), det, Tolerances.DoubleClosedForm, "det J at " + JacobianAssert.Format(p), scale: 9 * 9);
        });
    }

    [Fact]
    public void EmptyArrayInputGivesAnEmptyJacobian()
    {
        // SumAndSquares of an empty span: no columns, a Jacobian of length 0, the value (0, 0).
        Assert.Equal((0.0, 0.0), Vectors.SumAndSquaresJacobian(ReadOnlySpan<double>.Empty, Span<double>.Empty));
        Assert.Equal((0.0, 0.0), Vectors.SumAndSquaresDenominatorJacobian(ReadOnlySpan<double>.Empty, Span<double>.Empty));
    }

    [Fact]
    public void ExceptionsOfTheMethodPropagateUnchanged()
    {
        // Throwing(x) throws ArgumentOutOfRangeException for x < 0: so do its generated methods,
        // and the pullback adds nothing to the adjoint.
        var expected = Assert.Throws<ArgumentOutOfRangeException>(() => Vectors.Throwing(-1));
        double adjoint = 7;
        foreach (Action call in new Action[]
        {
            () => Vectors.ThrowingJacobian(-1, new double[2]),
            () => Vectors.ThrowingPushforward(-1, 1, out _, out _),
            () => Vectors.ThrowingPullback(-1, 1, 1, ref adjoint),
        })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal(expected.ParamName, e.ParamName);
            Assert.Equal(expected.Message, e.Message);
        }

        Assert.Equal(7, adjoint);
    }

    [Fact]
    public void ValuesAreTheMethodsAlsoAtNonFinitePoints()
    {
        // DESIGN.md, rule 2: every generated member returns exactly what the method returns, NaN
        // and ∞ included (only the derivatives may be anything there).
        foreach (double x in new[] { 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon })
        {
            var expected = Elements(Vectors.VectorChainRule(x));
            JacobianAssert.SameValue(expected, Elements(Vectors.VectorChainRuleJacobian(x, new double[2])), $"VectorChainRuleJacobian({x})");
            JacobianAssert.SameValue(expected, Elements(Vectors.VectorChainRulePushforward(x, 1, out _, out _)), $"VectorChainRulePushforward({x})");
            double a = 0;
            JacobianAssert.SameValue(expected, Elements(Vectors.VectorChainRulePullback(x, 1, 1, ref a)), $"VectorChainRulePullback({x})");

            foreach (double y in new[] { 1.0, double.NaN, double.PositiveInfinity })
            {
                expected = Elements(Vectors.FG(x, y));
                JacobianAssert.SameValue(expected, Elements(Vectors.FGJacobian(x, y, new double[4])), $"FGJacobian({x}, {y})");
                JacobianAssert.SameValue(expected, Elements(Vectors.FGDenominatorJacobian(x, y, new double[4])), $"FGDenominatorJacobian({x}, {y})");
                double[] w = { x, y, 0.5 };
                expected = Elements(Vectors.ScaleArray(w, y));
                JacobianAssert.SameValue(expected, Elements(Vectors.ScaleArrayJacobian(w, y, new double[8])), $"ScaleArrayJacobian([{x}, {y}, 0.5], {y})");
                JacobianAssert.SameValue(expected, Elements(Vectors.ScaleArrayDenominatorJacobian(w, y, new double[8])), $"ScaleArrayDenominatorJacobian([{x}, {y}, 0.5], {y})");
                expected = Elements(Vectors.SumAndSquares(w));
                JacobianAssert.SameValue(expected, Elements(Vectors.SumAndSquaresJacobian(w, new double[6])), $"SumAndSquaresJacobian([{x}, {y}, 0.5])");
            }
        }
    }

    // ---- Layouts ----

    public static TheoryData<string, string> LayoutPairs()
    {
        var data = new TheoryData<string, string>
        {
            { "FG", "FGDenominator" },
            { "ElementwiseProduct", "ElementwiseProductDenominator" },
        };
        foreach (int k in new[] { 0, 1, 2, 3, 5 })
        {
            data.Add($"ScaleArray[{k}]", $"ScaleArrayDenominator[{k}]");
            data.Add($"SumAndSquares[{k}]", $"SumAndSquaresDenominator[{k}]");
        }

        foreach (var (u, v) in MixedShapes)
        {
            data.Add($"Mixed[{u},{v}]", $"MixedDenominator[{u},{v}]");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LayoutPairs))]
    public void NumeratorAndDenominatorLayoutsAreTransposes(string numeratorCase, string denominatorCase)
    {
        // The two methods have the same body; only the layout differs. Each entry comes from the
        // same sweep with the same arguments in both, so the entries agree bit for bit.
        var numerator = Cases.Get(numeratorCase);
        var denominator = Cases.Get(denominatorCase);
        Assert.Equal(JacobianLayout.Numerator, numerator.Fn.Layout);
        Assert.Equal(JacobianLayout.Denominator, denominator.Fn.Layout);
        int n = numerator.Fn.Inputs, m = numerator.Fn.Outputs;
        numerator.ForAllPoints(x =>
        {
            var a = new double[m * n];
            var b = new double[m * n];
            JacobianAssert.SameValue(numerator.Fn.Jacobian(x, a), denominator.Fn.Jacobian(x, b), "value");
            Assert.Equal(a, JacobianAssert.Transpose(b, n, m));
        });
    }

    // ---- Buffers of the wrong length ----

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(13)]
    public void ScalarJacobianOfTheWrongLengthThrows(int length)
    {
        AssertJacobianThrows(length, 4, j => Vectors.FGJacobian(2, 3, j));
        AssertJacobianThrows(length, 4, j => Vectors.FGDenominatorJacobian(2, 3, j));
        AssertJacobianThrows(length, 2, j => Vectors.VectorChainRuleJacobian(2, j));
        AssertJacobianThrows(length, 12, j => Vectors.FourOutputsJacobian(1, 2, 3, j));
        AssertJacobianThrows(length, 8, j => Vectors.ElementwiseProductDenominatorJacobian(1, 2, 3, 4, j));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void ArrayJacobianOfTheWrongLengthThrows(int k)
    {
        // ScaleArray(w, s): 2 outputs × (k + 1) inputs.
        double[] w = Enumerable.Range(1, k).Select(i => 0.25 * i).ToArray();
        int expected = 2 * (k + 1);
        foreach (int length in new[] { 0, expected - 1, expected + 1, 2 * expected })
        {
            if (length == expected)
            {
                continue;
            }

            AssertJacobianThrows(length, expected, j => Vectors.ScaleArrayJacobian(w, 0.5, j));
            AssertJacobianThrows(length, expected, j => Vectors.ScaleArrayDenominatorJacobian(w, 0.5, j));
        }

        // SumAndSquares(x): 2 × k (0 for an empty span, where a length-1 buffer must throw too).
        int sumExpected = 2 * k;
        foreach (int length in new[] { sumExpected + 1, sumExpected - 1, 0 })
        {
            if (length < 0 || length == sumExpected)
            {
                continue;
            }

            AssertJacobianThrows(length, sumExpected, j => Vectors.SumAndSquaresJacobian(w, j));
            AssertJacobianThrows(length, sumExpected, j => Vectors.SumAndSquaresDenominatorJacobian(w, j));
        }

        // Mixed(a, u, data, n, v, b): 3 outputs × (2 + u.Length + v.Length) inputs.
        double[] v = { 0.5, -1 };
        int mixedExpected = 3 * (2 + k + v.Length);
        foreach (int length in new[] { mixedExpected - 1, mixedExpected + 1, 0 })
        {
            AssertJacobianThrows(length, mixedExpected, j => Vectors.MixedJacobian(0.5, w, MixedData, 2, v, 1.5, j));
            AssertJacobianThrows(length, mixedExpected, j => Vectors.MixedDenominatorJacobian(0.5, w, MixedData, 2, v, 1.5, j));
        }
    }

    [Fact]
    public void SingleJacobianOfTheWrongLengthThrows()
    {
        float[] w = { 0.5f, 1.5f, -1 };
        foreach (int length in new[] { 0, 7, 9 })
        {
            var buffer = Enumerable.Repeat(7f, length).ToArray();
            var e = Assert.Throws<ArgumentException>(() => Vectors.SingleArrayJacobian(w, 2, buffer));
            Assert.Equal("jacobian", e.ParamName);
            Assert.Contains("8", e.Message, StringComparison.Ordinal);
            Assert.All(buffer, b => Assert.Equal(7f, b));

            var fg = Enumerable.Repeat(7f, length % 4 == 0 ? length + 1 : length).ToArray();
            e = Assert.Throws<ArgumentException>(() => Vectors.FGSingleJacobian(1, 2, fg));
            Assert.Equal("jacobian", e.ParamName);
            Assert.All(fg, b => Assert.Equal(7f, b));
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    public void TangentSpanOfTheWrongLengthThrows(int arrayLength, int tangentLength)
    {
        double[] w = Enumerable.Range(1, arrayLength).Select(i => 0.25 * i).ToArray();
        double[] tangent = new double[tangentLength];

        var e = Assert.Throws<ArgumentException>(() => Vectors.ScaleArrayPushforward(w, 0.5, tangent, 1, out _, out _));
        Assert.Equal("wTangent", e.ParamName);
        Assert.Contains(arrayLength.ToString(), e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => Vectors.SumAndSquaresPushforward(w, tangent, out _, out _));
        Assert.Equal("xTangent", e.ParamName);

        // Mixed: u's tangent right, v's wrong; then u's wrong.
        double[] v = Enumerable.Range(1, arrayLength).Select(i => -0.5 * i).ToArray();
        e = Assert.Throws<ArgumentException>(() => Vectors.MixedPushforward(0.5, w, MixedData, 2, v, 1.5, 1, new double[arrayLength], tangent, 1, out _, out _, out _));
        Assert.Equal("vTangent", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Vectors.MixedPushforward(0.5, w, MixedData, 2, v, 1.5, 1, tangent, new double[arrayLength], 1, out _, out _, out _));
        Assert.Equal("uTangent", e.ParamName);

        float[] single = w.Select(d => (float)d).ToArray();
        e = Assert.Throws<ArgumentException>(() => Vectors.SingleArrayPushforward(single, 0.5f, new float[tangentLength], 1, out _, out _));
        Assert.Equal("wTangent", e.ParamName);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    public void AdjointSpanOfTheWrongLengthThrowsBeforeWritingAnything(int arrayLength, int adjointLength)
    {
        double[] w = Enumerable.Range(1, arrayLength).Select(i => 0.25 * i).ToArray();
        double[] adjoint = Enumerable.Repeat(7.0, adjointLength).ToArray();
        double sAdjoint = 7;

        var e = Assert.Throws<ArgumentException>(() => Vectors.ScaleArrayPullback(w, 0.5, 1, 1, adjoint, ref sAdjoint));
        Assert.Equal("wAdjoint", e.ParamName);
        Assert.Contains(arrayLength.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Equal(7, sAdjoint);
        Assert.All(adjoint, a => Assert.Equal(7, a));

        e = Assert.Throws<ArgumentException>(() => Vectors.SumAndSquaresPullback(w, 1, 1, adjoint));
        Assert.Equal("xAdjoint", e.ParamName);
        Assert.All(adjoint, a => Assert.Equal(7, a));

        // Mixed: u's adjoint right, v's wrong (nothing may be added to a, u or b either); then u's wrong.
        double[] v = Enumerable.Range(1, arrayLength).Select(i => -0.5 * i).ToArray();
        double[] uAdjoint = Enumerable.Repeat(7.0, arrayLength).ToArray();
        double aAdjoint = 7, bAdjoint = 7;
        e = Assert.Throws<ArgumentException>(() => Vectors.MixedPullback(0.5, w, MixedData, 2, v, 1.5, 1, 1, 1, ref aAdjoint, uAdjoint, adjoint, ref bAdjoint));
        Assert.Equal("vAdjoint", e.ParamName);
        Assert.Equal(7, aAdjoint);
        Assert.Equal(7, bAdjoint);
        Assert.All(uAdjoint, a => Assert.Equal(7, a));
        Assert.All(adjoint, a => Assert.Equal(7, a));
        e = Assert.Throws<ArgumentException>(() => Vectors.MixedPullback(0.5, w, MixedData, 2, v, 1.5, 1, 1, 1, ref aAdjoint, adjoint, uAdjoint, ref bAdjoint));
        Assert.Equal("uAdjoint", e.ParamName);

        float[] single = w.Select(d => (float)d).ToArray();
        float singleS = 7;
        e = Assert.Throws<ArgumentException>(() => Vectors.SingleArrayPullback(single, 0.5f, 1, 1, new float[adjointLength], ref singleS));
        Assert.Equal("wAdjoint", e.ParamName);
        Assert.Equal(7, singleS);
    }

    [Fact]
    public void JacobianParameterRenamedOnAClashIsTheNameInTheException()
    {
        // NameClashes has a parameter called 'jacobian'; the buffer is then 'jacobian_1'.
        var e = Assert.Throws<ArgumentException>(() => Vectors.NameClashesJacobian(1, 2, 3, 4, new double[7]));
        Assert.Equal("jacobian_1", e.ParamName);
    }

    // ---- Memory shared between the Jacobian and an input ----

    [Fact]
    public void PullbackAdjointSharingMemoryWithTheInputThrows()
    {
        double[] buffer = { 1, 2, 3, 4 };
        var e = Assert.Throws<ArgumentException>(() => Vectors.SumAndSquaresPullback(buffer.AsSpan(0, 3), 1, 1, buffer.AsSpan(1, 3)));
        Assert.Equal("xAdjoint", e.ParamName);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, buffer);
    }

    [Fact]
    public void PullbackAdjointSpansSharingMemoryThrow()
    {
        // Mixed has two array inputs; their adjoint spans may not share memory either.
        double[] u = { 0.5, 1.5 }, v = { -1, 2 };
        double[] shared = { 7, 7, 7 };
        double aAdjoint = 7, bAdjoint = 7;
        var e = Assert.Throws<ArgumentException>(() => Vectors.MixedPullback(0.5, u, MixedData, 2, v, 1.5, 1, 1, 1, ref aAdjoint, shared.AsSpan(0, 2), shared.AsSpan(1, 2), ref bAdjoint));
        Assert.Contains(e.ParamName, new[] { "uAdjoint", "vAdjoint" });
        Assert.Equal(new double[] { 7, 7, 7 }, shared);
        Assert.Equal(7, aAdjoint);
        Assert.Equal(7, bAdjoint);
    }

    [Theory]
    [InlineData(2)] // 2 columns, 2 outputs: forward mode
    [InlineData(3)] // 3 columns: reverse mode
    public void JacobianSharingMemoryWithAnInputThrowsBeforeWritingAnything(int k)
    {
        // DESIGN.md, soundness rule 5: "Wrong lengths and overlapping output/input memory throw
        // ArgumentException naming the parameter before anything is written." The Jacobian of
        // SumAndSquares(x) has 2k entries; here its buffer starts with x's own elements.
        foreach (bool denominator in new[] { false, true })
        {
            double[] memory = Enumerable.Range(1, 2 * k).Select(i => 0.5 * i).ToArray();
            double[] before = (double[])memory.Clone();
            var e = Assert.Throws<ArgumentException>(() =>
            {
                var x = new ReadOnlySpan<double>(memory, 0, k);
                var j = new Span<double>(memory);
                _ = denominator ? Vectors.SumAndSquaresDenominatorJacobian(x, j) : Vectors.SumAndSquaresJacobian(x, j);
            });
            Assert.Equal("jacobian", e.ParamName);
            Assert.Equal(before, memory);
        }
    }

    [Fact]
    public void JacobianInsideAnInactiveDataArrayThrowsBeforeWritingAnything()
    {
        // The same rule for a [NoDerivative] array (the pullback checks its adjoints against
        // those too): Mixed's 'data' is long enough to hold the whole Jacobian.
        foreach (var (u, v) in new[] { (0, 0), (2, 3) })
        {
            int length = 3 * (2 + u + v);
            double[] data = Enumerable.Range(1, length + 3).Select(i => 0.25 * i).ToArray();
            double[] before = (double[])data.Clone();
            var e = Assert.Throws<ArgumentException>(() => Vectors.MixedJacobian(0.5, new double[u], data, 2, new double[v], 1.5, data.AsSpan(0, length)));
            Assert.Equal("jacobian", e.ParamName);
            Assert.Equal(before, data);
            e = Assert.Throws<ArgumentException>(() => Vectors.MixedDenominatorJacobian(0.5, new double[u], data, 2, new double[v], 1.5, data.AsSpan(3, length)));
            Assert.Equal("jacobian", e.ParamName);
            Assert.Equal(before, data);
        }
    }

    // ---- The generated API ----

    [Theory]
    [InlineData(nameof(Vectors.FG), "x y | x y jacobian | x y xTangent yTangent fTangent gTangent | x y fAdjoint gAdjoint xAdjoint yAdjoint", "f g")]
    [InlineData(nameof(Vectors.Identity), "x y | x y jacobian | x y xTangent yTangent item1Tangent item2Tangent | x y item1Adjoint item2Adjoint xAdjoint yAdjoint", null)]
    [InlineData(nameof(Vectors.PartlyNamed), "x y | x y jacobian | x y xTangent yTangent totalTangent item2Tangent | x y totalAdjoint item2Adjoint xAdjoint yAdjoint", "total null")]
    [InlineData(nameof(Vectors.Spherical), "r theta phi | r theta phi jacobian | r theta phi rTangent thetaTangent phiTangent xTangent yTangent zTangent | r theta phi xAdjoint yAdjoint zAdjoint rAdjoint thetaAdjoint phiAdjoint", "x y z")]
    [InlineData(nameof(Vectors.InactiveParameters), "x c n y | x c n y jacobian | x c n y xTangent yTangent item1Tangent item2Tangent | x c n y item1Adjoint item2Adjoint xAdjoint yAdjoint", null)]
    [InlineData(nameof(Vectors.SumAndSquares), "x | x jacobian | x xTangent sumTangent squaresTangent | x sumAdjoint squaresAdjoint xAdjoint", "sum squares")]
    [InlineData(nameof(Vectors.Mixed), "a u data n v b | a u data n v b jacobian | a u data n v b aTangent uTangent vTangent bTangent item1Tangent item2Tangent item3Tangent | a u data n v b item1Adjoint item2Adjoint item3Adjoint aAdjoint uAdjoint vAdjoint bAdjoint", null)]
    [InlineData(nameof(Vectors.FGSingle), "x y | x y jacobian | x y xTangent yTangent fTangent gTangent | x y fAdjoint gAdjoint xAdjoint yAdjoint", "f g")]
    [InlineData(nameof(Vectors.SingleArray), "w s | w s jacobian | w s wTangent sTangent item1Tangent item2Tangent | w s item1Adjoint item2Adjoint wAdjoint sAdjoint", null)]
    [InlineData(nameof(Vectors.NameClashes), "x value jacobian unit | x value jacobian unit jacobian_1 | x value jacobian unit xTangent valueTangent jacobianTangent unitTangent xTangent_1 valueTangent_1 | x value jacobian unit xAdjoint_1 valueAdjoint_1 xAdjoint valueAdjoint jacobianAdjoint unitAdjoint", "x value")]
    public void GeneratedSignatures(string name, string expected, string? elementNames)
    {
        // "original | Jacobian | Pushforward | Pullback": parameter names in order. Every generated
        // method returns the original's tuple type, with its element names; there is no Gradient.
        string[] lists = expected.Split('|', StringSplitOptions.TrimEntries);
        MethodInfo original = Method(name);
        Type tuple = original.ReturnType;
        Type real = tuple.GetGenericArguments()[0];
        int m = tuple.GetGenericArguments().Length;
        Assert.Null(typeof(Vectors).GetMethod(name + "Gradient", BindingFlags.Public | BindingFlags.Static));
        Assert.Equal(lists[0], ParameterNames(original));

        int parameterCount = original.GetParameters().Length;
        var originalParameters = original.GetParameters();
        bool IsActiveArray(ParameterInfo p) => p.GetCustomAttribute<NoDerivativeAttribute>() is null && (p.ParameterType == real.MakeArrayType() || p.ParameterType == typeof(ReadOnlySpan<>).MakeGenericType(real));
        bool IsActiveScalar(ParameterInfo p) => p.GetCustomAttribute<NoDerivativeAttribute>() is null && p.ParameterType == real;

        MethodInfo jacobian = Method(name + "Jacobian");
        Assert.Equal(lists[1], ParameterNames(jacobian));
        Assert.Equal(typeof(Span<>).MakeGenericType(real), jacobian.GetParameters()[^1].ParameterType);

        MethodInfo pushforward = Method(name + "Pushforward");
        Assert.Equal(lists[2], ParameterNames(pushforward));
        var tangents = pushforward.GetParameters().Skip(parameterCount).ToArray();
        var activeInputs = originalParameters.Where(p => IsActiveScalar(p) || IsActiveArray(p)).ToArray();
        for (int i = 0; i < activeInputs.Length; i++)
        {
            Type want = IsActiveArray(activeInputs[i]) ? typeof(ReadOnlySpan<>).MakeGenericType(real) : real;
            Assert.Equal(want, tangents[i].ParameterType);
        }

        foreach (var p in tangents.Skip(activeInputs.Length))
        {
            Assert.True(p.IsOut, $"{p.Name} of {pushforward.Name} is not out");
            Assert.Equal(real.MakeByRefType(), p.ParameterType);
        }

        Assert.Equal(m, tangents.Length - activeInputs.Length);

        MethodInfo pullback = Method(name + "Pullback");
        Assert.Equal(lists[3], ParameterNames(pullback));
        var pullParameters = pullback.GetParameters().Skip(parameterCount).ToArray();
        foreach (var p in pullParameters.Take(m))
        {
            Assert.Equal(real, p.ParameterType);
        }

        for (int i = 0; i < activeInputs.Length; i++)
        {
            Type want = IsActiveArray(activeInputs[i]) ? typeof(Span<>).MakeGenericType(real) : real.MakeByRefType();
            Assert.Equal(want, pullParameters[m + i].ParameterType);
            Assert.False(pullParameters[m + i].IsOut);
        }

        foreach (var method in new[] { jacobian, pushforward, pullback })
        {
            Assert.Equal(tuple, method.ReturnType);
            Assert.Equal(original.Attributes & MethodAttributes.MemberAccessMask, method.Attributes & MethodAttributes.MemberAccessMask);
            Assert.Equal(ElementNames(original), ElementNames(method));
        }

        Assert.Equal(elementNames, ElementNames(original));
    }

    // ---- Allocation ----

    private const int WarmUp = 10;
    private const int Calls = 1000;

    [Fact]
    public void ScalarJacobianAllocatesNothing()
    {
        double[] j = new double[4];
        double sink = 0;
        for (int i = 0; i < WarmUp; i++) sink += Vectors.FGJacobian(1.5, 0.5, j).f;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.FGJacobian(1.5, 0.5, j).f;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "FGJacobian");

        j = new double[8];
        for (int i = 0; i < WarmUp; i++) sink += Vectors.ElementwiseProductDenominatorJacobian(1, 2, 3, 4, j).Item1;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.ElementwiseProductDenominatorJacobian(1, 2, 3, 4, j).Item1;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "ElementwiseProductDenominatorJacobian (reverse mode)");

        double xAdjoint = 0, yAdjoint = 0;
        for (int i = 0; i < WarmUp; i++) sink += Vectors.FGPullback(1.5, 0.5, 1, 2, ref xAdjoint, ref yAdjoint).g;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.FGPullback(1.5, 0.5, 1, 2, ref xAdjoint, ref yAdjoint).g;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), "FGPullback");

        Assert.True(double.IsFinite(sink));
    }

    [Theory]
    [InlineData(1)]  // 2 columns, 2 outputs: forward mode
    [InlineData(40)] // 41 columns: reverse mode (a taped loop; in denominator layout also a pooled scratch buffer)
    public void ArrayJacobianAllocatesNothingInEitherLayout(int k)
    {
        double[] w = Enumerable.Range(0, k).Select(i => Math.Sin(i)).ToArray();
        double[] j = new double[2 * (k + 1)];
        double sink = 0;

        for (int i = 0; i < WarmUp; i++) sink += Vectors.ScaleArrayJacobian(w, 0.5, j).Item1;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.ScaleArrayJacobian(w, 0.5, j).Item1;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), $"ScaleArrayJacobian, {k + 1} columns");

        for (int i = 0; i < WarmUp; i++) sink += Vectors.ScaleArrayDenominatorJacobian(w, 0.5, j).Item1;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.ScaleArrayDenominatorJacobian(w, 0.5, j).Item1;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), $"ScaleArrayDenominatorJacobian, {k + 1} columns");

        double[] u = w, v = w.Take(Math.Min(k, 3)).ToArray();
        double[] mixed = new double[3 * (2 + u.Length + v.Length)];
        for (int i = 0; i < WarmUp; i++) sink += Vectors.MixedDenominatorJacobian(0.5, u, MixedData, 2, v, 1.5, mixed).Item2;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += Vectors.MixedDenominatorJacobian(0.5, u, MixedData, 2, v, 1.5, mixed).Item2;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), $"MixedDenominatorJacobian, {mixed.Length / 3} columns");

        float[] single = w.Select(d => (float)d).ToArray();
        float[] singleJ = new float[2 * (k + 1)];
        float singleSink = 0;
        for (int i = 0; i < WarmUp; i++) singleSink += Vectors.SingleArrayJacobian(single, 0.5f, singleJ).Item1;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) singleSink += Vectors.SingleArrayJacobian(single, 0.5f, singleJ).Item1;
        AssertNoAllocation(before, GC.GetAllocatedBytesForCurrentThread(), $"SingleArrayJacobian (denominator layout), {k + 1} columns");

        Assert.True(double.IsFinite(sink) && float.IsFinite(singleSink));
    }

    // ---- Helpers ----

    private delegate object JacobianCallback(Span<double> jacobian);

    private static void AssertJacobianThrows(int length, int want, JacobianCallback call)
    {
        Assert.NotEqual(want, length);

        // The buffer holds a sentinel: nothing may be written before the length is checked.
        var buffer = Enumerable.Repeat(7.0, length).ToArray();
        var e = Assert.Throws<ArgumentException>(() => call(buffer));
        Assert.Equal("jacobian", e.ParamName);
        Assert.Contains(want.ToString(), e.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(7.0, b));
    }

    private static void AssertNoAllocation(long before, long after, string what)
        => Assert.True(after - before == 0, $"{what}: {after - before} bytes allocated over {Calls} calls");

    private static MethodInfo Method(string name)
        => typeof(Vectors).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(name + " not found");

    private static string ParameterNames(MethodInfo method) => string.Join(" ", method.GetParameters().Select(p => p.Name));

    private static string? ElementNames(MethodInfo method)
        => method.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>() is { } names
            ? string.Join(" ", names.TransformNames.Select(n => n ?? "null"))
            : null;

    // ---- The cases ----

    private static Gen<double[]> Cube(int n, double lo, double hi) => Gen.Double[lo, hi].Array[n];

    private static bool Far(double margin, params double[] distances) => Array.TrueForAll(distances, d => Math.Abs(d) > margin);

    private static VectorCaseTable BuildCases()
    {
        var t = new VectorCaseTable();
        const JacobianLayout Num = JacobianLayout.Numerator, Den = JacobianLayout.Denominator;

        // [3x²y, 2x + y⁸]: |y| ≤ 1.5 keeps y⁸ ≤ 26 and |∂³y⁸| ≤ 2600 (see Tolerances).
        Func<double[], double[]> fg = p => new[] { 6 * p[0] * p[1], 3 * p[0] * p[0], 2, 8 * Math.Pow(p[1], 7) };
        t.Add("FG", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.FG(x[0], x[1])),
            (x, j) => Elements(Vectors.FGJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.FGPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.FGPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-2, 2), (-1.5, 1.5)), fg);
        t.Add("FGDenominator", new VectorFn(2, 2, false, Den,
            x => Elements(Vectors.FGDenominator(x[0], x[1])),
            (x, j) => Elements(Vectors.FGDenominatorJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.FGDenominatorPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.FGDenominatorPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-2, 2), (-1.5, 1.5)), fg);
        t.Add("Identity", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.Identity(x[0], x[1])),
            (x, j) => Elements(Vectors.IdentityJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.IdentityPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.IdentityPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-5, 5), (-5, 5)), p => new[] { 1.0, 0, 0, 1 });
        t.Add("ElementwiseSum", new VectorFn(4, 2, false, Num,
            x => Elements(Vectors.ElementwiseSum(x[0], x[1], x[2], x[3])),
            (x, j) => Elements(Vectors.ElementwiseSumJacobian(x[0], x[1], x[2], x[3], j)),
            (x, d, o) => Elements(Vectors.ElementwiseSumPushforward(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ElementwiseSumPullback(x[0], x[1], x[2], x[3], s[0], s[1], ref a[0], ref a[1], ref a[2], ref a[3]))),
            Cube(4, -5, 5), p => new[] { 1.0, 0, 1, 0, 0, 1, 0, 1 });
        Func<double[], double[]> product = p => new[] { p[2], 0, p[0], 0, 0, p[3], 0, p[1] };
        t.Add("ElementwiseProduct", new VectorFn(4, 2, false, Num,
            x => Elements(Vectors.ElementwiseProduct(x[0], x[1], x[2], x[3])),
            (x, j) => Elements(Vectors.ElementwiseProductJacobian(x[0], x[1], x[2], x[3], j)),
            (x, d, o) => Elements(Vectors.ElementwiseProductPushforward(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ElementwiseProductPullback(x[0], x[1], x[2], x[3], s[0], s[1], ref a[0], ref a[1], ref a[2], ref a[3]))),
            Cube(4, -5, 5), product);
        t.Add("ElementwiseProductDenominator", new VectorFn(4, 2, false, Den,
            x => Elements(Vectors.ElementwiseProductDenominator(x[0], x[1], x[2], x[3])),
            (x, j) => Elements(Vectors.ElementwiseProductDenominatorJacobian(x[0], x[1], x[2], x[3], j)),
            (x, d, o) => Elements(Vectors.ElementwiseProductDenominatorPushforward(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ElementwiseProductDenominatorPullback(x[0], x[1], x[2], x[3], s[0], s[1], ref a[0], ref a[1], ref a[2], ref a[3]))),
            Cube(4, -5, 5), product);

        // [ln x², sin 3x]: |x| ≥ 0.2 keeps |∂³ ln x²| = 4/|x|³ ≤ 500.
        t.Add("VectorChainRule", new VectorFn(1, 2, false, Num,
            x => Elements(Vectors.VectorChainRule(x[0])),
            (x, j) => Elements(Vectors.VectorChainRuleJacobian(x[0], j)),
            (x, d, o) => Elements(Vectors.VectorChainRulePushforward(x[0], d[0], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.VectorChainRulePullback(x[0], s[0], s[1], ref a[0]))),
            Domain.Box((-3, 3)).Where(p => Math.Abs(p[0]) > 0.2), p => new[] { 2 / p[0], 3 * Math.Cos(3 * p[0]) });
        t.Add("Polar", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.Polar(x[0], x[1])),
            (x, j) => Elements(Vectors.PolarJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.PolarPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.PolarPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((0, 3), (-Math.PI, Math.PI)),
            p => new[] { Math.Cos(p[1]), -p[0] * Math.Sin(p[1]), Math.Sin(p[1]), p[0] * Math.Cos(p[1]) });
        t.Add("Spherical", new VectorFn(3, 3, false, Num,
            x => Elements(Vectors.Spherical(x[0], x[1], x[2])),
            (x, j) => Elements(Vectors.SphericalJacobian(x[0], x[1], x[2], j)),
            (x, d, o) => Elements(Vectors.SphericalPushforward(x[0], x[1], x[2], d[0], d[1], d[2], out o[0], out o[1], out o[2])),
            (x, s, a) => Elements(Vectors.SphericalPullback(x[0], x[1], x[2], s[0], s[1], s[2], ref a[0], ref a[1], ref a[2]))),
            Domain.Box((0, 3), (0, Math.PI), (-Math.PI, Math.PI)),
            p =>
            {
                double r = p[0], st = Math.Sin(p[1]), ct = Math.Cos(p[1]), sp = Math.Sin(p[2]), cp = Math.Cos(p[2]);
                return new[] { st * cp, r * ct * cp, -r * st * sp, st * sp, r * ct * sp, r * st * cp, ct, -r * st, 0 };
            });
        t.Add("Duplicate", new VectorFn(1, 2, false, Num,
            x => Elements(Vectors.Duplicate(x[0])),
            (x, j) => Elements(Vectors.DuplicateJacobian(x[0], j)),
            (x, d, o) => Elements(Vectors.DuplicatePushforward(x[0], d[0], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.DuplicatePullback(x[0], s[0], s[1], ref a[0]))),
            Domain.Box((-5, 5)), p => new[] { 1.0, 1 });
        t.Add("WithConstantOutput", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.WithConstantOutput(x[0], x[1])),
            (x, j) => Elements(Vectors.WithConstantOutputJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.WithConstantOutputPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.WithConstantOutputPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1], p[0], 0, 0 });
        t.Add("FourOutputs", new VectorFn(3, 4, false, Num,
            x => Elements(Vectors.FourOutputs(x[0], x[1], x[2])),
            (x, j) => Elements(Vectors.FourOutputsJacobian(x[0], x[1], x[2], j)),
            (x, d, o) => Elements(Vectors.FourOutputsPushforward(x[0], x[1], x[2], d[0], d[1], d[2], out o[0], out o[1], out o[2], out o[3])),
            (x, s, a) => Elements(Vectors.FourOutputsPullback(x[0], x[1], x[2], s[0], s[1], s[2], s[3], ref a[0], ref a[1], ref a[2]))),
            Domain.Box((-3, 3), (-3, 3), (-3, 3)),
            p => new[] { p[1], p[0], 0, 0, p[2], p[1], 1, 0, 2 * p[2], Math.Cos(p[0]), 0, 0 });
        t.Add("PartlyNamed", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.PartlyNamed(x[0], x[1])),
            (x, j) => Elements(Vectors.PartlyNamedJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.PartlyNamedPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.PartlyNamedPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-5, 5), (-5, 5)), p => new[] { 1.0, 1, p[1], p[0] });
        t.Add("NameClashes", new VectorFn(4, 2, false, Num,
            x => Elements(Vectors.NameClashes(x[0], x[1], x[2], x[3])),
            (x, j) => Elements(Vectors.NameClashesJacobian(x[0], x[1], x[2], x[3], j)),
            (x, d, o) => Elements(Vectors.NameClashesPushforward(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.NameClashesPullback(x[0], x[1], x[2], x[3], s[0], s[1], ref a[0], ref a[1], ref a[2], ref a[3]))),
            Cube(4, -3, 3), p => new[] { p[1], p[0], 1, 0, -1, 0, p[3], p[2] });

        // ---- Control flow, locals, tuples ----
        t.Add("Branches", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.Branches(x[0], x[1])),
            (x, j) => Elements(Vectors.BranchesJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.BranchesPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.BranchesPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)).Where(p => Far(Margin, p[0] - p[1], p[0] + 1, p[0])), null);
        foreach (int n in new[] { 0, 1, 6 })
        {
            t.Add($"Loop[n={n}]", new VectorFn(2, 3, false, Num,
                x => Elements(Vectors.Loop(x[0], x[1], n)),
                (x, j) => Elements(Vectors.LoopJacobian(x[0], x[1], n, j)),
                (x, d, o) => Elements(Vectors.LoopPushforward(x[0], x[1], n, d[0], d[1], out o[0], out o[1], out o[2])),
                (x, s, a) => Elements(Vectors.LoopPullback(x[0], x[1], n, s[0], s[1], s[2], ref a[0], ref a[1]))),
                Domain.Box((-1.3, 1.3), (-2, 2)), null);
            t.Add($"ThreeInputsLoop[n={n}]", new VectorFn(3, 2, false, Num,
                x => Elements(Vectors.ThreeInputsLoop(x[0], x[1], x[2], n)),
                (x, j) => Elements(Vectors.ThreeInputsLoopJacobian(x[0], x[1], x[2], n, j)),
                (x, d, o) => Elements(Vectors.ThreeInputsLoopPushforward(x[0], x[1], x[2], n, d[0], d[1], d[2], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.ThreeInputsLoopPullback(x[0], x[1], x[2], n, s[0], s[1], ref a[0], ref a[1], ref a[2]))),
                Domain.Box((-1.5, 1.5), (-1.5, 1.5), (-1.5, 1.5)).Where(p => Far(Margin, ThreeInputsLoopDistances(p, n))), null);
            t.Add($"ReturnInsideLoop[n={n}]", new VectorFn(2, 2, false, Num,
                x => Elements(Vectors.ReturnInsideLoop(x[0], x[1], n)),
                (x, j) => Elements(Vectors.ReturnInsideLoopJacobian(x[0], x[1], n, j)),
                (x, d, o) => Elements(Vectors.ReturnInsideLoopPushforward(x[0], x[1], n, d[0], d[1], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.ReturnInsideLoopPullback(x[0], x[1], n, s[0], s[1], ref a[0], ref a[1]))),
                Domain.Box((-2.5, 2.5), (-2.5, 2.5)).Where(p => Far(Margin, ReturnInsideLoopDistances(p, n))), null);
        }

        // The float loop: |y| ≤ 1 and n ≤ 3 keep |∂a/∂y| ≤ 6, so that the outputs sin(aₖ) have
        // third derivatives ≲ 200 in y, the bound the float finite-difference tolerance assumes
        // (with 6 steps and |y| up to 1.2, |∂a/∂y| reaches ~30 and the float estimate is off by
        // more than 1e-2: seen once in 10,000 random points).
        foreach (int n in new[] { 0, 1, 3 })
        {
            t.Add($"SingleBranchesAndLoop[n={n}]", new VectorFn(2, 3, true, Num,
                x => Elements(Vectors.SingleBranchesAndLoop((float)x[0], (float)x[1], n)),
                (x, j) => WithSingleBuffer(j, b => Elements(Vectors.SingleBranchesAndLoopJacobian((float)x[0], (float)x[1], n, b))),
                (x, d, o) =>
                {
                    var v = Vectors.SingleBranchesAndLoopPushforward((float)x[0], (float)x[1], n, (float)d[0], (float)d[1], out float o0, out float o1, out float o2);
                    (o[0], o[1], o[2]) = (o0, o1, o2);
                    return Elements(v);
                },
                (x, s, a) =>
                {
                    float a0 = (float)a[0], a1 = (float)a[1];
                    var v = Vectors.SingleBranchesAndLoopPullback((float)x[0], (float)x[1], n, (float)s[0], (float)s[1], (float)s[2], ref a0, ref a1);
                    (a[0], a[1]) = (a0, a1);
                    return Elements(v);
                }),
                Domain.Box((-1.5, 1.5), (-1, 1)).Where(p => Far(SingleMargin, SingleBranchesAndLoopDistance(p, n))), null);
        }

        t.Add("Locals", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.Locals(x[0], x[1])),
            (x, j) => Elements(Vectors.LocalsJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.LocalsPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.LocalsPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-2, 2), (-2, 2)), null);

        // a = xy, b = x + y, t = (a + b, ab), then (a, b) swapped: ((xy + x + y)(x + y), −x²y²).
        t.Add("TupleLocalsAndDeconstruction", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.TupleLocalsAndDeconstruction(x[0], x[1])),
            (x, j) => Elements(Vectors.TupleLocalsAndDeconstructionJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.TupleLocalsAndDeconstructionPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.TupleLocalsAndDeconstructionPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)),
            p =>
            {
                double x = p[0], y = p[1], s = x * y + x + y;
                return new[] { (y + 1) * (x + y) + s, (x + 1) * (x + y) + s, -2 * x * y * y, -2 * x * x * y };
            });

        // (xy + eʸ, (x − y)·xy).
        t.Add("ReturnTupleLocal", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.ReturnTupleLocal(x[0], x[1])),
            (x, j) => Elements(Vectors.ReturnTupleLocalJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.ReturnTupleLocalPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ReturnTupleLocalPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)),
            p => new[] { p[1], p[0] + Math.Exp(p[1]), 2 * p[0] * p[1] - p[1] * p[1], p[0] * p[0] - 2 * p[0] * p[1] });
        t.Add("ReturnInsideBranch", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.ReturnInsideBranch(x[0], x[1])),
            (x, j) => Elements(Vectors.ReturnInsideBranchJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.ReturnInsideBranchPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ReturnInsideBranchPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 9)).Where(p => Far(Margin, p[0], p[1] - p[0] * p[0])),
            p =>
            {
                double x = p[0], y = p[1];
                if (x < 0)
                {
                    return new[] { -y, -x, 0, 1 };
                }

                return y > x * x ? new[] { 2 * x, 0, -2 * x, 1 } : new[] { 2 * x * y, x * x, x / Math.Sqrt(1 + x * x), 0 };
            });
        t.Add("WhileLoop", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.WhileLoop(x[0], x[1])),
            (x, j) => Elements(Vectors.WhileLoopJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.WhileLoopPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.WhileLoopPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((0.5, 12), (-0.2, 2)).Where(p => Far(0.05, WhileLoopDistances(p))), null);
        foreach (int n in new[] { -2, 0, 3 })
        {
            t.Add($"IntElement[n={n}]", new VectorFn(1, 2, false, Num,
                x => Elements(Vectors.IntElement(x[0], n)),
                (x, j) => Elements(Vectors.IntElementJacobian(x[0], n, j)),
                (x, d, o) => Elements(Vectors.IntElementPushforward(x[0], n, d[0], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.IntElementPullback(x[0], n, s[0], s[1], ref a[0]))),
                Domain.Box((-5, 5)), p => new[] { (double)n, 0 });
        }

        foreach (int n in new[] { 0, 3 })
        {
            const double c = 1.75;
            Func<double[], double[]> inactive = p => new[] { c * p[1], c * p[0], n == 0 ? 0 : n * Math.Pow(p[0], n - 1), c };
            var fn = new VectorFn(2, 2, false, Num,
                x => Elements(Vectors.InactiveParameters(x[0], c, n, x[1])),
                (x, j) => Elements(Vectors.InactiveParametersJacobian(x[0], c, n, x[1], j)),
                (x, d, o) => Elements(Vectors.InactiveParametersPushforward(x[0], c, n, x[1], d[0], d[1], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.InactiveParametersPullback(x[0], c, n, x[1], s[0], s[1], ref a[0], ref a[1])));
            t.Add($"InactiveParameters[n={n}]", fn, Domain.Box((-2, 2), (-2, 2)), inactive);

            // x = 0 with n = 0: ∂(x⁰)/∂x is 0 by the documented Pow convention (no 0·∞ = NaN).
            t.Add($"InactiveParameters[n={n}] at x = 0", fn, new[] { new[] { 0.0, 1.5 }, new[] { 0.0, -0.5 } }, inactive);
        }

        t.Add("ConditionalTuple", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.ConditionalTuple(x[0], x[1])),
            (x, j) => Elements(Vectors.ConditionalTupleJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.ConditionalTuplePushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ConditionalTuplePullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)).Where(p => Far(Margin, p[0] - p[1])),
            p => p[0] > p[1] ? new[] { p[1], p[0], 0, 1 } : new[] { 0.0, 1, 1, -1 });
        foreach (int n in new[] { 0, 1, 2 })
        {
            t.Add($"SwitchExpressionTuple[n={n}]", new VectorFn(1, 2, false, Num,
                x => Elements(Vectors.SwitchExpressionTuple(x[0], n)),
                (x, j) => Elements(Vectors.SwitchExpressionTupleJacobian(x[0], n, j)),
                (x, d, o) => Elements(Vectors.SwitchExpressionTuplePushforward(x[0], n, d[0], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.SwitchExpressionTuplePullback(x[0], n, s[0], s[1], ref a[0]))),
                Domain.Box((-3, 3)),
                p => n switch { 0 => new[] { 1.0, 2 }, 1 => new[] { 2 * p[0], 0 }, _ => new[] { Math.Cos(p[0]), 1 } });
            t.Add($"SwapLoop[n={n + 1}]", new VectorFn(2, 2, false, Num,
                x => Elements(Vectors.SwapLoop(x[0], x[1], n + 1)),
                (x, j) => Elements(Vectors.SwapLoopJacobian(x[0], x[1], n + 1, j)),
                (x, d, o) => Elements(Vectors.SwapLoopPushforward(x[0], x[1], n + 1, d[0], d[1], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.SwapLoopPullback(x[0], x[1], n + 1, s[0], s[1], ref a[0], ref a[1]))),
                Domain.Box((-1.5, 1.5), (-1.5, 1.5)), null);
        }

        // r = (2x, y + x): (y + x, 2x(y + x)).
        t.Add("NamedElementAccess", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.NamedElementAccess(x[0], x[1])),
            (x, j) => Elements(Vectors.NamedElementAccessJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.NamedElementAccessPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.NamedElementAccessPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)), p => new[] { 1.0, 1, 4 * p[0] + 2 * p[1], 2 * p[0] });

        // (x²y, y²), through the scalar method Square.
        t.Add("CallsScalarMethod", new VectorFn(2, 2, false, Num,
            x => Elements(Vectors.CallsScalarMethod(x[0], x[1])),
            (x, j) => Elements(Vectors.CallsScalarMethodJacobian(x[0], x[1], j)),
            (x, d, o) => Elements(Vectors.CallsScalarMethodPushforward(x[0], x[1], d[0], d[1], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.CallsScalarMethodPullback(x[0], x[1], s[0], s[1], ref a[0], ref a[1]))),
            Domain.Box((-3, 3), (-3, 3)), p => new[] { 2 * p[0] * p[1], p[0] * p[0], 0, 2 * p[1] });
        t.Add("Throwing", new VectorFn(1, 2, false, Num,
            x => Elements(Vectors.Throwing(x[0])),
            (x, j) => Elements(Vectors.ThrowingJacobian(x[0], j)),
            (x, d, o) => Elements(Vectors.ThrowingPushforward(x[0], d[0], out o[0], out o[1])),
            (x, s, a) => Elements(Vectors.ThrowingPullback(x[0], s[0], s[1], ref a[0]))),
            Domain.Box((0.1, 5)), p => new[] { 0.5 / Math.Sqrt(p[0]), 1 });
        t.Add("NineOutputs", new VectorFn(1, 9, false, Num,
            x => ElementsOf(Vectors.NineOutputs(x[0])),
            (x, j) => ElementsOf(Vectors.NineOutputsJacobian(x[0], j)),
            (x, d, o) => ElementsOf(Vectors.NineOutputsPushforward(x[0], d[0], out o[0], out o[1], out o[2], out o[3], out o[4], out o[5], out o[6], out o[7], out o[8])),
            (x, s, a) => ElementsOf(Vectors.NineOutputsPullback(x[0], s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], ref a[0]))),
            Domain.Box((-3, 3)), p => new[] { 1, 2, 2 * p[0], 4, 5, 6, 7, 8, Math.Exp(p[0]) });
        var instance = new VectorInstance(3);
        t.Add("VectorInstance.Scaled", new VectorFn(1, 2, false, Num,
            x => Elements(instance.Scaled(x[0])),
            (x, j) => Elements(instance.ScaledJacobian(x[0], j)),
            (x, d, o) => Elements(instance.ScaledPushforward(x[0], d[0], out o[0], out o[1])),
            (x, s, a) => Elements(instance.ScaledPullback(x[0], s[0], s[1], ref a[0]))),
            Domain.Box((-5, 5)), p => new[] { 3, 2 * p[0] });

        // ---- float ----
        t.Add("FGSingle", new VectorFn(2, 2, true, Num,
            x => Elements(Vectors.FGSingle((float)x[0], (float)x[1])),
            (x, j) => WithSingleBuffer(j, b => Elements(Vectors.FGSingleJacobian((float)x[0], (float)x[1], b))),
            (x, d, o) =>
            {
                var v = Vectors.FGSinglePushforward((float)x[0], (float)x[1], (float)d[0], (float)d[1], out float o0, out float o1);
                (o[0], o[1]) = (o0, o1);
                return Elements(v);
            },
            (x, s, a) =>
            {
                float a0 = (float)a[0], a1 = (float)a[1];
                var v = Vectors.FGSinglePullback((float)x[0], (float)x[1], (float)s[0], (float)s[1], ref a0, ref a1);
                (a[0], a[1]) = (a0, a1);
                return Elements(v);
            }),
            Domain.Box((-2, 2), (-1.5, 1.5)), fg);

        t.Add("SingleWithIntLiteral", new VectorFn(1, 2, true, Num,
            x => Elements(Vectors.SingleWithIntLiteral((float)x[0])),
            (x, j) => WithSingleBuffer(j, b => Elements(Vectors.SingleWithIntLiteralJacobian((float)x[0], b))),
            (x, d, o) =>
            {
                var v = Vectors.SingleWithIntLiteralPushforward((float)x[0], (float)d[0], out float o0, out float o1);
                (o[0], o[1]) = (o0, o1);
                return Elements(v);
            },
            (x, s, a) =>
            {
                float a0 = (float)a[0];
                var v = Vectors.SingleWithIntLiteralPullback((float)x[0], (float)s[0], (float)s[1], ref a0);
                a[0] = a0;
                return Elements(v);
            }),
            Domain.Box((-3, 3)), p => new[] { 2 * p[0], 0 });

        // ---- Arrays and spans: lengths on both sides of the strategy switch (columns vs outputs) ----
        foreach (int k in new[] { 0, 1, 2, 3, 5 })
        {
            // Σ s·wᵢ², s·Σ sin wᵢ over the inputs (w, s).
            Func<double[], double[]> scale = p =>
            {
                var j = new double[2 * (k + 1)];
                double s = p[k];
                for (int i = 0; i < k; i++)
                {
                    j[i] = 2 * s * p[i];
                    j[k + 1 + i] = s * Math.Cos(p[i]);
                    j[k] += p[i] * p[i];
                    j[2 * k + 1] += Math.Sin(p[i]);
                }

                return j;
            };
            t.Add($"ScaleArray[{k}]", new VectorFn(k + 1, 2, false, Num,
                x => Elements(Vectors.ScaleArray(x[..k], x[k])),
                (x, j) => Elements(Vectors.ScaleArrayJacobian(x[..k], x[k], j)),
                (x, d, o) => Elements(Vectors.ScaleArrayPushforward(x[..k], x[k], d.AsSpan(0, k), d[k], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.ScaleArrayPullback(x[..k], x[k], s[0], s[1], a.AsSpan(0, k), ref a[k]))),
                Cube(k + 1, -2, 2), scale);
            t.Add($"ScaleArrayDenominator[{k}]", new VectorFn(k + 1, 2, false, Den,
                x => Elements(Vectors.ScaleArrayDenominator(x[..k], x[k])),
                (x, j) => Elements(Vectors.ScaleArrayDenominatorJacobian(x[..k], x[k], j)),
                (x, d, o) => Elements(Vectors.ScaleArrayDenominatorPushforward(x[..k], x[k], d.AsSpan(0, k), d[k], out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.ScaleArrayDenominatorPullback(x[..k], x[k], s[0], s[1], a.AsSpan(0, k), ref a[k]))),
                Cube(k + 1, -2, 2), scale);

            // [sum(x), Σ xᵢ²]: J = [1ᵀ; 2xᵀ]. A ReadOnlySpan input, and no scalar input at all.
            Func<double[], double[]> sumAndSquares = p => Enumerable.Repeat(1.0, k).Concat(p.Select(v => 2 * v)).ToArray();
            t.Add($"SumAndSquares[{k}]", new VectorFn(k, 2, false, Num,
                x => Elements(Vectors.SumAndSquares(x)),
                (x, j) => Elements(Vectors.SumAndSquaresJacobian(x, j)),
                (x, d, o) => Elements(Vectors.SumAndSquaresPushforward(x, d, out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.SumAndSquaresPullback(x, s[0], s[1], a))),
                Cube(k, -3, 3), sumAndSquares);
            t.Add($"SumAndSquaresDenominator[{k}]", new VectorFn(k, 2, false, Den,
                x => Elements(Vectors.SumAndSquaresDenominator(x)),
                (x, j) => Elements(Vectors.SumAndSquaresDenominatorJacobian(x, j)),
                (x, d, o) => Elements(Vectors.SumAndSquaresDenominatorPushforward(x, d, out o[0], out o[1])),
                (x, s, a) => Elements(Vectors.SumAndSquaresDenominatorPullback(x, s[0], s[1], a))),
                Cube(k, -3, 3), sumAndSquares);
        }

        foreach (int k in new[] { 0, 1, 2, 4 })
        {
            // (s·Σwᵢ, Π(1 + 0.1wᵢ²)) over (w, s), float, denominator layout.
            t.Add($"SingleArray[{k}]", new VectorFn(k + 1, 2, true, Den,
                x => Elements(Vectors.SingleArray(Single(x[..k]), (float)x[k])),
                (x, j) => WithSingleBuffer(j, b => Elements(Vectors.SingleArrayJacobian(Single(x[..k]), (float)x[k], b))),
                (x, d, o) =>
                {
                    var v = Vectors.SingleArrayPushforward(Single(x[..k]), (float)x[k], Single(d[..k]), (float)d[k], out float o0, out float o1);
                    (o[0], o[1]) = (o0, o1);
                    return Elements(v);
                },
                (x, s, a) =>
                {
                    float[] wAdjoint = Single(a[..k]);
                    float sAdjoint = (float)a[k];
                    var v = Vectors.SingleArrayPullback(Single(x[..k]), (float)x[k], (float)s[0], (float)s[1], wAdjoint, ref sAdjoint);
                    for (int i = 0; i < k; i++)
                    {
                        a[i] = wAdjoint[i];
                    }

                    a[k] = sAdjoint;
                    return Elements(v);
                }),
                Cube(k + 1, -2, 2),
                p =>
                {
                    var j = new double[2 * (k + 1)];
                    double product = 1;
                    for (int i = 0; i < k; i++)
                    {
                        product *= 1 + 0.1 * p[i] * p[i];
                    }

                    for (int i = 0; i < k; i++)
                    {
                        j[i] = p[k];
                        j[k] += p[i];
                        j[k + 1 + i] = product * 0.2 * p[i] / (1 + 0.1 * p[i] * p[i]);
                    }

                    return j;
                });
        }

        foreach (var (u, v) in MixedShapes)
        {
            // Columns (a, u…, v…, b); outputs a·(u·data) + n, √(b² + Σ(j+1)vⱼ²), first·b + tanh a
            // with first = u₀ (a when u is empty). |b| ≥ 0.3 keeps the square root away from 0.
            Func<double[], double[]> mixed = p =>
            {
                int columns = 2 + u + v;
                double a = p[0], b = p[columns - 1];
                var j = new double[3 * columns];
                double dot = 0, norm = b * b;
                for (int i = 0; i < u; i++)
                {
                    dot += p[1 + i] * MixedData[i % MixedData.Length];
                    j[1 + i] = a * MixedData[i % MixedData.Length];
                }

                for (int i = 0; i < v; i++)
                {
                    norm += (i + 1) * p[1 + u + i] * p[1 + u + i];
                }

                double root = Math.Sqrt(norm), tanh = Math.Tanh(a);
                j[0] = dot;
                for (int i = 0; i < v; i++)
                {
                    j[columns + 1 + u + i] = (i + 1) * p[1 + u + i] / root;
                }

                j[columns + columns - 1] = b / root;
                j[2 * columns] = (u == 0 ? b : 0) + 1 - tanh * tanh;
                if (u > 0)
                {
                    j[2 * columns + 1] = b;
                }

                j[3 * columns - 1] = u > 0 ? p[1] : a;
                return j;
            };
            Gen<double[]> domain = Cube(2 + u + v, -2, 2).Where(p => Math.Abs(p[^1]) > 0.3);
            foreach (var layout in new[] { Num, Den })
            {
                string name = layout == Num ? $"Mixed[{u},{v}]" : $"MixedDenominator[{u},{v}]";
                VectorFn fn = layout == Num
                    ? new VectorFn(2 + u + v, 3, false, Num,
                        x => Elements(Vectors.Mixed(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1])),
                        (x, j) => Elements(Vectors.MixedJacobian(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], j)),
                        (x, d, o) => Elements(Vectors.MixedPushforward(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], d[0], d.AsSpan(1, u), d.AsSpan(1 + u, v), d[^1], out o[0], out o[1], out o[2])),
                        (x, s, a) => Elements(Vectors.MixedPullback(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], s[0], s[1], s[2], ref a[0], a.AsSpan(1, u), a.AsSpan(1 + u, v), ref a[^1])))
                    : new VectorFn(2 + u + v, 3, false, Den,
                        x => Elements(Vectors.MixedDenominator(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1])),
                        (x, j) => Elements(Vectors.MixedDenominatorJacobian(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], j)),
                        (x, d, o) => Elements(Vectors.MixedDenominatorPushforward(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], d[0], d.AsSpan(1, u), d.AsSpan(1 + u, v), d[^1], out o[0], out o[1], out o[2])),
                        (x, s, a) => Elements(Vectors.MixedDenominatorPullback(x[0], x[1..(1 + u)], MixedData, 2, x.AsSpan(1 + u, v), x[^1], s[0], s[1], s[2], ref a[0], a.AsSpan(1, u), a.AsSpan(1 + u, v), ref a[^1])));
                t.Add(name, fn, domain, mixed);
            }
        }

        return t;
    }

    /// <summary>Calls a float Jacobian with a float copy of <paramref name="jacobian"/> (so that its initial contents are seen) and copies the result back.</summary>
    private static double[] WithSingleBuffer(Span<double> jacobian, Func<float[], double[]> call)
    {
        var buffer = new float[jacobian.Length];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (float)jacobian[i];
        }

        double[] value = call(buffer);
        for (int i = 0; i < buffer.Length; i++)
        {
            jacobian[i] = buffer[i];
        }

        return value;
    }

    // Distances of a point from the branch boundaries met on its path (mirrors of the loops in
    // Functions/Vectors.cs, used only to keep random points away from them).

    private static double[] ThreeInputsLoopDistances(double[] p, int n)
    {
        double a = p[0], y = p[1], z = p[2];
        var d = new double[n];
        for (int k = 0; k < n; k++)
        {
            d[k] = a - z;
            a = a > z ? a * y - z : Math.Sin(a) + y;
        }

        return d;
    }

    private static double[] ReturnInsideLoopDistances(double[] p, int n)
    {
        double a = p[0], b = p[1];
        var d = new double[n];
        for (int k = 0; k < n; k++)
        {
            a = a * 0.9 + b * 0.1;
            b *= a;
            d[k] = Math.Abs(b) - 4;
            if (Math.Abs(b) > 4)
            {
                return d;
            }
        }

        return d;
    }

    private static double[] WhileLoopDistances(double[] p)
    {
        double a = p[0];
        var d = new System.Collections.Generic.List<double>();
        for (int k = 0; k < 20; k++)
        {
            d.Add(a - 10);
            if (a >= 10)
            {
                break;
            }

            a = a * 1.5 + p[1];
        }

        return d.ToArray();
    }

    private static double SingleBranchesAndLoopDistance(double[] p, int n)
    {
        double a = p[0];
        for (int k = 0; k < n; k++)
        {
            a = a * p[1] + 0.5;
        }

        return a - 1;
    }
}
