// Excluded from compilation (<Compile Remove="Pending/**" />); see BUGS.md #5. Deliberately
// WITHOUT "#pragma warning disable ADG0008": the point is that no ADG0008 should be reported.
using System;

namespace AutoDiffGen.NumericTests.Functions;

public static partial class PendingDiagnostics
{
    // BUGS.md #5: ADG0008 ("Math.Floor of an active value ... no gradient flows through it") is
    // reported although Floor's result only feeds a comparison, where no derivative flows for any
    // function (compare `if (x > 2)`, which rightly reports nothing).
    [Differentiable]
    public static double StepOnlyInCondition(double x)
    {
        if (Math.Floor(x) > 2)
        {
            return x * x;
        }

        return x;
    }
}
