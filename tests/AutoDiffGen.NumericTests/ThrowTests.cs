using System;
using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Methods that throw on invalid input (Functions/Throwing.cs): a throw statement, a throw
/// expression in ?:, a throw in a switch-expression arm, a throw in a nested block, and a float
/// method. For invalid input the generated Gradient, Pushforward and Pullback must throw exactly
/// the exception type of the original (with the same message); for valid input they
/// differentiate normally.
/// </summary>
public sealed class ThrowTests
{
    [Fact]
    public void ThrowStatement()
    {
        SameException(() => Throwing.ThrowStatement(-1, 2), () => Throwing.ThrowStatementGradient(-1, 2, out _, out _), () => Throwing.ThrowStatementPushforward(-1, 2, 1, 1, out _), () =>
        {
            double a = 0, b = 0;
            return Throwing.ThrowStatementPullback(-1, 2, 1, ref a, ref b);
        });

        // √x·y for x ≥ 0: (y / (2√x), √x).
        var fn = DiffFn.Of2(Throwing.ThrowStatement, Throwing.ThrowStatementGradient, Throwing.ThrowStatementPushforward, Throwing.ThrowStatementPullback);
        DerivativeAssert.ClosedForm(fn, new[] { 4.0, 3.0 }, new[] { 3.0 / 4.0, 2.0 });
        DerivativeAssert.FiniteDifferences(fn, new[] { 4.0, 3.0 });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    public void ThrowExpression(double x)
    {
        SameException(() => Throwing.ThrowExpression(x), () => Throwing.ThrowExpressionGradient(x, out _), () => Throwing.ThrowExpressionPushforward(x, 1, out _), () =>
        {
            double a = 0;
            return Throwing.ThrowExpressionPullback(x, 1, ref a);
        });

        var fn = DiffFn.Of1(Throwing.ThrowExpression, Throwing.ThrowExpressionGradient, Throwing.ThrowExpressionPushforward, Throwing.ThrowExpressionPullback);
        DerivativeAssert.ClosedForm(fn, new[] { 2.0 }, new[] { 0.5 });
    }

    [Fact]
    public void ThrowInSwitchArm()
    {
        SameException(() => Throwing.ThrowInSwitchArm(1.5, 5), () => Throwing.ThrowInSwitchArmGradient(1.5, 5, out _), () => Throwing.ThrowInSwitchArmPushforward(1.5, 5, 1, out _), () =>
        {
            double a = 0;
            return Throwing.ThrowInSwitchArmPullback(1.5, 5, 1, ref a);
        });

        Throwing.ThrowInSwitchArmGradient(1.5, 0, out double d0);
        Throwing.ThrowInSwitchArmGradient(1.5, 1, out double d1);
        Assert.Equal(3.0, d0);
        Assert.Equal(-1.0, d1);
    }

    [Fact]
    public void ThrowInNestedBlock()
    {
        // xy = 12 > 10 and y > 0: throws.
        SameException(() => Throwing.ThrowInNestedBlock(4, 3), () => Throwing.ThrowInNestedBlockGradient(4, 3, out _, out _), () => Throwing.ThrowInNestedBlockPushforward(4, 3, 1, 1, out _), () =>
        {
            double a = 0, b = 0;
            return Throwing.ThrowInNestedBlockPullback(4, 3, 1, ref a, ref b);
        });

        // xy = 12 > 10 but y < 0: r = −xy, gradient (−y, −x); xy ≤ 10: (y, x).
        var fn = DiffFn.Of2(Throwing.ThrowInNestedBlock, Throwing.ThrowInNestedBlockGradient, Throwing.ThrowInNestedBlockPushforward, Throwing.ThrowInNestedBlockPullback);
        DerivativeAssert.ClosedForm(fn, new[] { -4.0, -3.0 }, new[] { 3.0, 4.0 });
        DerivativeAssert.ClosedForm(fn, new[] { 1.0, 2.0 }, new[] { 2.0, 1.0 });
    }

    [Fact]
    public void ThrowInFloatMethod()
    {
        SameException(() => Throwing.ThrowSingle(0f), () => Throwing.ThrowSingleGradient(0f, out _), () => Throwing.ThrowSinglePushforward(0f, 1f, out _), () =>
        {
            float a = 0;
            return Throwing.ThrowSinglePullback(0f, 1f, ref a);
        });

        var fn = DiffFn.OfF1(Throwing.ThrowSingle, Throwing.ThrowSingleGradient, Throwing.ThrowSinglePushforward, Throwing.ThrowSinglePullback);
        DerivativeAssert.ClosedForm(fn, new[] { 2.0 }, new[] { -0.25 });
    }

    /// <summary>All three generated methods throw exactly the original's exception type and message.</summary>
    /// <summary>
    /// A null active array (a new user's trial, stop 24): the members checked their derivative
    /// buffers' lengths against it before the method's guard ran, and threw NullReferenceException.
    /// </summary>
    [Fact]
    public void NullActiveArray_TheGuardsException()
    {
        SameException(() => Throwing.NullGuard(null!), () => Throwing.NullGuardGradient(null!, new double[2]), () => Throwing.NullGuardPushforward(null!, new double[2], out _), () => Throwing.NullGuardPullback(null!, 1.0, new double[2]));
        var e = Assert.Throws<ArgumentNullException>(() => Throwing.NullGuardGradient(null!, Span<double>.Empty));
        Assert.Equal("w", e.ParamName);
        SameException(() => Throwing.NoNullGuard(2.0, null!), () => Throwing.NoNullGuardGradient(2.0, null!, out _, Span<double>.Empty), () => Throwing.NoNullGuardPushforward(2.0, null!, 1.0, ReadOnlySpan<double>.Empty, out _), () =>
        {
            double a = 0;
            return Throwing.NoNullGuardPullback(2.0, null!, 1.0, ref a, Span<double>.Empty);
        });

        // The method returns x² for a null w: so do the members, with a zero derivative for w.
        var dw = new[] { 7.0, 7.0 };
        Assert.Equal(9.0, Throwing.NullTolerantGradient(3.0, null!, out double dx, dw));
        Assert.Equal(6.0, dx);
        Assert.Equal(new[] { 0.0, 0.0 }, dw);
        Assert.Equal(9.0, Throwing.NullTolerantPushforward(3.0, null!, 0.5, ReadOnlySpan<double>.Empty, out double tangent));
        Assert.Equal(3.0, tangent);

        var j = Assert.Throws<ArgumentNullException>(() => Throwing.NullGuardVectorJacobian(1.0, null!, new double[4]));
        Assert.Equal(Assert.Throws<ArgumentNullException>(() => Throwing.NullGuardVector(1.0, null!)).Message, j.Message);
    }

    private static void SameException<T>(Func<T> original, Func<T> gradient, Func<T> pushforward, Func<T> pullback)
    {
        Exception expected = Assert.ThrowsAny<Exception>(() => original());
        foreach (var (name, call) in new[] { ("Gradient", gradient), ("Pushforward", pushforward), ("Pullback", pullback) })
        {
            Exception? actual = Record.Exception(() => call());
            Assert.True(actual is not null, $"{name} did not throw (the original throws {expected.GetType().Name})");
            Assert.True(expected.GetType() == actual.GetType(), $"{name} threw {actual.GetType().Name}, the original throws {expected.GetType().Name}");
            Assert.Equal(expected.Message, actual.Message);
        }
    }
}
