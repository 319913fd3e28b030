using System.Collections.Generic;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// The names of the derivative members' own parameters, built from a parameter's or an output's
/// name (<c>x</c> → <c>dx</c>, <c>xTangent</c>, <c>xAdjoint</c>; the result → <c>resultTangent</c>,
/// <c>resultAdjoint</c>): the transforms name them so, and the lowering keeps these names free of
/// the method's locals, so that a local's name never changes a public signature.
/// </summary>
internal static class DerivativeNames
{
    /// <summary>The name a real result goes by (<c>resultTangent</c>, <c>resultAdjoint</c>).</summary>
    public const string Result = "result";

    /// <summary>The Jacobian's output parameter.</summary>
    public const string Jacobian = "jacobian";

    /// <summary>The gradient's output for <paramref name="name"/>: <c>dx</c>.</summary>
    public static string Gradient(string name) => "d" + name;

    /// <summary>The pushforward's tangent of <paramref name="name"/>: <c>xTangent</c>.</summary>
    public static string Tangent(string name) => name + "Tangent";

    /// <summary>The pullback's adjoint of <paramref name="name"/>: <c>xAdjoint</c>.</summary>
    public static string Adjoint(string name) => name + "Adjoint";

    /// <summary>Every name a derivative parameter may take for these parameter and output names (escaped or not).</summary>
    public static IEnumerable<string> All(IEnumerable<string> names)
    {
        foreach (string escaped in names)
        {
            string name = escaped.TrimStart('@');
            yield return Gradient(name);
            yield return Tangent(name);
            yield return Adjoint(name);
        }

        yield return Tangent(Result);
        yield return Adjoint(Result);
        yield return Jacobian;
    }
}
