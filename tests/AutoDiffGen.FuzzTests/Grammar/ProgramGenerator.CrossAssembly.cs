using System.Linq;

namespace AutoDiffGen.FuzzTests.Grammar;

/// <summary>
/// Calls into <c>FuzzLib</c>, a library of [Differentiable] methods compiled once into an assembly of
/// its own (<see cref="Infrastructure.FuzzLibrary"/>): the fuzzed method composes through the
/// library's generated members, found by their [DerivativeMember] attributes in its metadata.
/// </summary>
internal sealed partial class ProgramGenerator
{
    /// <summary>A call of a FuzzLib method: Mix (double and float overloads), the recursive Rec, Energy over an active array of F (it reorders its sums), or the opaque Soft with the library's [DerivativeOf] methods.</summary>
    private string CrossAssemblyCall(int d)
    {
        Use("call.cross-assembly");
        if (loopDepth > 0)
        {
            Use("call.in-loop");
        }

        var arrays = program.Params.Where(p => p.IsActive && p.IsRealArray).ToList();
        if (Chance(0.25))
        {
            // Not [Differentiable]: the library's own [DerivativeOf] methods, imported from its metadata.
            Use("call.library-derivative");
            return $"FuzzLib.Opaque.Soft(({T})({Expr(d)}))";
        }

        return r.Next(3) switch
        {
            0 => $"FuzzLib.Lib.Rec(({T})({Expr(d)}), {r.Next(-1, 4)})",
            1 when arrays.Count > 0 => $"FuzzLib.Lib.Energy({Pick(arrays).Name}, ({T})({Expr(d)}))",
            _ => $"FuzzLib.Lib.Mix(({T})({Expr(d)}), ({T})({Expr(d)}))",
        };
    }
}
