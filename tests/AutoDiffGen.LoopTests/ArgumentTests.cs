using System;
using System.Text.RegularExpressions;
using AutoDiffGen.LoopTests.Functions;
using AutoDiffGen.LoopTests.Support;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// A derivative span of the wrong length throws ArgumentException naming the span parameter
/// (ParamName) with the expected length in the message.
/// </summary>
public sealed class ArgumentTests
{
    private static readonly Data.ReluData Relu = Data.Relu(10, 5, 7);
    private static double[] W => Relu.Point[..5];
    private static double B => Relu.Point[5];

    private static void AssertNamed(ArgumentException exception, string paramName, int expectedLength)
    {
        Assert.Equal(paramName, exception.ParamName);
        Assert.Matches(new Regex($@"\b{expectedLength}\b"), exception.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(0)]
    public void Gradient_with_wrong_dw_length_throws(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => Models.ReluLossGradient(W, B, Relu.X, Relu.Y, new double[length], out _));
        AssertNamed(e, "dw", 5);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void Pushforward_with_wrong_tangent_length_throws(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => Models.ReluLossPushforward(W, B, Relu.X, Relu.Y, new double[length], 1, out _));
        AssertNamed(e, "wTangent", 5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void Pullback_with_wrong_adjoint_length_throws(int length)
    {
        double bAdjoint = 0;
        var e = Assert.Throws<ArgumentException>(() => Models.ReluLossPullback(W, B, Relu.X, Relu.Y, 1, new double[length], ref bAdjoint));
        AssertNamed(e, "wAdjoint", 5);
    }

    [Fact]
    public void Each_span_of_the_mlp_is_checked_by_name()
    {
        // h = 3 hidden units, d = 2 inputs: W1 has 6 entries, b1 and W2 have 3.
        double[] W1 = Data.Uniform(6, -1, 1, 1), b1 = { 0.1, 0.2, 0.3 }, W2 = { 0.5, -0.5, 0.25 }, input = { 1, -1 };
        double[] six = new double[6], three = new double[3], wrong = new double[4];
        double b2Adjoint = 0;

        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpGradient(W1, b1, W2, 0, input, 1, wrong, three, three, out _)), "dW1", 6);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpGradient(W1, b1, W2, 0, input, 1, six, wrong, three, out _)), "db1", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpGradient(W1, b1, W2, 0, input, 1, six, three, wrong, out _)), "dW2", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPushforward(W1, b1, W2, 0, input, 1, wrong, three, three, 0, out _)), "W1Tangent", 6);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPushforward(W1, b1, W2, 0, input, 1, six, wrong, three, 0, out _)), "b1Tangent", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPushforward(W1, b1, W2, 0, input, 1, six, three, wrong, 0, out _)), "W2Tangent", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPullback(W1, b1, W2, 0, input, 1, 1, wrong, three, three, ref b2Adjoint)), "W1Adjoint", 6);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPullback(W1, b1, W2, 0, input, 1, 1, six, wrong, three, ref b2Adjoint)), "b1Adjoint", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.MlpPullback(W1, b1, W2, 0, input, 1, 1, six, three, wrong, ref b2Adjoint)), "W2Adjoint", 3);

        // The right lengths do not throw (two derivative spans must not share memory: see the overlap tests).
        Models.MlpGradient(W1, b1, W2, 0, input, 1, six, three, new double[3], out _);
    }

    [Fact]
    public void Array_and_float_parameters_are_checked_too()
    {
        double[] x = { 1, 2, 3, 4 };
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockArrayGradient(x, new double[3])), "dx", 4);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockArrayPushforward(x, new double[5], out _)), "xTangent", 4);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockArrayPullback(x, 1, new double[1])), "xAdjoint", 4);

        float[] xs = { 1, 2, 3 };
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockSingleGradient(xs, new float[2])), "dx", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockSinglePushforward(xs, new float[4], out _)), "xTangent", 3);
        AssertNamed(Assert.Throws<ArgumentException>(() => Models.RosenbrockSinglePullback(xs, 1, new float[0])), "xAdjoint", 3);

        float[] c = { 1, 2, 3, 4, 5 };
        float xAdjoint = 0;
        AssertNamed(Assert.Throws<ArgumentException>(() => Recurrences.HornerSingleGradient(c, 0.5f, new float[4], out _)), "dc", 5);
        AssertNamed(Assert.Throws<ArgumentException>(() => Recurrences.HornerSinglePullback(c, 0.5f, 1, new float[6], ref xAdjoint)), "cAdjoint", 5);
    }
}
