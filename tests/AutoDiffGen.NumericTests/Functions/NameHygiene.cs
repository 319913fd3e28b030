using System;
namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// User names that collide with the generator's own: its temporaries (t1, t1Bar, branch1), its
/// SSA versions of reassigned locals (a_1, a_2), its parameter names (dx, xTangent,
/// resultTangent, resultAdjoint), and C# keywords used as identifiers (@base, @event, @fixed).
/// </summary>
public static partial class NameHygiene
{
    /// <summary>Locals named like the derivatives' parameters: the public parameter names must not change.</summary>
    [Differentiable]
    public static double LocalsNamedLikeDerivativeParameters(double x)
    {
        double resultAdjoint = x * x;
        double resultTangent = resultAdjoint + x;
        double dx = Math.Sin(resultTangent);
        double xAdjoint = dx * 2;
        double xTangent = xAdjoint + resultAdjoint;
        return xTangent;
    }

    [Differentiable]
    public static double UserTempNames(double x, double y)
    {
        double t1 = x * y;
        double t2 = t1 + x;
        double branch1 = t2 * t2;
        double t1Bar = branch1 - y;
        double xTangent = t1Bar * 2;
        double dx = xTangent + x;
        return dx * t1;
    }

    [Differentiable]
    public static double UserSsaNames(double x, double y)
    {
        double a = x;
        a = a * a;
        double a_1 = y * 3;
        a = a + a_1;
        double a_2 = a * x;
        return a + a_2;
    }

    [Differentiable]
    public static double ResultNames(double x, double resultTangent, double resultAdjoint) => x * resultTangent + resultAdjoint * resultAdjoint;

    [Differentiable]
    public static double KeywordNames(double @base, double @event)
    {
        double @fixed = @base * @event;
        return @fixed * @base;
    }

    /// <summary>
    /// Σ (x[i + 1] − x[i])² · vectorized1Bound: a vectorized loop with a scatter pass ahead, in a method
    /// whose parameter and local have the names the vectorizer derives from its stem (found in review:
    /// <c>vectorized1Bound</c> was declared twice in the generated code, which did not compile).
    /// </summary>
    [Differentiable]
    public static double VectorizerNames(ReadOnlySpan<double> x, double vectorized1Bound)
    {
        double vectorized1Ahead1 = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            vectorized1Ahead1 += d * d;
        }

        return vectorized1Ahead1 * vectorized1Bound;
    }
}
