namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Shapes where a pullback could wrongly assign instead of add: a parameter returned directly,
/// an unused parameter, a parameter used several times, a parameter returned from one branch.
/// </summary>
public static partial class Accumulation
{
    [Differentiable]
    public static double Identity(double x) => x;

    [Differentiable]
    public static double Projection(double x, double y) => y;

    [Differentiable]
    public static double FanOut(double x) => x + x * x + x * x * x;

    [Differentiable]
    public static double ParameterFromBranch(double x, double y) => x > y ? x : y * y;

    [Differentiable]
    public static float IdentitySingle(float x) => x;
}
