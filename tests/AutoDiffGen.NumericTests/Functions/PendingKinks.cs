// Functions that once exposed generator bugs (BUGS.md #1 to #4, now fixed); kept as regression tests.
#pragma warning disable ADG0008

using System;

namespace AutoDiffGen.NumericTests.Functions;

public static partial class PendingKinks
{
    // BUGS.md #1: the generated tie test compares x with itself (x > x, x == x): warning CS1718,
    // an error under TreatWarningsAsErrors.
    [Differentiable]
    public static double MaxSame(double x) => Math.Max(x, x);

    // BUGS.md #1.
    [Differentiable]
    public static double MinSame(double x) => Math.Min(x, x);

    // BUGS.md #1 (float).
    [Differentiable]
    public static float MaxSameSingle(float x) => MathF.Max(x, x);

    // BUGS.md #1: also in a user branch condition whose two sides become the same variable
    // after copy propagation (alias) ...
    [Differentiable]
    public static double AliasBranch(double x)
    {
        double a = x;
        return a >= x ? a * x : -x;
    }

    // ... or after common-subexpression elimination (a > b becomes a > a).
    [Differentiable]
    public static double CseBranch(double x)
    {
        double a = x * 2;
        double b = x * 2;
        if (a > b)
        {
            return a;
        }

        return b * x;
    }

    // BUGS.md #1: and in Clamp when x is also a bound.
    [Differentiable]
    public static double ClampLowerSelf(double x, double hi) => Math.Clamp(x, x, hi);

    // BUGS.md #2: besides the expected ADG0008, a misleading ADG0009 ("does not depend on any
    // active parameter") is reported, which TreatWarningsAsErrors turns into a build error.
    [Differentiable]
    public static double FloorOnly(double x) => Math.Floor(x);

    // BUGS.md #1: the same when the two arguments are different names for one value (a local
    // alias) ...
    [Differentiable]
    public static double MaxOfAlias(double x)
    {
        double a = x;
        return Math.Max(a, x);
    }

    // ... or equal expressions merged into one temporary (t1 > t1).
    [Differentiable]
    public static double MaxOfEqualExpressions(double x) => Math.Max(2 * x, 2 * x);

    // BUGS.md #2: a piecewise-constant result also gets ADG0009 "does not depend on any active
    // parameter", although it depends on x (its derivative is zero, which is a different claim).
    [Differentiable]
    public static double SignResult(double x) => x > 0 ? 1.0 : -1.0;
}
