namespace AutoDiffGen.NumericTests.Functions;

/// <summary>The worked example of the README (the design document): f(x, y) = 3x²y.</summary>
public static partial class Design
{
    [Differentiable]
    public static double F(double x, double y) => 3 * x * x * y;
}
