// Functions that once exposed generator bugs (BUGS.md #1 to #4, now fixed); kept as regression tests.
namespace AutoDiffGen.NumericTests.Functions;

public static partial class PendingTuples
{
    // BUGS.md #3: deconstructing the tuple returned by a call whose arguments are all inactive
    // reports ADG0005 "deconstructing a value that is not a tuple", then ADG0005 "reading 'p'
    // before it is assigned" for every use of the deconstructed locals.
    [Differentiable]
    public static double TupleFromHelper(double x)
    {
        var (p, q) = Pair(3);
        return p * x + q * x * x;
    }

    // BUGS.md #4: nested deconstruction reports ADG0005 "deconstructing a value that is not a
    // tuple" (for the inner tuple), then "reading 'b' / 'c' before it is assigned".
    [Differentiable]
    public static double NestedTuple(double x, double y)
    {
        var (a, (b, c)) = (x, (y, x * y));
        return a * b + c;
    }

    private static (double, double) Pair(int n) => (n, n * 0.5);
}
